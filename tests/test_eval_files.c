/* test_eval_files.c - keeps the hand-written data files honest.
 *
 * The sample corpus (examples/news.jsonl), the sentence evaluation sets
 * (eval/events.jsonl and the held-out eval/heldout.jsonl) and the document
 * evaluation sets (eval/documents.jsonl and the held-out
 * eval/documents_heldout.jsonl) are edited by hand, so a typo in a
 * date, an actor code or a JSON quote would silently skew every score
 * computed from them. This test parses every line
 * with jansson and checks the shape each file promises in eval/README.md:
 * required fields, real calendar dates, CAMEO codes of the form ^[0-9]{2,4}$
 * with a root 01-20, actor codes of the form ^[A-Z]{3}([A-Z]{3})*$, unique ids,
 * minimum sizes, root and construction coverage, and merge groups that pair
 * exactly two documents from different agencies. It also checks that every line of examples/bad.jsonl is
 * rejected by the same record check, so that file keeps demonstrating errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <jansson.h>

#define MAX_RECORDS 4096

/* One parsed file: the objects that parsed, plus a count of lines that did
 * not, so the tests can report the first bad line precisely. */
typedef struct {
    json_t *rec[MAX_RECORDS];
    size_t n;
    size_t bad_lines;
    char first_error[256];
} eval_file;

static void eval_file_load(eval_file *f, const char *relpath) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", PARLEY_SRC_DIR, relpath);
    memset(f, 0, sizeof *f);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fail_msg("cannot open %s", path);
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    size_t lineno = 0;
    while ((len = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        if (len == 0 || (len == 1 && line[0] == '\n'))
            continue;
        json_error_t jerr;
        json_t *o = json_loadb(line, (size_t)len, 0, &jerr);
        if (!o || !json_is_object(o) || f->n == MAX_RECORDS) {
            if (f->bad_lines++ == 0)
                snprintf(f->first_error, sizeof f->first_error, "%s:%zu: %s", relpath, lineno,
                         o ? "not an object" : jerr.text);
            json_decref(o);
            continue;
        }
        f->rec[f->n++] = o;
    }
    free(line);
    fclose(fp);
}

