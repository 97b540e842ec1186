/* test_cameo.c - the CAMEO code table: size, order, known rows, the parent
 * weight fallback for the 1.1b3 additions, and rejection of non-codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "parley/cameo.h"

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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_and_order),
        cmocka_unit_test(test_known_codes),
        cmocka_unit_test(test_parent_weight_fallback),
        cmocka_unit_test(test_unknown_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
