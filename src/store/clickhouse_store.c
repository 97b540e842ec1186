/* clickhouse_store.c - the ClickHouse backend's handle: the URL, the table,
 * and writing (batches of mentions, replacing documents, deleting).
 *
 * Writes are buffered as RowBinary rows (no escaping, no number
 * formatting on either side) and sent as one INSERT - by a thread, while the
 * next batch fills - once the buffer holds batch rows (URL parameter batch=,
 * default 200000) or 256 MiB, and at close: ClickHouse wants few large inserts (each insert is a part on
 * disk to merge). So a commit here does not send anything by itself; a
 * killed load loses the unsent rows, and rerunning it restores them, since
 * putting a document replaces it. Replacing is delete-then-insert: before a
 * batch is sent, the batch's documents that are already in the table (none
 * when the table was empty at open) are deleted with ALTER TABLE ... DELETE,
 * a mutation that applies only to the parts that exist when it is issued,
 * so the batch sent after it is untouched. Close waits for the mutations to
 * finish, and deduplicates (OPTIMIZE ... FINAL) when an insert had to be
 * retried (a retried insert may have landed twice) or a document was
 * appended to: the table is a ReplacingMergeTree keyed on the merge key,
 * the document and the stable event id. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "parley/event_io.h"
#include "store/clickhouse.h"
#include "store/store_internal.h"

static const char schema_sql[] =
    " (doc_id String, event_id UInt64, mkey UInt64, seq UInt64,"
    " source String, target String, date String, base String, place_key String,"
    " cameo String, root String, quad UInt8, goldstein Float64, plover String,"
    " country String, place String, source_name String, target_name String,"
    " reporter String, sentence Int32, doc_source String, json String)"
    /* merge key first: dyad and dyad+date queries read a range of the key */
    " ENGINE = ReplacingMergeTree ORDER BY (source, target, date, base, place_key, doc_id, event_id)";

#define CH_MAX_BATCH_BYTES (256u << 20)

parley_status ch_exec(ch_store *s, const char *sql, parley_error *err) {
    long retried = 0;
    parley_status st = ch_conn_post(s->conn, NULL, sql, strlen(sql), &s->resp, s->label, &retried, err);
    s->retries += retried;
    return st;
}

static parley_status nomem(ch_store *s, parley_error *err) {
    return parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory");
}

/* Runs a query whose answer is one integer. */
static parley_status query_int(ch_store *s, const char *sql, unsigned long long *out, parley_error *err) {
    parley_status st = ch_exec(s, sql, err);
    if (st != PARLEY_OK) return st;
    char *end;
    *out = strtoull(s->resp.data, &end, 10);
    if (end == s->resp.data)
        return parley_error_set(err, PARLEY_ERR_DB, s->label, 0, "unexpected answer from ClickHouse: %.80s",
                                s->resp.data);
    return PARLEY_OK;
}

/* Splits "http://host:port/path?table=T&retries=N&batch=N" into s and base. */
static parley_status parse_url(ch_store *s, const char *url, char *base, size_t cap, int *retries,
                               parley_error *err) {
    snprintf(s->label, sizeof s->label, "%s", url);
    snprintf(s->table, sizeof s->table, "parley_events");
    *retries = 5;
    s->batch_rows = 200000;
    const char *q = strchr(url, '?');
    size_t n = q ? (size_t)(q - url) : strlen(url);
    if (n + 2 > cap) return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "ClickHouse URL too long");
    memcpy(base, url, n);
    if (n == 0 || base[n - 1] != '/') base[n++] = '/';
    base[n] = '\0';
    for (const char *p = q ? q + 1 : NULL; p && *p;) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        char kv[160];
        if (len >= sizeof kv) return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "URL parameter too long");
        memcpy(kv, p, len);
        kv[len] = '\0';
        char *eq = strchr(kv, '=');
        char *end = NULL;
        if (eq) *eq++ = '\0';
        if (eq && strcmp(kv, "table") == 0 && ch_valid_table(eq)) {
            snprintf(s->table, sizeof s->table, "%s", eq);
        } else if (eq && strcmp(kv, "retries") == 0 && (*retries = (int)strtol(eq, &end, 10), *end == '\0') &&
                   *retries >= 0 && *retries <= 20) {
        } else if (eq && strcmp(kv, "batch") == 0 && (s->batch_rows = strtoll(eq, &end, 10), *end == '\0') &&
                   s->batch_rows > 0) {
        } else {
            return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0,
                                    "bad ClickHouse URL parameter '%s' (known: table=NAME, retries=0..20, batch=ROWS)",
                                    kv);
        }
        p = amp ? amp + 1 : NULL;
    }
    return PARLEY_OK;
}

