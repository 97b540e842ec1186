/* actors.c - noun phrase -> actor code (see actors.h).
 *
 * The noun phrase is the head plus the modifiers that name or qualify it
 * (compound, flat, amod, det, nummod, possessives, "of" complements); clauses,
 * coordinations and appositions are left to the caller, which resolves each
 * conjunct or apposition on its own. */
#include <stdio.h>
#include <string.h>

#include "code/actors.h"
#include "parley/ud.h"

/* Relations whose subtrees belong to the head's noun phrase. */
static int np_keeps(const code_sentence *s, int child) {
    switch (s->tok[child].deprel) {
    case PARLEY_DEP_COMPOUND: case PARLEY_DEP_FLAT: case PARLEY_DEP_AMOD: case PARLEY_DEP_DET:
    case PARLEY_DEP_NUMMOD: case PARLEY_DEP_NMOD_POSS: case PARLEY_DEP_CASE:
    case PARLEY_DEP_NMOD_UNMARKED: case PARLEY_DEP_FIXED:
        return 1;
    case PARLEY_DEP_NMOD: {
        const char *m = sentence_marker(s, child);
        return strcmp(m, "of") == 0 || strcmp(m, "'s") == 0;
    }
    default:
        return 0;
    }
}

/* Marks the tokens of the noun phrase headed by head in `in` (n cells). */
static void np_collect(const code_sentence *s, int head, unsigned char *in, int depth) {
    if (head < 0 || depth > 8) return;
    in[head] = 1;
    for (int c = s->first_child[head]; c >= 0; c = s->next_sibling[c])
        if (np_keeps(s, c)) np_collect(s, c, in, depth + 1);
}

static int is_country_code(const char *code) { return strlen(code) == 3; }

static const char *span_text(const code_sentence *s, int lo, int hi) {
    parley_span sp = sentence_byte_span(s, lo, hi);
    if (sp.start < 0) return "";
    const char *t = parley_arena_strndup(s->doc->arena, s->doc->text + sp.start,
                                         (size_t)(sp.end - sp.start));
    return t ? t : "";
}

static void actor_fill(const code_sentence *s, parley_actor *out, const char *code, const char *name,
                       int lo, int hi) {
    memset(out, 0, sizeof *out);
    out->present = 1;
    snprintf(out->code, sizeof out->code, "%s", code);
    out->name = name ? name : "";
    out->span = sentence_byte_span(s, lo, hi);
    out->text = span_text(s, lo, hi);
}

static const char *const he_she[] = {"he", "she", "him", "her", "his", NULL};
static const char *const they[] = {"they", "them", "their", NULL};
static const char *const it[] = {"it", "its", NULL};

static int in_list(const char *w, const char *const *list) {
    for (; *list; list++)
        if (strcmp(w, *list) == 0) return 1;
    return 0;
}

/* The country of the organisation that reports the clause of pronoun
 * subject pron ("The Qatari Foreign Ministry said he condemned ..."), in cc,
 * or 0 when the clause is not reported by one. A government's readout speaks
 * of its own officials: that "he" is the Qatari prime minister of the call,
 * not the American secretary named first. */
static int reporting_country(const code_sentence *s, int pron, actor_context *ctx, char cc[4]) {
    if (parley_deprel_base(s->tok[pron].deprel) != PARLEY_DEP_NSUBJ) return 0;
    int clause = sentence_head(s, pron);
    if (clause >= 0 && s->tok[clause].deprel == PARLEY_DEP_CONJ) clause = sentence_head(s, clause);
    if (clause < 0 || s->tok[clause].deprel != PARLEY_DEP_CCOMP) return 0;
    int gov = sentence_head(s, clause);
    if (gov < 0 || s->tok[gov].upos != PARLEY_UPOS_VERB) return 0;
    int speaker = sentence_child(s, gov, PARLEY_DEP_NSUBJ);
    if (speaker < 0 || s->tok[speaker].upos == PARLEY_UPOS_PRON) return 0;
    parley_actor a;
    if (actor_resolve(s, speaker, ctx, &a) == ACTOR_ORIGIN_NONE || strlen(a.code) < 3) return 0;
    if (strncmp(a.code, "IGO", 3) == 0 || strncmp(a.code, "NGO", 3) == 0 || strncmp(a.code, "IMG", 3) == 0) return 0;
    memcpy(cc, a.code, 3);
    cc[3] = '\0';
    return 1;
}

