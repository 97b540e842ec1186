/* test_lex.c - parley's own dictionary format: loading (directives, plurals,
 * persons, synsets, patterns, malformed lines with file/line/reason, strict
 * versus continue, skipped kinds), and lookups on the compiled dictionary
 * (longest match, case, lemmas, dated codes at the boundaries, pattern
 * order, synsets, phrase resolution). Dictionaries: tests/data/lex/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lex/lex_internal.h"
#include "parley/dict.h"

#define LEX_DATA PARLEY_SRC_DIR "/tests/data/lex"

typedef struct warnings {
    int n;
    long lines[32];
    char reasons[32][512];
    char file[300];
} warnings;

static void collect(void *userdata, const parley_error *err) {
    warnings *w = userdata;
    if (w->n < 32) {
        w->lines[w->n] = err->line;
        snprintf(w->reasons[w->n], sizeof w->reasons[0], "%s", err->message);
        snprintf(w->file, sizeof w->file, "%s", err->file);
    }
    w->n++;
}

static parley_dict *load_test_dict(warnings *w) {
    parley_dict_options opts = {0};
    opts.on_warning = collect;
    opts.userdata = w;
    parley_dict *d = parley_dict_new(&opts);
    assert_non_null(d);
    parley_error err;
    assert_int_equal(parley_dict_load_dir(d, LEX_DATA "/parley", &err), PARLEY_OK);
    assert_int_equal(parley_dict_compile(d, &err), PARLEY_OK);
    return d;
}

static int match(const parley_dict *d, const char *const *words, const char *const *lemmas, size_t n,
                 const char *date, parley_actor_match *m) {
    memset(m, 0, sizeof *m);
    return parley_dict_match_actor(d, words, lemmas, n, date, m);
}

static void test_plural_rules(void **state) {
    (void)state;
    static const char *const cases[][2] = {
        {"ministry", "ministries"}, {"day", "days"}, {"box", "boxes"}, {"church", "churches"},
        {"bush", "bushes"}, {"bus", "buses"}, {"wife", "wives"}, {"thief", "thieves"},
        {"chief", "chiefs"}, {"soldier", "soldiers"}, {"buzz", "buzzes"}, {"toy", "toys"}};
    char out[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(lex_plural(cases[i][0], out, sizeof out), 0);
        assert_string_equal(out, cases[i][1]);
    }
    assert_int_equal(lex_plural("u.s.", out, sizeof out), -1);
    assert_int_equal(lex_plural("", out, sizeof out), -1);
    assert_true(lex_is_inflection("meet", "met"));
    assert_true(lex_is_inflection("cancel", "cancelled"));
    assert_true(lex_is_inflection("break", "broke"));
    assert_true(lex_is_inflection("seize", "seizing"));
    assert_false(lex_is_inflection("criticize", "criticise"));
}

static void test_stats_and_dir_order(void **state) {
    (void)state;
    warnings w = {0};
    parley_dict *d = load_test_dict(&w);
    assert_int_equal(w.n, 0);
    parley_dict_stats st;
    parley_dict_get_stats(d, &st);
    assert_int_equal(st.actors, 9);      /* notes.md is not a .txt file and is not read */
    assert_int_equal(st.adjectives, 4);
    assert_int_equal(st.persons, 2);
    assert_int_equal(st.person_roles, 5);  /* the Taliban's role counts too */
    assert_int_equal(st.agents, 17);
    assert_int_equal(st.patterns, 11);
    assert_int_equal(st.nominal_patterns, 2);
    assert_int_equal(st.synsets, 1);
    assert_int_equal(st.synset_members, 3);
    assert_int_equal(st.discards, 2);
    assert_int_equal(st.patterns_per_root[4], 4);
    assert_int_equal(st.patterns_per_root[8], 4);
    assert_int_equal(st.patterns_per_root[16], 1);
    assert_int_equal(st.codes_total, 318);
    assert_int_equal(st.codes_without_patterns, 318 - 7);
    assert_true(st.memory_bytes > 0);
    assert_int_equal(parley_dict_code_patterns(d, "0841"), 3);
    assert_int_equal(parley_dict_code_patterns(d, "19"), 0);
    parley_dict_free(d);
}

