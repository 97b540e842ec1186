/* test_io.c - the reader (JSON Lines, plain text, format detection, every
 * kind of bad record), date validation and the CoNLL-U writer (src/io). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/io_internal.h"
#include "parley/io.h"
#include "parley/text.h"
#include "parley/ud.h"

static parley_reader *open_mem(const char *name, const char *data, parley_input_format fmt, size_t max_line) {
    parley_reader_options o = {fmt, max_line, NULL};
    parley_reader *r = NULL;
    parley_error err;
    assert_int_equal(parley_reader_open_memory(&r, name, data, strlen(data), &o, &err), PARLEY_OK);
    return r;
}

static void test_jsonl_fields(void **state) {
    (void)state;
    const char *in = "{\"id\":\"a\",\"date\":\"2024-03-05T10:00:00Z\",\"source\":\"wire\",\"url\":\"http://x\","
                     "\"title\":\"T\",\"text\":\"Talks began.\"}\r\n"
                     "\n   \n"
                     "{\"id\":7,\"text\":\"Second.\"}\n"
                     "{\"text\":\"No id, no date.\"}";
    parley_reader *r = open_mem("in.jsonl", in, PARLEY_FORMAT_AUTO, 0);
    parley_doc *doc = parley_doc_new();
    parley_error err;
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->id, "a");
    assert_string_equal(doc->date, "2024-03-05");
    assert_string_equal(doc->datetime, "2024-03-05T10:00:00Z");
    assert_string_equal(doc->source, "wire");
    assert_string_equal(doc->url, "http://x");
    assert_string_equal(doc->title, "T");
    assert_string_equal(doc->text, "Talks began.");
    assert_int_equal(doc->text_len, 12);
    assert_string_equal(doc->origin_file, "in.jsonl");
    assert_int_equal(doc->origin_line, 1);
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->id, "7");
    assert_int_equal(doc->origin_line, 4);
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->id, "in.jsonl:5");
    assert_string_equal(doc->date, "");
    assert_string_equal(doc->source, "");
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_EOF);
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_EOF);
    parley_reader_close(r);
    parley_doc_free(doc);
}

typedef struct bad_case {
    const char *line;
    const char *reason;  /* a substring of the message */
} bad_case;

static void test_bad_records_are_skipped_with_reasons(void **state) {
    (void)state;
    static const bad_case cases[] = {
        {"{\"text\":\"caf\xE9\"}", "invalid UTF-8 at byte offset 12"},
        {"{\"text\":\"\xED\xA0\x80\"}", "invalid UTF-8 at byte offset 9"},  /* a surrogate */
        {"{\"text\":\"x\"", "invalid JSON: "},
        {"[1,2]", "not a JSON object"},
        {"{\"id\":\"x\"}", "missing \"text\""},
        {"{\"text\":null}", "\"text\" is not a string"},
        {"{\"text\":\"a\",\"date\":\"2023-02-29\"}", "bad \"date\" '2023-02-29'"},
        {"{\"text\":\"a\",\"date\":\"March 5\"}", "bad \"date\""},
        {"{\"text\":\"a\",\"date\":20240305}", "bad \"date\" a non-string value"},
        {"{\"text\":\" \\n\\t\\u00a0\"}", "empty text"},
        {"{\"text\":\"a\",\"title\":[]}", "\"title\" is not a string"},
        {"{\"text\":\"a\",\"text\":\"b\"}", "invalid JSON: duplicate"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[512];
        snprintf(buf, sizeof buf, "{\"text\":\"good\"}\n%s\n{\"text\":\"after\"}\n", cases[i].line);
        parley_reader *r = open_mem("bad.jsonl", buf, PARLEY_FORMAT_JSONL, 0);
        parley_doc *doc = parley_doc_new();
        parley_error err;
        assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_OK);
        parley_status st = parley_reader_next(r, doc, &err);
        if (st != PARLEY_SKIP || strstr(err.message, cases[i].reason) == NULL)
            print_error("case %zu: status %d, message '%s', want '%s'\n", i, st, err.message, cases[i].reason);
        assert_int_equal(st, PARLEY_SKIP);
        assert_non_null(strstr(err.message, cases[i].reason));
        assert_string_equal(err.file, "bad.jsonl");
        assert_int_equal(err.line, 2);
        assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_OK);
        assert_string_equal(doc->text, "after");
        assert_int_equal(doc->origin_line, 3);
        parley_reader_close(r);
        parley_doc_free(doc);
    }
}

