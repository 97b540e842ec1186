/* test_clickhouse_quote.c - the ClickHouse backend's quoting (src/store/clickhouse_sql.c).
 *
 * ClickHouse 18.16 has no bound parameters, so these functions are all that
 * stands between a user's filter value and the SQL text. The tests decode
 * the quoted literal the way ClickHouse's lexer does and check that it ends
 * exactly where it should (an injection attempt stays inside the literal)
 * and gives back the original bytes, for fixed attacks and random strings;
 * the end-to-end check against a server is tests/test_clickhouse_cluster.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/clickhouse.h"

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* ClickHouse's reading of a quoted literal at lit: the decoded bytes go to
 * out; returns the number of bytes of lit the literal spans (up to and
 * including the closing quote), or -1 when it never closes. */
static long unquote(const char *lit, char *out, size_t cap, size_t *n) {
    *n = 0;
    if (lit[0] != '\'') return -1;
    for (long i = 1; lit[i]; i++) {
        char c = lit[i];
        if (c == '\'') return i + 1;
        if (c == '\\') {
            char e = lit[++i];
            if (e == '\0') return -1;
            if (e == 'x' && hexval(lit[i + 1]) >= 0 && hexval(lit[i + 2]) >= 0) {
                c = (char)(hexval(lit[i + 1]) * 16 + hexval(lit[i + 2]));
                i += 2;
            } else if (e == 'n') c = '\n';
            else if (e == 't') c = '\t';
            else c = e;
        }
        if (*n + 1 < cap) out[(*n)++] = c;
    }
    return -1;
}

static void check_round_trip(const char *value) {
    parley_buf b = PARLEY_BUF_INIT;
    assert_int_equal(ch_quote(&b, value), 0);
    char back[4096];
    size_t n;
    long span = unquote(b.data, back, sizeof back, &n);
    /* the literal is the whole output: nothing after it can be SQL */
    assert_int_equal(span, (long)b.len);
    assert_int_equal(n, strlen(value));
    assert_memory_equal(back, value, n);
    for (size_t i = 0; i < b.len; i++) assert_true((unsigned char)b.data[i] >= 0x20);
    parley_buf_free(&b);
}

static void test_quote_attacks(void **state) {
    (void)state;
    static const char *const attacks[] = {
        "", "USA", "x' OR 1=1 --", "x\\' OR 1=1 --", "\\", "'", "''", "\\'", "a\\\\'b",
        "'); DROP TABLE parley_events; --", "x\nSELECT 1", "tab\there", "\x01\x1f\x7f", "Zürich 北京",
        "%_*?[", "\\x27", "' FORMAT TabSeparated",
    };
    for (size_t i = 0; i < sizeof attacks / sizeof attacks[0]; i++) check_round_trip(attacks[i]);
    parley_buf b = PARLEY_BUF_INIT;
    ch_quote(&b, "x' OR 1=1 --");
    assert_string_equal(b.data, "'x\\' OR 1=1 --'");
    parley_buf_clear(&b);
    ch_quote(&b, "a\\");
    assert_string_equal(b.data, "'a\\\\'");
    parley_buf_free(&b);
}

static void test_quote_random(void **state) {
    (void)state;
    srand(12345);
    char s[64];
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)(rand() % 63);
        for (size_t i = 0; i < n; i++) {
            /* weighted towards the bytes that matter */
            static const char special[] = "'\\\n\t\r\"`x;-";
            int r = rand() % 4;
            s[i] = r == 0 ? special[rand() % (sizeof special - 1)] : (char)(1 + rand() % 255);
        }
        s[n] = '\0';
        check_round_trip(s);
    }
}

/* The pattern literal holds an anchored RE2 regex: every non-alphanumeric
 * ASCII byte as \x{HH}, '*' as .*, so no user byte is a regex operator. */
static void test_pattern(void **state) {
    (void)state;
    parley_buf b = PARLEY_BUF_INIT;
    assert_int_equal(ch_quote_pattern(&b, "USA*"), 0);
    char re[512];
    size_t n;
    assert_int_equal(unquote(b.data, re, sizeof re, &n), (long)b.len);
    re[n] = '\0';
    assert_string_equal(re, "^USA.*$");
    parley_buf_clear(&b);
    ch_quote_pattern(&b, "a.b'|(c)\\");
    assert_int_equal(unquote(b.data, re, sizeof re, &n), (long)b.len);
    re[n] = '\0';
    assert_string_equal(re, "^a\\x{2E}b\\x{27}\\x{7C}\\x{28}c\\x{29}\\x{5C}$");
    parley_buf_clear(&b);
    ch_quote_pattern(&b, "*GOV");
    assert_int_equal(unquote(b.data, re, sizeof re, &n), (long)b.len);
    re[n] = '\0';
    assert_string_equal(re, "^.*GOV$");
    parley_buf_free(&b);
}

static void test_tsv_round_trip(void **state) {
    (void)state;
    srand(777);
    char s[3][48];
    for (int round = 0; round < 5000; round++) {
        parley_buf line = PARLEY_BUF_INIT;
        for (int f = 0; f < 3; f++) {
            size_t n = (size_t)(rand() % 47);
            for (size_t i = 0; i < n; i++) {
                static const char special[] = "\t\n\r\\'a";
                s[f][i] = rand() % 3 == 0 ? special[rand() % (sizeof special - 1)] : (char)(1 + rand() % 255);
            }
            s[f][n] = '\0';
            if (f) parley_buf_puts(&line, "\t");
            assert_int_equal(ch_tsv_escape(&line, s[f]), 0);
        }
        assert_null(memchr(line.data, '\n', line.len)); /* one row stays one line */
        char *fields[4];
        assert_int_equal(ch_tsv_split(line.data, fields, 4), 3);
        for (int f = 0; f < 3; f++) assert_string_equal(fields[f], s[f]);
        parley_buf_free(&line);
    }
}

static void test_table_names_and_urls(void **state) {
    (void)state;
    assert_true(ch_valid_table("parley_events"));
    assert_true(ch_valid_table("db1.parley_events_all"));
    assert_true(ch_valid_table("_t"));
    assert_false(ch_valid_table(""));
    assert_false(ch_valid_table("1t"));
    assert_false(ch_valid_table("t;DROP TABLE x"));
    assert_false(ch_valid_table("a.b.c"));
    assert_false(ch_valid_table("t`"));
    assert_false(ch_valid_table("t "));
    assert_false(ch_valid_table("a."));
    assert_true(ch_is_url("http://127.0.0.1:8123/"));
    assert_false(ch_is_url("events.db"));
    assert_false(ch_is_url("https-cache.db"));
    assert_false(ch_is_url(NULL));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quote_attacks),     cmocka_unit_test(test_quote_random),
        cmocka_unit_test(test_pattern),           cmocka_unit_test(test_tsv_round_trip),
        cmocka_unit_test(test_table_names_and_urls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
