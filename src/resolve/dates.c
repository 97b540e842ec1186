/* dates.c - date expressions in news text, resolved against the document
 * date (parley_date_find, see parley/resolve.h).
 *
 * Wire copy dates events relative to the day it was filed: "on Friday",
 * "yesterday", "last week", "two days ago", "since October 7", "a four-day
 * truce". The resolver hands each sentence here with the document date, the
 * last date the story stated (the anchor of "the previous evening", "a day
 * after", "for one year") and the tense of the clause, which decides whether
 * a bare weekday or month lies behind or ahead. Conventions (weeks run
 * Monday to Sunday, "overnight" is the night before, an N-day truce covers N
 * calendar days from its anchor) are those of eval/README.md and are listed
 * in docs/resolve.md. */
#include <string.h>

#include "resolve/resolve_internal.h"

#define DATE_WINDOW 32

typedef struct dctx {
    long doc, anchor;
    int tense;
    int y, m;           /* of the document date */
} dctx;

typedef struct dres {
    long a, b;          /* b < a: a single day */
    int n;              /* words consumed */
} dres;

enum { U_NONE, U_DAY, U_WEEK, U_MONTH, U_YEAR, U_HOUR };

static const char *const month_names[] = {"january", "february", "march", "april", "may", "june",
                                          "july", "august", "september", "october", "november",
                                          "december", NULL};
static const char *const month_abbr[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                                         "oct", "nov", "dec", NULL};
static const char *const weekday_names[] = {"monday", "tuesday", "wednesday", "thursday", "friday",
                                            "saturday", "sunday", NULL};

/* The word without a possessive "'s" ("Friday's attack"). */
static void bare(const rword *w, char *out) {
    size_t n = strlen(w->w);
    if (n > 2 && strcmp(w->w + n - 2, "'s") == 0) n -= 2;
    memcpy(out, w->w, n);
    out[n] = '\0';
}

static int is(const rword *w, const char *s) { return strcmp(w->w, s) == 0; }

static int month_of(const rword *w) {
    if (!w->cap) return 0;
    char b[RWORD_MAX];
    bare(w, b);
    for (int i = 0; month_names[i]; i++)
        if (strcmp(b, month_names[i]) == 0 || strcmp(b, month_abbr[i]) == 0) return i + 1;
    if (strcmp(b, "sept") == 0) return 9;
    return 0;
}

static int weekday_of(const rword *w) {
    if (!w->cap) return -1;
    char b[RWORD_MAX];
    bare(w, b);
    for (int i = 0; weekday_names[i]; i++)
        if (strcmp(b, weekday_names[i]) == 0) return i;
    return -1;
}

static int day_of(const rword *w) {
    const char *s = w->w;
    int d = 0, k = 0;
    while (s[k] >= '0' && s[k] <= '9' && k < 3) d = d * 10 + (s[k++] - '0');
    if (k == 0 || k > 2 || d < 1 || d > 31) return 0;
    const char *rest = s + k;
    if (*rest && strcmp(rest, "st") != 0 && strcmp(rest, "nd") != 0 && strcmp(rest, "rd") != 0 &&
        strcmp(rest, "th") != 0)
        return 0;
    return d;
}

static int year_of(const rword *w) {
    const char *s = w->w;
    if (strlen(s) != 4) return 0;
    int y = 0;
    for (int k = 0; k < 4; k++) {
        if (s[k] < '0' || s[k] > '9') return 0;
        y = y * 10 + (s[k] - '0');
    }
    return y >= 1900 && y <= 2100 ? y : 0;
}

static int unit_of(const char *s) {
    static const struct { const char *w; int u; } units[] = {
        {"day", U_DAY},   {"days", U_DAY},     {"week", U_WEEK}, {"weeks", U_WEEK},
        {"month", U_MONTH}, {"months", U_MONTH}, {"year", U_YEAR}, {"years", U_YEAR},
        {"hour", U_HOUR}, {"hours", U_HOUR},   {NULL, 0}};
    for (int i = 0; units[i].w; i++)
        if (strcmp(s, units[i].w) == 0) return units[i].u;
    return U_NONE;
}

static int weekday(long days) { return (int)(((days % 7) + 7 + 3) % 7); }  /* Monday = 0 */

