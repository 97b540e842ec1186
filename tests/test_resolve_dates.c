/* test_resolve_dates.c - every date form parley resolves, against fixed
 * document dates: explicit dates with and without a year, weekdays in both
 * directions, relative days, weeks, months and years, intervals, anchored
 * expressions and year rollover. The expected dates were worked out by hand
 * from a calendar. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "parley/resolve.h"

/* Resolves text in a document of doc_date; checks the expression found, its date and end. */
static void check_full(const char *text, const char *doc_date, const char *anchor, int tense, const char *expr,
                       const char *date, const char *date_end) {
    parley_date_value v;
    int found = parley_date_find(text, strlen(text), doc_date, anchor, tense, &v);
    if (!found) fail_msg("no date in \"%s\"", text);
    char got[128];
    snprintf(got, sizeof got, "%.*s", (int)(v.end - v.start), text + v.start);
    if (strcmp(got, expr) != 0) fail_msg("\"%s\": expression \"%s\", expected \"%s\"", text, got, expr);
    if (strcmp(v.date, date) != 0) fail_msg("\"%s\" on %s: date %s, expected %s", text, doc_date, v.date, date);
    if (strcmp(v.date_end, date_end) != 0)
        fail_msg("\"%s\" on %s: end \"%s\", expected \"%s\"", text, doc_date, v.date_end, date_end);
}

static void check(const char *text, const char *doc_date, const char *expr, const char *date, const char *date_end) {
    check_full(text, doc_date, NULL, PARLEY_TENSE_UNKNOWN, expr, date, date_end);
}

static void check_none(const char *text) {
    parley_date_value v;
    if (parley_date_find(text, strlen(text), "2023-12-05", NULL, PARLEY_TENSE_UNKNOWN, &v))
        fail_msg("\"%s\": found \"%.*s\"", text, (int)(v.end - v.start), text + v.start);
}

static void test_explicit(void **state) {
    (void)state;
    /* 2023-12-05 is a Tuesday. */
    check("The talks ended on December 1 in Doha.", "2023-12-05", "on December 1", "2023-12-01", "");
    check("They met Dec. 1 to discuss it.", "2023-12-05", "Dec. 1", "2023-12-01", "");
    check("signed on 1 December 2023 by both", "2023-12-05", "on 1 December 2023", "2023-12-01", "");
    check("dated 2023-12-01.", "2023-12-05", "2023-12-01", "2023-12-01", "");
    check("On December 1, 2022, the army", "2023-12-05", "On December 1, 2022", "2022-12-01", "");
    check("the vote on Sept 3", "2023-12-05", "on Sept 3", "2023-09-03", "");
}

static void test_month_day_year_choice(void **state) {
    (void)state;
    /* No year: the nearest to the document date in the clause's direction. */
    check("on January 3", "2023-12-30", "on January 3", "2024-01-03", "");
    check_full("they met on December 28", "2024-01-02", NULL, PARLEY_TENSE_PAST, "on December 28", "2023-12-28", "");
    check_full("will meet on December 28", "2024-01-02", NULL, PARLEY_TENSE_FUTURE, "on December 28", "2024-12-28",
               "");
    check_full("will take effect on January 19", "2025-01-15", NULL, PARLEY_TENSE_FUTURE, "on January 19",
               "2025-01-19", "");
    check("the fighting began on April 15", "2023-05-22", "on April 15", "2023-04-15", "");
    /* February 29 exists only in leap years. */
    check("on February 29", "2024-03-10", "on February 29", "2024-02-29", "");
}

