/* store_put.c - writing a document's events into the store, merging them.
 *
 * Each coded event becomes a mention; mentions with the same source and
 * target codes, CAMEO base code, date and place share one merged event row,
 * whatever document they come from. Re-putting a document first removes its
 * old mentions, so a rerun after a crash or a re-coding never duplicates.
 * After the mentions change, the touched merged events get their counts
 * (num_mentions, num_articles, num_sources) recomputed from the mentions and
 * their representative (the oldest mention) refreshed; events left without
 * mentions are deleted. Input is validated before anything is written; a
 * database failure halfway rolls back the put's transaction (the whole
 * batch, inside parley_store_begin/commit). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/event_io.h"
#include "store/store_internal.h"

void store_event_base(const parley_event *ev, char base[4]) {
    size_t n = strnlen(ev->cameo, 3);
    memcpy(base, ev->cameo, n);
    base[n] = '\0';
}

void store_event_place_key(const parley_event *ev, parley_buf *out) {
    parley_buf_clear(out);
    parley_buf_append(out, "", 0);
    if (!parley_event_place_keyed(ev)) return;
    parley_buf_puts(out, ev->place.country);
    parley_buf_puts(out, "|");
    parley_buf_puts(out, ev->place.name ? ev->place.name : "");
}

static const char *nz(const char *s) { return s ? s : ""; }

static parley_status step_done(parley_store *s, sqlite3_stmt *st, parley_error *err, const char *what) {
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return store_db_error(s, err, what);
    return PARLEY_OK;
}

parley_status store_touch(parley_store *s, long long event, int created, long long mention, parley_error *err) {
    if (s->n_touched == s->cap_touched) {
        size_t cap = s->cap_touched ? s->cap_touched * 2 : 64;
        struct store_touched *p = realloc(s->touched, cap * sizeof *p);
        if (p == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory");
        s->touched = p;
        s->cap_touched = cap;
    }
    s->touched[s->n_touched++] = (struct store_touched){event, mention, created, mention > 0};
    return PARLEY_OK;
}

static int cmp_touched(const void *a, const void *b) {
    const struct store_touched *x = a, *y = b;
    if (x->event != y->event) return (x->event > y->event) - (x->event < y->event);
    return (x->first_mention > y->first_mention) - (x->first_mention < y->first_mention);
}

/* The representative's fields and its JSON, from its stored JSON (only when
 * the oldest mention of an event went away). */
