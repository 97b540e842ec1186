/* test_cameo.c - the CAMEO code table: size, order, known rows, the parent
 * weight fallback for the 1.1b3 additions, and rejection of non-codes; and
 * the CAMEO conventions of the committed action dictionaries (data/dict/):
 * given a predicate and its dependents, the pattern the coder prefers (most
 * specific first, then first written) must carry the most specific code
 * that fits ("send food to" 073, "send aid to" 070, "kill" 1823, "kill a
 * leader" 186, "fire rockets at" 194, "fire missiles at" 195). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "parley/cameo.h"
#include "parley/dict.h"

static void test_count_and_order(void **state) {
    (void)state;
    assert_int_equal(parley_cameo_count(), 318);
    assert_string_equal(parley_cameo_at(0)->code, "01");
    assert_string_equal(parley_cameo_at(parley_cameo_count() - 1)->code, "2042");
    assert_null(parley_cameo_at(parley_cameo_count()));
    size_t roots = 0;
    for (size_t i = 0; i < parley_cameo_count(); i++) {
        const parley_cameo_code *c = parley_cameo_at(i);
        if (i > 0) assert_true(strcmp(parley_cameo_at(i - 1)->code, c->code) < 0);
        assert_memory_equal(c->code, c->root, 2);
        assert_true(c->quad >= 1 && c->quad <= 4);
        assert_true(c->goldstein >= -10.0 && c->goldstein <= 10.0);
        assert_non_null(c->plover);
        assert_non_null(c->plover_mode);
        assert_non_null(c->plover_context);
        if (strlen(c->code) == 2) roots++;
        /* every code is found by lookup, and lookup returns the same row */
        assert_ptr_equal(parley_cameo_lookup(c->code), c);
    }
    assert_int_equal(roots, 20);
}

static void test_known_codes(void **state) {
    (void)state;
    const parley_cameo_code *c = parley_cameo_lookup("0841");
    assert_non_null(c);
    assert_string_equal(c->root, "08");
    assert_string_equal(c->name, "Return, release person(s)");
    assert_int_equal(c->quad, 2);
    assert_true(c->goldstein == 7.0);
    assert_string_equal(c->plover, "RETREAT");
    assert_string_equal(c->plover_mode, "release");
    assert_string_equal(c->plover_context, "legal");

    c = parley_cameo_lookup("190");
    assert_non_null(c);
    assert_int_equal(c->quad, 4);
    assert_true(c->goldstein == -10.0);
    assert_string_equal(c->plover, "ASSAULT");

    c = parley_cameo_lookup("010");
    assert_non_null(c);
    assert_int_equal(c->quad, 1);
    assert_true(c->goldstein == 0.0);
    assert_string_equal(c->plover, "");

    c = parley_cameo_lookup("046");
    assert_non_null(c);
    assert_true(c->goldstein == 7.0);
    assert_string_equal(c->plover, "CONSULT");

    c = parley_cameo_lookup("130");
    assert_non_null(c);
    assert_true(c->goldstein == -4.4);
    assert_int_equal(c->quad, 3);

    c = parley_cameo_lookup("0874");
    assert_non_null(c);
    assert_true(c->goldstein == 10.0);
    c = parley_cameo_lookup("011");
    assert_true(c->goldstein == -0.1);
}