static void test_weekdays(void **state) {
    (void)state;
    /* 2023-11-24 is a Friday: the same weekday is that day; others lie behind. */
    check("released 13 hostages on Friday", "2023-11-24", "on Friday", "2023-11-24", "");
    check("agreed on Wednesday", "2023-11-25", "on Wednesday", "2023-11-22", "");
    check("late on Wednesday", "2022-09-22", "late on Wednesday", "2022-09-21", "");
    check("on Monday night", "2023-05-22", "on Monday night", "2023-05-22", "");
    check("on Tuesday afternoon", "2010-11-24", "on Tuesday afternoon", "2010-11-23", "");
    check("Saturday", "2024-02-20", "Saturday", "2024-02-17", "");
    check("Friday's attack", "2023-12-05", "Friday's", "2023-12-01", "");
    /* Future clauses look ahead; "next" and "last" are strict. */
    check_full("will meet on Monday", "2023-12-05", NULL, PARLEY_TENSE_FUTURE, "on Monday", "2023-12-11", "");
    check_full("will meet on Tuesday", "2023-12-05", NULL, PARLEY_TENSE_FUTURE, "on Tuesday", "2023-12-12", "");
    check("next Tuesday", "2023-12-05", "next Tuesday", "2023-12-12", "");
    check("next Friday", "2023-12-05", "next Friday", "2023-12-08", "");
    check("last Tuesday", "2023-12-05", "last Tuesday", "2023-11-28", "");
    /* Year rollover backwards and forwards. */
    check("on Sunday", "2024-01-02", "on Sunday", "2023-12-31", "");
    check("next Monday", "2023-12-29", "next Monday", "2024-01-01", "");
}

static void test_relative_days(void **state) {
    (void)state;
    check("yesterday", "2024-01-01", "yesterday", "2023-12-31", "");
    check("today", "2023-12-05", "today", "2023-12-05", "");
    check("tomorrow", "2023-12-31", "tomorrow", "2024-01-01", "");
    check("struck overnight", "2024-09-28", "overnight", "2024-09-27", "");
    check("two days ago", "2014-04-16", "two days ago", "2014-04-14", "");
    check("a week ago", "2024-03-03", "a week ago", "2024-02-25", "");
    check("earlier this morning", "2024-11-27", "earlier this morning", "2024-11-27", "");
    check("last night", "2023-03-01", "last night", "2023-02-28", "");
}

static void test_periods(void **state) {
    (void)state;
    /* Weeks run Monday to Sunday. 2024-02-20 is a Tuesday. */
    check("last week", "2024-02-20", "last week", "2024-02-12", "2024-02-18");
    check("last week", "2023-11-09", "last week", "2023-10-30", "2023-11-05");
    check("this week", "2024-02-20", "this week", "2024-02-19", "2024-02-25");
    /* On a Sunday "this week" is the coming one. */
    check("this week", "2024-03-10", "this week", "2024-03-11", "2024-03-17");
    check("next week", "2024-12-30", "next week", "2025-01-06", "2025-01-12");
    check("last month", "2021-03-28", "last month", "2021-02-01", "2021-02-28");
    check("last month", "2024-01-15", "last month", "2023-12-01", "2023-12-31");
    check("earlier this month", "2024-02-20", "earlier this month", "2024-02-01", "2024-02-20");
    check("later this month", "2024-02-20", "later this month", "2024-02-20", "2024-02-29");
    check("this year", "2018-04-27", "this year", "2018-01-01", "2018-12-31");
    check("last year", "2018-04-27", "last year", "2017-01-01", "2017-12-31");
    check("in 2022", "2024-05-01", "in 2022", "2022-01-01", "2022-12-31");
    check_full("in March", "2024-05-01", NULL, PARLEY_TENSE_PAST, "in March", "2024-03-01", "2024-03-31");
    check_full("in March", "2024-05-01", NULL, PARLEY_TENSE_FUTURE, "in March", "2025-03-01", "2025-03-31");
    check("over the weekend", "2025-01-27", "over the weekend", "2025-01-25", "2025-01-26");
    check("in the autumn", "2018-04-27", "in the autumn", "2018-09-01", "2018-11-30");
    check("in the winter", "2018-10-27", "in the winter", "2018-12-01", "2019-02-28");
}

static void test_since(void **state) {
    (void)state;
    check("held since October 7", "2023-11-25", "since October 7", "2023-10-07", "2023-11-25");
    check("since Saturday", "2023-10-13", "since Saturday", "2023-10-07", "2023-10-13");
    check("since the start of the year", "2025-01-27", "since the start of the year", "2025-01-01", "2025-01-27");
    check("since last month", "2024-03-10", "since last month", "2024-02-01", "2024-03-10");
}

