/* store_open.c - opening and closing a store, transactions, and the cache
 * of prepared statements every other store file draws from.
 *
 * Every statement with values is prepared once from constant SQL and bound;
 * no user value is ever part of SQL text. WAL mode lets readers (the HTTP
 * server, `parley query`) run while a loader writes; synchronous=NORMAL in
 * WAL keeps every committed transaction across a process crash (kill -9),
 * which is what the store promises. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/store_filter.h"
#include "store/store_internal.h"

static const char *const stmt_sql[ST_COUNT] = {
    [ST_DOC_FIND] = "SELECT id FROM documents WHERE doc_id = ?1",
    [ST_DOC_INSERT] = "INSERT INTO documents(doc_id, date, source, url, title) VALUES (?1, ?2, ?3, ?4, ?5)"
                      " ON CONFLICT(doc_id) DO NOTHING",
    [ST_DOC_UPDATE] = "UPDATE documents SET date = CASE WHEN ?2 <> '' THEN ?2 ELSE date END,"
                      " source = CASE WHEN ?3 <> '' THEN ?3 ELSE source END,"
                      " url = CASE WHEN ?4 <> '' THEN ?4 ELSE url END,"
                      " title = CASE WHEN ?5 <> '' THEN ?5 ELSE title END WHERE id = ?1",
    [ST_DOC_DELETE] = "DELETE FROM documents WHERE id = ?1",
    [ST_DOC_EVENTS] = "SELECT DISTINCT event FROM mentions WHERE doc = ?1",
    [ST_DOC_DEL_EVIDENCE] = "DELETE FROM evidence WHERE id IN (SELECT id FROM mentions WHERE doc = ?1)",
    [ST_DOC_DEL_MENTIONS] = "DELETE FROM mentions WHERE doc = ?1",
    [ST_EVENT_FIND] = "SELECT id FROM events WHERE source = ?1 AND target = ?2 AND base = ?3 AND date = ?4"
                      " AND place_key = ?5",
    /* ?15: the representative when the caller knows it (then the counts are
       those of one mention), else -1 and zero counts until recounted */
    [ST_EVENT_INSERT] = "INSERT INTO events(source, target, base, date, place_key, cameo, root, quad, goldstein,"
                        " plover, country, place, source_name, target_name, rep, num_mentions, num_sources,"
                        " num_articles, id, rep_mid, rep_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                        " ?11, ?12, ?13, ?14, coalesce(?15, -1), ?15 IS NOT NULL, ?15 IS NOT NULL,"
                        " ?15 IS NOT NULL, ?16, ?17, ?18) ON CONFLICT DO NOTHING",
    [ST_EVENT_NEXT_ID] = "SELECT coalesce(max(id), 0) + 1 FROM events",
    [ST_EVENT_COUNTS] = "SELECT count(*), count(DISTINCT m.doc),"
                        " count(DISTINCT CASE WHEN d.source <> '' THEN d.source ELSE d.doc_id END), min(m.id)"
                        " FROM mentions m JOIN documents d ON d.id = m.doc WHERE m.event = ?1",
    [ST_EVENT_UPDATE_COUNTS] = "UPDATE events SET num_mentions = ?2, num_articles = ?3, num_sources = ?4,"
                               " rep = ?5 WHERE id = ?1",
    [ST_EVENT_UPDATE_REP] = "UPDATE events SET cameo = ?2, root = ?3, quad = ?4, goldstein = ?5, plover = ?6,"
                            " country = ?7, place = ?8, source_name = ?9, target_name = ?10, rep_mid = ?11,"
                            " rep_json = ?12 WHERE id = ?1",
    [ST_EVENT_GET_REP] = "SELECT rep FROM events WHERE id = ?1",
    [ST_EVENT_DELETE] = "DELETE FROM events WHERE id = ?1",
    [ST_MENTION_INSERT] = "INSERT OR IGNORE INTO mentions(id, event, doc, mid, sentence, reporter, json)"
                          " VALUES (?7, ?1, ?2, ?3, ?4, ?5, ?6)",
    /* the id AUTOINCREMENT would give the next mention */
    [ST_MENTION_NEXT_ID] = "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'mentions'), 0),"
                           " coalesce((SELECT max(id) FROM mentions), 0)) + 1",
    [ST_MENTION_JSON] = "SELECT json, mid FROM mentions WHERE id = ?1",
    [ST_EVIDENCE_INSERT] = "INSERT INTO evidence(id, text) VALUES (?1, ?2)",
    [ST_FTS_SYNC] = "INSERT INTO evidence_fts(rowid, text) SELECT id, text FROM evidence"
                    " WHERE id > (SELECT value FROM parley_meta WHERE key = 'fts_upto')",
    [ST_FTS_MARK] = "UPDATE parley_meta SET value = max(value, coalesce((SELECT max(id) FROM evidence), 0))"
                    " WHERE key = 'fts_upto'",
};

