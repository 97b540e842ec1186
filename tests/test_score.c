/* test_score.c - event scoring: multiset matching and the confusion table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "parley/evaluate.h"

static parley_eval_event ev(const char *s, const char *t, const char *c) {
    parley_eval_event e;
    memset(&e, 0, sizeof e);
    strcpy(e.source, s);
    strcpy(e.target, t);
    strcpy(e.cameo, c);
    return e;
}

static void test_exact_and_partial(void **state) {
    (void)state;
    parley_event_scores s;
    memset(&s, 0, sizeof s);
    parley_eval_event gold[2] = {ev("QATGOV", "USAGOV", "040"), ev("EGY", "ISR", "043")};
    parley_eval_event pred[2] = {ev("QATGOV", "USAGOV", "042"), ev("EGY", "ISR", "043")};
    parley_event_scores_add(&s, gold, 2, pred, 2);
    assert_int_equal(s.full.tp, 1);
    assert_int_equal(s.full.fp, 1);
    assert_int_equal(s.full.fn, 1);
    assert_int_equal(s.root.tp, 2);  /* 040 and 042 share root 04 */
    assert_int_equal(s.dyad.tp, 2);
    assert_int_equal(s.confusion[4][4], 2);
    assert_true(parley_eval_f1(&s.full) > 0.49 && parley_eval_f1(&s.full) < 0.51);
}

static void test_multiset_and_none(void **state) {
    (void)state;
    parley_event_scores s;
    memset(&s, 0, sizeof s);
    parley_eval_event gold[2] = {ev("ISRMIL", "PSEREB", "190"), ev("ISRMIL", "PSEREB", "190")};
    parley_eval_event pred[1] = {ev("ISRMIL", "PSEREB", "190")};
    parley_event_scores_add(&s, gold, 2, pred, 1);
    assert_int_equal(s.full.tp, 1);
    assert_int_equal(s.full.fn, 1);
    assert_int_equal(s.confusion[19][0], 1);
    parley_eval_event spurious[1] = {ev("USA", "", "010")};
    parley_event_scores_add(&s, NULL, 0, spurious, 1);
    assert_int_equal(s.full.fp, 1);
    assert_int_equal(s.confusion[0][1], 1);
    assert_int_equal(s.items, 2);
    parley_eval_counts empty = {0, 0, 0};
    assert_true(parley_eval_f1(&empty) == 0.0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_and_partial),
        cmocka_unit_test(test_multiset_and_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