static actor_origin resolve_pronoun(const code_sentence *s, int head, actor_context *ctx,
                                    parley_actor *out) {
    const char *w = s->lemmas[head];
    int want_person = in_list(w, he_she), want_plural = in_list(w, they), want_it = in_list(w, it);
    if (!want_person && !want_plural && !want_it) return ACTOR_ORIGIN_NONE;
    char cc[4];
    int own = want_person && reporting_country(s, head, ctx, cc);
    const actor_memory_entry *pick = NULL;
    for (int i = 0; i < ctx->n_recent; i++) {
        const actor_memory_entry *e = &ctx->recent[i];
        int ok = want_person ? e->person : want_plural ? (e->plural || !e->person) : !e->person;
        if (!ok) continue;
        if (own && strncmp(e->actor.code, cc, 3) == 0) {
            pick = e;
            break;
        }
        if (pick == NULL) pick = e;
        if (!own) break;
    }
    if (pick != NULL) {
        const actor_memory_entry *e = pick;
        *out = e->actor;
        out->text = span_text(s, head, head);
        out->span = sentence_byte_span(s, head, head);
        return ACTOR_ORIGIN_COREF;
    }
    return ACTOR_ORIGIN_NONE;
}

/* The most recent actor the document introduced with this title. */
static const actor_memory_entry *recall_title(const actor_context *ctx, const char *title) {
    if (title == NULL) return NULL;
    for (int i = 0; i < ctx->n_recent; i++)
        if (ctx->recent[i].title && strcmp(ctx->recent[i].title, title) == 0) return &ctx->recent[i];
    return NULL;
}

actor_origin actor_resolve(const code_sentence *s, int head, actor_context *ctx, parley_actor *out) {
    memset(out, 0, sizeof *out);
    if (head < 0 || head >= s->n) return ACTOR_ORIGIN_NONE;
    if (s->tok[head].upos == PARLEY_UPOS_PRON) return resolve_pronoun(s, head, ctx, out);

    unsigned char in_np[512];
    if (s->n > (int)sizeof in_np) return ACTOR_ORIGIN_NONE;
    memset(in_np, 0, (size_t)s->n);
    np_collect(s, head, in_np, 0);

    /* Pick, among the mentions inside the phrase, the person, the
     * organisation or country, and the agent; the mention at the head wins
     * ties because it says what the phrase is about. */
    const code_mention *person = NULL, *org = NULL, *country = NULL, *agent = NULL;
    int lo = head, hi = head;
    for (int m = 0; m < s->n_mentions; m++) {
        const code_mention *cm = &s->mentions[m];
        int inside = 0;
        for (int k = cm->first; k < cm->first + cm->length; k++)
            if (in_np[k]) inside = 1;
        if (!inside) continue;
        int at_head = head >= cm->first && head < cm->first + cm->length;
        switch (cm->match.kind) {
        case PARLEY_ACTOR_PERSON:
            if (person == NULL || at_head) person = cm;
            break;
        case PARLEY_ACTOR_NAME:
            if (is_country_code(cm->match.code)) {
                if (country == NULL || at_head) country = cm;
            } else if (org == NULL || at_head) {
                org = cm;
            }
            break;
        case PARLEY_ACTOR_ADJ:
            if (country == NULL) country = cm;
            break;
        case PARLEY_ACTOR_AGENT:
            if (agent == NULL || at_head) agent = cm;
            break;
        default:
            break;
        }
        if (cm->first < lo) lo = cm->first;
        if (cm->first + cm->length - 1 > hi) hi = cm->first + cm->length - 1;
    }
    /* A noun that names no actor itself, modified by a capital used as a
     * metonym ("the Paris summit", "the Doha talks"), is an event or a thing
     * there, not that government. */
    int head_named = s->mention_of[head] >= 0;
    /* A sector noun modifying another noun ("the refugee camp", "a police
     * station") makes a place or a thing, not an actor. */
    if (!head_named && agent && s->tok[agent->first + agent->length - 1].deprel == PARLEY_DEP_COMPOUND)
        agent = NULL;
    if (!head_named && org && s->tok[org->first + org->length - 1].deprel == PARLEY_DEP_COMPOUND &&
        org->length == 1 && strlen(org->match.code) == 6 && strcmp(org->match.code + 3, "GOV") == 0)
        org = NULL;  /* a one-word capital ("the Paris summit"); "a Security Council
                        resolution" still belongs to its organisation */

    char code[40];
    const char *name = NULL;
    actor_origin origin = ACTOR_ORIGIN_DICT;
    parley_actor_parts parts = {person ? &person->match : NULL, org ? &org->match : NULL,
                                country ? &country->match : NULL, agent ? &agent->match : NULL};
    if (!parley_dict_combine(ctx->dict, &parts, NULL, code, &name)) {
        const actor_memory_entry *prev = agent ? recall_title(ctx, agent->match.name) : NULL;
        if (prev) {
            /* "the prime minister", after "Qatar's prime minister": the same one. */
            snprintf(code, sizeof code, "%s", prev->actor.code);
            name = prev->actor.name;
            origin = ACTOR_ORIGIN_COREF;
        } else if (agent && parley_dict_combine(ctx->dict, &parts, ctx->country, code, &name)) {
            origin = ACTOR_ORIGIN_CONTEXT;
        } else {
            return ACTOR_ORIGIN_NONE;
        }
    }
    /* A plural demonym standing for people who act ("Israelis protested",
     * "tens of thousands of Egyptians marched") is the country's civilians,
     * not its state; people acted on keep the bare country ("arrested
     * dozens of Palestinians", eval/README.md). */
    if (ctx->acting && origin == ACTOR_ORIGIN_DICT && person == NULL && org == NULL && agent == NULL && country &&
        country->match.kind == PARLEY_ACTOR_ADJ && strlen(code) == 3) {
        const parley_token *d = &s->tok[country->first + country->length - 1];
        if ((d->upos == PARLEY_UPOS_NOUN || d->upos == PARLEY_UPOS_PROPN) &&
            (d->xpos == PARLEY_XPOS_NNS || d->xpos == PARLEY_XPOS_NNPS || (d->feats & PARLEY_FEAT_NUMBER_PLUR)))
            snprintf(code + 3, sizeof code - 3, "CVL");
    }
    /* The actor's words are the whole phrase ("the Gaza health ministry"),
     * less a leading determiner or preposition. */
    for (int k = 0; k < s->n; k++)
        if (in_np[k]) {
            if (k < lo) lo = k;
            if (k > hi) hi = k;
        }
    while (lo < hi && (s->tok[lo].deprel == PARLEY_DEP_DET || s->tok[lo].deprel == PARLEY_DEP_CASE)) lo++;
    actor_fill(s, out, code, name, lo, hi);
    out->inferred = origin == ACTOR_ORIGIN_CONTEXT;
    return origin;
}