parley_status store_db_error(parley_store *s, parley_error *err, const char *what) {
    int code = sqlite3_extended_errcode(s->db);
    int primary = code & 0xff;
    parley_status st = PARLEY_ERR_DB;
    if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) st = PARLEY_ERR_FORMAT;
    else if (primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN ||
             primary == SQLITE_READONLY || primary == SQLITE_PERM)
        st = PARLEY_ERR_IO;
    else if (primary == SQLITE_NOMEM) st = PARLEY_ERR_NOMEM;
    return parley_error_set(err, st, s->path, 0, "%s: %s", what, sqlite3_errmsg(s->db));
}

parley_status store_exec(parley_store *s, const char *sql, parley_error *err) {
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) return store_db_error(s, err, "database error");
    return PARLEY_OK;
}

parley_status store_wal_checkpoint_every(parley_store *s, long long bytes, parley_error *err) {
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(s->db, "PRAGMA page_size", -1, &q, NULL) != SQLITE_OK)
        return store_db_error(s, err, "cannot read the page size");
    long long page = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    if (page <= 0) return store_db_error(s, err, "cannot read the page size");
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA wal_autocheckpoint = %lld", bytes / page);
    return store_exec(s, sql, err);
}

sqlite3_stmt *store_stmt(parley_store *s, enum store_stmt_id id, parley_error *err) {
    if (s->st[id] == NULL) {
        if (sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s->st[id], NULL) != SQLITE_OK) {
            store_db_error(s, err, "cannot prepare statement");
            s->st[id] = NULL;
            return NULL;
        }
    }
    sqlite3_reset(s->st[id]);
    sqlite3_clear_bindings(s->st[id]);
    return s->st[id];
}

static void store_free(parley_store *s) {
    for (int i = 0; i < ST_COUNT; i++) sqlite3_finalize(s->st[i]);
    store_sql_cache_free(s);
    if (s->db) sqlite3_close_v2(s->db);
    parley_arena_free(s->arena);
    parley_buf_free(&s->buf);
    free(s->touched);
    free(s);
}

parley_status parley_store_open(parley_store **out, const char *path, int flags, parley_error *err) {
    if (ch_is_url(path)) return ch_store_open(out, path, flags, err);
    *out = NULL;
    if (path == NULL || path[0] == '\0') return parley_error_set(err, PARLEY_ERR_ARG, "", 0, "no store path given");
    parley_store *s = calloc(1, sizeof *s);
    if (s == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, path, 0, "out of memory");
    snprintf(s->path, sizeof s->path, "%s", path);
    s->readonly = (flags & PARLEY_STORE_READONLY) != 0;
    s->arena = parley_arena_new(0);
    if (s->arena == NULL) {
        store_free(s);
        return parley_error_set(err, PARLEY_ERR_NOMEM, path, 0, "out of memory");
    }
    if (s->readonly) {
        struct stat sb;
        if (stat(path, &sb) != 0) {
            int e = errno;
            store_free(s);
            return parley_error_set(err, PARLEY_ERR_IO, path, 0, "cannot open store: %s", strerror(e));
        }
    }
    int oflags = s->readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        parley_status st = parley_error_set(err, PARLEY_ERR_IO, path, 0, "cannot open store: %s",
                                            s->db ? sqlite3_errmsg(s->db) : "out of memory");
        store_free(s);
        return st;
    }
    sqlite3_extended_result_codes(s->db, 1);
    /* a writer holds the lock for one batch; readers and a second writer wait for it */
    sqlite3_busy_timeout(s->db, 10000);
    parley_status st = store_schema_prepare(s, err);
    if (st == PARLEY_OK && !s->readonly)
        st = store_exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;"
                           " PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
                        err);
    /* SQLite's default, 1000 pages, was 4 MiB of WAL with 4 KiB pages */
    if (st == PARLEY_OK && !s->readonly) st = store_wal_checkpoint_every(s, 4 << 20, err);
    if (st == PARLEY_OK && s->readonly) st = store_exec(s, "PRAGMA cache_size = -65536", err);
    if (st != PARLEY_OK) {
        store_free(s);
        return st;
    }
    *out = s;
    return PARLEY_OK;
}