static void test_longest_match_and_case(void **state) {
    (void)state;
    warnings w = {0};
    parley_dict *d = load_test_dict(&w);
    parley_actor_match m;
    const char *s1[] = {"State", "of", "QATAR", "said"};
    assert_true(match(d, s1, NULL, 4, "", &m));
    assert_int_equal(m.kind, PARLEY_ACTOR_NAME);
    assert_int_equal(m.length, 3);
    assert_string_equal(m.code, "QAT");
    assert_string_equal(m.name, "Qatar");
    const char *s2[] = {"state", "of", "emergency"};
    assert_false(match(d, s2, NULL, 3, "", &m));
    const char *s3[] = {"U.S.", "troops"};
    assert_true(match(d, s3, NULL, 2, "", &m));
    assert_int_equal(m.length, 1);
    assert_string_equal(m.code, "USA");
    const char *s4[] = {"UN", "Security", "Council"};
    assert_false(match(d, s4, NULL, 2, "", &m)); /* n limits the walk: "UN Security" is no phrase */
    const char *s5[] = {"Qataris"};
    assert_true(match(d, s5, NULL, 1, "", &m));
    assert_int_equal(m.kind, PARLEY_ACTOR_ADJ);
    const char *s6[] = {"UN", "Security", "Council"};
    assert_true(match(d, s6, NULL, 3, "", &m));
    assert_int_equal(m.length, 3);
    assert_string_equal(m.code, "IGOUNO");
    assert_string_equal(parley_dict_code_name(d, "QAT"), "Qatar");
    assert_string_equal(parley_dict_code_name(d, "IGOUNO"), "United Nations");
    assert_null(parley_dict_code_name(d, "ZZZ"));
    parley_dict_free(d);
}

static void test_agent_plurals_and_lemmas(void **state) {
    (void)state;
    warnings w = {0};
    parley_dict *d = load_test_dict(&w);
    parley_actor_match m;
    const char *s1[] = {"foreign", "ministries"};
    assert_true(match(d, s1, NULL, 2, "", &m));
    assert_int_equal(m.kind, PARLEY_ACTOR_AGENT);
    assert_int_equal(m.length, 2);
    assert_true(m.plural);
    assert_string_equal(m.code, "GOV");
    assert_string_equal(m.name, "foreign ministry");
    static const char *const plurals[] = {"soldiers", "men", "wives", "churches", "boxes", "cities",
                                          "spokesmen", "refugees", "militants"};
    for (size_t i = 0; i < sizeof plurals / sizeof plurals[0]; i++) {
        const char *s[] = {plurals[i]};
        assert_true(match(d, s, NULL, 1, "", &m));
        assert_true(m.plural);
    }
    const char *s2[] = {"polices"};  /* police_ takes no plural */
    assert_false(match(d, s2, NULL, 1, "", &m));
    const char *s3[] = {"mans"};     /* an irregular plural replaces the regular one */
    assert_false(match(d, s3, NULL, 1, "", &m));
    const char *s4[] = {"attorney", "generals"};
    assert_true(match(d, s4, NULL, 2, "", &m));
    assert_int_equal(m.length, 2);
    assert_true(m.plural);
    const char *s5[] = {"soldier"};
    assert_true(match(d, s5, NULL, 1, "", &m));
    assert_false(m.plural);
    /* a form only the lemma explains: agents match by the lemma of their last word */
    const char *s6[] = {"refugeez"}, *l6[] = {"refugee"};
    assert_false(match(d, s6, NULL, 1, "", &m));
    assert_true(match(d, s6, l6, 1, "", &m));
    assert_string_equal(m.code, "REF");
    assert_true(m.plural);
    /* lemmas never turn a name into a match */
    const char *s7[] = {"qatarz"}, *l7[] = {"qatar"};
    assert_false(match(d, s7, l7, 1, "", &m));
    parley_dict_free(d);
}

static void expect_code(const parley_dict *d, const char *const *words, size_t n, const char *date,
                        const char *code) {
    parley_actor_match m;
    assert_true(match(d, words, NULL, n, date, &m));
    assert_int_equal(m.kind, PARLEY_ACTOR_PERSON);
    assert_string_equal(m.code, code);
}

