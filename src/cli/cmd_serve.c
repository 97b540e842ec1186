/* cmd_serve.c - `parley serve`: the HTTP JSON API and dashboard over a store.
 *
 * Parses the options, finds the dashboard's folder, starts the server from
 * the library (parley/serve.h) and waits for SIGINT or SIGTERM. The signals
 * are blocked before the server's threads start, so they inherit the mask
 * and only this thread receives them, in sigwait: shutdown then happens in
 * ordinary code, letting requests in flight finish before the store closes.
 * Without libmicrohttpd at build time the command explains what is missing. */
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "parley/error.h"

#ifdef PARLEY_HAVE_MHD
#include "parley/serve.h"
#endif

static void serve_usage(FILE *out) {
    fprintf(out,
            "usage: parley serve --db FILE [--listen HOST:PORT] [--threads N] [--web DIR]\n"
            "                    [--data DIR] [--max-body BYTES] [--timeout SECONDS] [--cache SECONDS]\n\n"
            "Serves a read-only JSON API over the event store FILE and the dashboard.\n\n"
            "  --db FILE          the event store (opened read-only)\n"
            "  --listen HOST:PORT address to bind (default 127.0.0.1:8080; [::1]:8080 for IPv6;\n"
            "                     port 0 picks a free port, printed on start)\n"
            "  --threads N        worker threads (default 4)\n"
            "  --web DIR          the built dashboard (default: $PARLEY_WEB, DATA/web, or the\n"
            "                     source tree's web/dist)\n"
            "  --data DIR         models and dictionaries (default $PARLEY_DATA or the built-in)\n"
            "  --max-body BYTES   largest POST body accepted (default 1048576)\n"
            "  --timeout SECONDS  idle connection timeout and /api/code time limit (default 10)\n"
            "  --cache SECONDS    reuse /api/stats and /api/actors answers this long (default 30;\n"
            "                     0 = always ask the store)\n\n"
            "Endpoints: /api/events /api/stats /api/actors /api/event/{id} and / (dashboard);\n"
            "see docs/serve.md. SIGINT or SIGTERM stops the server after requests in flight.\n");
}

#ifdef PARLEY_HAVE_MHD
static int parse_long(const char *s, long lo, long hi, long *out) {
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

/* HOST:PORT, [IPV6]:PORT or :PORT into host (a buffer) and port. */
static int parse_listen(const char *s, char *host, size_t cap, int *port) {
    const char *colon;
    const char *h = s;
    size_t hlen;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (close == NULL || close[1] != ':') return -1;
        h = s + 1;
        hlen = (size_t)(close - h);
        colon = close + 1;
    } else {
        colon = strrchr(s, ':');
        if (colon == NULL) return -1;
        hlen = (size_t)(colon - s);
    }
    if (hlen >= cap) return -1;
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    if (hlen == 0) snprintf(host, cap, "127.0.0.1");
    long p;
    if (parse_long(colon + 1, 0, 65535, &p) != 0) return -1;
    *port = (int)p;
    return 0;
}

static int has_index(const char *dir) {
    char path[PATH_MAX];
    struct stat sb;
    if ((size_t)snprintf(path, sizeof path, "%s/index.html", dir) >= sizeof path) return 0;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* The first folder that holds a built dashboard, or NULL. */
static const char *find_web_dir(const char *data_dir, char *buf, size_t cap) {
    const char *env = getenv("PARLEY_WEB");
    if (env && *env && has_index(env)) return env;
    const char *candidates[] = {"%s/web", "%s/../web/dist"};
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        if ((size_t)snprintf(buf, cap, candidates[i], data_dir) >= cap) continue;
        if (has_index(buf)) return buf;
    }
    return NULL;
}
#endif

int cmd_serve(int argc, char **argv) {
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            serve_usage(stdout);
            return 0;
        }
#ifndef PARLEY_HAVE_MHD
    fprintf(stderr,
            "parley serve: this parley was built without libmicrohttpd, so it cannot serve HTTP.\n"
            "Install it (Debian: apt-get install libmicrohttpd-dev), re-run cmake and rebuild.\n");
    return 1;