static void test_nul_byte_and_long_line(void **state) {
    (void)state;
    static const char in[] = "{\"text\":\"a\0b\"}\n{\"text\":\"ok\"}\n";
    parley_reader_options o = {PARLEY_FORMAT_JSONL, 0, NULL};
    parley_reader *r;
    parley_error err;
    assert_int_equal(parley_reader_open_memory(&r, "nul", in, sizeof in - 1, &o, &err), PARLEY_OK);
    parley_doc *doc = parley_doc_new();
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_SKIP);
    assert_string_equal(err.message, "NUL byte at byte offset 10");
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_OK);
    parley_reader_close(r);

    /* a 1 MB line with a 1 KB limit: skipped with its length, the next line is read */
    size_t big = 1 << 20;
    char *data = malloc(big + 64);
    memset(data, 'x', big);
    memcpy(data, "{\"text\":\"", 9); // NOLINT(bugprone-not-null-terminated-result): a prefix; the string goes on
    strcpy(data + big, "\"}\n{\"text\":\"next\"}\n");
    r = open_mem("big.jsonl", data, PARLEY_FORMAT_JSONL, 1024);
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_SKIP);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.message, "over the limit of 1024 bytes"));
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->text, "next");
    assert_int_equal(doc->origin_line, 2);
    parley_reader_close(r);
    free(data);
    parley_doc_free(doc);
}

static void test_plain_text_and_detection(void **state) {
    (void)state;
    parley_reader_options o = {PARLEY_FORMAT_AUTO, 0, "2024-01-31"};
    parley_reader *r;
    parley_error err;
    const char *text = "  Qatar said {braces} are fine.\n";
    assert_int_equal(parley_reader_open_memory(&r, "dir/note.txt", text, strlen(text), &o, &err), PARLEY_OK);
    parley_doc *doc = parley_doc_new();
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->id, "note.txt");
    assert_string_equal(doc->date, "2024-01-31");
    assert_string_equal(doc->text, text);
    assert_int_equal(doc->origin_line, 0);
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_EOF);
    parley_reader_close(r);

    /* a leading '{' means JSON Lines even without the extension; the default date fills in */
    const char *json = "\n  {\"text\":\"x\"}\n";
    assert_int_equal(parley_reader_open_memory(&r, "stream", json, strlen(json), &o, &err), PARLEY_OK);
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->text, "x");
    assert_string_equal(doc->date, "2024-01-31");
    parley_reader_close(r);

    /* forced text format on JSON input: one document */
    r = open_mem("x.jsonl", json, PARLEY_FORMAT_TEXT, 0);
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->text, json);
    parley_reader_close(r);

    /* without a default date, a text file named by its date takes it; a name that is no real
     * date, or whose date runs on into digits, gives none; a default date wins over the name */
    r = open_mem("texts/2013-11-24-geneva.txt", "Iran agreed.", PARLEY_FORMAT_TEXT, 0);
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->date, "2013-11-24");
    parley_reader_close(r);
    r = open_mem("2013-02-30-x.txt", "Iran agreed.", PARLEY_FORMAT_TEXT, 0);
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->date, "");
    parley_reader_close(r);
    r = open_mem("2013-11-241.txt", "Iran agreed.", PARLEY_FORMAT_TEXT, 0);
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->date, "");
    parley_reader_close(r);
    assert_int_equal(parley_reader_open_memory(&r, "2013-11-24.txt", "Iran agreed.", 12, &o, &err), PARLEY_OK);
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->date, "2024-01-31");
    parley_reader_close(r);

    r = open_mem("blank.txt", " \n ", PARLEY_FORMAT_TEXT, 0);
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_SKIP);
    assert_string_equal(err.message, "empty text");
    parley_reader_close(r);

    o.default_date = "2024-02-30";
    assert_int_equal(parley_reader_open_memory(&r, "x", "a", 1, &o, &err), PARLEY_ERR_ARG);
    assert_null(r);
    parley_doc_free(doc);
}

