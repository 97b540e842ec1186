/* test_lex_tabari.c - the TABARI/PETRARCH formats: verb files (synsets with
 * generated plurals, blocks, verb codes, irregular forms, multi-word verbs,
 * patterns mapped onto parley_pattern, dropped constraints, transformations,
 * null codes), actor files (synonyms, dated codes at their boundaries),
 * agent files (plurals, code before or after the country), discard files,
 * and malformed lines (file, line, reason; strict). Dictionaries written for
 * these tests are in tests/data/lex/tabari/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "parley/dict.h"

#define TABARI PARLEY_SRC_DIR "/tests/data/lex/tabari"

typedef struct warnings {
    int n;
    long lines[32];
    char reasons[32][512];
} warnings;

static void collect(void *userdata, const parley_error *err) {
    warnings *w = userdata;
    if (w->n < 32) {
        w->lines[w->n] = err->line;
        snprintf(w->reasons[w->n], sizeof w->reasons[0], "%s", err->message);
    }
    w->n++;
}

static parley_dict *load_all(warnings *w) {
    parley_dict_options opts = {0};
    opts.on_warning = collect;
    opts.userdata = w;
    parley_dict *d = parley_dict_new(&opts);
    assert_non_null(d);
    parley_error err;
    assert_int_equal(parley_dict_load_tabari_verbs(d, TABARI "/verbs.txt", &err), PARLEY_OK);
    assert_int_equal(parley_dict_load_tabari_actors(d, TABARI "/actors.txt", &err), PARLEY_OK);
    assert_int_equal(parley_dict_load_tabari_agents(d, TABARI "/agents.txt", &err), PARLEY_OK);
    assert_int_equal(parley_dict_load_tabari_discards(d, TABARI "/discards.txt", &err), PARLEY_OK);
    assert_int_equal(parley_dict_compile(d, &err), PARLEY_OK);
    return d;
}

static const parley_pattern *find(const parley_pattern *p, size_t n, const char *code, const char *object) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i].code, code) == 0 && strcmp(p[i].object, object) == 0) return &p[i];
    return NULL;
}

static void test_verbs(void **state) {
    (void)state;
    warnings w = {0};
    parley_dict *d = load_all(&w);
    size_t n;
    const parley_pattern *p = parley_dict_patterns(d, "consult", 0, &n);
    assert_int_equal(n, 4);                       /* bare verb + 3 pattern lines */
    assert_int_equal(p[0].specificity, 2);        /* TALK (WITH +) first */
    assert_string_equal(p[0].object, "talk");
    assert_string_equal(p[0].preps[0].prep, "with");
    assert_string_equal(p[0].preps[0].head, "+");
    assert_non_null(strstr(p[0].origin, "verbs.txt:18"));
    const parley_pattern *plus = find(p, n, "040", "");
    assert_non_null(plus);
    assert_non_null(parley_dict_patterns(d, "meet", 0, &n));
    assert_int_equal(n, 4);                       /* the block's patterns apply to every verb */
    assert_null(parley_dict_patterns(d, "met", 0, &n));      /* inflections are not lemmas */
    assert_null(parley_dict_patterns(d, "meeting", 0, &n));
    p = parley_dict_patterns(d, "criticise", 0, &n);         /* a spelling variant is */
    assert_int_equal(n, 1);
    assert_string_equal(p[0].code, "111");
    assert_null(parley_dict_patterns(d, "criticized", 0, &n));

    p = parley_dict_patterns(d, "release", 0, &n);
    assert_int_equal(n, 3);                       /* block coded [---]: no bare pattern */
    assert_non_null(find(p, n, "0841", "&PRISONER"));
    assert_non_null(find(p, n, "0841", "prisoner"));  /* {POLITICAL PRISONER}: its head */
    const parley_pattern *army = find(p, n, "084", "");
    assert_non_null(army);
    assert_true(army->object_is_target);          /* pre-verb ARMY dropped, '+' kept */
    assert_int_equal(army->specificity, 0);
    assert_int_equal(parley_dict_patterns(d, "free", 0, &n)[0].specificity, 1);

    p = parley_dict_patterns(d, "call", 0, &n);
    assert_int_equal(n, 2);
    assert_string_equal(p[0].particle, "off");
    assert_string_equal(p[0].object, "visit");
    assert_int_equal(p[0].specificity, 2);
    assert_string_equal(p[1].code, "161");
    assert_int_equal(p[1].specificity, 1);        /* the particle counts */
    assert_int_equal(n, 2);
    parley_dict_patterns(d, "cancel", 0, &n);
    assert_int_equal(n, 2);
    assert_null(parley_dict_patterns(d, "tap", 0, &n));      /* WIRE_+TAP cannot be expressed */

    p = parley_dict_patterns(d, "seize", 0, &n);
    assert_int_equal(n, 2);
    const parley_pattern *from = find(p, n, "1711", "");
    assert_non_null(from);
    assert_string_equal(from->preps[0].prep, "from");
    assert_string_equal(from->preps[0].head, "+");
    const parley_pattern *control = find(p, n, "0871", "control");  /* [0871:0872]: the first */
    assert_non_null(control);
    assert_string_equal(control->preps[0].prep, "of");

    parley_dict_stats st;
    parley_dict_get_stats(d, &st);
    assert_int_equal(st.tabari_transformations, 1);
    /* ARMY before the verb, $ after it, and the verb WIRE_+TAP */
    assert_int_equal(st.tabari_dropped_constraints, 3);
    /* RELEASE and FREE in a [---] block, SEIZE likewise, and "- * + [---]" */
    assert_int_equal(st.tabari_null_codes, 4);
    assert_int_equal(st.synsets, 2);
    parley_dict_free(d);
}

