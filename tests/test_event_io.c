/* test_event_io.c - JSONL round trip, reader errors, event ids, CSV quoting
 * and the GDELT TSV layout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/event_json_internal.h"
#include "parley/event_io.h"

static parley_quantity quantities[2] = {
    {"killed", 12, "people", 1, "at least 12 people", {40, 58}},
    {"trucks", 3.5, "", 0, "3.5 trucks", {60, 70}},
};
static parley_mention mentions[1];

static parley_event full_event(void) {
    parley_event ev;
    memset(&ev, 0, sizeof ev);
    ev.doc_id = "doc-1";
    ev.sentence = 2;
    strcpy(ev.date, "2024-03-05");
    ev.date_text = "on Tuesday";
    ev.date_flagged = 1;
    ev.source.present = 1;
    strcpy(ev.source.code, "QATGOV");
    ev.source.name = "Qatar";
    ev.source.text = "Qatari \"mediators\"";
    ev.source.span = (parley_span){0, 16};
    ev.target.present = 1;
    strcpy(ev.target.code, "IGOUNO");
    ev.target.name = "United Nations";
    ev.target.text = "the UN";
    ev.target.span = (parley_span){30, 36};
    ev.reporter.span = (parley_span){-1, -1};
    ev.reporter.name = ev.reporter.text = "";
    strcpy(ev.cameo, "0841");
    strcpy(ev.root, "08");
    ev.quad = 2;
    ev.goldstein = 1.9;
    ev.plover = "AID";
    ev.intent = 1;
    ev.evidence = (parley_span){0, 60};
    ev.evidence_text = "Qatari mediators, said:\n\t\"we agree\"";
    ev.action = (parley_span){17, 24};
    ev.confidence = 0.75;
    ev.pattern = "AGREE * TO";
    ev.place.present = 1;
    ev.place.name = "Doha";
    strcpy(ev.place.country, "QAT");
    ev.place.admin1 = "Ad Dawhah";
    ev.place.lat = 25.2854;
    ev.place.lon = 51.531;
    ev.place.span = (parley_span){50, 54};
    ev.quantities = quantities;
    ev.n_quantities = 2;
    mentions[0].doc_id = "doc-1";
    mentions[0].sentence = 2;
    mentions[0].reporter.present = 1;
    strcpy(mentions[0].reporter.code, "USAMED");
    mentions[0].reporter.name = "Reuters";
    mentions[0].reporter.text = "Reuters";
    mentions[0].reporter.span = (parley_span){100, 107};
    ev.mentions = mentions;
    ev.n_mentions = 1;
    ev.num_mentions = 3;
    ev.num_sources = 2;
    ev.num_articles = 2;
    return ev;
}

static void test_json_round_trip(void **state) {
    (void)state;
    parley_event ev = full_event();
    parley_buf a = PARLEY_BUF_INIT, b = PARLEY_BUF_INIT;
    assert_int_equal(parley_event_write_json(&ev, &a), PARLEY_OK);
    assert_int_equal(a.data[a.len - 1], '\n');
    assert_null(memchr(a.data, '\n', a.len - 1)); /* one line */
    parley_arena *arena = parley_arena_new(0);
    parley_event back;
    parley_error err;
    assert_int_equal(parley_event_read_json(&back, a.data, a.len, arena, "t", 1, &err), PARLEY_OK);
    assert_string_equal(back.doc_id, "doc-1");
    assert_int_equal(back.sentence, 2);
    assert_string_equal(back.date, "2024-03-05");
    assert_string_equal(back.date_end, "");
    assert_int_equal(back.date_flagged, 1);
    assert_string_equal(back.source.code, "QATGOV");
    assert_string_equal(back.source.text, "Qatari \"mediators\"");
    assert_int_equal(back.target.span.end, 36);
    assert_int_equal(back.reporter.present, 0);
    assert_string_equal(back.cameo, "0841");
    assert_int_equal(back.quad, 2);
    assert_true(back.goldstein == 1.9);
    assert_string_equal(back.evidence_text, ev.evidence_text);
    assert_int_equal(back.action.start, 17);
    assert_true(back.confidence == 0.75);
    assert_string_equal(back.place.admin1, "Ad Dawhah");
    assert_true(back.place.lat == 25.2854);
    assert_int_equal(back.n_quantities, 2);
    assert_true(back.quantities[1].value == 3.5);
    assert_int_equal(back.quantities[0].approximate, 1);
    assert_int_equal(back.n_mentions, 1);
    assert_string_equal(back.mentions[0].reporter.code, "USAMED");
    assert_int_equal(back.num_mentions, 3);
    assert_int_equal(parley_event_id(&back), parley_event_id(&ev));
    assert_int_equal(parley_event_write_json(&back, &b), PARLEY_OK);
    assert_string_equal(a.data, b.data); /* byte-identical after a round trip */
    assert_false(back.place.dateline);
    assert_null(strstr(a.data, "dateline"));
    assert_true(parley_event_place_keyed(&back));
    /* a place only the dateline gave: flagged, kept through both readers, not keyed */
    ev.place.dateline = 1;
    parley_buf_clear(&a);
    assert_int_equal(parley_event_write_json(&ev, &a), PARLEY_OK);
    assert_non_null(strstr(a.data, "\"end\":54,\"dateline\":true}"));
    assert_int_equal(parley_event_read_json(&back, a.data, a.len, arena, "t", 1, &err), PARLEY_OK);
    assert_true(back.place.dateline);
    assert_false(parley_event_place_keyed(&back));
    assert_int_equal(io_event_read_json_jansson(&back, a.data, a.len, arena, "t", 1, &err), PARLEY_OK);
    assert_true(back.place.dateline);
    parley_buf_free(&a);
    parley_buf_free(&b);
    parley_arena_free(arena);
}