static void test_durations_and_anchors(void **state) {
    (void)state;
    /* An N-day truce covers N days from its anchor. */
    check_full("a four-day truce", "2023-11-24", "2023-11-24", PARLEY_TENSE_UNKNOWN, "a four-day truce",
               "2023-11-24", "2023-11-27");
    check_full("a 7-day truce", "2023-12-05", "2023-11-24", PARLEY_TENSE_UNKNOWN, "a 7-day truce", "2023-11-24",
               "2023-11-30");
    check("within 60 days", "2024-11-27", "within 60 days", "2024-11-27", "2025-01-26");
    check("within 24 hours", "2023-10-13", "within 24 hours", "2023-10-13", "2023-10-14");
    check_full("for one year", "2021-02-02", "2021-02-01", PARLEY_TENSE_UNKNOWN, "for one year", "2021-02-01",
               "2022-02-01");
    check_full("lasting 14 days", "2017-06-05", "2017-06-05", PARLEY_TENSE_UNKNOWN, "14 days", "2017-06-05",
               "2017-06-19");
    check_full("12 days after the attack", "2023-11-09", "2023-11-09", PARLEY_TENSE_UNKNOWN, "12 days after",
               "2023-10-28", "");
    check_full("the previous evening", "2024-09-28", "2024-09-28", PARLEY_TENSE_UNKNOWN, "the previous evening",
               "2024-09-27", "");
    check_full("earlier in the day", "2023-07-27", "2023-07-26", PARLEY_TENSE_UNKNOWN, "earlier in the day",
               "2023-07-26", "");
    /* Counted back from a stated end, whatever the anchor. */
    check_full("during the seven-day pause that ended on Friday.", "2023-12-05", "2023-12-04", PARLEY_TENSE_UNKNOWN,
               "during the seven-day pause", "2023-11-25", "2023-12-01");
    check("the truce that ended on December 1", "2023-12-05", "on December 1", "2023-12-01", "");
    /* the end after a parenthetical, or right after the noun; never across a clause */
    check_full("A 7-day humanitarian truce, reached through Qatari mediation with Egyptian and American "
               "support, ended on December 1; prisoners were exchanged.",
               "2023-12-04", "2023-12-03", PARLEY_TENSE_UNKNOWN, "A 7-day humanitarian truce", "2023-11-25",
               "2023-12-01");
    check_full("during the seven-day truce, which ended on December 1.", "2023-12-04", "2023-12-03",
               PARLEY_TENSE_UNKNOWN, "during the seven-day truce", "2023-11-25", "2023-12-01");
    check_full("The four-day truce ended on Tuesday.", "2023-11-30", NULL, PARLEY_TENSE_UNKNOWN,
               "The four-day truce", "2023-11-25", "2023-11-28");
    check_full("A four-day truce, which Qatar brokered; it ended on Tuesday.", "2023-11-30", NULL,
               PARLEY_TENSE_UNKNOWN, "A four-day truce", "2023-11-30", "2023-12-03");
    check_full("a four-day humanitarian pause", "2023-11-24", NULL, PARLEY_TENSE_UNKNOWN,
               "a four-day humanitarian pause", "2023-11-24", "2023-11-27");
    check("six weeks from Sunday", "2025-01-15", "six weeks from Sunday", "2025-01-19", "2025-03-01");
    /* Without an anchor the document date is one. */
    check("the following day", "2023-12-31", "the following day", "2024-01-01", "");
}

static void test_not_dates(void **state) {
    (void)state;
    check_none("The talks may resume soon.");
    check_none("Protesters will march to the square.");
    check_none("He said 2,000 people were there.");
    check_none("in the town of Zvecan");
    check_none("");
    check_none("on the first day of talks");
    check_none("ending the two-year war.");
    parley_date_value v;
    /* A malformed document date resolves nothing. */
    assert_int_equal(parley_date_find("on Friday", 9, "2023-13-01", NULL, 0, &v), 0);
    assert_int_equal(parley_date_find("on Friday", 9, "", NULL, 0, &v), 0);
    assert_int_equal(parley_date_resolve("yesterday", "2024-03-01", 0, &v), 1);
    assert_string_equal(v.date, "2024-02-29");
    assert_int_equal(parley_date_resolve("  the talks", "2024-03-01", 0, &v), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_explicit),
        cmocka_unit_test(test_month_day_year_choice),
        cmocka_unit_test(test_weekdays),
        cmocka_unit_test(test_relative_days),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_since),
        cmocka_unit_test(test_durations_and_anchors),
        cmocka_unit_test(test_not_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