/* days + n units; months and years keep the day of the month where it exists. */
static long add_units(long days, int unit, long n) {
    int y, m, d;
    switch (unit) {
    case U_DAY: return days + n;
    case U_WEEK: return days + 7 * n;
    case U_HOUR: return days + (n + 23) / 24;
    case U_MONTH:
    case U_YEAR: {
        resolve_civil_from_days(days, &y, &m, &d);
        long months = (long)y * 12 + (m - 1) + (unit == U_YEAR ? 12 * n : n);
        y = (int)(months / 12);
        m = (int)(months % 12) + 1;
        int dim = resolve_days_in_month(y, m);
        return resolve_days_from_civil(y, m, d > dim ? dim : d);
    }
    default: return days;
    }
}

static long month_start(int y, int m) { return resolve_days_from_civil(y, m, 1); }
static long month_end(int y, int m) { return resolve_days_from_civil(y, m, resolve_days_in_month(y, m)); }

/* The year for a month (and day) stated without one: the nearest to the
 * document date in the direction of the tense. */
static int pick_year(const dctx *c, int m, int d) {
    int best = c->y;
    long best_dist = -1;
    for (int y = c->y - 1; y <= c->y + 1; y++) {
        int dd = d ? d : 1;
        if (dd > resolve_days_in_month(y, m)) continue;
        long t = resolve_days_from_civil(y, m, dd), t_end = d ? t : month_end(y, m);
        if (c->tense == PARLEY_TENSE_PAST && t > c->doc) continue;
        if (c->tense == PARLEY_TENSE_FUTURE && t_end < c->doc) continue;
        long dist = t > c->doc ? t - c->doc : (t_end < c->doc ? c->doc - t_end : 0);
        if (best_dist < 0 || dist < best_dist) {
            best_dist = dist;
            best = y;
        }
    }
    return best;
}

static long weekday_date(const dctx *c, int wd, int direction) {
    int delta = (weekday(c->doc) - wd + 7) % 7;
    if (direction > 0) {
        int ahead = (wd - weekday(c->doc) + 7) % 7;
        return c->doc + (ahead ? ahead : 7);
    }
    if (direction < -1) return c->doc - (delta ? delta : 7);  /* "last Monday": strictly before */
    return c->doc - delta;
}

static int part_of_day(const rword *w) {
    return is(w, "morning") || is(w, "afternoon") || is(w, "evening") || is(w, "night");
}

/* A date that does not count from anything but the calendar and the document. */
static int match_core(const rword *w, int n, int i, const dctx *c, int prefixed, dres *r) {
    if (i >= n) return 0;
    const rword *t = &w[i];
    /* 2023-12-01 */
    if (strlen(t->w) == 10 && t->w[4] == '-' && t->w[7] == '-' && resolve_parse_date(t->w, &r->a) == 0) {
        r->b = -1;
        r->n = 1;
        return 1;
    }
    int m = month_of(t);
    if (m) {
        if (i + 1 < n && (w[i + 1].gap == ' ' || w[i + 1].gap == '.') && day_of(&w[i + 1])) {
            int d = day_of(&w[i + 1]), y = 0, used = 2;
            if (i + 2 < n && (w[i + 2].gap == ',' || w[i + 2].gap == ' ') && year_of(&w[i + 2])) {
                y = year_of(&w[i + 2]);
                used = 3;
            }
            if (y == 0) y = pick_year(c, m, d);
            if (d > resolve_days_in_month(y, m)) return 0;
            r->a = resolve_days_from_civil(y, m, d);
            r->b = -1;
            r->n = used;
            return 1;
        }
        if (i + 1 < n && (w[i + 1].gap == ' ' || w[i + 1].gap == ',') && year_of(&w[i + 1])) {
            int y = year_of(&w[i + 1]);
            r->a = month_start(y, m);
            r->b = month_end(y, m);
            r->n = 2;
            return 1;
        }
        /* A month alone only after a preposition: "May" is also a modal, "March" a verb. */
        if (!prefixed) return 0;
        int y = pick_year(c, m, 0);
        r->a = month_start(y, m);
        r->b = month_end(y, m);
        r->n = 1;
        return 1;
    }
    if (day_of(t) && i + 1 < n && w[i + 1].gap == ' ' && month_of(&w[i + 1])) {
        int d = day_of(t), mm = month_of(&w[i + 1]), y = 0, used = 2;
        if (i + 2 < n && (w[i + 2].gap == ' ' || w[i + 2].gap == ',') && year_of(&w[i + 2])) {
            y = year_of(&w[i + 2]);
            used = 3;
        }
        if (y == 0) y = pick_year(c, mm, d);
        if (d > resolve_days_in_month(y, mm)) return 0;
        r->a = resolve_days_from_civil(y, mm, d);
        r->b = -1;
        r->n = used;
        return 1;
    }
    int wd = weekday_of(t);
    if (wd >= 0) {
        r->a = weekday_date(c, wd, c->tense == PARLEY_TENSE_FUTURE ? 1 : -1);
        r->b = -1;
        r->n = 1 + (i + 1 < n && w[i + 1].gap == ' ' && part_of_day(&w[i + 1]));
        return 1;
    }
    char b[RWORD_MAX];
    bare(t, b);
    long rel = 0;
    int found = 1;
    if (strcmp(b, "yesterday") == 0) rel = -1;
    else if (strcmp(b, "today") == 0 || strcmp(b, "tonight") == 0) rel = 0;
    else if (strcmp(b, "tomorrow") == 0) rel = 1;
    else if (strcmp(b, "overnight") == 0) rel = -1;  /* the date the night began */
    else found = 0;
    if (found) {
        r->a = c->doc + rel;
        r->b = -1;
        r->n = 1 + (i + 1 < n && w[i + 1].gap == ' ' && part_of_day(&w[i + 1]) && !is(t, "overnight"));
        return 1;
    }
    int y = year_of(t);
    if (y && prefixed) {
        r->a = resolve_days_from_civil(y, 1, 1);
        r->b = resolve_days_from_civil(y, 12, 31);
        r->n = 1;
        return 1;
    }
    return 0;
}