static void test_json_nulls(void **state) {
    (void)state;
    parley_arena *arena = parley_arena_new(0);
    parley_event ev;
    parley_error err;
    const char *line = "{\"doc_id\":\"d\",\"cameo\":\"190\",\"quad\":4,\"goldstein\":-10,\"source\":null,"
                       "\"plover\":null,\"date\":null,\"place\":null}\n";
    assert_int_equal(parley_event_read_json(&ev, line, strlen(line), arena, "t", 1, &err), PARLEY_OK);
    assert_string_equal(ev.root, "19");
    assert_int_equal(ev.source.present, 0);
    assert_string_equal(ev.plover, "");
    assert_int_equal(ev.place.present, 0);
    assert_int_equal(ev.evidence.start, -1);
    parley_buf out = PARLEY_BUF_INIT;
    assert_int_equal(parley_event_write_json(&ev, &out), PARLEY_OK);
    assert_non_null(strstr(out.data, "\"source\":null"));
    assert_non_null(strstr(out.data, "\"plover\":null"));
    assert_non_null(strstr(out.data, "\"date\":null"));
    parley_buf_free(&out);
    parley_arena_free(arena);
}

static void expect_bad(const char *line, const char *needle) {
    parley_arena *arena = parley_arena_new(0);
    parley_event ev;
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_event_read_json(&ev, line, strlen(line), arena, "in.jsonl", 42, &err), PARLEY_ERR_FORMAT);
    assert_string_equal(err.file, "in.jsonl");
    assert_int_equal(err.line, 42);
    if (strstr(err.message, needle) == NULL) fail_msg("message '%s' lacks '%s'", err.message, needle);
    assert_string_equal(ev.doc_id, ""); /* left valid */
    parley_arena_free(arena);
}