static parley_status wait_flight(ch_store *s, parley_error *err);

static void ch_free(ch_store *s) {
    wait_flight(s, NULL);
    ch_conn_free(s->conn);
    ch_conn_free(s->sender);
    parley_buf_free(&s->flight);
    parley_buf_free(&s->flight_resp);
    parley_buf_free(&s->rows);
    parley_buf_free(&s->replace);
    parley_buf_free(&s->sql);
    parley_buf_free(&s->resp);
    parley_buf_free(&s->tmp);
    parley_arena_free(s->arena);
    free(s->months);
    free(s);
}

parley_status ch_open(ch_store **out, const char *url, int flags, parley_error *err) {
    *out = NULL;
    ch_store *s = calloc(1, sizeof *s);
    if (s == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, url, 0, "out of memory");
    s->readonly = (flags & PARLEY_STORE_READONLY) != 0;
    char base[512];
    int retries;
    parley_status st = parse_url(s, url, base, sizeof base, &retries, err);
    if (st == PARLEY_OK) st = ch_conn_new(&s->conn, base, retries, err);
    if (st == PARLEY_OK && !s->readonly) st = ch_conn_new(&s->sender, base, retries, err);
    if (st == PARLEY_OK && (s->arena = parley_arena_new(0)) == NULL) st = nomem(s, err);
    unsigned long long v = 0;
    if (st == PARLEY_OK && s->readonly) {
        parley_buf_clear(&s->sql);
        parley_buf_printf(&s->sql, "EXISTS TABLE %s", s->table);
        st = query_int(s, s->sql.data, &v, err);
        if (st == PARLEY_OK && v == 0)
            st = parley_error_set(err, PARLEY_ERR_FORMAT, s->label, 0,
                                  "no parley event table '%s' on this ClickHouse server (load events first)", s->table);
    } else if (st == PARLEY_OK) {
        parley_buf_clear(&s->sql);
        parley_buf_printf(&s->sql, "CREATE TABLE IF NOT EXISTS %s%s", s->table, schema_sql);
        st = ch_exec(s, s->sql.data, err);
        if (st == PARLEY_OK) st = ch_summary_create(s, err);
        parley_buf_clear(&s->sql);
        /* seq orders mentions by load (the first is an event's representative);
         * the low 12 bits are the process id so that loaders on several
         * shards never give two mentions the same seq */
        parley_buf_printf(&s->sql, "SELECT count(), max(seq) FROM %s", s->table);
        if (st == PARLEY_OK) st = ch_exec(s, s->sql.data, err);
        if (st == PARLEY_OK) {
            char *end;
            unsigned long long rows = strtoull(s->resp.data, &end, 10);
            unsigned long long max = strtoull(end, NULL, 10);
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            unsigned long long now = (unsigned long long)ts.tv_sec * 100000ULL + (unsigned long long)ts.tv_nsec / 10000;
            unsigned long long next = (max >> 12) + 1;
            s->fresh = rows == 0;
            s->seq = (next > now ? next : now) << 12 | ((unsigned long long)getpid() & 0xfff);
        }
    }
    /* a table of another application (or of an older layout) is refused, not misread */
    if (st == PARLEY_OK) {
        const char *dot = strchr(s->table, '.');
        parley_buf_clear(&s->sql);
        if (dot)
            parley_buf_printf(&s->sql, "SELECT count() FROM system.columns WHERE database = '%.*s' AND table = '%s'",
                              (int)(dot - s->table), s->table, dot + 1);
        else
            parley_buf_printf(&s->sql, "SELECT count() FROM system.columns WHERE database = currentDatabase()"
                                       " AND table = '%s'", s->table);
        parley_buf_puts(&s->sql, " AND name IN ('doc_id', 'event_id', 'mkey', 'seq', 'json', 'doc_source')");
        st = s->sql.data ? query_int(s, s->sql.data, &v, err) : nomem(s, err);
        if (st == PARLEY_OK && v != 6)
            st = parley_error_set(err, PARLEY_ERR_FORMAT, s->label, 0,
                                  "table '%s' is not a parley event table (docs/scale.md has the layout)", s->table);
    }
    if (st != PARLEY_OK) {
        ch_free(s);
        return st;
    }
    *out = s;
    return PARLEY_OK;
}