#else
    parley_serve_config cfg;
    parley_serve_config_init(&cfg);
    char host[128] = "127.0.0.1";
    const char *web = NULL;
    const char *data = getenv("PARLEY_DATA");
    for (int i = 1; i < argc; i += 2) { /* every option takes a value */
        const char *opt = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        long v;
        if (val == NULL) {
            fprintf(stderr, "parley serve: unknown option or missing value: %s\n", opt);
            serve_usage(stderr);
            return 1;
        }
        if (strcmp(opt, "--db") == 0) {
            cfg.db_path = val;
        } else if (strcmp(opt, "--listen") == 0) {
            if (parse_listen(val, host, sizeof host, &cfg.port) != 0) {
                fprintf(stderr, "parley serve: --listen expects HOST:PORT, got '%s'\n", val);
                return 1;
            }
        } else if (strcmp(opt, "--threads") == 0) {
            if (parse_long(val, 1, 256, &v) != 0) {
                fprintf(stderr, "parley serve: --threads expects 1-256, got '%s'\n", val);
                return 1;
            }
            cfg.threads = (int)v;
        } else if (strcmp(opt, "--web") == 0) {
            web = val;
        } else if (strcmp(opt, "--data") == 0) {
            data = val;
        } else if (strcmp(opt, "--max-body") == 0) {
            if (parse_long(val, 1024, 1L << 30, &v) != 0) {
                fprintf(stderr, "parley serve: --max-body expects 1024-1073741824, got '%s'\n", val);
                return 1;
            }
            cfg.max_body = (size_t)v;
        } else if (strcmp(opt, "--timeout") == 0) {
            if (parse_long(val, 1, 3600, &v) != 0) {
                fprintf(stderr, "parley serve: --timeout expects 1-3600 seconds, got '%s'\n", val);
                return 1;
            }
            cfg.timeout_s = (unsigned)v;
        } else if (strcmp(opt, "--cache") == 0) {
            if (parse_long(val, 0, 86400, &v) != 0) {
                fprintf(stderr, "parley serve: --cache expects 0-86400 seconds, got '%s'\n", val);
                return 1;
            }
            cfg.cache_s = (unsigned)v;
        } else {
            fprintf(stderr, "parley serve: unknown option: %s\n", opt);
            serve_usage(stderr);
            return 1;
        }
    }
    if (cfg.db_path == NULL) {
        fprintf(stderr, "parley serve: --db FILE is required\n");
        serve_usage(stderr);
        return 1;
    }
    if (data == NULL || *data == '\0') data = PARLEY_DATA_DIR;
    cfg.host = host;
    cfg.data_dir = data;
    char web_buf[PATH_MAX];
    if (web != NULL) {
        if (!has_index(web)) {
            fprintf(stderr, "parley serve: --web %s has no index.html\n", web);
            return 1;
        }
        cfg.web_dir = web;
    } else {
        cfg.web_dir = find_web_dir(data, web_buf, sizeof web_buf);
        if (cfg.web_dir == NULL)
            fprintf(stderr, "parley serve: no built dashboard found (use --web DIR); serving the API only\n");
    }

    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    parley_server *server;
    parley_error err;
    parley_error_clear(&err);
    if (parley_serve_start(&cfg, &server, &err) != PARLEY_OK) {
        fprintf(stderr, "parley serve: %s%s%s\n", err.file, err.file[0] ? ": " : "", err.message);
        return 1;
    }
    int v6 = strchr(host, ':') != NULL;
    fprintf(stderr, "parley serve: listening on http://%s%s%s:%d/ (%d threads, store %s)\n", v6 ? "[" : "",
            host, v6 ? "]" : "", parley_serve_port(server), cfg.threads, cfg.db_path);
    fflush(stderr);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "parley serve: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    parley_serve_stop(server);
    return 0;
#endif
}