static void test_json_errors(void **state) {
    (void)state;
    expect_bad("{\"doc_id\":\"d\",", "invalid JSON");
    expect_bad("[1,2]", "JSON object");
    expect_bad("{\"cameo\":\"042\"}", "doc_id");
    expect_bad("{\"doc_id\":\"d\",\"cameo\":\"04x\"}", "cameo");
    expect_bad("{\"doc_id\":\"d\",\"cameo\":\"04211\"}", "cameo");
    expect_bad("{\"doc_id\":\"d\",\"cameo\":\"042\",\"date\":\"2024-13-01\"}", "date");
    expect_bad("{\"doc_id\":\"d\",\"cameo\":\"042\",\"quad\":5}", "quad");
    expect_bad("{\"doc_id\":\"d\",\"cameo\":\"042\",\"quad\":\"2\"}", "quad");
    expect_bad("{\"doc_id\":\"d\",\"cameo\":\"042\",\"goldstein\":11}", "goldstein");
    expect_bad("{\"doc_id\":\"d\",\"cameo\":\"042\",\"root\":\"05\"}", "root");
    expect_bad("{\"doc_id\":\"d\",\"cameo\":\"042\",\"source\":{\"code\":5}}", "code");
    expect_bad("{\"doc_id\":\"d\",\"cameo\":\"042\",\"source\":{\"code\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}}",
               "too long");
    expect_bad("{\"doc_id\":\"d\",\"cameo\":\"042\",\"quantities\":[1]}", "quantities");
    expect_bad("{\"doc_id\":\"d\",\"doc_id\":\"e\",\"cameo\":\"042\"}", "invalid JSON");
}

/* Renders what a reader made of line, "" when it refused or declined. */
static void render(parley_buf *out, int ok, const parley_event *ev) {
    parley_buf_clear(out);
    if (ok) assert_int_equal(parley_event_write_json(ev, out), PARLEY_OK);
}

/* The single-pass reader accepts what the writer writes and gives what
   jansson gives; what it leaves to jansson still reads (or fails) there. */