void actor_context_remember(actor_context *ctx, const parley_actor *a, int person, int plural,
                            const char *title) {
    if (!a->present) return;
    int keep = ctx->n_recent < ACTOR_MEMORY ? ctx->n_recent : ACTOR_MEMORY - 1;
    memmove(&ctx->recent[1], &ctx->recent[0], (size_t)keep * sizeof ctx->recent[0]);
    ctx->recent[0].actor = *a;
    ctx->recent[0].person = person;
    ctx->recent[0].plural = plural;
    ctx->recent[0].title = title;
    if (ctx->n_recent < ACTOR_MEMORY) ctx->n_recent++;
}

/* The head of the noun phrase a mention belongs to: climb compound and flat
 * links from its last token ("Prime Minister Sheikh Mohammed" -> Mohammed),
 * and a title's descriptive link to the name ("President Mohamed Bazoum",
 * parsed nmod:desc), so the title is remembered for the person and "the
 * president" later finds him. */
static int mention_head(const code_sentence *s, const code_mention *cm) {
    int t = cm->first + cm->length - 1;
    for (int hops = 0; hops < 4; hops++) {
        int rel = s->tok[t].deprel;
        int h = sentence_head(s, t);
        if (h < 0 || (rel != PARLEY_DEP_COMPOUND && rel != PARLEY_DEP_FLAT && rel != PARLEY_DEP_AMOD &&
                      rel != PARLEY_DEP_NMOD_DESC))
            break;
        t = h;
    }
    return t;
}

void actor_context_update(actor_context *ctx, const code_sentence *s) {
    /* Backwards, so the sentence's first actor (most often its subject) ends
     * up the most recent, the one "he" or "the minister" refers to. */
    for (int m = s->n_mentions - 1; m >= 0; m--) {
        const code_mention *cm = &s->mentions[m];
        if (cm->match.kind != PARLEY_ACTOR_AGENT && cm->match.kind != PARLEY_ACTOR_PERSON) continue;
        int head = mention_head(s, cm);
        parley_actor a;
        if (actor_resolve(s, head, ctx, &a) != ACTOR_ORIGIN_DICT) continue;
        int plural = (s->tok[head].feats & PARLEY_FEAT_NUMBER_PLUR) != 0 || cm->match.plural;
        const char *title = cm->match.kind == PARLEY_ACTOR_AGENT ? cm->match.name : NULL;
        actor_context_remember(ctx, &a, !plural, plural, title);
    }
    for (int m = 0; m < s->n_mentions; m++) {
        const parley_actor_match *am = &s->mentions[m].match;
        if ((am->kind == PARLEY_ACTOR_NAME || am->kind == PARLEY_ACTOR_ADJ) &&
            strlen(am->code) >= 3 && am->code[0] >= 'A' && am->code[0] <= 'Z' &&
            strncmp(am->code, "IGO", 3) != 0 && strncmp(am->code, "NGO", 3) != 0 &&
            strncmp(am->code, "IMG", 3) != 0)
            snprintf(ctx->country, sizeof ctx->country, "%.3s", am->code);
    }
}