static void test_reader_on_files(void **state) {
    (void)state;
    parley_reader *r;
    parley_error err;
    assert_int_equal(parley_reader_open(&r, PARLEY_SRC_DIR "/tests/data/segment_good.jsonl", NULL, &err), PARLEY_OK);
    parley_doc *doc = parley_doc_new();
    int n = 0;
    while (parley_reader_next(r, doc, &err) == PARLEY_OK) n++;
    assert_int_equal(n, 2);
    parley_reader_close(r);
    assert_int_equal(parley_reader_open(&r, PARLEY_SRC_DIR "/tests/data/no-such-file.jsonl", NULL, &err), PARLEY_ERR_IO);
    assert_non_null(strstr(err.message, "cannot open"));
    parley_doc_free(doc);
}

static void test_dates(void **state) {
    (void)state;
    char d[11];
    assert_true(parley_date_parse("2024-02-29", 10, d));
    assert_string_equal(d, "2024-02-29");
    assert_true(parley_date_parse("2000-02-29", 10, NULL));
    assert_false(parley_date_parse("1900-02-29", 10, NULL));
    assert_false(parley_date_parse("2023-02-29", 10, NULL));
    assert_false(parley_date_parse("2024-04-31", 10, NULL));
    assert_false(parley_date_parse("2024-13-01", 10, NULL));
    assert_false(parley_date_parse("2024-00-10", 10, NULL));
    assert_false(parley_date_parse("2024-1-10", 9, NULL));
    assert_true(parley_date_parse("2024-12-31T23:59:59+03:00", 25, d));
    assert_string_equal(d, "2024-12-31");
    assert_true(parley_date_parse("2024-12-31 08:00", 16, NULL));
    assert_false(parley_date_parse("2024-12-31X", 11, NULL));
    assert_false(parley_date_parse("2024-12-31T", 11, NULL));
}

static void test_conllu_writer(void **state) {
    (void)state;
    parley_doc *doc = parley_doc_new();
    const char *text = "Qatar didn't\nagree.";
    assert_int_equal(parley_doc_set_text(doc, text, strlen(text)), 0);
    doc->id = "d1";
    parley_error err;
    assert_int_equal(parley_text_segment(doc, &err), PARLEY_OK);
    parley_buf out = PARLEY_BUF_INIT;
    assert_int_equal(parley_conllu_write_doc(doc, &out, PARLEY_CONLLU_NEWDOC | PARLEY_CONLLU_TEXT), 0);
    assert_string_equal(out.data, "# newdoc id = d1\n"
                                  "# sent_id = d1-1\n"
                                  "# text = Qatar didn't agree.\n"
                                  "1\tQatar\t_\t_\t_\t_\t_\t_\t_\t_\n"
                                  "2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
                                  "2\tdid\t_\t_\t_\t_\t_\t_\t_\t_\n"
                                  "3\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
                                  "4\tagree\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n"
                                  "5\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n");
    /* what the tagger and parser add is written too */
    doc->tokens[0].lemma = "Qatar";
    doc->tokens[0].upos = PARLEY_UPOS_PROPN;
    doc->tokens[0].xpos = PARLEY_XPOS_NNP;
    doc->tokens[0].head = 4;
    doc->tokens[0].deprel = PARLEY_DEP_NSUBJ;
    parley_buf_clear(&out);
    assert_int_equal(parley_conllu_write_doc(doc, &out, 0), 0);
    assert_non_null(strstr(out.data, "# sent_id = d1-1\n1\tQatar\tQatar\tPROPN\tNNP\t_\t4\tnsubj\t_\t_\n"));
    assert_null(strstr(out.data, "# text"));
    parley_buf_free(&out);
    parley_doc_free(doc);
}

