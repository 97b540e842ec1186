/*
 * store_floor.c - the cheapest SQLite writes any loader of parley's events must
 * make, timed without parley: the floor under `parley load` (docs/store.md,
 * "Why 200,000 events/s is out of reach").
 *
 *   store_floor EVENTS.jsonl DB LEVEL
 *
 * LEVEL 0 appends every input line, verbatim, to one rowid table (the mention's
 * JSON, which the store must keep to give every field back); 1 also appends the
 * evidence text to a second table; 2 also indexes that text with FTS5, defined
 * as the store defines evidence_fts. Nothing is parsed, merged or indexed for
 * queries: a real load does all of that on top. One transaction, the store's
 * pragmas (WAL, synchronous NORMAL). Prints CPU seconds and events per CPU
 * second, so other jobs on the machine do not count.
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

/* The evidence text of a generated event: the first "evidence":{"text":"..."
 * string, up to its closing quote (escapes skipped, left escaped). */
static const char *find_evidence(const char *line, int *len)
{
    static const char key[] = "\"evidence\":{\"text\":\"";
    const char *p = strstr(line, key);
    if (!p)
        return NULL;
    p += sizeof key - 1;
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

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: store_floor EVENTS.jsonl DB LEVEL(0-2)\n");
        return 2;
    }
    char *end = NULL;
    long level = strtol(argv[3], &end, 10);
    if (end == argv[3] || *end != '\0' || level < 0 || level > 2) {
        fprintf(stderr, "store_floor: LEVEL must be 0, 1 or 2\n");
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
                 "CREATE VIRTUAL TABLE evidence_fts USING fts5(text, content='evidence', content_rowid='id');"))
        return 1;
    sqlite3_stmt *put_json = NULL, *put_text = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO mentions(json) VALUES(?)", -1, &put_json, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO evidence(text) VALUES(?)", -1, &put_text, NULL) != SQLITE_OK)
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
            n--;
        sqlite3_bind_text(put_json, 1, line, (int)n, SQLITE_STATIC);
        if (sqlite3_step(put_json) != SQLITE_DONE)
            return 1;
        sqlite3_reset(put_json);
        int len = 0;
        const char *text = level >= 1 ? find_evidence(line, &len) : NULL;
        if (text) {
            sqlite3_bind_text(put_text, 1, text, len, SQLITE_STATIC);
            if (sqlite3_step(put_text) != SQLITE_DONE)
                return 1;
            sqlite3_reset(put_text);
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
    printf("level %ld: %ld events; rows %.2f s, full-text %.2f s, commit %.2f s: %.2f s CPU = %.0f events per CPU second\n",
           level, events, t1 - t0, t2 - t1, t3 - t2, t3 - t0, (double)events / (t3 - t0));
    sqlite3_finalize(put_json);
    sqlite3_finalize(put_text);
    sqlite3_close(db);
    free(line);
    fclose(in);
    return 0;
}