static void test_person_dates(void **state) {
    (void)state;
    warnings w = {0};
    parley_dict *d = load_test_dict(&w);
    const char *b[] = {"Antony", "Blinken"};
    expect_code(d, b, 2, "2021-01-26", "USAGOV");  /* first day of the role */
    expect_code(d, b, 2, "2025-01-20", "USAGOV");  /* last day */
    expect_code(d, b, 2, "2025-01-21", "USAELI");  /* the day after: the default */
    expect_code(d, b, 2, "2021-01-25", "USAELI");
    expect_code(d, b, 2, "2016-06-01", "USAGOV");
    expect_code(d, b, 2, "", "USAELI");            /* unknown date: the default */
    const char *b1[] = {"Blinken"};
    expect_code(d, b1, 1, "2023-12-05", "USAGOV");
    parley_actor_match m;
    assert_true(match(d, b, NULL, 2, "", &m));
    assert_string_equal(m.name, "Antony Blinken");
    const char *r[] = {"Jane", "Roe"};
    expect_code(d, r, 2, "2011-05-05", "GBRGOV");
    expect_code(d, r, 2, "2013-06-01", "GBRGOV");  /* between roles, no default: the closer one */
    expect_code(d, r, 2, "2013-12-20", "GBRLEG");
    expect_code(d, r, 2, "2030-01-01", "GBRLEG");  /* open-ended role */
    expect_code(d, r, 2, "", "GBRLEG");            /* unknown date, no default: the most recent role */
    /* an actor with a role line: a name whose code changes on a date; its own code is the default */
    const char *t[] = {"Taliban"};
    parley_actor_match tm;
    assert_true(match(d, t, NULL, 1, "2021-08-14", &tm));
    assert_int_equal(tm.kind, PARLEY_ACTOR_NAME);
    assert_string_equal(tm.code, "AFGREB");
    assert_true(match(d, t, NULL, 1, "2021-08-15", &tm));
    assert_string_equal(tm.code, "AFGGOV");
    assert_true(match(d, t, NULL, 1, "", &tm));
    assert_string_equal(tm.code, "AFGREB");
    assert_string_equal(parley_dict_code_name(d, "AFGREB"), "Taliban");
    parley_dict_free(d);
}

static void test_discards(void **state) {
    (void)state;
    warnings w = {0};
    parley_dict *d = load_test_dict(&w);
    const char *s1[] = {"world", "cup", "final"};
    assert_int_equal(parley_dict_match_discard(d, s1, 3), 2);
    assert_int_equal(parley_dict_match_discard(d, s1, 1), 0);
    const char *s2[] = {"Champions", "League"};
    assert_int_equal(parley_dict_match_discard(d, s2, 2), 2);
    parley_actor_match m;
    assert_false(match(d, s1, NULL, 3, "", &m));  /* discards are not actors */
    parley_dict_free(d);
}

static void test_patterns(void **state) {
    (void)state;
    warnings w = {0};
    parley_dict *d = load_test_dict(&w);
    size_t n;
    const parley_pattern *p = parley_dict_patterns(d, "release", 0, &n);
    assert_int_equal(n, 2);
    assert_string_equal(p[0].code, "0841");  /* more specific first, though written second */
    assert_string_equal(p[0].object, "&PRISONER");
    assert_int_equal(p[0].specificity, 1);
    assert_true(p[0].object_is_target);      /* an object without '+': the object is the target */
    assert_string_equal(p[1].code, "084");
    assert_int_equal(p[1].specificity, 0);
    assert_true(p[1].object_is_target);
    assert_string_equal(p[1].object, "");
    assert_non_null(strstr(p[0].origin, "c_actions.txt:6"));
    assert_string_equal(p[0].text, "release &PRISONER");
    p = parley_dict_patterns(d, "Release", 1, &n);
    assert_int_equal(n, 1);
    assert_true(p[0].nominal);
    assert_int_equal(p[0].n_preps, 1);
    assert_string_equal(p[0].preps[0].prep, "of");
    assert_string_equal(p[0].preps[0].head, "&PRISONER");
    p = parley_dict_patterns(d, "hold", 0, &n);
    assert_int_equal(n, 1);
    assert_string_equal(p[0].object, "talk");
    assert_false(p[0].object_is_target);
    assert_string_equal(p[0].preps[0].prep, "with");
    assert_string_equal(p[0].preps[0].head, "+");
    assert_int_equal(p[0].specificity, 2);
    p = parley_dict_patterns(d, "call", 0, &n);
    assert_int_equal(n, 1);
    assert_string_equal(p[0].particle, "off");
    assert_string_equal(p[0].object, "visit");
    assert_int_equal(p[0].specificity, 2);
    p = parley_dict_patterns(d, "say", 0, &n);
    assert_int_equal(n, 1);
    assert_true(p[0].no_target);
    assert_false(p[0].object_is_target);
    assert_null(parley_dict_patterns(d, "talk", 0, &n));  /* only a noun of action */
    assert_int_equal(n, 0);
    assert_null(parley_dict_patterns(d, "nosuchverb", 0, &n));
    parley_dict_free(d);
}

