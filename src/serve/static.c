/* static.c - serving the built dashboard (web/dist) from a folder.
 *
 * Only plain names under the web folder are served: each path segment must
 * be letters, digits, '-', '_' or '.', and must not start with a dot, so no
 * request can climb out of the folder or reach hidden files. The dashboard
 * is small, so a file is read whole into the response. index.html is never
 * cached (it names the current assets); the assets' names carry a hash of
 * their content (web/build.mjs), so they may be cached for good. */
#include <stdio.h>
#include <string.h>

#include "serve/serve_internal.h"

static int static_name_ok(const char *url) {
    if (url[0] != '/') return 0;
    size_t len = strlen(url);
    if (len > 200) return 0;
    int seg_start = 1;
    for (size_t i = 1; i < len; i++) {
        char c = url[i];
        if (c == '/') {
            if (seg_start) return 0;  /* empty segment */
            seg_start = 1;
            continue;
        }
        if (seg_start && c == '.') return 0;
        seg_start = 0;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_' || c == '.'))
            return 0;
    }
    return !seg_start;
}

static const char *static_type(const char *url) {
    static const struct { const char *ext, *type; } types[] = {
        {".html", "text/html; charset=utf-8"},   {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},     {".json", "application/json"},
        {".svg", "image/svg+xml"},               {".png", "image/png"},
        {".ico", "image/x-icon"},                {".woff2", "font/woff2"},
        {".map", "application/json"},            {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(url, '.');
    if (dot == NULL) return NULL;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0) return types[i].type;
    return NULL;
}

void serve_static(const parley_server *s, const char *url, serve_response *r) {
    if (s->web_dir == NULL) {
        serve_error(r, 404, "no dashboard: the server was started without a web folder");
        return;
    }
    if (strcmp(url, "/") == 0) url = "/index.html";
    const char *type = static_type(url);
    if (!static_name_ok(url) || type == NULL) {
        serve_error(r, 404, "not found");
        return;
    }
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s%s", s->web_dir, url) >= sizeof path) {
        serve_error(r, 404, "not found");
        return;
    }
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        serve_error(r, 404, "not found");
        return;
    }
    parley_buf_clear(&r->body);
    char chunk[16384];
    size_t got;
    int failed = 0;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (parley_buf_append(&r->body, chunk, got) != 0) failed = 1;
    if (ferror(f)) failed = 1;
    fclose(f);
    if (failed) {
        serve_error(r, 500, "cannot read a dashboard file");
        return;
    }
    r->status = 200;
    r->content_type = type;
    r->cache_control = strncmp(url, "/assets/", 8) == 0 ? "public, max-age=31536000, immutable" : "no-cache";
}
