/*
 * store_floor.c - the cheapest SQLite writes any loader of parley's events must
 * make, timed without parley: the floor under `parley load` (docs/store.md,
 * "The floor: what SQLite alone costs").
 *
 *   store_floor EVENTS.jsonl DB LEVEL
 *
 * LEVEL 0 appends every input line, verbatim, to one rowid table (the mention's
 * JSON, which the store keeps to give every field back); 1 also appends the
 * evidence text to a second table; 2 also indexes that text with FTS5, defined
 * as the store defines evidence_fts. Nothing is parsed, merged or indexed for
 * queries: a real load does all of that on top.
 * LEVEL 3 keeps no JSON at all: for each line, the evidence and its FTS5 index
 * as in level 2, and one row of a minimal events table (source, target, date,
 * CAMEO code: the strings cut out of the line, no merging), with a single
 * index on (source, target, date) built after the rows, the least a store
 * with merged events, dyad queries and full-text search could write.
 * One transaction, the store's pragmas (WAL, synchronous NORMAL). Prints CPU
 * seconds and events per CPU second, so other jobs on the machine do not count.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The string value after the first occurrence of key (a quoted JSON key with
 * its colon and opening quote, as bench/store_gen.awk writes it), up to its
 * closing quote (escapes skipped, left escaped); NULL when absent. */
static const char *find_string(const char *line, const char *key, int *len)
{
    const char *p = strstr(line, key);
    if (!p)
        return NULL;
    p += strlen(key);
    const char *q = p;
    while (*q && *q != '"')
        q += (*q == '\\' && q[1]) ? 2 : 1;
    *len = (int)(q - p);
    return p;
}

static int exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "store_floor: %s: %s\n", sql, err ? err : "?");
        sqlite3_free(err);
        return -1;
    }
    return 0;
}

static int step(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static void bind_field(sqlite3_stmt *st, int col, const char *line, const char *key)
{
    int len = 0;
    const char *v = find_string(line, key, &len);
    sqlite3_bind_text(st, col, v ? v : "", v ? len : 0, SQLITE_STATIC);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: store_floor EVENTS.jsonl DB LEVEL(0-3)\n");
        return 2;
    }
    char *end = NULL;
    long level = strtol(argv[3], &end, 10);
    if (end == argv[3] || *end != '\0' || level < 0 || level > 3) {
        fprintf(stderr, "store_floor: LEVEL must be 0, 1, 2 or 3\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    sqlite3 *db = NULL;
    if (!in || sqlite3_open(argv[2], &db) != SQLITE_OK) {
        fprintf(stderr, "store_floor: cannot open %s or %s\n", argv[1], argv[2]);
        return 1;
    }
    if (exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-1048576;"
                 "CREATE TABLE mentions(id INTEGER PRIMARY KEY, json TEXT NOT NULL);"
                 "CREATE TABLE evidence(id INTEGER PRIMARY KEY, text TEXT NOT NULL);"
                 "CREATE VIRTUAL TABLE evidence_fts USING fts5(text, content='evidence', content_rowid='id');"
                 "CREATE TABLE events(id INTEGER PRIMARY KEY, source TEXT, target TEXT, date TEXT, cameo TEXT);"))
        return 1;
    sqlite3_stmt *put_json = NULL, *put_text = NULL, *put_event = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO mentions(json) VALUES(?)", -1, &put_json, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO evidence(text) VALUES(?)", -1, &put_text, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO events(source, target, date, cameo) VALUES(?, ?, ?, ?)", -1, &put_event,
                           NULL) != SQLITE_OK)
        return 1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long events = 0;
    double t0 = cpu_seconds();
    if (exec(db, "BEGIN"))
        return 1;
    while ((n = getline(&line, &cap, in)) > 0) {
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        if (level <= 2) {
            sqlite3_bind_text(put_json, 1, line, (int)n, SQLITE_STATIC);
            if (step(put_json))
                return 1;
        }
        if (level >= 1) {
            bind_field(put_text, 1, line, "\"evidence\":{\"text\":\"");
            if (step(put_text))
                return 1;
        }
        if (level == 3) {
            bind_field(put_event, 1, line, "\"source\":{\"code\":\"");
            bind_field(put_event, 2, line, "\"target\":{\"code\":\"");
            bind_field(put_event, 3, line, "\"date\":\"");
            bind_field(put_event, 4, line, "\"cameo\":\"");
            if (step(put_event))
                return 1;
        }
        events++;
    }
    double t1 = cpu_seconds();
    /* as the store does: the whole batch indexed once, just before the commit */
    if (level >= 2 && exec(db, "INSERT INTO evidence_fts(rowid, text) SELECT id, text FROM evidence"))
        return 1;
    double t2 = cpu_seconds();
    if (exec(db, "COMMIT"))
        return 1;
    double t3 = cpu_seconds();
    if (level == 3 && exec(db, "CREATE INDEX events_dyad ON events(source, target, date)"))
        return 1;
    double t4 = cpu_seconds();
    printf("level %ld: %ld events; rows %.2f s, full-text %.2f s, commit %.2f s, index %.2f s: %.2f s CPU = %.0f "
           "events per CPU second\n",
           level, events, t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0, (double)events / (t4 - t0));
    sqlite3_finalize(put_json);
    sqlite3_finalize(put_text);
    sqlite3_finalize(put_event);
    sqlite3_close(db);
    free(line);
    fclose(in);
    return 0;
}