static void week_of(long day, long *a, long *b) {
    *a = day - weekday(day);
    *b = *a + 6;
}

/* "last|this|next week|month|year|weekend" relative to the document date. */
static int period(const dctx *c, const rword *unit, int which, dres *r) {
    if (is(unit, "week")) {
        long a, b;
        week_of(c->doc, &a, &b);
        /* On a Sunday "this week" looks ahead to the coming one. */
        if (which == 0 && weekday(c->doc) == 6) which = 1;
        r->a = a + 7L * which;
        r->b = b + 7L * which;
        return 1;
    }
    if (is(unit, "month")) {
        long months = (long)c->y * 12 + (c->m - 1) + which;
        int y = (int)(months / 12), m = (int)(months % 12) + 1;
        r->a = month_start(y, m);
        r->b = month_end(y, m);
        return 1;
    }
    if (is(unit, "year")) {
        r->a = resolve_days_from_civil(c->y + which, 1, 1);
        r->b = resolve_days_from_civil(c->y + which, 12, 31);
        return 1;
    }
    if (is(unit, "weekend")) {
        long sunday = c->doc + (6 - weekday(c->doc));  /* the Sunday ending this week */
        if (which < 0 || (which == 0 && c->tense != PARLEY_TENSE_FUTURE && weekday(c->doc) < 5)) sunday -= 7;
        if (which > 0) sunday += 7;
        r->a = sunday - 1;
        r->b = sunday;
        return 1;
    }
    return 0;
}

static int season(const dctx *c, const rword *w, int which, dres *r) {
    int first;
    if (is(w, "spring")) first = 3;
    else if (is(w, "summer")) first = 6;
    else if (is(w, "autumn") || is(w, "fall")) first = 9;
    else if (is(w, "winter")) first = 12;
    else return 0;
    int y = c->y + which;
    if (first == 12 && c->m <= 2) y--;  /* January's winter began last December */
    long months = (long)y * 12 + first - 1 + 2;
    r->a = month_start(y, first);
    r->b = month_end((int)(months / 12), (int)(months % 12) + 1);
    return 1;
}

/* "four-day", "7-day", "60-day", "two-week": *count and *unit, or 0. */
static int compound_duration(const rword *w, double *count, int *unit) {
    const char *dash = strchr(w->w, '-');
    if (dash == NULL || dash == w->w) return 0;
    char num[RWORD_MAX];
    memcpy(num, w->w, (size_t)(dash - w->w));
    num[dash - w->w] = '\0';
    double v = resolve_number(num);
    char u[RWORD_MAX];
    strcpy(u, dash + 1);
    int un = unit_of(u);
    if (v < 1 || v > 3660 || un == U_NONE || un == U_HOUR) return 0;
    *count = v;
    *unit = un;
    return 1;
}