/* The fast flat-object parser must give what jansson gives, or step aside. */
static void test_fast_json_path_matches_jansson(void **state) {
    (void)state;
    static const struct {
        const char *json;
        int fast;  /* whether the fast path takes it */
    } cases[] = {
        {"{\"id\":\"a\",\"date\":\"2024-03-05\",\"title\":\"t\",\"text\":\"Talks.\"}", 1},
        {"  { \"text\" : \"tab\\there \\\"q\\\" \\/ \\u00e9\\ud83d\\ude00\" , \"n\": null, \"b\": true }  ", 1},
        {"{\"id\":-0,\"text\":\"a\"}", 1},
        {"{\"id\":123456789012345678,\"text\":\"a\"}", 1},
        {"{\"text\":\"a\",\"url\":5}", 1},
        {"{\"text\":\"a\",\"date\":false}", 1},
        {"{\"text\":\"a\",\"date\":\"2023-02-29\"}", 1},
        {"{\"text\":\"  \"}", 1},
        {"{}", 1},
        {"{\"text\":null}", 1},
        {"{\"id\":1.5,\"text\":\"a\"}", 0},
        {"{\"id\":12345678901234567890,\"text\":\"a\"}", 0},
        {"{\"text\":\"a\",\"a\":1,\"a\":2}", 0},
        {"{\"text\":\"\\ud800\"}", 0},
        {"{\"text\":\"\\u0000\"}", 0},
        {"{\"text\":\"a\",\"x\":[1,{\"y\":2}]}", 0},
        {"{\"te\\u0078t\":\"a\"}", 0},
        {"{\"text\":\"a\"} x", 0},
        {"{\"text\":\"a\",}", 0},
        {"{\"id\":01,\"text\":\"a\"}", 0},
        {"{\"text\":\"line\nbreak\"}", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *json = cases[i].json;
        size_t len = strlen(json);
        parley_doc *a = parley_doc_new(), *b = parley_doc_new();
        io_field f[IO_F_COUNT];
        int fast = io_json_parse_flat(json, len, a->arena, f);
        if (fast != cases[i].fast) print_error("case %zu (%s): fast path %d\n", i, json, fast);
        assert_int_equal(fast, cases[i].fast);
        parley_error ea, eb;
        parley_error_clear(&ea);
        parley_error_clear(&eb);
        parley_status sa = fast ? io_doc_from_fields(a, f, "f", 3, &ea) : parley_doc_from_json(a, json, len, "f", 3, &ea);
        parley_status sb = io_doc_from_json_jansson(b, json, len, "f", 3, &eb);
        assert_int_equal(sa, sb);
        assert_string_equal(ea.message, eb.message);
        if (sa == PARLEY_OK) {
            assert_int_equal(a->text_len, b->text_len);
            assert_memory_equal(a->text, b->text, a->text_len);
            assert_string_equal(a->id, b->id);
            assert_string_equal(a->date, b->date);
            assert_string_equal(a->url, b->url);
            assert_string_equal(a->title, b->title);
        }
        parley_doc_free(a);
        parley_doc_free(b);
    }
}

/* The UTF-8 check reads 16 and 8 bytes at a time: at every length around those blocks it must
   read nothing past the buffer (the sanitizers watch an exact-size allocation) and still find a
   bad byte in the last position or a sequence cut by the end. */
static void test_utf8_check_block_edges(void **state) {
    (void)state;
    for (size_t n = 1; n <= 40; n++) {
        char *b = malloc(n);
        assert_non_null(b);
        memset(b, 'a', n);
        assert_true(io_utf8_check(b, n) == (size_t)-1);
        b[n - 1] = (char)0xFF;
        assert_int_equal(io_utf8_check(b, n), n - 1);
        b[n - 1] = (char)0xC3;  /* the first byte of a two-byte sequence, cut by the end */
        assert_int_equal(io_utf8_check(b, n), n - 1);
        if (n >= 2) {
            b[n - 2] = (char)0xC3;
            b[n - 1] = (char)0xA9;  /* e-acute, complete */
            assert_true(io_utf8_check(b, n) == (size_t)-1);
        }
        free(b);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl_fields),
        cmocka_unit_test(test_bad_records_are_skipped_with_reasons),
        cmocka_unit_test(test_nul_byte_and_long_line),
        cmocka_unit_test(test_plain_text_and_detection),
        cmocka_unit_test(test_reader_on_files),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_conllu_writer),
        cmocka_unit_test(test_fast_json_path_matches_jansson),
        cmocka_unit_test(test_utf8_check_block_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