/* ClickHouse refuses a query longer than max_query_size (256 KiB by
 * default), so lists of document ids go in pieces of at most this size. */
#define CH_MAX_LIST_BYTES (128u << 10)

/* Deletes the rows of the documents in [p, stop) - quoted ids, each ended
 * by '\n' - that the table has. */
static parley_status delete_existing(ch_store *s, const char *p, const char *stop, parley_error *err) {
    parley_buf_clear(&s->sql);
    /* the months of the old rows are rebuilt in the summary at close */
    if (parley_buf_printf(&s->sql, "SELECT DISTINCT doc_id, substring(date, 1, 7) FROM %s WHERE doc_id IN (",
                          s->table) != 0 ||
        parley_buf_append(&s->sql, p, (size_t)(stop - p)) != 0)
        return nomem(s, err);
    /* a quoted id never holds a raw newline (ch_quote escapes control bytes) */
    for (char *c = s->sql.data; *c; c++)
        if (*c == '\n') *c = ',';
    s->sql.data[s->sql.len - 1] = ')';
    parley_status st = ch_exec(s, s->sql.data, err);
    if (st != PARLEY_OK || s->resp.len == 0) return st;
    parley_buf_clear(&s->sql);
    parley_buf_printf(&s->sql, "ALTER TABLE %s DELETE WHERE doc_id IN (", s->table);
    /* the answer is an escaped id and a month per line: unescape, then quote again */
    int first = 1;
    for (char *line = s->resp.data; *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        char *f[2];
        if (ch_tsv_split(line, f, 2) != 2)
            return parley_error_set(err, PARLEY_ERR_DB, s->label, 0, "unexpected answer from ClickHouse: %.80s", line);
        if (ch_summary_touch(s, f[1]) != 0) return nomem(s, err);
        if ((!first && parley_buf_puts(&s->sql, ",") != 0) || ch_quote(&s->sql, f[0]) != 0) return nomem(s, err);
        first = 0;
        line = nl ? nl + 1 : line + strlen(line);
    }
    if (parley_buf_puts(&s->sql, ")") != 0) return nomem(s, err);
    return ch_exec(s, s->sql.data, err);
}

/* The documents of the pending batch that the table already has lose their
 * old rows before the batch is inserted. */
static parley_status delete_replaced(ch_store *s, parley_error *err) {
    if (s->n_replace == 0 || s->fresh) return PARLEY_OK;
    const char *p = s->replace.data, *end = p + s->replace.len;
    while (p < end) {
        const char *stop = p;
        while (stop < end && (size_t)(stop - p) < CH_MAX_LIST_BYTES)
            stop = (const char *)memchr(stop, '\n', (size_t)(end - stop)) + 1;
        parley_status st = delete_existing(s, p, stop, err);
        if (st != PARLEY_OK) return st;
        p = stop;
    }
    return PARLEY_OK;
}

static void *send_flight(void *arg) {
    ch_store *s = arg;
    char q[512];
    snprintf(q, sizeof q, "?query=INSERT%%20INTO%%20%s%%20(%s)%%20FORMAT%%20RowBinary", s->table,
             "doc_id,event_id,mkey,seq,source,target,date,base,place_key,cameo,root,quad,goldstein,plover,country,"
             "place,source_name,target_name,reporter,sentence,doc_source,json");
    s->flight_st = ch_conn_post(s->sender, q, s->flight.data, s->flight.len, &s->flight_resp, s->label,
                                &s->flight_retried, &s->flight_err);
    return NULL;
}