/* Nouns of arrangements that last a stated time from their start. */
static int is_arrangement(const rword *w) {
    /* In strcmp order, for resolve_in_sorted. */
    static const char *const nouns[] = {
        "ban", "break", "cease-fire", "ceasefire", "curfew", "deadline", "deployment", "extension",
        "freeze", "halt", "lockdown", "lull", "mandate", "mission", "moratorium", "pause", "state",
        "suspension", "tour", "trip", "truce", "visit", "window"};
    return resolve_in_sorted(w->w, nouns, sizeof nouns / sizeof *nouns);
}

static int match_relative(const rword *w, int n, int i, const dctx *c, dres *r) {
    if (i >= n) return 0;
    const rword *t = &w[i];
    const rword *next = i + 1 < n && w[i + 1].gap == ' ' ? &w[i + 1] : NULL;
    const rword *next2 = next && i + 2 < n && w[i + 2].gap == ' ' ? &w[i + 2] : NULL;
    const rword *next3 = next2 && i + 3 < n && w[i + 3].gap == ' ' ? &w[i + 3] : NULL;
    r->b = -1;

    if ((is(t, "last") || is(t, "past") || is(t, "previous")) && next) {
        int wd = weekday_of(next);
        if (wd >= 0) {
            r->a = weekday_date(c, wd, -2);
            r->n = 2;
            return 1;
        }
        if (is(next, "night") || is(next, "evening")) {
            r->a = c->doc - 1;
            r->n = 2;
            return 1;
        }
        if (period(c, next, -1, r) || season(c, next, -1, r)) {
            r->n = 2;
            return 1;
        }
        return 0;
    }
    if ((is(t, "next") || is(t, "coming")) && next) {
        int wd = weekday_of(next);
        if (wd >= 0) {
            r->a = weekday_date(c, wd, 1);
            r->n = 2;
            return 1;
        }
        if (period(c, next, 1, r) || season(c, next, 1, r)) {
            r->n = 2;
            return 1;
        }
        return 0;
    }
    if (is(t, "this") && next) {
        int wd = weekday_of(next);
        if (wd >= 0) {
            r->a = weekday_date(c, wd, c->tense == PARLEY_TENSE_FUTURE ? 1 : -1);
            r->n = 2;
            return 1;
        }
        if (part_of_day(next)) {
            r->a = c->doc;
            r->n = 2;
            return 1;
        }
        if (period(c, next, 0, r) || season(c, next, 0, r)) {
            r->n = 2;
            return 1;
        }
        return 0;
    }
    if ((is(t, "earlier") || is(t, "later")) && next) {
        int earlier = is(t, "earlier");
        if (is(next, "today")) {
            r->a = c->doc;
            r->n = 2;
            return 1;
        }
        if (is(next, "this") && next2) {
            if (part_of_day(next2)) {
                r->a = c->doc;
                r->n = 3;
                return 1;
            }
            if (period(c, next2, 0, r)) {
                if (earlier) r->b = c->doc;
                else r->a = c->doc;
                r->n = 3;
                return 1;
            }
            return 0;
        }
        if (is(next, "in") && next2 && is(next2, "the") && next3 && is(next3, "day")) {
            r->a = c->anchor;
            r->n = 4;
            return 1;
        }
        return 0;
    }
    if ((is(t, "over") || is(t, "during") || is(t, "at")) && next && is(next, "the") && next2 &&
        is(next2, "weekend")) {
        period(c, next2, c->tense == PARLEY_TENSE_FUTURE ? 1 : -1, r);
        if (c->tense != PARLEY_TENSE_FUTURE && weekday(c->doc) >= 5) {
            /* On a weekend "over the weekend" is this one. */
            period(c, next2, 0, r);
            r->b = r->a + 1;
        }
        r->n = 3;
        return 1;
    }
    if (is(t, "the") && next) {
        if ((is(next, "previous") || is(next, "preceding")) && next2 &&
            (is(next2, "day") || part_of_day(next2))) {
            r->a = c->anchor - 1;
            r->n = 3;
            return 1;
        }
        if ((is(next, "next") || is(next, "following")) && next2 && (is(next2, "day") || part_of_day(next2))) {
            r->a = c->anchor + 1;
            r->n = 3;
            return 1;
        }
        if (is(next, "day") && next2 && is(next2, "before")) {
            r->a = c->anchor - 1;
            r->n = 3;
            return 1;
        }
        if ((is(next, "start") || is(next, "beginning") || is(next, "end")) && next2 && is(next2, "of") &&
            next3 && is(next3, "the") && i + 4 < n && w[i + 4].gap == ' ') {
            dres p;
            if (!period(c, &w[i + 4], 0, &p) || is(&w[i + 4], "weekend")) return 0;
            r->a = is(next, "end") ? p.b : p.a;
            r->n = 5;
            return 1;
        }
        if (season(c, next, 0, r)) {
            r->n = 2;
            return 1;
        }
    }
    /* "a four-day truce", "the seven-day pause", "a 60-day ceasefire" */
    {
        int k = i;
        if (is(t, "a") || is(t, "an") || is(t, "the")) k++;
        double count;
        int unit;
        /* Only arrangements that run from a start: "the two-year war" is over. */
        int noun = k + 1;
        if (noun < n && !is_arrangement(&w[noun]) && noun + 1 < n && w[noun + 1].gap == ' ' &&
            is_arrangement(&w[noun + 1]))
            noun++;
        if (k < n && (k == i || w[k].gap == ' ') && compound_duration(&w[k], &count, &unit) && noun < n &&
            w[k + 1].gap == ' ' && is_arrangement(&w[noun])) {
            /* "the seven-day pause that ended on Friday", "a 7-day truce, reached
             * through Qatari mediation, ended on December 1": counted back from
             * its end. */
            int m = noun + 1, ended = -1;
            if (m + 1 < n && (is(&w[m], "that") || is(&w[m], "which")) && (w[m].gap == ' ' || w[m].gap == ','))
                m++;  /* "the seven-day truce, which ended on December 1" */
            else if (m < n && w[m].gap == ',')
                for (int k2 = m + 1; k2 < n && k2 <= m + 24; k2++) {
                    if (w[k2].gap == 'x') break;  /* a clause ends ("; ", ". ") */
                    if (w[k2].gap == ',') {
                        m = k2;  /* the first word after the parenthetical */
                        break;
                    }
                }
            if (m < n && w[m].gap != 'x' && (is(&w[m], "ended") || is(&w[m], "expired")))
                ended = m;
            if (ended >= 0) {
                int d = ended + 1;
                if (d < n && is(&w[d], "on")) d++;
                dctx past = *c;
                past.tense = PARLEY_TENSE_PAST;
                dres end;
                if (d < n && w[d].gap == ' ' && match_core(w, n, d, &past, 1, &end) && end.b < end.a) {
                    /* The end stays an expression of its own ("on Friday"). */
                    r->b = end.a;
                    r->a = add_units(end.a + 1, unit, -(long)count);
                    r->n = noun + 1 - i;
                    return 1;
                }
            }
            r->a = c->anchor;
            r->b = add_units(c->anchor, unit, (long)count) - 1;
            r->n = noun + 1 - i;
            return 1;
        }
    }
    /* "within 60 days", "for one year", "in two weeks" */
    if ((is(t, "within") || is(t, "for") || is(t, "in")) && next && next2) {
        double v = resolve_number(next->w);
        int unit = unit_of(next2->w);
        if (v >= 1 && v <= 10000 && unit != U_NONE) {
            if (is(t, "within")) {
                r->a = c->doc;
                r->b = add_units(c->doc, unit, (long)v);
            } else if (is(t, "for")) {
                if (unit == U_HOUR) return 0;
                r->a = c->anchor;
                r->b = add_units(c->anchor, unit, (long)v);
            } else {
                r->a = add_units(c->doc, unit, (long)v);
            }
            r->n = 3;
            return 1;
        }
    }
    /* "two days ago", "a day after", "12 days after", "six weeks from Sunday", "14 days" */
    {
        double v = resolve_number(t->w);
        int unit = next ? unit_of(next->w) : U_NONE;
        if (v >= 1 && v <= 10000 && unit != U_NONE && unit != U_HOUR) {
            long nv = (long)v;
            if (next2 && is(next2, "ago")) {
                r->a = add_units(c->doc, unit, -nv);
                r->n = 3;
                return 1;
            }
            if (next2 && (is(next2, "after") || is(next2, "earlier"))) {
                r->a = add_units(c->anchor, unit, -nv);
                r->n = 3;
                return 1;
            }
            if (next2 && (is(next2, "before") || is(next2, "later"))) {
                r->a = add_units(c->anchor, unit, nv);
                r->n = 3;
                return 1;
            }
            if (next2 && is(next2, "from")) {
                dctx ahead = *c;
                ahead.tense = PARLEY_TENSE_FUTURE;
                dres p;
                if (match_core(w, n, i + 3, &ahead, 1, &p) && w[i + 3].gap == ' ') {
                    r->a = p.a;
                    r->b = add_units(p.a, unit, nv) - 1;
                    r->n = 3 + p.n;
                    return 1;
                }
                return 0;
            }
            /* A bare length of time: from the anchor on. */
            if (nv >= 2 && next->w[strlen(next->w) - 1] == 's' && t->digit) {
                r->a = c->anchor;
                r->b = add_units(c->anchor, unit, nv);
                r->n = 2;
                return 1;
            }
        }
    }
    return 0;
}

