/* date.c - accepting only real calendar dates.
 *
 * Event dates come from the record's "date" field; a typo such as
 * 2024-02-30 would otherwise put events on a day that never existed, so the
 * reader checks the calendar (leap years included) and keeps the first ten
 * characters of a datetime. */
#include <string.h>

#include "parley/io.h"

static int digits(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

static int number(const char *s, size_t n) {
    int v = 0;
    for (size_t i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
    return v;
}

int parley_date_parse(const char *s, size_t len, char out11[11]) {
    if (s == NULL || len < 10) return 0;
    if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2)) return 0;
    if (len > 10 && s[10] != 'T' && s[10] != 't' && s[10] != ' ') return 0;
    if (len > 10 && (len < 13 || !digits(s + 11, 2))) return 0;  /* a time starts with the hour */
    int y = number(s, 4), m = number(s + 5, 2), d = number(s + 8, 2);
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1) return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > days[m - 1] + (m == 2 && leap)) return 0;
    if (out11) {
        memcpy(out11, s, 10);
        out11[10] = '\0';
    }
    return 1;
}
