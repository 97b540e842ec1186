/* cmd_dict.c - `parley dict`: inspect the dictionaries.
 *
 * `parley dict stats` loads and compiles parley's own dictionaries (or the
 * field's TABARI/PETRARCH files in their place, kind by kind) and prints
 * entries per kind, patterns per CAMEO root, the CAMEO codes no pattern
 * codes, load time and memory. `parley dict lookup PHRASE` shows how a
 * phrase resolves: each matched span and the combined actor code the coder
 * would give (parley_dict_resolve_phrase). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "parley/arena.h"
#include "parley/cameo.h"
#include "parley/dict.h"
#include "parley/text.h"

#define MAX_ACTOR_FILES 16

typedef struct dict_args {
    const char *dir, *verbs, *agents, *discards, *date;
    const char *actors[MAX_ACTOR_FILES];
    int n_actors, strict, quiet;
    size_t warnings;
} dict_args;

static void dict_usage(FILE *out) {
    fprintf(out,
            "usage: parley dict stats  [options]\n"
            "       parley dict lookup PHRASE [--date YYYY-MM-DD] [options]\n\n"
            "stats   entries per kind, patterns per CAMEO root, CAMEO codes without a pattern,\n"
            "        load time and memory\n"
            "lookup  how PHRASE resolves: each matched span (kind, code, name) and the\n"
            "        combined code the event coder would give\n\n"
            "options:\n"
            "  --dict DIR        parley's dictionaries (default $PARLEY_DATA/dict, else %s/dict)\n"
            "  --verbs FILE      TABARI/PETRARCH verb file (replaces parley's actions and synsets)\n"
            "  --actors FILE     TABARI/PETRARCH actor file, repeatable (replaces actors, adjectives, persons)\n"
            "  --agents FILE     TABARI/PETRARCH agent file (replaces agents)\n"
            "  --discards FILE   TABARI/PETRARCH discard file (replaces discards)\n"
            "  --date DATE       report date for persons' dated codes (lookup)\n"
            "  --strict          stop at the first malformed line\n"
            "  --quiet           do not print each malformed line\n",
            PARLEY_DATA_DIR);
}

static void on_warning(void *userdata, const parley_error *err) {
    dict_args *a = userdata;
    a->warnings++;
    if (!a->quiet) fprintf(stderr, "%s:%ld: %s (line skipped)\n", err->file, err->line, err->message);
}

static const char *default_dir(char *buf, size_t cap) {
    const char *env = getenv("PARLEY_DATA");
    snprintf(buf, cap, "%s/dict", env && *env ? env : PARLEY_DATA_DIR);
    return buf;
}

static parley_dict *load(dict_args *a) {
    parley_dict_options opts;
    memset(&opts, 0, sizeof opts);
    opts.strict = a->strict;
    opts.on_warning = on_warning;
    opts.userdata = a;
    if (a->verbs) opts.skip_kinds |= PARLEY_DICT_ACTIONS;
    if (a->n_actors) opts.skip_kinds |= PARLEY_DICT_ACTORS;
    if (a->agents) opts.skip_kinds |= PARLEY_DICT_AGENTS;
    if (a->discards) opts.skip_kinds |= PARLEY_DICT_DISCARDS;
    parley_dict *d = parley_dict_new(&opts);
    if (d == NULL) {
        fprintf(stderr, "parley dict: out of memory\n");
        return NULL;
    }
    parley_error err;
    parley_error_clear(&err);
    parley_status s = parley_dict_load_dir(d, a->dir, &err);
    if (s == PARLEY_OK && a->verbs) s = parley_dict_load_tabari_verbs(d, a->verbs, &err);
    for (int i = 0; s == PARLEY_OK && i < a->n_actors; i++)
        s = parley_dict_load_tabari_actors(d, a->actors[i], &err);
    if (s == PARLEY_OK && a->agents) s = parley_dict_load_tabari_agents(d, a->agents, &err);
    if (s == PARLEY_OK && a->discards) s = parley_dict_load_tabari_discards(d, a->discards, &err);
    if (s == PARLEY_OK) s = parley_dict_compile(d, &err);
    if (s != PARLEY_OK) {
        fprintf(stderr, "parley dict: %s%s%.0ld%s%s\n", err.file, err.line ? ":" : "", err.line,
                err.file[0] ? ": " : "", err.message);
        parley_dict_free(d);
        return NULL;
    }
    return d;
}

static int run_stats(dict_args *a) {
    parley_dict *d = load(a);
    if (d == NULL) return 1;
    parley_dict_stats st;
    parley_dict_get_stats(d, &st);
    printf("dictionary folder   %s\n", a->dir);
    if (a->verbs) printf("TABARI verbs        %s\n", a->verbs);
    for (int i = 0; i < a->n_actors; i++) printf("TABARI actors       %s\n", a->actors[i]);
    if (a->agents) printf("TABARI agents       %s\n", a->agents);
    if (a->discards) printf("TABARI discards     %s\n", a->discards);
    printf("actor phrases       %zu\n", st.actors);
    printf("adjective phrases   %zu\n", st.adjectives);
    printf("persons             %zu (%zu dated roles)\n", st.persons, st.person_roles);
    printf("agent phrases       %zu (plurals not counted)\n", st.agents);
    printf("patterns            %zu (%zu nouns of action)\n", st.patterns, st.nominal_patterns);
    printf("synsets             %zu (%zu members)\n", st.synsets, st.synset_members);
    printf("discard phrases     %zu\n", st.discards);
    if (a->verbs)
        printf("TABARI verbs        %zu constraints dropped, %zu transformations ignored, %zu [---]\n",
               st.tabari_dropped_constraints, st.tabari_transformations, st.tabari_null_codes);
    printf("patterns per root  ");
    for (int r = 1; r <= 20; r++) printf(" %02d:%zu", r, st.patterns_per_root[r]);
    printf("\nCAMEO codes without a pattern: %zu of %zu\n", st.codes_without_patterns, st.codes_total);
    int col = 0;
    for (size_t i = 0; i < parley_cameo_count(); i++) {
        const parley_cameo_code *c = parley_cameo_at(i);
        if (parley_dict_code_patterns(d, c->code) > 0) continue;
        printf("%s%-4s", col == 0 ? "  " : " ", c->code);
        if (++col == 16) {
            printf("\n");
            col = 0;
        }
    }
    if (col) printf("\n");
    printf("load + compile      %.3f s\n", st.load_seconds);
    printf("memory              %.2f MiB (%zu bytes)\n", (double)st.memory_bytes / (1024.0 * 1024.0),
           st.memory_bytes);
    if (a->warnings) printf("malformed lines     %zu skipped\n", a->warnings);
    parley_dict_free(d);
    return a->warnings ? 2 : 0;
}

static const char *kind_name(parley_actor_kind k) {
    switch (k) {
    case PARLEY_ACTOR_NAME: return "name";
    case PARLEY_ACTOR_ADJ: return "adjective";
    case PARLEY_ACTOR_PERSON: return "person";
    case PARLEY_ACTOR_AGENT: return "agent";
    default: return "none";
    }
}

static void print_span(const char *const *forms, size_t start, const parley_actor_match *m) {
    printf("    ");
    for (size_t k = 0; k < m->length; k++) printf("%s%s", k ? " " : "", forms[start + k]);
    printf("  [%s] %s %s%s%s\n", kind_name(m->kind), m->code[0] ? m->code : "-", m->name ? m->name : "",
           m->plural ? " (plural)" : "", m->prefix ? " (code before the country)" : "");
}

static int run_lookup(dict_args *a, const char *phrase) {
    parley_dict *d = load(a);
    if (d == NULL) return 1;
    parley_arena *arena = parley_arena_new(0);
    const char **forms = NULL;
    size_t n = arena ? parley_text_tokenize_phrase(phrase, strlen(phrase), arena, &forms) : 0;
    if (n == 0) {
        fprintf(stderr, "parley dict: '%s' has no tokens\n", phrase);
        parley_arena_free(arena);
        parley_dict_free(d);
        return 1;
    }
    printf("tokens:");
    for (size_t i = 0; i < n; i++) printf(" %s", forms[i]);
    printf("\ndate: %s\n", a->date[0] ? a->date : "(none)");
    int found = 0;
    for (size_t i = 0; i < n;) {
        size_t disc = parley_dict_match_discard(d, forms + i, n - i);
        if (disc > 0) {
            printf("discard phrase at token %zu (%zu tokens): sentences with it code no events\n", i + 1, disc);
            found = 1;
        }
        parley_phrase_resolution res;
        if (parley_dict_resolve_phrase(d, forms + i, NULL, n - i, a->date, &res) == 0) {
            i++;
            continue;
        }
        found = 1;
        printf("tokens %zu-%zu -> %s (%s, %s)\n", i + 1, i + res.length, res.code[0] ? res.code : "-",
               kind_name(res.kind), res.name ? res.name : "");
        for (size_t k = 0; k < res.n_spans; k++) print_span(forms, i + res.span_start[k], &res.spans[k]);
        i += res.length;
    }
    if (!found) printf("no dictionary phrase matches\n");
    parley_arena_free(arena);
    parley_dict_free(d);
    return found ? 0 : 2;
}

int cmd_dict(int argc, char **argv) {
    static const struct option longopts[] = {
        {"dict", required_argument, NULL, 'd'},     {"verbs", required_argument, NULL, 'v'},
        {"actors", required_argument, NULL, 'a'},   {"agents", required_argument, NULL, 'g'},
        {"discards", required_argument, NULL, 'x'}, {"date", required_argument, NULL, 't'},
        {"strict", no_argument, NULL, 's'},         {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    dict_args a;
    memset(&a, 0, sizeof a);
    a.date = "";
    char dirbuf[4096];
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': a.dir = optarg; break;
        case 'v': a.verbs = optarg; break;
        case 'a':
            if (a.n_actors == MAX_ACTOR_FILES) {
                fprintf(stderr, "parley dict: at most %d --actors files\n", MAX_ACTOR_FILES);
                return 1;
            }
            a.actors[a.n_actors++] = optarg;
            break;
        case 'g': a.agents = optarg; break;
        case 'x': a.discards = optarg; break;
        case 't': a.date = optarg; break;
        case 's': a.strict = 1; break;
        case 'q': a.quiet = 1; break;
        case 'h': dict_usage(stdout); return 0;
        default: dict_usage(stderr); return 1;
        }
    }
    if (a.dir == NULL) a.dir = default_dir(dirbuf, sizeof dirbuf);
    if (optind >= argc) {
        dict_usage(stderr);
        return 1;
    }
    const char *sub = argv[optind++];
    if (strcmp(sub, "stats") == 0 && optind == argc) return run_stats(&a);
    if (strcmp(sub, "lookup") == 0 && optind + 1 == argc) {
        /* a.date is "" or --date's optarg, which getopt_long never leaves NULL */
        if (a.date[0] && (strlen(a.date) != 10 || a.date[4] != '-' || a.date[7] != '-')) { // NOLINT(clang-analyzer-core.NullDereference)
            fprintf(stderr, "parley dict: --date must be YYYY-MM-DD\n");
            return 1;
        }
        return run_lookup(&a, argv[optind]);
    }
    dict_usage(stderr);
    return 1;
}