parley_status parley_store_close(parley_store *s, parley_error *err) {
    if (s != NULL && s->ch) return ch_store_close(s, err);
    if (s == NULL) return PARLEY_OK;
    parley_status st = PARLEY_OK;
    if (s->in_batch) st = parley_store_commit(s, err);
    store_free(s);
    return st;
}

int parley_store_schema_version(const parley_store *s) { return s->version; }

int parley_store_migrated_from(const parley_store *s) { return s->migrated_from; }

parley_status parley_store_begin(parley_store *s, parley_error *err) {
    if (s->ch) return ch_begin(s->ch, err);
    if (s->readonly) return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "store is open read-only");
    if (s->in_batch) return PARLEY_OK;
    parley_status st = store_exec(s, "BEGIN IMMEDIATE", err);
    if (st == PARLEY_OK) s->in_batch = 1;
    s->next_mention = s->next_event = 0;
    return st;
}

parley_status store_fts_sync(parley_store *s, parley_error *err) {
    sqlite3_stmt *st = store_stmt(s, ST_FTS_SYNC, err);
    if (st == NULL) return PARLEY_ERR_DB;
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return store_db_error(s, err, "cannot update the full-text index");
    if ((st = store_stmt(s, ST_FTS_MARK, err)) == NULL) return PARLEY_ERR_DB;
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return store_db_error(s, err, "cannot update the full-text index");
    return PARLEY_OK;
}

parley_status store_commit_tx(parley_store *s, parley_error *err) {
    s->next_mention = s->next_event = 0; /* another writer may insert once the lock is released */
    parley_status st = store_fts_sync(s, err);
    if (st == PARLEY_OK) st = store_exec(s, "COMMIT", err);
    return st;
}

parley_status parley_store_commit(parley_store *s, parley_error *err) {
    if (s->ch) return ch_commit(s->ch, err);
    if (!s->in_batch) return PARLEY_OK;
    parley_status st = store_commit_tx(s, err);
    if (st != PARLEY_OK) {
        /* a failed COMMIT (disk full) leaves the transaction open: undo it */
        parley_error tmp;
        store_exec(s, "ROLLBACK", &tmp);
    }
    s->in_batch = 0;
    return st;
}

parley_status parley_store_rollback(parley_store *s, parley_error *err) {
    if (s->ch) return ch_rollback(s->ch, err);
    if (!s->in_batch) return PARLEY_OK;
    s->in_batch = 0;
    s->next_mention = s->next_event = 0;
    return store_exec(s, "ROLLBACK", err);
}

int store_glob_pattern(const char *pattern, parley_buf *out) {
    parley_buf_clear(out);
    if (parley_buf_append(out, "", 0) != 0) return -1;
    for (const char *p = pattern; *p; p++) {
        int rc;
        if (*p == '?') rc = parley_buf_puts(out, "[?]");
        else if (*p == '[') rc = parley_buf_puts(out, "[[]");
        else rc = parley_buf_append(out, p, 1);
        if (rc != 0) return -1;
    }
    return 0;
}
