/* clickhouse_http.c - talking to a ClickHouse server over its HTTP interface.
 *
 * One reused libcurl handle per store handle (keep-alive: a load sends
 * thousands of batches). A failure that may be transient - the server down
 * or restarting, a timeout, a 5xx answer - is retried with exponential
 * backoff (0.2 s, doubling); a query the server rejects (4xx: syntax, types,
 * missing table) is reported at once with the server's message, since
 * sending it again cannot help. Built without libcurl, every call fails with
 * a message saying so, which keeps the rest of the backend (and the CLI)
 * identical in both builds. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/clickhouse.h"

#ifdef PARLEY_HAVE_CURL
#include <curl/curl.h>

struct ch_conn {
    CURL *curl;
    char base[512];
    int retries;
    parley_buf url;
};

static size_t collect(char *data, size_t size, size_t n, void *user) {
    parley_buf *b = user;
    return parley_buf_append(b, data, size * n) == 0 ? size * n : 0;
}

parley_status ch_conn_new(ch_conn **out, const char *base, int retries, parley_error *err) {
    *out = NULL;
    static int global_done;
    if (!global_done) {
        /* not thread-safe by libcurl's design: stores are opened before threads start */
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
            return parley_error_set(err, PARLEY_ERR_IO, base, 0, "cannot initialise libcurl");
        global_done = 1;
    }
    ch_conn *c = calloc(1, sizeof *c);
    if (c == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, base, 0, "out of memory");
    c->curl = curl_easy_init();
    if (c->curl == NULL) {
        free(c);
        return parley_error_set(err, PARLEY_ERR_NOMEM, base, 0, "cannot create a libcurl handle");
    }
    snprintf(c->base, sizeof c->base, "%s", base);
    c->retries = retries;
    *out = c;
    return PARLEY_OK;
}

void ch_conn_free(ch_conn *c) {
    if (c == NULL) return;
    curl_easy_cleanup(c->curl);
    parley_buf_free(&c->url);
    free(c);
}

static void pause_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* The first line of a ClickHouse error answer, which carries the reason. */
static void first_line(const parley_buf *resp, char *out, size_t cap) {
    const char *s = resp->data ? resp->data : "";
    size_t n = strcspn(s, "\n");
    if (n >= cap) n = cap - 1;
    memcpy(out, s, n);
    out[n] = '\0';
}

/* ClickHouse answers most exceptions with 500, a bad query included; only
 * these codes (or a 5xx without a ClickHouse code: a proxy, a restart) mean
 * "try again later": timeouts, network, memory, too many parts or queries,
 * a shard that cannot be reached. */
static int server_busy(const parley_buf *resp) {
    static const int busy[] = {159, 202, 209, 210, 241, 252, 279};
    const char *s = resp->data ? resp->data : "";
    if (strncmp(s, "Code: ", 6) != 0) return 1;
    long code = strtol(s + 6, NULL, 10);
    for (size_t i = 0; i < sizeof busy / sizeof busy[0]; i++)
        if (busy[i] == code) return 1;
    return 0;
}

parley_status ch_conn_post(ch_conn *c, const char *url_query, const char *body, size_t len, parley_buf *resp,
                           const char *label, long *retried, parley_error *err) {
    if (retried) *retried = 0;
    parley_buf_clear(&c->url);
    if (parley_buf_puts(&c->url, c->base) != 0 || (url_query && parley_buf_puts(&c->url, url_query) != 0))
        return parley_error_set(err, PARLEY_ERR_NOMEM, label, 0, "out of memory");
    CURL *h = c->curl;
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, c->url.data);
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, resp);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    /* no "Expect: 100-continue" round trip before each large batch */
    struct curl_slist *headers = curl_slist_append(NULL, "Expect:");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    long wait_ms = 200;
    parley_status st = PARLEY_OK;
    for (int attempt = 0;; attempt++) {
        parley_buf_clear(resp);
        CURLcode rc = curl_easy_perform(h);
        long code = 0;
        if (rc == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
        if (rc == CURLE_OK && code == 200) break;
        char why[400];
        if (rc != CURLE_OK) snprintf(why, sizeof why, "%s", curl_easy_strerror(rc));
        else first_line(resp, why, sizeof why);
        int transient = rc != CURLE_OK || (code >= 500 && server_busy(resp));
        if (rc == CURLE_WRITE_ERROR) {
            st = parley_error_set(err, PARLEY_ERR_NOMEM, label, 0, "out of memory reading the answer");
            break;
        }
        if (!transient) {
            st = parley_error_set(err, PARLEY_ERR_DB, label, 0, "ClickHouse rejected the request (HTTP %ld): %s", code,
                                  why);
            break;
        }
        if (attempt >= c->retries) {
            st = parley_error_set(err, rc != CURLE_OK ? PARLEY_ERR_IO : PARLEY_ERR_DB, label, 0,
                                  "ClickHouse server failed after %d attempts: %s", attempt + 1, why);
            break;
        }
        if (retried) (*retried)++;
        pause_ms(wait_ms);
        wait_ms *= 2;
    }
    curl_slist_free_all(headers);
    if (st == PARLEY_OK && resp->data == NULL && parley_buf_append(resp, "", 0) != 0)
        st = parley_error_set(err, PARLEY_ERR_NOMEM, label, 0, "out of memory");
    return st;
}

#else

struct ch_conn {
    int unused;
};

parley_status ch_conn_new(ch_conn **out, const char *base, int retries, parley_error *err) {
    (void)retries;
    *out = NULL;
    return parley_error_set(err, PARLEY_ERR_ARG, base, 0,
                            "this parley was built without libcurl, so it cannot use a ClickHouse store "
                            "(install libcurl4-openssl-dev and rebuild)");
}

void ch_conn_free(ch_conn *c) { (void)c; }

parley_status ch_conn_post(ch_conn *c, const char *url_query, const char *body, size_t len, parley_buf *resp,
                           const char *label, long *retried, parley_error *err) {
    (void)c, (void)url_query, (void)body, (void)len, (void)resp, (void)retried;
    return parley_error_set(err, PARLEY_ERR_ARG, label, 0, "this parley was built without libcurl");
}

#endif