static void test_synsets(void **state) {
    (void)state;
    warnings w = {0};
    parley_dict *d = load_test_dict(&w);
    assert_true(parley_dict_word_matches(d, "&PRISONER", "detainee"));
    assert_true(parley_dict_word_matches(d, "&prisoner", "Hostage"));
    assert_true(parley_dict_word_matches(d, "PRISONER", "hostage"));
    assert_false(parley_dict_word_matches(d, "&PRISONER", "soldier"));
    assert_true(parley_dict_word_matches(d, "prisoner", "prisoner"));
    assert_false(parley_dict_word_matches(d, "prisoner", "detainee"));  /* a word is not its synset */
    assert_false(parley_dict_word_matches(d, "&NOSUCH", "x"));
    assert_true(parley_dict_word_matches(d, "*", "anything"));
    assert_true(parley_dict_word_matches(d, "+", "anything"));
    parley_dict_free(d);
}

static const char *resolve(const parley_dict *d, const char *const *words, size_t n, const char *date,
                           size_t *length) {
    static parley_phrase_resolution r;
    *length = parley_dict_resolve_phrase(d, words, NULL, n, date, &r);
    return r.code;
}

static void test_resolve_phrase(void **state) {
    (void)state;
    warnings w = {0};
    parley_dict *d = load_test_dict(&w);
    size_t len;
    const char *s1[] = {"Qatari", "foreign", "ministry", "said"};
    assert_string_equal(resolve(d, s1, 4, "", &len), "QATGOV");
    assert_int_equal(len, 3);
    const char *s2[] = {"Palestinian", "resistance", "factions"};
    assert_string_equal(resolve(d, s2, 3, "", &len), "PSEREB");
    const char *s3[] = {"Hamas", "militants"};
    assert_string_equal(resolve(d, s3, 2, "", &len), "PSEREB");
    assert_int_equal(len, 2);
    const char *s4[] = {"troops"};
    assert_string_equal(resolve(d, s4, 1, "", &len), "MIL");
    const char *s5[] = {"refugees", "of", "Qatar"};
    assert_string_equal(resolve(d, s5, 3, "", &len), "QATREF");
    assert_int_equal(len, 3);
    const char *s6[] = {"Qatar", "'s", "prime", "minister"};
    assert_string_equal(resolve(d, s6, 4, "", &len), "QATGOV");
    const char *s7[] = {"Qatari", "American"};  /* another country ends the phrase */
    assert_string_equal(resolve(d, s7, 2, "", &len), "QAT");
    assert_int_equal(len, 1);
    const char *s8[] = {"American", "spokesman", "Blinken"};
    assert_string_equal(resolve(d, s8, 3, "2023-12-05", &len), "USAGOV");
    assert_string_equal(resolve(d, s8, 3, "2026-01-01", &len), "USAELI");
    const char *s9[] = {"American", "White", "House"};
    assert_string_equal(resolve(d, s9, 3, "", &len), "USAGOV");
    const char *s10[] = {"Qatar", "of"};        /* a joining word without a match after it */
    assert_string_equal(resolve(d, s10, 2, "", &len), "QAT");
    assert_int_equal(len, 1);
    const char *s11[] = {"the", "Qatari"};
    assert_string_equal(resolve(d, s11, 2, "", &len), "");
    assert_int_equal(len, 0);
    parley_dict_free(d);
}