static parley_status refresh_rep(parley_store *s, long long event, long long rep, parley_error *err) {
    sqlite3_stmt *q = store_stmt(s, ST_MENTION_JSON, err);
    if (q == NULL) return PARLEY_ERR_DB;
    sqlite3_bind_int64(q, 1, rep);
    if (sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_reset(q);
        return store_db_error(s, err, "cannot read mention");
    }
    parley_arena_reset(s->arena);
    parley_event ev;
    const char *json = (const char *)sqlite3_column_text(q, 0);
    size_t json_len = (size_t)sqlite3_column_bytes(q, 0);
    long long mid = sqlite3_column_int64(q, 1);
    parley_status st = parley_event_read_json(&ev, json, json_len, s->arena, s->path, 0, err);
    /* the text itself goes into the event row, copied before the reset */
    sqlite3_stmt *u = st == PARLEY_OK ? store_stmt(s, ST_EVENT_UPDATE_REP, err) : NULL;
    if (u) sqlite3_bind_text(u, 12, json, (int)json_len, SQLITE_TRANSIENT);
    sqlite3_reset(q);
    if (st != PARLEY_OK) return st;
    if (u == NULL) return PARLEY_ERR_DB;
    sqlite3_bind_int64(u, 11, mid);
    sqlite3_bind_int64(u, 1, event);
    sqlite3_bind_text(u, 2, ev.cameo, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(u, 3, ev.root, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(u, 4, ev.quad);
    sqlite3_bind_double(u, 5, ev.goldstein);
    sqlite3_bind_text(u, 6, ev.plover, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(u, 7, ev.place.present ? ev.place.country : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(u, 8, ev.place.present ? nz(ev.place.name) : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(u, 9, ev.source.present ? nz(ev.source.name) : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(u, 10, ev.target.present ? nz(ev.target.name) : "", -1, SQLITE_TRANSIENT);
    return step_done(s, u, err, "cannot update event");
}

static parley_status recount(parley_store *s, long long event, parley_error *err) {
    sqlite3_stmt *q = store_stmt(s, ST_EVENT_COUNTS, err);
    if (q == NULL) return PARLEY_ERR_DB;
    sqlite3_bind_int64(q, 1, event);
    if (sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_reset(q);
        return store_db_error(s, err, "cannot count mentions");
    }
    long long n = sqlite3_column_int64(q, 0), docs = sqlite3_column_int64(q, 1), srcs = sqlite3_column_int64(q, 2);
    long long rep = sqlite3_column_int64(q, 3);
    sqlite3_reset(q);
    if (n == 0) {
        sqlite3_stmt *d = store_stmt(s, ST_EVENT_DELETE, err);
        if (d == NULL) return PARLEY_ERR_DB;
        sqlite3_bind_int64(d, 1, event);
        return step_done(s, d, err, "cannot delete event");
    }
    sqlite3_stmt *g = store_stmt(s, ST_EVENT_GET_REP, err);
    if (g == NULL) return PARLEY_ERR_DB;
    sqlite3_bind_int64(g, 1, event);
    long long old_rep = sqlite3_step(g) == SQLITE_ROW ? sqlite3_column_int64(g, 0) : -1;
    sqlite3_reset(g);
    sqlite3_stmt *u = store_stmt(s, ST_EVENT_UPDATE_COUNTS, err);
    if (u == NULL) return PARLEY_ERR_DB;
    sqlite3_bind_int64(u, 1, event);
    sqlite3_bind_int64(u, 2, n);
    sqlite3_bind_int64(u, 3, docs);
    sqlite3_bind_int64(u, 4, srcs);
    sqlite3_bind_int64(u, 5, rep);
    parley_status st = step_done(s, u, err, "cannot update event");
    /* -1: just created from its first mention, whose fields it already has */
    if (st == PARLEY_OK && old_rep != -1 && old_rep != rep) st = refresh_rep(s, event, rep, err);
    return st;
}


/* An event this put created: its mentions are the added ones, all from
 * the one document being put. */
static parley_status count_created(parley_store *s, long long event, int added, long long first, parley_error *err) {
    if (added == 0) return recount(s, event, err); /* created, then its only mention was a duplicate: gone */
    /* store_put_mention created it with this mention as representative and
       the counts of one mention already */
    if (added == 1) return PARLEY_OK;
    sqlite3_stmt *u = store_stmt(s, ST_EVENT_UPDATE_COUNTS, err);
    if (u == NULL) return PARLEY_ERR_DB;
    sqlite3_bind_int64(u, 1, event);
    sqlite3_bind_int(u, 2, added);
    sqlite3_bind_int(u, 3, 1);
    sqlite3_bind_int(u, 4, 1);
    sqlite3_bind_int64(u, 5, first);
    return step_done(s, u, err, "cannot update event");
}

parley_status store_recount_touched(parley_store *s, parley_error *err) {
    /* a put that touched no event (a document that coded nothing) has no array to sort */
    if (s->n_touched > 1) qsort(s->touched, s->n_touched, sizeof *s->touched, cmp_touched);
    for (size_t i = 0; i < s->n_touched;) {
        size_t j = i;
        int created = 1, added = 0;
        long long first = 0;
        for (; j < s->n_touched && s->touched[j].event == s->touched[i].event; j++) {
            created &= s->touched[j].created;
            added += s->touched[j].added;
            if (s->touched[j].first_mention > 0 && first == 0) first = s->touched[j].first_mention;
        }
        parley_status st = created ? count_created(s, s->touched[i].event, added, first, err)
                                   : recount(s, s->touched[i].event, err);
        if (st != PARLEY_OK) return st;
        i = j;
    }
    s->n_touched = 0;
    return PARLEY_OK;
}

/* Removes the mentions (and evidence) of document row doc, remembering the
 * merged events they belonged to. */
static parley_status drop_doc_mentions(parley_store *s, long long doc, parley_error *err) {
    sqlite3_stmt *q = store_stmt(s, ST_DOC_EVENTS, err);
    if (q == NULL) return PARLEY_ERR_DB;
    sqlite3_bind_int64(q, 1, doc);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if (store_touch(s, sqlite3_column_int64(q, 0), 0, 0, err) != PARLEY_OK) {
            sqlite3_reset(q);
            return PARLEY_ERR_NOMEM;
        }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) return store_db_error(s, err, "cannot read mentions");
    sqlite3_stmt *d = store_stmt(s, ST_DOC_DEL_EVIDENCE, err);
    if (d == NULL) return PARLEY_ERR_DB;
    sqlite3_bind_int64(d, 1, doc);
    parley_status st = step_done(s, d, err, "cannot delete evidence");
    if (st != PARLEY_OK) return st;
    d = store_stmt(s, ST_DOC_DEL_MENTIONS, err);
    if (d == NULL) return PARLEY_ERR_DB;
    sqlite3_bind_int64(d, 1, doc);
    return step_done(s, d, err, "cannot delete mentions");
}

/* The next id of a table, read once per write transaction into *next. */
static parley_status read_next_id(parley_store *s, enum store_stmt_id stmt, long long *next, const char *what,
                                  parley_error *err) {
    sqlite3_stmt *q = store_stmt(s, stmt, err);
    if (q == NULL) return PARLEY_ERR_DB;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) *next = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    if (rc != SQLITE_ROW) return store_db_error(s, err, what);
    return PARLEY_OK;
}

/* Finds or creates the merged event ev belongs to. */

parley_status store_find_event(parley_store *s, const parley_event *ev, const char *json, size_t json_len,
                               long long rep, long long *event, int *created, parley_error *err) {
    *created = 0;
    if (s->next_event == 0 && read_next_id(s, ST_EVENT_NEXT_ID, &s->next_event, "cannot read event ids", err) != PARLEY_OK)
        return PARLEY_ERR_DB;
    char base[4];
    store_event_base(ev, base);
    parley_buf key = PARLEY_BUF_INIT;
    store_event_place_key(ev, &key);
    const char *src = ev->source.present ? ev->source.code : "";
    const char *tgt = ev->target.present ? ev->target.code : "";
    /* the insert probes the unique merge key itself: one statement for a
       new event, and a look-up only when the key exists */
    sqlite3_stmt *ins = store_stmt(s, ST_EVENT_INSERT, err);
    if (ins == NULL || key.data == NULL) {
        parley_buf_free(&key);
        return ins ? parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory") : PARLEY_ERR_DB;
    }
    char root[3];
    memcpy(root, ev->cameo, 2);
    root[2] = '\0';
    sqlite3_bind_text(ins, 1, src, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 2, tgt, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 3, base, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 4, ev->date, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 5, key.data, (int)key.len, SQLITE_STATIC);
    sqlite3_bind_text(ins, 6, ev->cameo, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 7, root, -1, SQLITE_STATIC);
    sqlite3_bind_int(ins, 8, ev->quad);
    sqlite3_bind_double(ins, 9, ev->goldstein);
    sqlite3_bind_text(ins, 10, nz(ev->plover), -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 11, ev->place.present ? ev->place.country : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 12, ev->place.present ? nz(ev->place.name) : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 13, ev->source.present ? nz(ev->source.name) : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 14, ev->target.present ? nz(ev->target.name) : "", -1, SQLITE_STATIC);
    if (rep > 0) sqlite3_bind_int64(ins, 15, rep);
    sqlite3_bind_int64(ins, 16, s->next_event);
    sqlite3_bind_int64(ins, 17, (sqlite3_int64)parley_event_id(ev));
    sqlite3_bind_text(ins, 18, json, (int)json_len, SQLITE_STATIC);
    parley_status st = step_done(s, ins, err, "cannot insert event");
    if (st != PARLEY_OK || sqlite3_changes(s->db) == 1) {
        parley_buf_free(&key);
        if (st == PARLEY_OK) {
            *event = s->next_event++;
            *created = 1;
        }
        return st;
    }
    sqlite3_stmt *q = store_stmt(s, ST_EVENT_FIND, err);
    if (q == NULL) {
        parley_buf_free(&key);
        return PARLEY_ERR_DB;
    }
    sqlite3_bind_text(q, 1, src, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, tgt, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, base, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, ev->date, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, key.data, (int)key.len, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) *event = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    parley_buf_free(&key);
    if (rc != SQLITE_ROW) return store_db_error(s, err, "cannot look up event");
    return PARLEY_OK;
}

int store_event_valid(const parley_event *ev) {
    size_t n = strnlen(ev->cameo, sizeof ev->cameo);
    if (n < 2 || n > 4) return 0;
    for (size_t i = 0; i < n; i++)
        if (ev->cameo[i] < '0' || ev->cameo[i] > '9') return 0;
    return ev->quad >= 1 && ev->quad <= 4;
}

/* Stores one event of document row doc as a mention. */
static parley_status store_put_mention(parley_store *s, long long doc, const char *doc_id, const parley_event *in,
                                long long *mention, parley_error *err) {
    parley_event ev = *in;
    if (ev.doc_id == NULL || ev.doc_id[0] == '\0') ev.doc_id = doc_id;
    /* the store owns these: a mention is one coded occurrence */
    ev.mentions = NULL;
    ev.n_mentions = 0;
    ev.num_mentions = ev.num_sources = ev.num_articles = 0;
    long long event = 0;
    int created = 0;
    parley_status st;
    if (s->next_mention == 0 && read_next_id(s, ST_MENTION_NEXT_ID, &s->next_mention, "cannot read mention ids", err) != PARLEY_OK)
        return PARLEY_ERR_DB;
    /* rendered first: a new event is written with its representative's JSON */
    parley_buf_clear(&s->buf);
    if (parley_event_write_json(&ev, &s->buf) != PARLEY_OK)
        return parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory");
    if ((st = store_find_event(s, &ev, s->buf.data, s->buf.len - 1, s->next_mention, &event, &created, err)) !=
        PARLEY_OK)
        return st;
    sqlite3_stmt *m = store_stmt(s, ST_MENTION_INSERT, err);
    if (m == NULL) return PARLEY_ERR_DB;
    sqlite3_bind_int64(m, 1, event);
    sqlite3_bind_int64(m, 2, doc);
    sqlite3_bind_int64(m, 3, (sqlite3_int64)parley_event_id(&ev));
    sqlite3_bind_int(m, 4, ev.sentence);
    sqlite3_bind_text(m, 5, ev.reporter.present ? ev.reporter.code : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(m, 6, s->buf.data, (int)s->buf.len - 1, SQLITE_STATIC); /* without the '\n' */
    sqlite3_bind_int64(m, 7, s->next_mention);
    if ((st = step_done(s, m, err, "cannot insert mention")) != PARLEY_OK) return st;
    *mention = sqlite3_changes(s->db) == 0 ? 0 : s->next_mention++;
    /* mention 0: the same event twice in one document, stored once */
    if ((st = store_touch(s, event, created, *mention, err)) != PARLEY_OK) return st;
    if (*mention == 0) return PARLEY_OK;
    if (ev.evidence_text && ev.evidence_text[0]) {
        sqlite3_stmt *e = store_stmt(s, ST_EVIDENCE_INSERT, err);
        if (e == NULL) return PARLEY_ERR_DB;
        sqlite3_bind_int64(e, 1, *mention);
        sqlite3_bind_text(e, 2, ev.evidence_text, -1, SQLITE_STATIC);
        if ((st = step_done(s, e, err, "cannot insert evidence")) != PARLEY_OK) return st;
    }
    return PARLEY_OK;
}

static parley_status find_or_add_doc(parley_store *s, const parley_store_doc *doc, long long *id, int *existed,
                                     parley_error *err) {
    /* a new document (the common case of a load) takes one statement */
    sqlite3_stmt *w = store_stmt(s, ST_DOC_INSERT, err);
    if (w == NULL) return PARLEY_ERR_DB;
    sqlite3_bind_text(w, 1, doc->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 2, nz(doc->date), -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 3, nz(doc->source), -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 4, nz(doc->url), -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 5, nz(doc->title), -1, SQLITE_STATIC);
    parley_status st = step_done(s, w, err, "cannot write document");
    if (st != PARLEY_OK) return st;
    if (sqlite3_changes(s->db) == 1) {
        *existed = 0;
        *id = sqlite3_last_insert_rowid(s->db);
        return PARLEY_OK;
    }
    sqlite3_stmt *q = store_stmt(s, ST_DOC_FIND, err);
    if (q == NULL) return PARLEY_ERR_DB;
    sqlite3_bind_text(q, 1, doc->id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *existed = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    if (rc != SQLITE_ROW) return store_db_error(s, err, "cannot look up document");
    if ((w = store_stmt(s, ST_DOC_UPDATE, err)) == NULL) return PARLEY_ERR_DB;
    sqlite3_bind_int64(w, 1, *id);
    sqlite3_bind_text(w, 2, nz(doc->date), -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 3, nz(doc->source), -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 4, nz(doc->url), -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 5, nz(doc->title), -1, SQLITE_STATIC);
    return step_done(s, w, err, "cannot write document");
}

/* A failed write inside a batch: the documents of the batch written so far
 * may be half done, and SQLite may already have rolled back, so the whole
 * batch is undone (the caller reruns it; puts are idempotent). Cheaper than
 * a savepoint per document, which copies every page a document touches. */
static parley_status abort_write(parley_store *s, int own_tx, parley_error *err) {
    s->n_touched = 0;
    s->next_mention = s->next_event = 0;
    if (!own_tx) {
        s->in_batch = 0;
        if (err && strlen(err->message) + 40 < sizeof err->message)
            strcat(err->message, " (the open batch was rolled back)");
    }
    if (!sqlite3_get_autocommit(s->db)) store_exec(s, "ROLLBACK", NULL);
    return err ? err->status : PARLEY_ERR_DB;
}

static parley_status put_doc(parley_store *s, const parley_store_doc *doc, const parley_event *events, size_t n,
                             int replace, parley_error *err) {
    if (s->readonly) return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "store is open read-only");
    if (doc == NULL || doc->id == NULL || doc->id[0] == '\0')
        return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "a document needs an id");
    /* refuse bad input before writing anything, so that only the database
     * itself can fail halfway */
    for (size_t i = 0; i < n; i++)
        if (!store_event_valid(&events[i]))
            return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0,
                                    "document %s: event %zu has a bad CAMEO code or quad class", doc->id, i + 1);
    parley_error local;
    if (err == NULL) err = &local;
    parley_status st;
    int own_tx = !s->in_batch;
    if (own_tx) {
        if ((st = store_exec(s, "BEGIN IMMEDIATE", err)) != PARLEY_OK) return st;
        s->next_mention = s->next_event = 0;
    }
    s->n_touched = 0;
    long long docrow = 0;
    int existed = 0;
    st = find_or_add_doc(s, doc, &docrow, &existed, err);
    if (st == PARLEY_OK && existed && replace) st = drop_doc_mentions(s, docrow, err);
    for (size_t i = 0; st == PARLEY_OK && i < n; i++) {
        long long mention;
        st = store_put_mention(s, docrow, doc->id, &events[i], &mention, err);
    }
    if (st == PARLEY_OK) st = store_recount_touched(s, err);
    if (st == PARLEY_OK && own_tx) st = store_commit_tx(s, err);
    if (st != PARLEY_OK) return abort_write(s, own_tx, err);
    return PARLEY_OK;
}

parley_status parley_store_put(parley_store *s, const parley_store_doc *doc, const parley_event *events, size_t n,
                               parley_error *err) {
    if (s->ch) return ch_put(s->ch, doc, events, n, 0, err);
    return put_doc(s, doc, events, n, 1, err);
}

parley_status parley_store_put_append(parley_store *s, const parley_store_doc *doc, const parley_event *events,
                                      size_t n, parley_error *err) {
    if (s->ch) return ch_put(s->ch, doc, events, n, 1, err);
    return put_doc(s, doc, events, n, 0, err);
}

parley_status parley_store_delete_doc(parley_store *s, const char *doc_id, parley_error *err) {
    if (s->ch) return ch_delete_doc(s->ch, doc_id, err);
    if (s->readonly) return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "store is open read-only");
    parley_status st;
    int own_tx = !s->in_batch;
    if (own_tx && (st = store_exec(s, "BEGIN IMMEDIATE", err)) != PARLEY_OK) return st;
    if ((st = store_exec(s, "SAVEPOINT del", err)) != PARLEY_OK) {
        if (own_tx) store_exec(s, "ROLLBACK", NULL);
        return st;
    }
    s->n_touched = 0;
    sqlite3_stmt *q = store_stmt(s, ST_DOC_FIND, err);
    long long docrow = -1;
    if (q == NULL) st = PARLEY_ERR_DB;
    else {
        sqlite3_bind_text(q, 1, doc_id, -1, SQLITE_STATIC);
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) docrow = sqlite3_column_int64(q, 0);
        sqlite3_reset(q);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) st = store_db_error(s, err, "cannot look up document");
    }
    if (st == PARLEY_OK && docrow >= 0) {
        st = drop_doc_mentions(s, docrow, err);
        if (st == PARLEY_OK) st = store_recount_touched(s, err);
        sqlite3_stmt *d = st == PARLEY_OK ? store_stmt(s, ST_DOC_DELETE, err) : NULL;
        if (st == PARLEY_OK && d == NULL) st = PARLEY_ERR_DB;
        if (d) {
            sqlite3_bind_int64(d, 1, docrow);
            st = step_done(s, d, err, "cannot delete document");
        }
    }
    if (st == PARLEY_OK) st = store_exec(s, "RELEASE del", err);
    if (st != PARLEY_OK) {
        store_exec(s, "ROLLBACK TO del", NULL);
        store_exec(s, "RELEASE del", NULL);
        if (own_tx) store_exec(s, "ROLLBACK", NULL);
        return st;
    }
    if (own_tx && (st = store_commit_tx(s, err)) != PARLEY_OK) store_exec(s, "ROLLBACK", NULL);
    return st;
}