static void test_synsets(void **state) {
    (void)state;
    warnings w = {0};
    parley_dict *d = load_all(&w);
    assert_true(parley_dict_word_matches(d, "&PRISONER", "detainee"));
    assert_true(parley_dict_word_matches(d, "&PRISONER", "detainees"));     /* generated plural */
    assert_true(parley_dict_word_matches(d, "&PRISONER", "prisoner of war"));
    assert_false(parley_dict_word_matches(d, "&PRISONER", "prisoner of wars")); /* word ends in _ */
    assert_true(parley_dict_word_matches(d, "&CURRENCY", "dollar"));
    assert_false(parley_dict_word_matches(d, "&CURRENCY", "dollars"));     /* label ends in _ */
    parley_dict_free(d);
}

static void expect(const parley_dict *d, const char *const *words, size_t n, const char *date,
                   parley_actor_kind kind, const char *code) {
    parley_actor_match m;
    assert_true(parley_dict_match_actor(d, words, NULL, n, date, &m));
    assert_int_equal(m.kind, kind);
    assert_string_equal(m.code, code);
}

static void test_actors(void **state) {
    (void)state;
    warnings w = {0};
    parley_dict *d = load_all(&w);
    const char *q[] = {"state", "of", "Qatar"};
    expect(d, q, 3, "", PARLEY_ACTOR_NAME, "QAT");
    const char *qi[] = {"Qatari"};
    expect(d, qi, 1, "", PARLEY_ACTOR_NAME, "QAT");
    const char *us[] = {"U.S."};
    expect(d, us, 1, "", PARLEY_ACTOR_NAME, "USA");
    assert_string_equal(parley_dict_code_name(d, "QAT"), "Qatar");
    assert_string_equal(parley_dict_code_name(d, "USA"), "United States");
    const char *k[] = {"Karzai"};
    expect(d, k, 1, "2001-12-21", PARLEY_ACTOR_PERSON, "AFGREB");  /* '<011221' is inclusive */
    expect(d, k, 1, "2001-12-22", PARLEY_ACTOR_PERSON, "AFGGOV");
    expect(d, k, 1, "2014-09-29", PARLEY_ACTOR_PERSON, "AFGGOV");
    expect(d, k, 1, "2014-09-30", PARLEY_ACTOR_PERSON, "AFGELI");  /* the bare code: default */
    expect(d, k, 1, "", PARLEY_ACTOR_PERSON, "AFGELI");
    const char *j[] = {"John", "Doe"};
    expect(d, j, 2, "1985-01-01", PARLEY_ACTOR_PERSON, "USALEG");  /* closest role, no default */
    expect(d, j, 2, "2013-02-01", PARLEY_ACTOR_PERSON, "USALEG");
    expect(d, j, 2, "2013-02-02", PARLEY_ACTOR_PERSON, "USAGOV");  /* '>20130202' is inclusive */
    parley_actor_match m;
    const char *nc[] = {"nocode", "actor"};
    assert_false(parley_dict_match_actor(d, nc, NULL, 2, "", &m));  /* reported and disabled */
    const char *af[] = {"Afghan"};
    expect(d, af, 1, "2005-01-01", PARLEY_ACTOR_NAME, "AFG");  /* its bad date line was skipped */
    /* actors: line 14 has no code (reported when the next actor starts), line 16 a bad range;
       agents: line 7 has no code */
    assert_int_equal(w.n, 3);
    assert_int_equal(w.lines[0], 14);
    assert_non_null(strstr(w.reasons[0], "without [CODE]"));
    assert_int_equal(w.lines[1], 16);
    assert_non_null(strstr(w.reasons[1], "date range"));
    assert_int_equal(w.lines[2], 7);
    assert_non_null(strstr(w.reasons[2], "[~CODE]"));
    parley_dict_free(d);
}