static void test_fast_reader(void **state) {
    (void)state;
    parley_event ev = full_event(), fast, ref;
    ev.source.name = "Qa\xc3\xa9\"tar\"\x01 \xe4\xb8\xad\xf0\x9f\x98\x80"; /* escaped on writing */
    parley_buf line = PARLEY_BUF_INIT, a = PARLEY_BUF_INIT, b = PARLEY_BUF_INIT;
    assert_int_equal(parley_event_write_json(&ev, &line), PARLEY_OK);
    parley_arena *arena = parley_arena_new(0);
    parley_error err;
    assert_int_equal(io_event_read_json_fast(&fast, line.data, line.len, arena), 1);
    assert_int_equal(io_event_read_json_jansson(&ref, line.data, line.len, arena, "t", 1, &err), PARLEY_OK);
    render(&a, 1, &fast);
    render(&b, 1, &ref);
    assert_string_equal(a.data, b.data);
    assert_string_equal(a.data, line.data);
    assert_string_equal(fast.source.name, ev.source.name);
    assert_int_equal(fast.n_mentions, 1);
    assert_string_equal(fast.mentions[0].reporter.code, "USAMED");

    /* escapes, surrogate pairs, reordered keys, white space, nulls and reals */
    const char *accepted[] = {
        "{\"cameo\":\"0841\",\"doc_id\":\"d\\u00e9\\ud83d\\ude00\\n\\\"\",\"quad\":null}",
        " { \"doc_id\" : \"d\" , \"cameo\" : \"01\" , \"goldstein\" : -1.5e0 , \"confidence\":1E-400 } \r\n",
        "{\"doc_id\":\"d\",\"cameo\":\"01\",\"mentions\":[{},{},{},{},{\"doc_id\":\"e\",\"reporter\":{}}]}",
    };
    for (size_t i = 0; i < sizeof accepted / sizeof *accepted; i++) {
        const char *l = accepted[i];
        assert_int_equal(io_event_read_json_fast(&fast, l, strlen(l), arena), 1);
        assert_int_equal(io_event_read_json_jansson(&ref, l, strlen(l), arena, "t", 1, &err), PARLEY_OK);
        render(&a, 1, &fast);
        render(&b, 1, &ref);
        assert_string_equal(a.data, b.data);
    }
    assert_int_equal(fast.n_mentions, 5);
    assert_string_equal(fast.mentions[4].doc_id, "e");
    assert_int_equal(fast.mentions[4].reporter.present, 1);

    /* declined: jansson decides, and these it accepts */
    const char *declined_ok[] = {
        "{\"doc_id\":\"d\",\"cameo\":\"01\",\"extra\":{\"x\":[1]}}",
        "{\"doc_id\":\"d\",\"c\\u0061meo\":\"01\"}",
        "{\"doc_id\":\"d\",\"cameo\":\"01\",\"id\":7}",
        "{\"doc_id\":\"d\",\"cameo\":\"01\",\"evidence\":{\"text\":\"t\",\"start\":1,\"note\":true}}",
    };
    for (size_t i = 0; i < sizeof declined_ok / sizeof *declined_ok; i++) {
        const char *l = declined_ok[i];
        assert_int_equal(io_event_read_json_fast(&fast, l, strlen(l), arena), 0);
        assert_int_equal(parley_event_read_json(&ref, l, strlen(l), arena, "t", 1, &err), PARLEY_OK);
        assert_string_equal(ref.cameo, "01");
    }
    /* declined: and jansson refuses */
    const char *declined_bad[] = {
        "{\"doc_id\":\"d\\u0000\",\"cameo\":\"01\"}",
        "{\"doc_id\":\"d\\ud800\",\"cameo\":\"01\"}",
        "{\"doc_id\":\"d\",\"cameo\":\"01\",\"sentence\":12345678901234567890}",
        "{\"doc_id\":\"d\",\"cameo\":\"01\",\"goldstein\":1e999}",
        "{\"doc_id\":\"d\",\"cameo\":\"01\",\"source\":{\"code\":\"A\",\"code\":\"B\"}}",
        "{\"doc_id\":\"\xc3\",\"cameo\":\"01\"}",
        "{\"doc_id\":\"d\",\"cameo\":\"01\"}{}",
    };
    for (size_t i = 0; i < sizeof declined_bad / sizeof *declined_bad; i++) {
        const char *l = declined_bad[i];
        assert_int_equal(io_event_read_json_fast(&fast, l, strlen(l), arena), 0);
        assert_int_equal(parley_event_read_json(&ref, l, strlen(l), arena, "t", 1, &err), PARLEY_ERR_FORMAT);
    }
    parley_buf_free(&line);
    parley_buf_free(&a);
    parley_buf_free(&b);
    parley_arena_free(arena);
}

static void test_event_id(void **state) {
    (void)state;
    parley_event ev = full_event();
    uint64_t id = parley_event_id(&ev);
    ev.goldstein = -3; /* not part of the id */
    assert_int_equal(parley_event_id(&ev), id);
    ev.action.start = 18;
    assert_int_not_equal(parley_event_id(&ev), id);
    ev.action.start = 17;
    ev.sentence = 3;
    assert_int_not_equal(parley_event_id(&ev), id);
    char hex[17];
    uint64_t back = 0;
    parley_event_id_hex(id, hex);
    assert_int_equal(strlen(hex), 16);
    assert_int_equal(parley_event_id_parse(hex, &back), 0);
    assert_int_equal(back, id);
    assert_int_equal(parley_event_id_parse("xyz", &back), -1);
    assert_int_equal(parley_event_id_parse("", &back), -1);
    assert_int_equal(parley_event_id_parse("00000000000000001", &back), -1);
}

static size_t count_fields_csv(const char *line) {
    size_t n = 1;
    int quoted = 0;
    for (const char *p = line; *p && !(*p == '\r' && !quoted); p++) {
        if (*p == '"') quoted = !quoted;
        else if (*p == ',' && !quoted) n++;
    }
    return n;
}

