/* test_util.c - arena, error record and UD name tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "parley/arena.h"
#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/error.h"
#include "parley/ud.h"

static void test_arena_alignment_and_growth(void **state) {
    (void)state;
    parley_arena *a = parley_arena_new(64);
    assert_non_null(a);
    for (int i = 0; i < 1000; i++) {
        char *p = parley_arena_alloc(a, (size_t)(i % 37) + 1);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        memset(p, 0xab, (size_t)(i % 37) + 1);
    }
    char *big = parley_arena_alloc(a, 1 << 20);
    assert_non_null(big);
    memset(big, 0, 1 << 20);
    assert_true(parley_arena_used(a) >= (1 << 20));
    parley_arena_reset(a);
    assert_int_equal(parley_arena_used(a), 0);
    char *s = parley_arena_strndup(a, "Doha talks", 4);
    assert_string_equal(s, "Doha");
    assert_null(parley_arena_calloc(a, SIZE_MAX / 2, 4));
    parley_arena_free(a);
}

static void test_error_set(void **state) {
    (void)state;
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(err.status, PARLEY_OK);
    parley_status s = parley_error_set(&err, PARLEY_ERR_FORMAT, "in.jsonl", 7, "bad %s", "json");
    assert_int_equal(s, PARLEY_ERR_FORMAT);
    assert_string_equal(err.file, "in.jsonl");
    assert_int_equal(err.line, 7);
    assert_string_equal(err.message, "bad json");
    assert_int_equal(parley_error_set(NULL, PARLEY_ERR_IO, NULL, 0, "x"), PARLEY_ERR_IO);
    assert_string_equal(parley_status_name(PARLEY_ERR_NOMEM), "out of memory");
}

static void test_ud_tables(void **state) {
    (void)state;
    assert_int_equal(parley_upos_from_name("PROPN"), PARLEY_UPOS_PROPN);
    assert_string_equal(parley_upos_name(PARLEY_UPOS_VERB), "VERB");
    assert_int_equal(parley_xpos_from_name("PRP$"), PARLEY_XPOS_PRPS);
    assert_int_equal(parley_xpos_from_name("-LRB-"), PARLEY_XPOS_LRB);
    assert_int_equal(parley_deprel_from_name("nsubj:pass"), PARLEY_DEP_NSUBJ_PASS);
    assert_int_equal(parley_deprel_from_name("obl:tmod"), PARLEY_DEP_OBL);
    assert_int_equal(parley_deprel_from_name("nonsense"), PARLEY_DEP_NONE);
    assert_int_equal(parley_deprel_base(PARLEY_DEP_ACL_RELCL), PARLEY_DEP_ACL);
    assert_int_equal(parley_deprel_base(PARLEY_DEP_OBJ), PARLEY_DEP_OBJ);
    assert_string_equal(parley_deprel_name(999), "_");
    char buf[128];
    uint32_t f = parley_feats_parse("Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin|Foo=Bar");
    parley_feats_format(f, buf, sizeof buf);
    assert_string_equal(buf, "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin");
    parley_feats_format(0, buf, sizeof buf);
    assert_string_equal(buf, "_");
}

static void test_doc_lifecycle(void **state) {
    (void)state;
    parley_doc *doc = parley_doc_new();
    assert_non_null(doc);
    assert_int_equal(parley_doc_set_text(doc, "Qatar mediated.", 15), 0);
    assert_string_equal(doc->text, "Qatar mediated.");
    assert_string_equal(doc->id, "");
    parley_doc_reset(doc);
    assert_null(doc->text);
    assert_non_null(doc->arena);
    parley_doc_free(doc);
}

static void test_buf(void **state) {
    (void)state;
    parley_buf b = PARLEY_BUF_INIT;
    assert_int_equal(parley_buf_puts(&b, "a"), 0);
    for (int i = 0; i < 1000; i++) assert_int_equal(parley_buf_printf(&b, "%d,", i), 0);
    assert_int_equal(b.len, strlen(b.data));
    parley_buf_clear(&b);
    assert_int_equal(parley_buf_json_escape(&b, "say \"hi\"\n\x01!", 11), 0);
    assert_string_equal(b.data, "say \\\"hi\\\"\\n\\u0001!");
    parley_buf_clear(&b);
    char big[600];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(parley_buf_printf(&b, "<%s>", big), 0);
    assert_int_equal(b.len, 601);
    parley_buf_free(&b);
    assert_null(b.data);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_alignment_and_growth),
        cmocka_unit_test(test_error_set),
        cmocka_unit_test(test_ud_tables),
        cmocka_unit_test(test_doc_lifecycle),
        cmocka_unit_test(test_buf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
