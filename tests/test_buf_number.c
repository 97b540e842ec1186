/* test_buf_number.c - parley_buf_lld and parley_buf_g6 against printf.
 *
 * The two appenders replace printf in `parley stats` output, which the
 * cluster test compares across stores byte for byte, so they must write
 * exactly what "%lld" and "%.6g" write: checked on edge values (zero, signs,
 * powers of ten, rounding ties, carries, the ends of the fast range, NaN and
 * infinities) and on 900,000 pseudo-random numbers shaped like Goldstein
 * sums and means (multiples of 0.1, their quotients) and over all
 * magnitudes. */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "parley/buf.h"

static int check_g6(double v) {
    char want[64];
    snprintf(want, sizeof want, "%.6g", v);
    parley_buf b = PARLEY_BUF_INIT;
    assert_int_equal(parley_buf_g6(&b, v), 0);
    int same = strcmp(b.data, want) == 0;
    if (!same) print_error("%.17g: got %s, printf %s\n", v, b.data, want);
    parley_buf_free(&b);
    return same;
}

static void check_lld(long long v) {
    char want[32];
    snprintf(want, sizeof want, "%lld", v);
    parley_buf b = PARLEY_BUF_INIT;
    assert_int_equal(parley_buf_lld(&b, v), 0);
    assert_string_equal(b.data, want);
    parley_buf_free(&b);
}

static void test_lld(void **state) {
    (void)state;
    static const long long v[] = {0, 1, -1, 9, 10, -10, 123456789, LLONG_MAX, LLONG_MIN, LLONG_MIN + 1};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) check_lld(v[i]);
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < 100000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        check_lld((long long)x >> (x % 60));
    }
}

static void test_g6_edges(void **state) {
    (void)state;
    static const double v[] = {0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1e-4, 9.99999e-5, 1e-5, 999999.0, 999999.4,
                               999999.5, 1e6, 99999.95, 99999.97, 999.9999999999, 1000.0, 1e5, 123456.5,
                               2.165625, -2.165625, -3187.8 / 1472, 0.00012345678, 100000.4, 1.5e-4,
                               DBL_MAX, DBL_MIN, -DBL_MIN, 5e-324, 1e300, -42.3, -3.525, 12.5, 0.30000000000000004};
    int bad = 0;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) bad += !check_g6(v[i]);
    bad += !check_g6(NAN) + !check_g6(INFINITY) + !check_g6(-INFINITY);
    for (int k = -6; k <= 7; k++) {
        double p = pow(10, k);
        bad += !check_g6(p) + !check_g6(-p) + !check_g6(nextafter(p, 0)) + !check_g6(nextafter(p, INFINITY));
    }
    assert_int_equal(bad, 0);
}

static void test_g6_random(void **state) {
    (void)state;
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    int bad = 0;
    for (int i = 0; i < 300000 && bad < 10; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        /* Goldstein-like: sums of tenths, and their means over 1..5000 events */
        double sum = (double)((long long)(x % 2000001) - 1000000) / 10.0;
        double mean = sum / (double)(1 + (x >> 32) % 5000);
        /* any magnitude */
        double any = ldexp((double)(x >> 11) / 9007199254740992.0, (int)((x >> 3) % 80) - 40) * ((x & 1) ? -1 : 1);
        bad += !check_g6(sum) + !check_g6(mean) + !check_g6(any);
    }
    assert_int_equal(bad, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lld),
        cmocka_unit_test(test_g6_edges),
        cmocka_unit_test(test_g6_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
