/* buf_number.c - numbers appended to a parley_buf exactly as printf would
 * write them, without printf's cost (see parley/buf.h).
 *
 * `parley stats` prints two Goldstein numbers and two counts per row with
 * "%.6g" and "%lld"; over a million dyad-by-month rows printf was most of
 * the command's CPU time. The fast path here handles the common case (a
 * finite number between 1e-4 and 1e6 whose rounding to six significant
 * digits is not near a tie) with integer arithmetic; every other number,
 * and every number near a rounding tie, goes to snprintf, so the output is
 * printf's byte for byte (tests/test_buf_number.c compares them). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "parley/buf.h"

int parley_buf_lld(parley_buf *b, long long v) {
    char tmp[24];
    int n = 0;
    /* the magnitude as unsigned: -LLONG_MIN does not fit a long long */
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[sizeof tmp - 1 - (size_t)n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) tmp[sizeof tmp - 1 - (size_t)n++] = '-';
    return parley_buf_append(b, tmp + sizeof tmp - (size_t)n, (size_t)n);
}

static int g6_slow(parley_buf *b, double v) { return parley_buf_printf(b, "%.6g", v); }

int parley_buf_g6(parley_buf *b, double v) {
    double a = fabs(v);
    if (!(a >= 1e-4 && a < 999999.0)) return g6_slow(b, v); /* zero, NaN, infinities, exponent forms */
    /* the decimal exponent, -4..5 here; a power of ten's neighbours may get
     * the one beside it, which the range check on r below sends to printf */
    static const double bound[] = {1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5};
    static const double scale[] = {1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 1e2, 1e1, 1e0};
    int e = -4;
    while (e < 5 && a >= bound[e + 4]) e++;
    /* six significant digits as an integer: x carries a relative error of a
     * few units of 2^-53 (well under 1e-9 absolute, x < 1e6), so a fraction
     * farther than 1e-6 from one half rounds the way the exact value does */
    double x = a * scale[e + 4];
    double fl = floor(x), f = x - fl;
    if (fabs(f - 0.5) < 1e-6) return g6_slow(b, v);
    long r = (long)fl + (f > 0.5);
    /* log10 off by one near a power of ten, or a carry into a seventh digit */
    if (r < 100000 || r > 999999) return g6_slow(b, v);
    char digits[6];
    for (int i = 5; i >= 0; i--, r /= 10) digits[i] = (char)('0' + r % 10);
    int last = 5; /* %g drops trailing zeros of the fraction */
    int int_digits = e >= 0 ? e + 1 : 0;
    while (last >= int_digits && digits[last] == '0') last--;
    char out[24];
    size_t n = 0;
    if (v < 0) out[n++] = '-';
    if (e >= 0) {
        for (int i = 0; i < int_digits; i++) out[n++] = digits[i];
        if (last >= int_digits) {
            out[n++] = '.';
            for (int i = int_digits; i <= last; i++) out[n++] = digits[i];
        }
    } else {
        out[n++] = '0';
        out[n++] = '.';
        for (int i = 0; i < -e - 1; i++) out[n++] = '0';
        for (int i = 0; i <= last; i++) out[n++] = digits[i];
    }
    return parley_buf_append(b, out, n);
}