/* The outcome of the batch just sent (err may be NULL). */
static parley_status flight_result(ch_store *s, parley_error *err) {
    s->retries += s->flight_retried;
    if (s->flight_retried) s->needs_optimize = 1;
    if (s->flight_st == PARLEY_OK) return PARLEY_OK;
    /* the batch is gone from memory; rerunning the load puts its documents again */
    if (err)
        parley_error_set(err, s->flight_st, s->label, 0, "a batch of %lld events was not stored: %s", s->flight_rows,
                         s->flight_err.message);
    return s->flight_st;
}

static parley_status wait_flight(ch_store *s, parley_error *err) {
    if (!s->in_flight) return PARLEY_OK;
    pthread_join(s->thread, NULL);
    s->in_flight = 0;
    return flight_result(s, err);
}

/* Sends the pending rows: the previous batch must have landed, the
 * documents this batch replaces are deleted, then the batch goes out on the
 * sender thread while the caller fills the next one (parsing and sending
 * overlap; a failure is reported by the next flush or by close). */
static parley_status flush_rows(ch_store *s, parley_error *err) {
    parley_status st = wait_flight(s, err);
    if (st == PARLEY_OK) st = delete_replaced(s, err);
    if (st != PARLEY_OK) return st;
    if (s->n_rows > 0) {
        parley_buf t = s->flight;
        s->flight = s->rows;
        s->rows = t;
        s->flight_rows = s->n_rows;
        s->flight_retried = 0;
        parley_error_clear(&s->flight_err);
        if (pthread_create(&s->thread, NULL, send_flight, s) == 0) {
            s->in_flight = 1;
        } else {
            send_flight(s); /* no thread to be had: send it here */
            if ((st = flight_result(s, err)) != PARLEY_OK) return st;
        }
    }
    parley_buf_clear(&s->rows);
    parley_buf_clear(&s->replace);
    s->n_rows = s->n_replace = s->kept_n_rows = s->kept_n_replace = 0;
    s->kept_rows = s->kept_replace = 0;
    /* from now on the table has this handle's documents: a document put
     * again later must replace them */
    s->fresh = 0;
    return PARLEY_OK;
}

static const char *nz(const char *s) { return s ? s : ""; }

/* The merge key as one number (FNV-1a, 64 bit, over the key's parts with a
 * separator no code contains): merged events are grouped on it at query
 * time, which is several times cheaper than grouping on five strings. Two
 * keys sharing a hash would merge; among 10 million events the chance of
 * any such pair is about 3 in a million. */
static uint64_t merge_key_hash(const char *const parts[], int n) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int i = 0; i < n; i++) {
        for (const unsigned char *p = (const unsigned char *)parts[i]; *p; p++) h = (h ^ *p) * 0x100000001b3ULL;
        h = (h ^ 0x1f) * 0x100000001b3ULL;
    }
    return h;
}

static int rb_str(parley_buf *r, const char *v) { return ch_rb_string(r, v, strlen(v)); }

