/* json_flat.c - a fast parser for the common JSON Lines record.
 *
 * jansson builds a tree, allocates every string and validates UTF-8 again;
 * on news input that is a third of the time of segmentation. Nearly every
 * record is a flat object of strings, so this parser reads exactly that
 * shape, decoding the strings parley keeps straight into the document's
 * arena and skipping the others. It accepts only what it fully understands
 * and otherwise returns 0 without judging: jansson then parses the record
 * and gives the error message. The fuzz target checks that both paths
 * agree. */
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "io/io_internal.h"
#include "io/json_escape.h"

#define MAX_KEYS 32

typedef struct flat {
    const char *p, *end;
} flat;

static void skip_ws(flat *f) {
    while (f->p < f->end && (*f->p == ' ' || *f->p == '\t' || *f->p == '\n' || *f->p == '\r')) f->p++;
}

/* A string at f->p (just past the opening quote). When out is not NULL, decodes it there (room
   for the raw length + 1: decoding never lengthens) and sets *out_len. Returns 0 on anything
   jansson should judge. */
static int parse_string(flat *f, char *out, size_t *out_len, int *escaped) {
    size_t o = 0;
    *escaped = 0;
    while (f->p < f->end) {
        const char *q = f->p;
#ifdef __SSE2__
        /* 16 bytes at a time while none is a quote, a backslash or a control character */
        const __m128i quote16 = _mm_set1_epi8('"'), slash16 = _mm_set1_epi8('\\'), ctl16 = _mm_set1_epi8(0x1F);
        while (f->end - q >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
            __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote16), _mm_cmpeq_epi8(v, slash16)),
                                       _mm_cmpeq_epi8(_mm_min_epu8(v, ctl16), v));
            int mask = _mm_movemask_epi8(hit);
            if (mask) {
                q += __builtin_ctz((unsigned)mask);
                break;
            }
            q += 16;
        }
#endif
        /* 8 bytes at a time while none is a quote, a backslash or a control character */
        while (f->end - q >= 8) {
            uint64_t w;
            memcpy(&w, q, 8);
            const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
            uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');
            uint64_t hit = ((quote - ones) & ~quote) | ((slash - ones) & ~slash) | ((w - ones * 0x20) & ~w);
            if (hit & high) break;
            q += 8;
        }
        while (q < f->end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20) q++;
        if (out) memcpy(out + o, f->p, (size_t)(q - f->p));
        o += (size_t)(q - f->p);
        f->p = q;
        if (q == f->end || (unsigned char)*q < 0x20) return 0;
        if (*q == '"') {
            f->p++;
            if (out) out[o] = '\0';
            if (out_len) *out_len = o;
            return 1;
        }
        *escaped = 1;
        if (f->end - q < 2) return 0;
        char c = q[1], d;
        f->p = q + 2;
        switch (c) {
        case '"': d = '"'; break;
        case '\\': d = '\\'; break;
        case '/': d = '/'; break;
        case 'b': d = '\b'; break;
        case 'f': d = '\f'; break;
        case 'n': d = '\n'; break;
        case 'r': d = '\r'; break;
        case 't': d = '\t'; break;
        case 'u': {
            uint32_t cp;
            if (f->end - f->p < 4 || !io_json_hex4(f->p, &cp)) return 0;
            f->p += 4;
            if (cp == 0) return 0;
            if (cp >= 0xDC00 && cp <= 0xDFFF) return 0;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                uint32_t lo;
                if (f->end - f->p < 6 || f->p[0] != '\\' || f->p[1] != 'u' || !io_json_hex4(f->p + 2, &lo) || lo < 0xDC00 ||
                    lo > 0xDFFF)
                    return 0;
                f->p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            char tmp[4];
            size_t k = util_utf8_put(cp, tmp);
            if (out) memcpy(out + o, tmp, k);
            o += k;
            continue;
        }
        default:
            return 0;
        }
        if (out) out[o] = d;
        o++;
    }
    return 0;
}

/* A JSON number at f->p in strict grammar; *is_int when it has no fraction or exponent and fits. */
static int parse_number(flat *f, int *is_int, long long *value) {
    const char *s = io_json_scan_number(f->p, f->end, is_int, value);
    if (s == NULL) return 0;
    f->p = s;
    return 1;
}

static int literal(flat *f, const char *word) {
    size_t n = strlen(word);
    if ((size_t)(f->end - f->p) < n || memcmp(f->p, word, n) != 0) return 0;
    f->p += n;
    return 1;
}

int io_json_parse_flat(const char *json, size_t len, parley_arena *arena, io_field out[IO_F_COUNT]) {
    memset(out, 0, sizeof(io_field) * IO_F_COUNT);
    flat f = {json, json + len};
    const char *keys[MAX_KEYS];
    size_t key_len[MAX_KEYS];
    int nkeys = 0;
    skip_ws(&f);
    if (f.p == f.end || *f.p != '{') return 0;
    f.p++;
    skip_ws(&f);
    if (f.p < f.end && *f.p == '}') {
        f.p++;
    } else {
        for (;;) {
            skip_ws(&f);
            if (f.p == f.end || *f.p != '"') return 0;
            f.p++;
            const char *key = f.p;
            int escaped;
            if (!parse_string(&f, NULL, NULL, &escaped) || escaped) return 0;
            size_t klen = (size_t)(f.p - 1 - key);
            if (nkeys == MAX_KEYS) return 0;
            for (int i = 0; i < nkeys; i++)
                if (key_len[i] == klen && memcmp(keys[i], key, klen) == 0) return 0;  /* jansson reports it */
            keys[nkeys] = key;
            key_len[nkeys++] = klen;
            int idx = io_field_index(key, klen);
            skip_ws(&f);
            if (f.p == f.end || *f.p != ':') return 0;
            f.p++;
            skip_ws(&f);
            if (f.p == f.end) return 0;
            io_field v;
            memset(&v, 0, sizeof v);
            char c = *f.p;
            if (c == '"') {
                f.p++;
                char *buf = NULL;
                if (idx >= 0) {
                    /* the raw length bounds the decoded one: the string ends at the first quote
                       preceded by an even number of backslashes (memchr finds quotes quickly) */
                    const char *q = f.p;
                    for (;;) {
                        q = memchr(q, '"', (size_t)(f.end - q));
                        if (q == NULL) return 0;
                        const char *b = q;
                        while (b > f.p && b[-1] == '\\') b--;
                        if ((q - b) % 2 == 0) break;
                        q++;
                    }
                    if ((buf = parley_arena_alloc(arena, (size_t)(q - f.p) + 1)) == NULL) return 0;
                }
                size_t n = 0;
                if (!parse_string(&f, buf, &n, &escaped)) return 0;
                v.kind = IO_STRING;
                v.s = buf;
                v.len = n;
                v.in_arena = 1;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                int is_int;
                /* reals are rare in records, and jansson judges their overflow */
                if (!parse_number(&f, &is_int, &v.integer) || !is_int) return 0;
                v.kind = IO_INTEGER;
            } else if (literal(&f, "null")) {
                v.kind = IO_NULL;
            } else if (literal(&f, "true") || literal(&f, "false")) {
                v.kind = IO_OTHER;
            } else {
                return 0;  /* nested values and anything malformed */
            }
            if (idx >= 0) out[idx] = v;
            skip_ws(&f);
            if (f.p == f.end) return 0;
            if (*f.p == ',') {
                f.p++;
                continue;
            }
            if (*f.p != '}') return 0;
            f.p++;
            break;
        }
    }
    skip_ws(&f);
    return f.p == f.end;
}