static int match_expression(const rword *w, int n, const dctx *c, dres *r) {
    int i = 0, since = 0, prefixed = 0;
    if ((is(&w[0], "late") || is(&w[0], "early")) && n > 1 && w[1].gap == ' ') i = 1;
    if (i < n && (i == 0 || w[i].gap == ' ')) {
        const rword *p = &w[i];
        if (is(p, "on") || is(p, "in") || is(p, "since") || is(p, "by") || is(p, "until") || is(p, "till") ||
            is(p, "from") || is(p, "during")) {
            /* "in two weeks" and "during the weekend" are whole expressions of their own. */
            dres tmp;
            if (!((is(p, "in") || is(p, "during")) && match_relative(w, n, i, c, &tmp))) {
                since = is(p, "since");
                prefixed = 1;
                i++;
                if (i < n && w[i].gap != ' ') return 0;
            }
        }
    }
    if (i >= n) return 0;
    dres core;
    if (!match_relative(w, n, i, c, &core) && !match_core(w, n, i, c, prefixed, &core)) return 0;
    *r = core;
    r->n = i + core.n;
    if (since && r->a <= c->doc) r->b = c->doc;
    return 1;
}

static int setup(dctx *c, const char *doc_date, const char *anchor, int tense) {
    if (resolve_parse_date(doc_date, &c->doc) != 0) return -1;
    if (anchor == NULL || resolve_parse_date(anchor, &c->anchor) != 0) c->anchor = c->doc;
    int d;
    resolve_civil_from_days(c->doc, &c->y, &c->m, &d);
    c->tense = tense;
    return 0;
}