static void test_malformed_lines_continue(void **state) {
    (void)state;
    warnings w = {0};
    parley_dict_options opts = {0};
    opts.on_warning = collect;
    opts.userdata = &w;
    parley_dict *d = parley_dict_new(&opts);
    parley_error err;
    assert_int_equal(parley_dict_load_file(d, LEX_DATA "/bad/bad.txt", &err), PARLEY_OK);
    static const long lines[] = {3, 4, 5, 6, 7, 9, 10, 12, 13};
    static const char *const reasons[] = {"bad code", "unknown directive", "outside a person",
                                          "bad CAMEO code", "more than one target", "YYYY-MM-DD",
                                          "unclosed '{'", "duplicate person", "not a CAMEO"};
    assert_int_equal(w.n, 9);
    for (int i = 0; i < 9; i++) {
        assert_int_equal(w.lines[i], lines[i]);
        assert_non_null(strstr(w.reasons[i], reasons[i]));
    }
    assert_non_null(strstr(w.file, "bad/bad.txt"));
    assert_int_equal(parley_dict_compile(d, &err), PARLEY_OK);
    parley_dict_stats st;
    parley_dict_get_stats(d, &st);
    assert_int_equal(st.actors, 2);       /* Qatar (line 2), Israel (line 11) */
    assert_int_equal(st.persons, 1);      /* line 8; its bad role is skipped */
    assert_int_equal(st.person_roles, 0);
    assert_int_equal(st.patterns, 0);
    assert_int_equal(st.agents, 0);
    parley_dict_free(d);
}

static void test_malformed_lines_strict(void **state) {
    (void)state;
    parley_dict_options opts = {0};
    opts.strict = 1;
    parley_dict *d = parley_dict_new(&opts);
    parley_error err;
    assert_int_equal(parley_dict_load_file(d, LEX_DATA "/bad/bad.txt", &err), PARLEY_ERR_FORMAT);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.file, "bad.txt"));
    assert_non_null(strstr(err.message, "bad code"));
    parley_dict_free(d);
    d = parley_dict_new(&opts);
    assert_int_equal(parley_dict_load_file(d, LEX_DATA "/no/such/file.txt", &err), PARLEY_ERR_IO);
    assert_int_equal(parley_dict_load_dir(d, LEX_DATA "/no/such/dir", &err), PARLEY_ERR_IO);
    parley_dict_free(d);
}

static void test_skip_kinds(void **state) {
    (void)state;
    parley_dict_options opts = {0};
    opts.skip_kinds = PARLEY_DICT_ACTIONS | PARLEY_DICT_ACTORS;
    parley_dict *d = parley_dict_new(&opts);
    parley_error err;
    assert_int_equal(parley_dict_load_dir(d, LEX_DATA "/parley", &err), PARLEY_OK);
    assert_int_equal(parley_dict_compile(d, &err), PARLEY_OK);
    parley_dict_stats st;
    parley_dict_get_stats(d, &st);
    assert_int_equal(st.patterns, 0);
    assert_int_equal(st.synsets, 0);
    assert_int_equal(st.actors, 0);
    assert_int_equal(st.persons, 0);
    assert_int_equal(st.person_roles, 0);
    assert_int_equal(st.agents, 17);
    assert_int_equal(st.discards, 2);
    parley_actor_match m;
    const char *s[] = {"Blinken"};
    assert_false(match(d, s, NULL, 1, "", &m));
    parley_dict_free(d);
}

static void test_pattern_syntax_errors(void **state) {
    (void)state;
    parley_dict *d = parley_dict_new(NULL);
    parley_pattern p;
    static const char *const bad[] = {"",        "(with +)",      "consult + (with +)", "say - +",
                                      "hold (with", "hold a b",   "&X +",               "hold (with)",
                                      "hold (a +) (b *) (c *) (d *) (e *)", "hold )"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_non_null(lex_parse_pattern(d, bad[i], strlen(bad[i]), "040", "t:1", &p));
    assert_null(lex_parse_pattern(d, "express willingness (to meet)", 29, "036", "t:1", &p));
    assert_string_equal(p.lemma, "express");
    assert_string_equal(p.object, "willingness");
    assert_string_equal(p.preps[0].prep, "to");
    assert_string_equal(p.preps[0].head, "meet");
    assert_null(lex_parse_pattern(d, "return (because of +)", 21, "084", "t:1", &p));
    assert_string_equal(p.preps[0].prep, "because of");
    assert_false(p.object_is_target);
    parley_dict_free(d);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plural_rules),
        cmocka_unit_test(test_stats_and_dir_order),
        cmocka_unit_test(test_longest_match_and_case),
        cmocka_unit_test(test_agent_plurals_and_lemmas),
        cmocka_unit_test(test_person_dates),
        cmocka_unit_test(test_discards),
        cmocka_unit_test(test_patterns),
        cmocka_unit_test(test_synsets),
        cmocka_unit_test(test_resolve_phrase),
        cmocka_unit_test(test_malformed_lines_continue),
        cmocka_unit_test(test_malformed_lines_strict),
        cmocka_unit_test(test_skip_kinds),
        cmocka_unit_test(test_pattern_syntax_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