static void eval_file_free(eval_file *f) {
    for (size_t i = 0; i < f->n; i++)
        json_decref(f->rec[i]);
    f->n = 0;
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int digits(const char *s, int n) {
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* YYYY-MM-DD, optionally followed by THH:MM:SSZ; the day must exist. */
static int valid_date(const char *s) {
    if (!s)
        return 0;
    size_t len = strlen(s);
    if (len != 10 && len != 20)
        return 0;
    if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
        return 0;
    int y = (int)strtol(s, NULL, 10), m = (int)strtol(s + 5, NULL, 10), d = (int)strtol(s + 8, NULL, 10);
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1)
        return 0;
    if (d > mdays[m - 1] + (m == 2 && is_leap(y)))
        return 0;
    if (len == 20) {
        if (s[10] != 'T' || !digits(s + 11, 2) || s[13] != ':' || !digits(s + 14, 2) ||
            s[16] != ':' || !digits(s + 17, 2) || s[19] != 'Z')
            return 0;
        if (strtol(s + 11, NULL, 10) > 23 || strtol(s + 14, NULL, 10) > 59 || strtol(s + 17, NULL, 10) > 59)
            return 0;
    }
    return 1;
}

/* ^[A-Z]{3}([A-Z]{3})*$ */
static int valid_actor(const char *s) {
    size_t len = s ? strlen(s) : 0;
    if (len < 3 || len % 3 != 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return 0;
    return 1;
}

/* ^[0-9]{2,4}$ with a root between 01 and 20. */
static int cameo_root(const char *s) {
    size_t len = s ? strlen(s) : 0;
    if (len < 2 || len > 4 || !digits(s, (int)len))
        return 0;
    int root = (s[0] - '0') * 10 + (s[1] - '0');
    return root >= 1 && root <= 20 ? root : 0;
}

static const char *str_field(json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Null or a well-formed actor code. */
static int actor_or_null(json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    return v == NULL || json_is_null(v) || (json_is_string(v) && valid_actor(json_string_value(v)));
}

/* The news record contract: every field a non-empty string, a real date, an
 * example.org url. Returns NULL when fine, else the reason. */
static const char *news_record_problem(json_t *o) {
    static const char *const keys[] = {"id", "date", "source", "url", "title", "text"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *v = str_field(o, keys[i]);
        if (!v || !*v)
            return keys[i];
    }
    if (!valid_date(str_field(o, "date")))
        return "date";
    if (strncmp(str_field(o, "url"), "https://example.org/", 20) != 0)
        return "url";
    return NULL;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void assert_unique_ids(eval_file *f) {
    const char **ids = calloc(f->n ? f->n : 1, sizeof *ids);
    assert_non_null(ids);
    for (size_t i = 0; i < f->n; i++) {
        ids[i] = str_field(f->rec[i], "id");
        assert_non_null(ids[i]);
    }
    qsort(ids, f->n, sizeof *ids, cmp_str);
    for (size_t i = 1; i < f->n; i++)
        if (strcmp(ids[i - 1], ids[i]) == 0)
            fail_msg("duplicate id %s", ids[i]);
    free(ids);
}

/* An event as both evaluation files write it; documents add date and place. */
static void assert_event(json_t *ev, const char *where) {
    if (!json_is_object(ev))
        fail_msg("%s: event is not an object", where);
    if (!cameo_root(str_field(ev, "cameo")))
        fail_msg("%s: bad cameo code", where);
    if (!actor_or_null(ev, "source") || !actor_or_null(ev, "target") ||
        !actor_or_null(ev, "reporter"))
        fail_msg("%s: bad actor code", where);
    if (!json_object_get(ev, "source") || !json_object_get(ev, "target"))
        fail_msg("%s: source and target must be present (null allowed)", where);
}

static void test_news_corpus(void **state) {
    (void)state;
    static eval_file f;
    eval_file_load(&f, "examples/news.jsonl");
    if (f.bad_lines)
        fail_msg("%s", f.first_error);
    assert_true(f.n >= 45);
    for (size_t i = 0; i < f.n; i++) {
        const char *why = news_record_problem(f.rec[i]);
        if (why)
            fail_msg("news record %zu: bad %s", i + 1, why);
    }
    assert_unique_ids(&f);
    eval_file_free(&f);
}

static void test_bad_inputs_are_bad(void **state) {
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/examples/bad.jsonl", PARLEY_SRC_DIR);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int lines = 0;
    while ((len = getline(&line, &cap, fp)) >= 0) {
        lines++;
        json_error_t jerr;
        json_t *o = json_loadb(line, (size_t)len, 0, &jerr);
        if (json_is_object(o) && news_record_problem(o) == NULL) /* json_is_object checks NULL */
            fail_msg("bad.jsonl line %d is accepted", lines);
        json_decref(o);
    }
    free(line);
    fclose(fp);
    assert_true(lines >= 7);
}

static void test_plain_texts(void **state) {
    (void)state;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/examples/texts", PARLEY_SRC_DIR);
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        assert_true(st.st_size > 200);
        n++;
    }
    closedir(d);
    assert_true(n >= 3);
}

/* Minimum sizes a sentence set promises in eval/README.md. */
typedef struct {
    size_t records;
    int root_sentences; /* sentences with an event of each root 01-20 */
    int tag_sentences;  /* sentences carrying each hard construction tag */
    int empty;          /* sentences with no codable event */
} sentence_set_minimums;

/* eval/events.jsonl and eval/heldout.jsonl share one format and one set of
 * annotation rules, so both go through this check with their own minimums. */
static void assert_sentence_set(const char *relpath, const sentence_set_minimums *min) {
    static eval_file f;
    eval_file_load(&f, relpath);
    if (f.bad_lines)
        fail_msg("%s", f.first_error);
    assert_true(f.n >= min->records);
    int root_sentences[21] = {0};
    static const char *const hard[] = {"passive", "conj",   "appos",  "nominal", "reported",
                                       "negation", "intent", "relative", "xcomp", "person",
                                       "metonym", "title",  "igo",    "ngo",     "rebel"};
    enum { NHARD = sizeof hard / sizeof hard[0] };
    int hard_count[NHARD] = {0};
    int empty = 0;
    for (size_t i = 0; i < f.n; i++) {
        json_t *o = f.rec[i];
        const char *id = str_field(o, "id");
        if (!id || !valid_date(str_field(o, "date")) || !str_field(o, "text") ||
            !*str_field(o, "text"))
            fail_msg("sentence record %zu: bad id, date or text", i + 1);
        json_t *events = json_object_get(o, "events");
        json_t *tags = json_object_get(o, "tags");
        if (!json_is_array(events) || !json_is_array(tags))
            fail_msg("%s: events and tags must be arrays", id);
        int seen[21] = {0};
        size_t k;
        json_t *ev;
        json_array_foreach(events, k, ev) {
            assert_event(ev, id);
            seen[cameo_root(str_field(ev, "cameo"))] = 1;
        }
        for (int r = 1; r <= 20; r++)
            root_sentences[r] += seen[r];
        if (json_array_size(events) == 0)
            empty++;
        json_t *tag;
        json_array_foreach(tags, k, tag) {
            if (!json_is_string(tag))
                fail_msg("%s: tag is not a string", id);
            for (int h = 0; h < NHARD; h++)
                if (strcmp(json_string_value(tag), hard[h]) == 0)
                    hard_count[h]++;
        }
    }
    for (int r = 1; r <= 20; r++)
        if (root_sentences[r] < min->root_sentences)
            fail_msg("%s: root %02d has only %d sentences", relpath, r, root_sentences[r]);
    for (int h = 0; h < NHARD; h++)
        if (hard_count[h] < min->tag_sentences)
            fail_msg("%s: tag %s has only %d sentences", relpath, hard[h], hard_count[h]);
    assert_true(empty >= min->empty);
    assert_unique_ids(&f);
    eval_file_free(&f);
}

static void test_sentence_set(void **state) {
    (void)state;
    static const sentence_set_minimums min = {420, 12, 15, 25};
    assert_sentence_set("eval/events.jsonl", &min);
}

/* The held-out set is smaller (200 sentences), so its per-root and per-tag
 * floors are lower; eval/README.md lists its counts. */
static void test_heldout_set(void **state) {
    (void)state;
    static const sentence_set_minimums min = {200, 6, 8, 12};
    assert_sentence_set("eval/heldout.jsonl", &min);
}

static void assert_dated_list(json_t *list, const char *id, const char *what) {
    if (list == NULL)
        return;
    if (!json_is_array(list))
        fail_msg("%s: %s must be an array", id, what);
    size_t k;
    json_t *it;
    json_array_foreach(list, k, it) {
        if (!json_is_object(it) || !str_field(it, "text") || !valid_date(str_field(it, "date")))
            fail_msg("%s: %s item %zu needs text and a valid date", id, what, k);
        json_t *end = json_object_get(it, "date_end");
        if (end && !valid_date(json_string_value(end)))
            fail_msg("%s: %s item %zu has a bad date_end", id, what, k);
    }
}

/* A merge group member: its group name and the agency that wrote it. */
typedef struct {
    const char *group;
    const char *source;
} group_member;

static int cmp_member(const void *a, const void *b) {
    return strcmp(((const group_member *)a)->group, ((const group_member *)b)->group);
}

/* eval/documents.jsonl and the held-out eval/documents_heldout.jsonl share one
 * format, so both go through this check with their own minimum sizes. Each
 * merge group is exactly two stories from different agencies, as
 * eval/README.md promises: a group of one agency would test nothing about
 * merging reports from different outlets. */
static void assert_document_set(const char *relpath, size_t min_records, size_t min_groups) {
    static eval_file f;
    eval_file_load(&f, relpath);
    if (f.bad_lines)
        fail_msg("%s", f.first_error);
    assert_true(f.n >= min_records);
    static group_member groups[MAX_RECORDS];
    size_t ngroups = 0;
    for (size_t i = 0; i < f.n; i++) {
        json_t *o = f.rec[i];
        const char *id = str_field(o, "id");
        if (!id || !valid_date(str_field(o, "date")) || !str_field(o, "text"))
            fail_msg("document record %zu: bad id, date or text", i + 1);
        json_t *expect = json_object_get(o, "expect");
        if (!json_is_object(expect))
            fail_msg("%s: expect must be an object", id);
        json_t *events = json_object_get(expect, "events");
        if (!json_is_array(events) || json_array_size(events) == 0)
            fail_msg("%s: expect.events must be a non-empty array", id);
        size_t k;
        json_t *ev;
        json_array_foreach(events, k, ev) {
            assert_event(ev, id);
            json_t *d = json_object_get(ev, "date");
            if (d && !valid_date(json_string_value(d)))
                fail_msg("%s: event %zu has a bad date", id, k);
            json_t *place = json_object_get(ev, "place");
            if (place && (!str_field(place, "name") || !valid_actor(str_field(place, "country"))))
                fail_msg("%s: event %zu has a bad place", id, k);
        }
        assert_dated_list(json_object_get(expect, "dates"), id, "dates");
        json_t *places = json_object_get(expect, "places");
        json_t *it;
        json_array_foreach(places, k, it) {
            if (!str_field(it, "text") || !valid_actor(str_field(it, "country")))
                fail_msg("%s: place %zu needs text and a country code", id, k);
        }
        json_t *quantities = json_object_get(expect, "quantities");
        json_array_foreach(quantities, k, it) {
            if (!str_field(it, "text") || !str_field(it, "kind") ||
                !json_is_number(json_object_get(it, "value")) || !str_field(it, "unit"))
                fail_msg("%s: quantity %zu needs text, kind, value and unit", id, k);
        }
        json_t *coref = json_object_get(expect, "coref");
        json_array_foreach(coref, k, it) {
            if (!str_field(it, "text") || !json_is_integer(json_object_get(it, "sentence")) ||
                !valid_actor(str_field(it, "code")))
                fail_msg("%s: coref %zu needs text, sentence and code", id, k);
        }
        const char *g = str_field(o, "merge_group");
        if (g) {
            groups[ngroups].group = g;
            groups[ngroups++].source = str_field(o, "source");
        }
    }
    qsort(groups, ngroups, sizeof *groups, cmp_member);
    size_t distinct = 0;
    for (size_t i = 0; i < ngroups;) {
        size_t j = i;
        while (j < ngroups && strcmp(groups[i].group, groups[j].group) == 0)
            j++;
        if (j - i != 2)
            fail_msg("%s: merge group %s has %zu documents, not two", relpath, groups[i].group, j - i);
        if (!groups[i].source || !groups[i + 1].source || strcmp(groups[i].source, groups[i + 1].source) == 0)
            fail_msg("%s: merge group %s is not from two different agencies", relpath, groups[i].group);
        distinct++;
        i = j;
    }
    assert_true(distinct >= min_groups);
    assert_unique_ids(&f);
    eval_file_free(&f);
}

static void test_document_set(void **state) {
    (void)state;
    assert_document_set("eval/documents.jsonl", 30, 5);
}

/* The held-out stories (24, annotated blind) have four merge groups. */
static void test_document_heldout_set(void **state) {
    (void)state;
    assert_document_set("eval/documents_heldout.jsonl", 24, 4);
}

static void test_checks_reject_malformed_values(void **state) {
    (void)state;
    assert_true(valid_date("2024-02-29"));
    assert_false(valid_date("2023-02-29"));
    assert_false(valid_date("2023-13-45"));
    assert_true(valid_date("2023-12-05T14:30:00Z"));
    assert_false(valid_date("2023-12-05T24:30:00Z"));
    assert_true(valid_actor("QATGOV"));
    assert_false(valid_actor("QATGO"));
    assert_false(valid_actor("qat"));
    assert_int_equal(cameo_root("0841"), 8);
    assert_int_equal(cameo_root("21"), 0);
    assert_int_equal(cameo_root("19a"), 0);
    assert_int_equal(cameo_root("12345"), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checks_reject_malformed_values),
        cmocka_unit_test(test_news_corpus),
        cmocka_unit_test(test_bad_inputs_are_bad),
        cmocka_unit_test(test_plain_texts),
        cmocka_unit_test(test_sentence_set),
        cmocka_unit_test(test_heldout_set),
        cmocka_unit_test(test_document_set),
        cmocka_unit_test(test_document_heldout_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
