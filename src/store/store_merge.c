/* store_merge.c - rebuilding the merged events from the stored mentions.
 *
 * Puts keep the events table merged as they go; this applies the merge rule
 * from scratch (after a migration that changes the rule, or to repair a
 * store). It reads every mention's stored JSON in insertion order, so each
 * rebuilt event is represented by its oldest mention exactly as incremental
 * merging would have chosen, and recomputes all counts (never the
 * "created" shortcut of puts: a rebuilt event has mentions of many documents). One transaction:
 * interrupted, the store keeps its previous events. */
#include <string.h>

#include "parley/event_io.h"
#include "store/store_internal.h"

static parley_status merge_all(parley_store *s, parley_error *err) {
    parley_status st = store_exec(s, "DELETE FROM events", err);
    if (st != PARLEY_OK) return st;
    s->next_event = 0;
    sqlite3_stmt *scan = NULL, *upd = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT id, json FROM mentions ORDER BY id", -1, &scan, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "UPDATE mentions SET event = ?2 WHERE id = ?1", -1, &upd, NULL) != SQLITE_OK) {
        st = store_db_error(s, err, "cannot prepare merge");
        goto out;
    }
    int rc;
    s->n_touched = 0;
    while ((rc = sqlite3_step(scan)) == SQLITE_ROW) {
        long long mention = sqlite3_column_int64(scan, 0);
        parley_arena_reset(s->arena);
        parley_event ev;
        st = parley_event_read_json(&ev, (const char *)sqlite3_column_text(scan, 1),
                                    (size_t)sqlite3_column_bytes(scan, 1), s->arena, s->path, 0, err);
        if (st != PARLEY_OK) goto out;
        long long event;
        int created;
        if ((st = store_find_event(s, &ev, (const char *)sqlite3_column_text(scan, 1),
                                   (size_t)sqlite3_column_bytes(scan, 1), 0, &event, &created, err)) != PARLEY_OK)
            goto out;
        sqlite3_bind_int64(upd, 1, mention);
        sqlite3_bind_int64(upd, 2, event);
        rc = sqlite3_step(upd);
        sqlite3_reset(upd);
        if (rc != SQLITE_DONE) {
            st = store_db_error(s, err, "cannot update mention");
            goto out;
        }
    }
    if (rc != SQLITE_DONE) {
        st = store_db_error(s, err, "cannot read mentions");
        goto out;
    }
    sqlite3_finalize(scan);
    scan = NULL;
    /* every event was just created (rep = -1): counting fills rep and counts */
    if (sqlite3_prepare_v2(s->db, "SELECT id FROM events", -1, &scan, NULL) != SQLITE_OK) {
        st = store_db_error(s, err, "cannot prepare merge");
        goto out;
    }
    parley_status tst = PARLEY_OK;
    while (tst == PARLEY_OK && (rc = sqlite3_step(scan)) == SQLITE_ROW) tst = store_touch(s, sqlite3_column_int64(scan, 0), 0, 0, err);
    /* a failed step ends the scan early: merging only part of the events is an error, not success */
    if (tst == PARLEY_OK && rc != SQLITE_DONE) tst = store_db_error(s, err, "cannot scan events to merge");
    sqlite3_finalize(scan);
    scan = NULL;
    if (tst != PARLEY_OK) {
        st = tst;
        goto out;
    }
    st = store_recount_touched(s, err);
out:
    sqlite3_finalize(scan);
    sqlite3_finalize(upd);
    return st;
}

parley_status parley_store_merge(parley_store *s, long long *n_events, parley_error *err) {
    if (s->ch) return ch_merge(s->ch, n_events, err);
    if (s->readonly) return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "store is open read-only");
    parley_status st;
    int own_tx = !s->in_batch;
    if (own_tx && (st = store_exec(s, "BEGIN IMMEDIATE", err)) != PARLEY_OK) return st;
    if ((st = store_exec(s, "SAVEPOINT merge", err)) != PARLEY_OK) {
        if (own_tx) store_exec(s, "ROLLBACK", NULL);
        return st;
    }
    st = merge_all(s, err);
    if (st == PARLEY_OK) st = store_exec(s, "RELEASE merge", err);
    if (st != PARLEY_OK) {
        store_exec(s, "ROLLBACK TO merge", NULL);
        store_exec(s, "RELEASE merge", NULL);
        if (own_tx) store_exec(s, "ROLLBACK", NULL);
        s->n_touched = 0;
        return st;
    }
    if (own_tx && (st = store_commit_tx(s, err)) != PARLEY_OK) {
        store_exec(s, "ROLLBACK", NULL);
        return st;
    }
    if (n_events) {
        long long docs, mentions;
        return parley_store_totals(s, &docs, &mentions, n_events, err);
    }
    return PARLEY_OK;
}
