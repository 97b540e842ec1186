/* lexer.c - the resolver's word cutter and number reader (see
 * resolve_internal.h). Dates, quantities and place names are found by
 * looking at a few words at a time; this gives those words with their
 * capitalisation and the punctuation between them. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "resolve/resolve_internal.h"

static int word_byte(unsigned char c) { return isalnum(c) || c == '\'' || c >= 0x80; }

int resolve_lex(const char *text, size_t len, size_t pos, rword *out, int max) {
    int n = 0;
    size_t i = pos;
    while (n < max) {
        size_t gap_start = i;
        while (i < len && !word_byte((unsigned char)text[i])) i++;
        if (i >= len) break;
        char gap = ' ';
        int marks = 0;
        for (size_t k = gap_start; k < i; k++) {
            unsigned char c = (unsigned char)text[k];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
            marks++;
            gap = (c == ',' || c == '.') && marks == 1 ? (char)c : 'x';
        }
        if (n == 0) gap = 'x';
        rword *w = &out[n];
        w->start = i;
        while (i < len) {
            unsigned char c = (unsigned char)text[i];
            if (word_byte(c)) {
                i++;
                continue;
            }
            if ((c == '-' || c == '.' || c == ',') && i + 1 < len && i > w->start &&
                isalnum((unsigned char)text[i + 1]) && isalnum((unsigned char)text[i - 1])) {
                /* "1,500" and "2.3" join digits only; '-' joins anything. */
                if (c != '-' && !(isdigit((unsigned char)text[i + 1]) && isdigit((unsigned char)text[i - 1])))
                    break;
                i++;
                continue;
            }
            break;
        }
        w->end = i;
        size_t k = 0;
        for (size_t j = w->start; j < w->end && k + 1 < RWORD_MAX; j++) {
            unsigned char c = (unsigned char)text[j];
            w->w[k++] = (char)tolower(c);
        }
        w->w[k] = '\0';
        w->cap = isupper((unsigned char)text[w->start]) != 0;
        w->digit = isdigit((unsigned char)text[w->start]) != 0;
        w->gap = gap;
        n++;
    }
    return n;
}

int resolve_in_sorted(const char *w, const char *const *sorted, size_t n) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(w, sorted[mid]);
        if (c == 0) return 1;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

size_t resolve_next_word(const char *text, size_t len, size_t pos) {
    size_t i = pos;
    while (i < len && word_byte((unsigned char)text[i])) i++;
    while (i < len && !word_byte((unsigned char)text[i])) i++;
    return i;
}

static const char *const units[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                                    "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
                                    "sixteen", "seventeen", "eighteen", "nineteen", NULL};
static const char *const tens[] = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
                                   "eighty", "ninety", NULL};

static double word_number(const char *w) {
    /* Most words are not numbers: reject them on their first letter and length. */
    if (strchr("aedfhnostz", w[0]) == NULL || w[0] == '\0' || strlen(w) > 13) return -1;
    if (strcmp(w, "a") == 0 || strcmp(w, "an") == 0) return 1;
    for (int i = 0; units[i]; i++)
        if (strcmp(w, units[i]) == 0) return i;
    for (int i = 2; tens[i]; i++) {
        size_t n = strlen(tens[i]);
        if (strncmp(w, tens[i], n) != 0) continue;
        if (w[n] == '\0') return i * 10;
        if (w[n] == '-')
            for (int u = 1; u < 10; u++)
                if (strcmp(w + n + 1, units[u]) == 0) return i * 10 + u;
    }
    if (strcmp(w, "hundred") == 0) return 100;
    if (strcmp(w, "dozen") == 0) return 12;
    return -1;
}

double resolve_number(const char *w) {
    if (!isdigit((unsigned char)w[0])) return word_number(w);
    double v = 0, scale = 0;
    for (const char *p = w; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (scale > 0) {
                v += (*p - '0') * scale;
                scale /= 10;
            } else {
                v = v * 10 + (*p - '0');
            }
        } else if (*p == ',' && scale == 0 && isdigit((unsigned char)p[1])) {
            continue;
        } else if (*p == '.' && scale == 0 && isdigit((unsigned char)p[1])) {
            scale = 0.1;
        } else {
            return -1;
        }
    }
    return v;
}

long resolve_days_from_civil(int y, int m, int d) {
    /* Howard Hinnant's days_from_civil: days since 1970-01-01. */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void resolve_civil_from_days(long z, int *y, int *m, int *d) {
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

int resolve_days_in_month(int y, int m) {
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dm[m - 1];
}

int resolve_parse_date(const char *s, long *days) {
    if (s == NULL) return -1;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-') return -1;
        } else if (!isdigit((unsigned char)s[i])) {
            return -1;
        }
    }
    /* all ten characters were checked above, so strtol cannot fail here */
    int y = (int)strtol(s, NULL, 10), m = (int)strtol(s + 5, NULL, 10), d = (int)strtol(s + 8, NULL, 10);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > resolve_days_in_month(y, m)) return -1;
    *days = resolve_days_from_civil(y, m, d);
    return 0;
}

void resolve_format_date(long days, char out[11]) {
    int y, m, d;
    resolve_civil_from_days(days, &y, &m, &d);
    if (y < 0) y = 0;
    if (y > 9999) y = 9999;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}