static void test_parent_weight_fallback(void **state) {
    (void)state;
    static const struct { const char *code, *parent; } pairs[] = {
        {"1213", "121"}, {"1214", "121"}, {"155", "15"}, {"176", "17"},
        {"1834", "183"}, {"1951", "195"}, {"1952", "195"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const parley_cameo_code *c = parley_cameo_lookup(pairs[i].code);
        const parley_cameo_code *p = parley_cameo_lookup(pairs[i].parent);
        assert_non_null(c);
        assert_non_null(p);
        assert_true(c->goldstein == p->goldstein);
    }
    assert_true(parley_cameo_lookup("1213")->goldstein == -4.0);
    assert_true(parley_cameo_lookup("155")->goldstein == -7.2);
    assert_true(parley_cameo_lookup("176")->goldstein == -7.0);
    assert_true(parley_cameo_lookup("1834")->goldstein == -10.0);
    assert_true(parley_cameo_lookup("1951")->goldstein == -10.0);
}

static void test_unknown_codes(void **state) {
    (void)state;
    assert_null(parley_cameo_lookup(NULL));
    assert_null(parley_cameo_lookup(""));
    assert_null(parley_cameo_lookup("0"));
    assert_null(parley_cameo_lookup("00"));
    assert_null(parley_cameo_lookup("21"));
    assert_null(parley_cameo_lookup("1215"));
    assert_null(parley_cameo_lookup("08410"));
    assert_null(parley_cameo_lookup("084 "));
    assert_null(parley_cameo_lookup("abc"));
    assert_null(parley_cameo_lookup("2043"));
}

/* One dependent of the predicate: its marker ("with", "to", "of") and lemma. */
typedef struct dep {
    const char *prep, *lemma;
} dep;

/* A clause as the coder sees it, reduced to lemmas. */
typedef struct clause {
    const char *pred;      /* predicate lemma; particle after '_' as in the dictionaries */
    int nominal;
    const char *object;    /* direct object's lemma or NULL */
    dep deps[3];
    const char *want;      /* the CAMEO code the preferred pattern must have */
} clause;

static int dep_satisfied(const parley_dict *d, const parley_pattern_prep *pp, const clause *c) {
    for (size_t i = 0; i < 3 && c->deps[i].prep; i++) {
        if (strcmp(c->deps[i].prep, pp->prep) != 0) continue;
        if (strcmp(pp->head, "*") == 0 || strcmp(pp->head, "+") == 0 ||
            parley_dict_word_matches(d, pp->head, c->deps[i].lemma))
            return 1;
    }
    return 0;
}

/* The code of the first pattern (in the dictionary's preference order) whose
 * constraints the clause satisfies, as src/code/match.c walks them. */
static const char *preferred_code(const parley_dict *d, const clause *c) {
    char lemma[64];
    snprintf(lemma, sizeof lemma, "%s", c->pred);
    char *us = strchr(lemma, '_');
    const char *particle = "";
    if (us) {
        *us = '\0';
        particle = us + 1;
    }
    size_t n = 0;
    const parley_pattern *pats = parley_dict_patterns(d, lemma, c->nominal, &n);
    for (size_t i = 0; pats && i < n; i++) {
        const parley_pattern *p = &pats[i];
        if (strcmp(p->particle, particle) != 0) continue;
        if (p->object[0] && (!c->object || !parley_dict_word_matches(d, p->object, c->object))) continue;
        int ok = 1;
        for (int k = 0; k < p->n_preps && ok; k++) ok = dep_satisfied(d, &p->preps[k], c);
        if (ok) return p->code;
    }
    return NULL;
}

static void test_action_conventions(void **state) {
    (void)state;
    static const clause cases[] = {
        {"stress", 0, "need", {{0}}, "010"},  /* what each side's readout stressed */
        {"enter", 0, "strip", {{"subject", "truck"}}, "073"},  /* aid trucks entered the Strip */
        {"hold", 0, "talk", {{"with", "hamas"}}, "040"},
        {"talk", 1, NULL, {{"with", "qatar"}}, "040"},
        {"speak", 0, NULL, {{"with", "putin"}, {"by", "phone"}}, "041"},
        {"visit", 0, "egypt", {{0}}, "042"},
        {"host", 0, "delegation", {{0}}, "043"},
        {"meet", 0, NULL, {{"with", "biden"}, {"on", "sideline"}}, "044"},
        {"mediate", 0, NULL, {{"between", "israel"}}, "045"},
        {"hold", 0, "negotiation", {{"with", "hamas"}}, "046"},
        {"express", 0, "willingness", {{"to", "meet"}}, "036"},
        {"call", 0, NULL, {{"for", "release"}, {"of", "hostage"}}, "0253"},
        {"urge", 0, "israel", {{"to", "withdraw"}}, "0256"},
        {"pledge", 0, "loan", {{"to", "egypt"}}, "0331"},
        {"praise", 0, "qatar", {{0}}, "051"},
        {"welcome", 0, "decision", {{0}}, "051"},
        {"welcome", 0, "minister", {{"to", "cairo"}}, "043"},
        {"sign", 0, "agreement", {{"with", "jordan"}}, "057"},
        {"apologize", 0, NULL, {{"to", "family"}}, "055"},
        {"share", 0, "intelligence", {{"with", "us"}}, "064"},
        {"send", 0, "food", {{"to", "gaza"}}, "073"},
        {"send", 0, "aid", {{"to", "gaza"}}, "070"},
        {"send", 0, "weapon", {{"to", "ukraine"}}, "072"},
        {"grant", 0, "asylum", {{"to", "dissident"}}, "075"},
        {"release", 0, "detainee", {{0}}, "0841"},
        {"release", 1, NULL, {{"of", "hostage"}}, "0841"},
        {"open", 0, "corridor", {{0}}, "0863"},
        {"agree", 0, NULL, {{"to", "truce"}}, "0871"},
        {"lift", 0, "sanction", {{0}}, "085"},
        {"lift", 0, "curfew", {{0}}, "0813"},
        {"withdraw", 0, "troop", {{"from", "city"}}, "0874"},
        {"halt", 0, "attack", {{"on", "gaza"}}, "087"},
        {"launch", 0, "investigation", {{"into", "corruption"}}, "091"},
        {"demand", 0, "release", {{"of", "prisoner"}}, "1053"},
        {"condemn", 0, "attack", {{0}}, "111"},
        {"accuse", 0, "russia", {{"of", "aggression"}}, "1123"},
        {"accuse", 0, "minister", {{"of", "corruption"}}, "1121"},
        {"accuse", 0, "russia", {{0}}, "112"},
        {"summon", 0, "ambassador", {{0}}, "114"},
        {"reject", 0, "proposal", {{0}}, "127"},
        {"refuse", 0, NULL, {{"to", "negotiate"}}, "125"},
        {"veto", 0, "resolution", {{0}}, "129"},
        {"threaten", 0, "iran", {{"with", "sanction"}}, "1312"},
        {"threaten", 0, "syria", {{0}}, "130"},
        {"protest", 0, NULL, {{"against", "tax"}}, "1412"},
        {"protest", 0, NULL, {{"against", "government"}}, "141"},
        {"deploy", 0, "troop", {{"to", "border"}}, "154"},
        {"expel", 0, "diplomat", {{0}}, "174"},
        {"recall", 0, "ambassador", {{"from", "israel"}}, "161"},
        {"impose", 0, "sanction", {{"on", "russia"}}, "163"},
        {"suspend", 0, "talk", {{"with", "israel"}}, "164"},
        {"expel", 0, "journalist", {{0}}, "174"},
        {"arrest", 0, "activist", {{0}}, "173"},
        {"impose", 0, "curfew", {{0}}, "1723"},
        {"ban", 0, "party", {{0}}, "1722"},
        {"crack_down", 0, NULL, {{"on", "protester"}}, "175"},
        {"abduct", 0, "worker", {{0}}, "181"},
        {"kill", 0, "villager", {{0}}, "1823"},
        {"kill", 0, "leader", {{0}}, "186"},
        {"assassinate", 0, "governor", {{0}}, "186"},
        {"fire", 0, "rocket", {{"at", "israel"}}, "194"},
        {"fire", 0, "missile", {{"at", "kyiv"}}, "195"},
        {"fire", 0, "rifle", {{"at", "soldier"}}, "193"},
        {"airstrike", 1, NULL, {{"on", "gaza"}}, "195"},
        {"launch", 0, "drone", {{"at", "moscow"}}, "1952"},
        {"shell", 0, "town", {{0}}, "194"},
        {"occupy", 0, "village", {{0}}, "192"},
        {"besiege", 0, "city", {{0}}, "191"},
        {"violate", 0, "ceasefire", {{0}}, "196"},
        {"attack", 0, "base", {{0}}, "190"},
        {"massacre", 0, "civilian", {{0}}, "202"},
        {"use", 0, "sarin", {{"against", "rebel"}}, "2041"},
    };
    parley_dict *d = parley_dict_new(NULL);
    assert_non_null(d);
    parley_error err;
    assert_int_equal(parley_dict_load_dir(d, PARLEY_DATA_DIR "/dict", &err), PARLEY_OK);
    assert_int_equal(parley_dict_compile(d, &err), PARLEY_OK);
    size_t wrong = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = preferred_code(d, &cases[i]);
        if (got == NULL || strcmp(got, cases[i].want) != 0) {
            print_message("%s%s %s: got %s, want %s\n", cases[i].nominal ? "~" : "", cases[i].pred,
                          cases[i].object ? cases[i].object : "-", got ? got : "(none)", cases[i].want);
            wrong++;
        }
        if (got) assert_non_null(parley_cameo_lookup(got));
    }
    parley_dict_free(d);
    assert_int_equal(wrong, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_and_order),
        cmocka_unit_test(test_known_codes),
        cmocka_unit_test(test_parent_weight_fallback),
        cmocka_unit_test(test_unknown_codes),
        cmocka_unit_test(test_action_conventions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