/* Appends one mention row (RowBinary, the columns of the INSERT in flush_rows); ev has its doc_id set. */
static int add_row(ch_store *s, const parley_event *ev, const char *doc_source) {
    parley_buf *r = &s->rows;
    char base[4];
    size_t bn = strnlen(ev->cameo, 3);
    memcpy(base, ev->cameo, bn);
    base[bn] = '\0';
    char root[3] = {ev->cameo[0], ev->cameo[0] ? ev->cameo[1] : '\0', '\0'};
    parley_buf_clear(&s->tmp);
    if (parley_event_write_json(ev, &s->tmp) != PARLEY_OK) return -1;
    if (s->tmp.len && s->tmp.data[s->tmp.len - 1] == '\n') s->tmp.data[--s->tmp.len] = '\0';
    /* the merge key's place: one found in the text, not the dateline's */
    int keyed = parley_event_place_keyed(ev);
    const char *country = ev->place.present ? ev->place.country : "", *pname = ev->place.present ? nz(ev->place.name) : "";
    const char *key[] = {ev->source.present ? ev->source.code : "", ev->target.present ? ev->target.code : "", ev->date,
                         base, keyed ? country : "", keyed ? "|" : "", keyed ? pname : ""};
    const char *str[] = {ev->source.present ? ev->source.code : "", ev->target.present ? ev->target.code : "",
                         ev->date, base};
    int rc = rb_str(r, ev->doc_id) || ch_rb_uint(r, parley_event_id(ev), 8) || ch_rb_uint(r, merge_key_hash(key, 7), 8) ||
             ch_rb_uint(r, s->seq, 8);
    s->seq += 1u << 12;
    for (int i = 0; i < 4; i++) rc = rc || rb_str(r, str[i]);
    /* place_key: "country|name" when there is a place */
    size_t cn = strlen(country), pn = strlen(pname);
    if (keyed) {
        rc = rc || ch_rb_length(r, cn + 1 + pn) || parley_buf_append(r, country, cn) || parley_buf_append(r, "|", 1) ||
             parley_buf_append(r, pname, pn);
    } else {
        rc = rc || ch_rb_string(r, "", 0);
    }
    rc = rc || rb_str(r, ev->cameo) || rb_str(r, root) || ch_rb_uint(r, (uint64_t)ev->quad, 1) ||
         ch_rb_double(r, ev->goldstein) || rb_str(r, nz(ev->plover)) || ch_rb_string(r, country, cn) ||
         ch_rb_string(r, pname, pn) || rb_str(r, ev->source.present ? nz(ev->source.name) : "") ||
         rb_str(r, ev->target.present ? nz(ev->target.name) : "") ||
         rb_str(r, ev->reporter.present ? ev->reporter.code : "") ||
         ch_rb_uint(r, (uint64_t)(uint32_t)ev->sentence, 4) || rb_str(r, doc_source) ||
         ch_rb_string(r, s->tmp.data, s->tmp.len);
    return rc ? -1 : 0;
}

parley_status ch_put(ch_store *s, const parley_store_doc *doc, const parley_event *events, size_t n, int append,
                     parley_error *err) {
    if (s->readonly) return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "store is open read-only");
    if (doc == NULL || doc->id == NULL || doc->id[0] == '\0')
        return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "a document needs an id");
    /* the same checks as the SQLite store, before anything is buffered */
    for (size_t i = 0; i < n; i++)
        if (!store_event_valid(&events[i]))
            return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0,
                                    "document %s: event %zu has a bad CAMEO code or quad class", doc->id, i + 1);
    if (append) {
        s->needs_optimize = 1;
    } else if (!s->fresh) {
        if (ch_quote(&s->replace, doc->id) != 0 || parley_buf_puts(&s->replace, "\n") != 0)
            return nomem(s, err);
        s->n_replace++;
    }
    for (size_t i = 0; i < n; i++) {
        parley_event ev = events[i];
        if (ev.doc_id == NULL || ev.doc_id[0] == '\0') ev.doc_id = doc->id;
        ev.mentions = NULL;
        ev.n_mentions = 0;
        ev.num_mentions = ev.num_sources = ev.num_articles = 0;
        if (add_row(s, &ev, nz(doc->source)) != 0 || ch_summary_touch(s, ev.date) != 0) return nomem(s, err);
        s->n_rows++;
    }
    /* outside a batch each put is its own commit, as in the SQLite store */
    if (!s->in_batch) ch_commit(s, err);
    if (s->n_rows >= s->batch_rows || s->rows.len >= CH_MAX_BATCH_BYTES) return flush_rows(s, err);
    return PARLEY_OK;
}

parley_status ch_begin(ch_store *s, parley_error *err) {
    if (s->readonly) return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "store is open read-only");
    s->in_batch = 1;
    return PARLEY_OK;
}

parley_status ch_commit(ch_store *s, parley_error *err) {
    (void)err;
    /* committed rows wait for the next batch; a rollback keeps them */
    s->kept_rows = s->rows.len;
    s->kept_n_rows = s->n_rows;
    s->kept_replace = s->replace.len;
    s->kept_n_replace = s->n_replace;
    s->in_batch = 0;
    return PARLEY_OK;
}