static void fill(const rword *w, const dres *r, parley_date_value *out) {
    resolve_format_date(r->a, out->date);
    if (r->b > r->a) resolve_format_date(r->b, out->date_end);
    else out->date_end[0] = '\0';
    out->start = w[0].start;
    out->end = w[r->n - 1].end;
}

/* Only words that can begin an expression are worth a closer look. */
static int may_start(const rword *w) {
    /* In strcmp order, for resolve_in_sorted. */
    static const char *const starters[] = {"a", "an", "at", "by", "coming", "during", "earlier", "early", "for", "from", "in", "last", "late", "later", "next", "on", "over", "overnight", "past", "previous", "since", "the", "this", "till", "today", "today's", "tomorrow", "tonight", "until", "within", "yesterday", "yesterday's"};
    if (w->digit) return 1;
    if (w->cap && (month_of(w) || weekday_of(w) >= 0)) return 1;
    return resolve_in_sorted(w->w, starters, sizeof starters / sizeof *starters) || resolve_number(w->w) > 0;
}

int parley_date_find(const char *text, size_t len, const char *doc_date, const char *anchor, int tense,
                     parley_date_value *out) {
    dctx c;
    if (text == NULL || setup(&c, doc_date, anchor, tense) != 0) return 0;
    rword w[DATE_WINDOW];
    size_t pos = 0;
    while (pos < len) {
        rword first;
        if (resolve_lex(text, len, pos, &first, 1) != 1) return 0;
        pos = first.start;
        if (may_start(&first)) {
            int n = resolve_lex(text, len, pos, w, DATE_WINDOW);
            dres r;
            if (n > 0 && match_expression(w, n, &c, &r)) {
                fill(w, &r, out);
                return 1;
            }
        }
        pos = resolve_next_word(text, len, pos);
    }
    return 0;
}

int parley_date_resolve(const char *text, const char *doc_date, int tense, parley_date_value *out) {
    dctx c;
    if (text == NULL || setup(&c, doc_date, NULL, tense) != 0) return 0;
    rword w[DATE_WINDOW];
    size_t len = strlen(text);
    int n = resolve_lex(text, len, 0, w, DATE_WINDOW);
    dres r;
    if (n <= 0 || !match_expression(w, n, &c, &r)) return 0;
    fill(w, &r, out);
    return 1;
}
