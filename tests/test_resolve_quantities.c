/* test_resolve_quantities.c - counted amounts: digits, words, multipliers,
 * vague amounts with their conventional values, hedges (approximate) and
 * "at least" (exact), units, and the kind guessed from the words around. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "parley/resolve.h"

static void check(const char *text, const char *expr, const char *kind, double value, const char *unit,
                  int approximate) {
    parley_quantity_value q;
    if (!parley_quantity_find(text, strlen(text), &q)) fail_msg("no quantity in \"%s\"", text);
    char got[160];
    snprintf(got, sizeof got, "%.*s", (int)(q.end - q.start), text + q.start);
    if (strcmp(got, expr) != 0) fail_msg("\"%s\": found \"%s\", expected \"%s\"", text, got, expr);
    if (strcmp(q.kind, kind) != 0) fail_msg("\"%s\": kind %s, expected %s", text, q.kind, kind);
    if (q.value != value) fail_msg("\"%s\": value %g, expected %g", text, q.value, value);
    if (strcmp(q.unit, unit) != 0) fail_msg("\"%s\": unit %s, expected %s", text, q.unit, unit);
    if (q.approximate != approximate) fail_msg("\"%s\": approximate %d", text, q.approximate);
}

static void check_none(const char *text) {
    parley_quantity_value q;
    if (parley_quantity_find(text, strlen(text), &q))
        fail_msg("\"%s\": found \"%.*s\"", text, (int)(q.end - q.start), text + q.start);
}

static void test_digits_and_words(void **state) {
    (void)state;
    check("Hamas released 13 Israeli hostages on Friday", "13 Israeli hostages", "released", 13, "people", 0);
    check("Israel freed 39 Palestinian prisoners hours later", "39 Palestinian prisoners", "released", 39, "people", 0);
    check("Thirteen Israelis held in Gaza since October 7 were freed", "Thirteen Israelis", "released", 13, "people", 0);
    check("killing two marines and", "two marines", "killed", 2, "people", 0);
    check("The Gaza health ministry said 1,537 people had been killed", "1,537 people", "killed", 1537, "people", 0);
    check("2.3 million people in the Strip face acute hunger", "2.3 million people", "in_need", 2300000, "people", 0);
    check("Defence Minister Sergei Shoigu said 300,000 reservists would be called up", "300,000 reservists",
          "mobilised", 300000, "people", 0);
}

static void test_hedges(void **state) {
    (void)state;
    check("At least 12 people were killed", "At least 12 people", "killed", 12, "people", 0);
    check("police detained more than 1,300 people at protests", "more than 1,300 people", "detained", 1300, "people", 1);
    check("About 200 trucks carrying aid entered the Strip", "About 200 trucks", "trucks", 200, "trucks", 1);
    check("Russia and Ukraine swapped nearly 300 prisoners", "nearly 300 prisoners", "exchanged", 300, "people", 1);
    check("some 1,500 people were displaced", "some 1,500 people", "displaced", 1500, "people", 1);
}

static void test_vague(void **state) {
    (void)state;
    check("Tens of thousands of people fled toward Hasaka", "Tens of thousands of people", "displaced", 10000,
          "people", 1);
    check("artillery fired dozens of shells at the island", "dozens of shells", "munitions", 24, "shells", 1);
    check("Hundreds of Congolese soldiers surrendered", "Hundreds of Congolese soldiers", "surrendered", 200,
          "people", 1);
    check("Thousands of residents fled overnight", "Thousands of residents", "displaced", 1000, "people", 1);
    check("12 people were killed and dozens wounded", "12 people", "killed", 12, "people", 0);
}

static void test_units_and_partitives(void **state) {
    (void)state;
    check("a convoy carrying 600 tonnes of food crossed", "600 tonnes of food", "tonnes", 600, "tonnes", 0);
    check("aircraft air-dropped 11,500 meals over Gaza", "11,500 meals", "aid", 11500, "meals", 0);
    check("the Chinese seized seven rifles", "seven rifles", "seized", 7, "rifles", 0);
    check("with 50.2 percent voting no", "50.2 percent", "vote_share", 50.2, "percent", 0);
    check("to cut its stockpile by 98%", "98%", "reduction", 98, "percent", 0);
    check("injuring 30 of them, the force said", "30 of them", "wounded", 30, "people", 0);
    check("In return Kyiv handed over 55 Russians and", "55 Russians", "released", 55, "people", 0);
    check("detained two of the drivers Saturday", "two of the drivers", "detained", 2, "people", 0);
}

static void test_not_quantities(void **state) {
    (void)state;
    check_none("The talks began in 2023 in Doha.");
    check_none("He met 3 ministers.");        /* no kind of event to count */
    check_none("on December 1 the army");
    check_none("");
    check_none("Police detained protesters in dozens of cities.");
    check_none("a b c d e f g h i j k l m n o p q r s t u v w x y z 1 2 3");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digits_and_words),
        cmocka_unit_test(test_hedges),
        cmocka_unit_test(test_vague),
        cmocka_unit_test(test_units_and_partitives),
        cmocka_unit_test(test_not_quantities),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