static void test_agents_and_discards(void **state) {
    (void)state;
    warnings w = {0};
    parley_dict *d = load_all(&w);
    parley_actor_match m;
    const char *mf[] = {"ministries", "of", "foreign", "affairs"};
    assert_true(parley_dict_match_actor(d, mf, NULL, 4, "", &m));
    assert_int_equal(m.length, 4);
    assert_true(m.plural);
    assert_string_equal(m.code, "GOV");
    const char *s[] = {"soldiers"};
    assert_true(parley_dict_match_actor(d, s, NULL, 1, "", &m));
    assert_string_equal(m.code, "MIL");
    const char *p[] = {"polices"};
    assert_false(parley_dict_match_actor(d, p, NULL, 1, "", &m));
    const char *men[] = {"men"};
    assert_true(parley_dict_match_actor(d, men, NULL, 1, "", &m));
    const char *mans[] = {"mans"};
    assert_false(parley_dict_match_actor(d, mans, NULL, 1, "", &m));
    const char *r[] = {"refugees"};
    assert_true(parley_dict_match_actor(d, r, NULL, 1, "", &m));
    assert_true(m.prefix);
    parley_phrase_resolution res;
    const char *qr[] = {"Qatari", "refugees"};
    assert_int_equal(parley_dict_resolve_phrase(d, qr, NULL, 2, "", &res), 2);
    assert_string_equal(res.code, "REFQAT");      /* [REF~]: before the country */
    const char *qs[] = {"Qatari", "soldiers"};
    parley_dict_resolve_phrase(d, qs, NULL, 2, "", &res);
    assert_string_equal(res.code, "QATMIL");      /* [~MIL]: after it */
    const char *wc[] = {"World", "Cup"};
    assert_int_equal(parley_dict_match_discard(d, wc, 2), 2);
    const char *cl[] = {"champions", "league", "final"};
    assert_int_equal(parley_dict_match_discard(d, cl, 3), 2);
    parley_dict_free(d);
}

static void test_malformed_verbs(void **state) {
    (void)state;
    warnings w = {0};
    parley_dict_options opts = {0};
    opts.on_warning = collect;
    opts.userdata = &w;
    parley_dict *d = parley_dict_new(&opts);
    parley_error err;
    assert_int_equal(parley_dict_load_tabari_verbs(d, TABARI "/verbs_bad.txt", &err), PARLEY_OK);
    static const long lines[] = {1, 3, 5, 6, 7, 8};
    static const char *const reasons[] = {"outside", "before any verb", "bad [CODE]", "without '*'",
                                          "unclosed", "without [CODE]"};
    assert_int_equal(w.n, 6);
    for (int i = 0; i < 6; i++) {
        assert_int_equal(w.lines[i], lines[i]);
        assert_non_null(strstr(w.reasons[i], reasons[i]));
    }
    assert_int_equal(parley_dict_compile(d, &err), PARLEY_OK);
    size_t n;
    const parley_pattern *p = parley_dict_patterns(d, "say", 0, &n);
    assert_int_equal(n, 1);                       /* line 9: SAY [010] */
    assert_string_equal(p[0].code, "010");
    parley_dict_free(d);

    opts.strict = 1;
    d = parley_dict_new(&opts);
    assert_int_equal(parley_dict_load_tabari_verbs(d, TABARI "/verbs_bad.txt", &err), PARLEY_ERR_FORMAT);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.file, "verbs_bad.txt"));
    parley_dict_free(d);
    d = parley_dict_new(&opts);
    assert_int_equal(parley_dict_load_tabari_actors(d, TABARI "/actors.txt", &err), PARLEY_ERR_FORMAT);
    assert_int_equal(err.line, 14);
    assert_int_equal(parley_dict_load_tabari_agents(d, TABARI "/missing.txt", &err), PARLEY_ERR_IO);
    parley_dict_free(d);
}

static void test_mixed_with_parley(void **state) {
    (void)state;
    /* the field's verbs replace parley's actions; parley's actors stay */
    parley_dict_options opts = {0};
    opts.skip_kinds = PARLEY_DICT_ACTIONS;
    parley_dict *d = parley_dict_new(&opts);
    parley_error err;
    assert_int_equal(parley_dict_load_dir(d, PARLEY_SRC_DIR "/tests/data/lex/parley", &err), PARLEY_OK);
    assert_int_equal(parley_dict_load_tabari_verbs(d, TABARI "/verbs.txt", &err), PARLEY_OK);
    assert_int_equal(parley_dict_compile(d, &err), PARLEY_OK);
    size_t n;
    assert_null(parley_dict_patterns(d, "impose", 0, &n));   /* parley's pattern skipped */
    assert_non_null(parley_dict_patterns(d, "consult", 0, &n));
    parley_actor_match m;
    const char *b[] = {"Blinken"};
    assert_true(parley_dict_match_actor(d, b, NULL, 1, "2023-01-01", &m));
    assert_int_equal(parley_dict_load_tabari_verbs(d, TABARI "/verbs.txt", &err), PARLEY_ERR_ARG);
    parley_dict_free(d);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verbs),
        cmocka_unit_test(test_synsets),
        cmocka_unit_test(test_actors),
        cmocka_unit_test(test_agents_and_discards),
        cmocka_unit_test(test_malformed_verbs),
        cmocka_unit_test(test_mixed_with_parley),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