static void test_csv(void **state) {
    (void)state;
    parley_event ev = full_event();
    parley_buf h = PARLEY_BUF_INIT, r = PARLEY_BUF_INIT;
    assert_int_equal(parley_event_write_csv_header(&h), PARLEY_OK);
    assert_int_equal(parley_event_write_csv(&ev, &r), PARLEY_OK);
    assert_int_equal(count_fields_csv(h.data), count_fields_csv(r.data));
    assert_true(strncmp(h.data, "id,doc_id,sentence,date,", 24) == 0);
    /* RFC 4180: quotes doubled, fields with quotes/commas/newlines quoted */
    assert_non_null(strstr(r.data, ",\"Qatari \"\"mediators\"\"\","));
    assert_non_null(strstr(r.data, ",\"Qatari mediators, said:\n\t\"\"we agree\"\"\","));
    assert_non_null(strstr(r.data, ",killed=~12 people;trucks=3.5,"));
    assert_true(r.len > 2 && strcmp(r.data + r.len - 2, "\r\n") == 0);
    parley_buf_free(&h);
    parley_buf_free(&r);
}

static void split_tabs(char *line, char **fields, size_t *n) {
    *n = 0;
    char *p = line;
    for (;;) {
        fields[(*n)++] = p;
        char *t = strchr(p, '\t');
        if (t == NULL) break;
        *t = '\0';
        p = t + 1;
    }
    char *nl = strchr(fields[*n - 1], '\n');
    if (nl) *nl = '\0';
}

static void test_gdelt(void **state) {
    (void)state;
    parley_event ev = full_event();
    ev.sentence = 0;
    parley_buf b = PARLEY_BUF_INIT;
    assert_int_equal(parley_event_write_gdelt_tsv(&ev, 77, &b), PARLEY_OK);
    assert_int_equal(b.data[b.len - 1], '\n');
    assert_null(memchr(b.data, '\n', b.len - 1));
    char *fields[80] = {0};
    size_t n;
    split_tabs(b.data, fields, &n);
    assert_int_equal(n, 58);
    assert_string_equal(fields[0], "77");
    assert_string_equal(fields[1], "20240305");
    assert_string_equal(fields[2], "202403");
    assert_string_equal(fields[3], "2024");
    assert_string_equal(fields[4], "2024.1781"); /* day 65 / 365 */
    assert_string_equal(fields[5], "QATGOV");
    assert_string_equal(fields[6], "Qatar");
    assert_string_equal(fields[7], "QAT");
    assert_string_equal(fields[12], "GOV");
    assert_string_equal(fields[15], "IGOUNO");
    assert_string_equal(fields[17], "");    /* no country for an IGO */
    assert_string_equal(fields[18], "UNO"); /* known group */
    assert_string_equal(fields[22], "IGO"); /* type 1 */
    assert_string_equal(fields[25], "1");   /* IsRootEvent: first sentence */
    assert_string_equal(fields[26], "0841");
    assert_string_equal(fields[27], "084");
    assert_string_equal(fields[28], "08");
    assert_string_equal(fields[29], "2");
    assert_string_equal(fields[30], "1.9");
    assert_string_equal(fields[31], "3");
    assert_string_equal(fields[49], "4");
    assert_string_equal(fields[50], "Doha");
    assert_string_equal(fields[51], "QAT");
    assert_string_equal(fields[53], "25.2854");
    assert_string_equal(fields[56], "20240305");
    assert_string_equal(fields[57], "doc-1");
    /* a tab inside a field must not shift the columns */
    ev.source.name = "Qa\ttar";
    parley_buf_clear(&b);
    assert_int_equal(parley_event_write_gdelt_tsv(&ev, 1, &b), PARLEY_OK);
    split_tabs(b.data, fields, &n);
    assert_int_equal(n, 58);
    assert_string_equal(fields[6], "Qa tar");
    parley_buf_free(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_round_trip), cmocka_unit_test(test_json_nulls), cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_fast_reader),
        cmocka_unit_test(test_event_id),        cmocka_unit_test(test_csv),        cmocka_unit_test(test_gdelt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
