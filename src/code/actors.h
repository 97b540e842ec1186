/* actors.h - resolving noun phrases to actor codes (internal to the coder).
 *
 * A noun phrase is a head token and its modifiers in the tree. Its code comes
 * from the dictionary matches inside it: a person's dated office, an
 * organisation's code, or a country (name or adjective) joined with the
 * sector of an agent noun ("Qatari" + "foreign ministry" -> QATGOV). Titles
 * without a country take it from the context, and pronouns take the actor
 * that the document last introduced (the context remembers it). */
#ifndef PARLEY_CODE_ACTORS_H
#define PARLEY_CODE_ACTORS_H

#include "code/sentence.h"
#include "parley/dict.h"
#include "parley/event.h"

#define ACTOR_MEMORY 16

typedef struct actor_memory_entry {
    parley_actor actor;
    int person;     /* a single person or office-holder: "he", "she", "the minister" */
    int plural;     /* a group or a plural noun: "they" */
    const char *title;  /* the agent noun that named it ("prime minister"), or NULL */
} actor_memory_entry;

/* What the coder remembers across the sentences of one document. */
typedef struct actor_context {
    const parley_dict *dict;
    char country[4];                    /* the last country mentioned, "" if none */
    actor_memory_entry recent[ACTOR_MEMORY];  /* most recent first */
    int n_recent;
    int acting;                         /* resolving a source: a plural demonym is civilians */
} actor_context;

/* How an actor was found, for the event's confidence. */
typedef enum actor_origin {
    ACTOR_ORIGIN_NONE = 0,
    ACTOR_ORIGIN_DICT,        /* a dictionary phrase inside the noun phrase */
    ACTOR_ORIGIN_CONTEXT,     /* a title whose country came from the context */
    ACTOR_ORIGIN_COREF,       /* a pronoun resolved to an earlier actor */
} actor_origin;

/* Resolves the noun phrase headed by token head. Returns the origin (NONE when
 * unresolved, out left with present = 0). Strings are arena memory. */
actor_origin actor_resolve(const code_sentence *s, int head, actor_context *ctx, parley_actor *out);

/* Remembers the actors and countries mentioned in a sentence for later ones:
 * the last country, and every titled or named actor ("Qatar's prime
 * minister") so that "the prime minister" later in the document is the same. */
void actor_context_update(actor_context *ctx, const code_sentence *s);

/* Remembers one resolved actor (most recent first). */
void actor_context_remember(actor_context *ctx, const parley_actor *a, int person, int plural,
                            const char *title);

#endif