parley_status ch_rollback(ch_store *s, parley_error *err) {
    (void)err;
    if (!s->in_batch) return PARLEY_OK;
    /* what was put since the last commit and not sent yet is taken back;
     * rows a full buffer already sent stay (rerunning replaces them) */
    if (s->rows.len > s->kept_rows) {
        s->rows.len = s->kept_rows;
        s->rows.data[s->rows.len] = '\0';
        s->n_rows = s->kept_n_rows;
    }
    if (s->replace.len > s->kept_replace) {
        s->replace.len = s->kept_replace;
        s->replace.data[s->replace.len] = '\0';
        s->n_replace = s->kept_n_replace;
    }
    s->in_batch = 0;
    return PARLEY_OK;
}

static parley_status wait_mutations(ch_store *s, parley_error *err) {
    const char *dot = strchr(s->table, '.');
    parley_buf_clear(&s->sql);
    if (dot) {
        parley_buf_printf(&s->sql, "SELECT count() FROM system.mutations WHERE is_done = 0 AND database = '%.*s' AND table = '%s'",
                          (int)(dot - s->table), s->table, dot + 1);
    } else {
        parley_buf_printf(&s->sql,
                          "SELECT count() FROM system.mutations WHERE is_done = 0 AND database = currentDatabase()"
                          " AND table = '%s'",
                          s->table);
    }
    if (s->sql.data == NULL) return nomem(s, err);
    char *sql = strdup(s->sql.data);
    if (sql == NULL) return nomem(s, err);
    parley_status st = PARLEY_OK;
    for (long ms = 0;; ms += 50) {
        unsigned long long pending = 0;
        if ((st = query_int(s, sql, &pending, err)) != PARLEY_OK || pending == 0) break;
        if (ms > 600000) {
            st = parley_error_set(err, PARLEY_ERR_DB, s->label, 0, "deleting replaced documents takes over 10 minutes");
            break;
        }
        struct timespec ts = {0, 50000000L};
        nanosleep(&ts, NULL);
    }
    free(sql);
    return st;
}

parley_status ch_close(ch_store *s, parley_error *err) {
    if (s == NULL) return PARLEY_OK;
    parley_status st = PARLEY_OK;
    if (!s->readonly) {
        st = flush_rows(s, err);
        parley_status sent = wait_flight(s, st == PARLEY_OK ? err : NULL);
        if (st == PARLEY_OK) st = sent;
        if (st == PARLEY_OK && !s->fresh) st = wait_mutations(s, err);
        if (st == PARLEY_OK && s->needs_optimize) {
            parley_buf_clear(&s->sql);
            parley_buf_printf(&s->sql, "OPTIMIZE TABLE %s FINAL", s->table);
            st = ch_exec(s, s->sql.data, err);
        }
        if (st == PARLEY_OK) st = ch_summary_refresh(s, err);
    }
    ch_free(s);
    return st;
}

parley_status ch_delete_doc(ch_store *s, const char *doc_id, parley_error *err) {
    if (s->readonly) return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "store is open read-only");
    parley_status st = flush_rows(s, err);
    if (st == PARLEY_OK) st = wait_flight(s, err);
    if (st != PARLEY_OK) return st;
    parley_buf_clear(&s->sql);
    if (parley_buf_printf(&s->sql, "SELECT DISTINCT substring(date, 1, 7) FROM %s WHERE doc_id = ", s->table) != 0 ||
        ch_quote(&s->sql, doc_id) != 0)
        return nomem(s, err);
    if ((st = ch_exec(s, s->sql.data, err)) != PARLEY_OK) return st;
    /* the document's months are rebuilt in the summary at close */
    for (char *line = s->resp.data; *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        char *f[1];
        ch_tsv_split(line, f, 1);
        if (ch_summary_touch(s, f[0]) != 0) return nomem(s, err);
        line = nl ? nl + 1 : line + strlen(line);
    }
    parley_buf_clear(&s->sql);
    if (parley_buf_printf(&s->sql, "ALTER TABLE %s DELETE WHERE doc_id = ", s->table) != 0 ||
        ch_quote(&s->sql, doc_id) != 0)
        return nomem(s, err);
    st = ch_exec(s, s->sql.data, err);
    if (st == PARLEY_OK) st = wait_mutations(s, err);
    return st;
}

parley_status ch_merge(ch_store *s, long long *n_events, parley_error *err) {
    long long d, m, e;
    parley_status st = ch_totals(s, &d, &m, &e, err);
    if (st == PARLEY_OK && n_events) *n_events = e;
    return st;
}
