/* model_file.c - the binary container of parley's NLP models.
 *
 * Layout (all integers little-endian):
 *   header, 32 bytes: magic "PRLYNLP\0", u32 version, u32 kind (tagger,
 *   lemma, parser), u32 section count, u32 reserved, u64 total file length;
 *   then each section: char tag[4], u32 element size (1, 2, 4 or 8),
 *   u64 element count, the elements, zero padding to a multiple of 8.
 * The version is per kind (nlp_file_version): the parser's format changed to
 * a move model and a label model (version 2), then to the move model's
 * weights as the int16 steps its probe table holds (version 3), while the
 * tagger and lemma files stayed byte for byte as they were (version 1), so
 * retraining the parser leaves them alone. An older parser file is refused with a message that
 * says to retrain, a newer one with PARLEY_ERR_VERSION.
 * Loading reads the whole file into one aligned buffer, checks every size
 * against the bytes actually there, and hands out pointers into the buffer: no parsing per element, so a 20 MB model
 * loads in a few milliseconds. Anything inconsistent is PARLEY_ERR_MODEL
 * naming the file, never a crash. Big-endian hosts are refused at load with
 * a clear message rather than byte-swapped: the lemma tables are records of
 * mixed field sizes, and no supported platform is big-endian. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/nlp_internal.h"

static const char magic[8] = {'P', 'R', 'L', 'Y', 'N', 'L', 'P', '\0'};
#define HEADER_LEN 32u
#define SECTION_HEAD 16u

static int host_is_le(void) {
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 1;
}

static void put32(unsigned char *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static void put64(unsigned char *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static uint32_t get32(const unsigned char *p) {
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}
static uint64_t get64(const unsigned char *p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}


uint32_t nlp_file_version(uint32_t kind) { return kind == NLP_KIND_PARSER ? 3u : 1u; }

void nlp_file_begin(parley_buf *b, uint32_t kind) {
    unsigned char h[HEADER_LEN] = {0};
    memcpy(h, magic, 8);
    put32(h + 8, nlp_file_version(kind));
    put32(h + 12, kind);
    parley_buf_clear(b);
    parley_buf_append(b, h, sizeof h);
}

int nlp_file_section(parley_buf *b, const char tag[4], uint32_t elem_size, uint64_t count,
                     const void *data) {
    if (b->len < HEADER_LEN || !host_is_le()) return -1;
    unsigned char h[SECTION_HEAD];
    memcpy(h, tag, 4);
    put32(h + 4, elem_size);
    put64(h + 8, count);
    if (parley_buf_append(b, h, sizeof h) != 0) return -1;
    size_t bytes = (size_t)count * elem_size;
    if (bytes && parley_buf_append(b, data, bytes) != 0) return -1;
    static const unsigned char zero[8] = {0};
    if (bytes % 8 && parley_buf_append(b, zero, 8 - bytes % 8) != 0) return -1;
    unsigned char *hdr = (unsigned char *)b->data;
    put32(hdr + 16, get32(hdr + 16) + 1);
    return 0;
}

parley_status nlp_file_save(parley_buf *b, const char *path, parley_error *err) {
    if (b->data == NULL || b->len < HEADER_LEN)
        return parley_error_set(err, PARLEY_ERR_NOMEM, path, 0, "out of memory building model");
    put64((unsigned char *)b->data + 24, b->len);
    FILE *fp = fopen(path, "wb");
    if (fp == NULL)
        return parley_error_set(err, PARLEY_ERR_IO, path, 0, "cannot create: %s", strerror(errno));
    size_t n = fwrite(b->data, 1, b->len, fp);
    int bad = n != b->len || fclose(fp) != 0;
    if (bad) return parley_error_set(err, PARLEY_ERR_IO, path, 0, "cannot write model");
    return PARLEY_OK;
}

void nlp_file_release(nlp_file *f) {
    free(f->data);
    f->data = NULL;
    f->len = 0;
}

static parley_status bad(nlp_file *f, parley_error *err, const char *why) {
    parley_status st = parley_error_set(err, PARLEY_ERR_MODEL, f->path, 0,
                                        "corrupt or truncated model file: %s", why);
    nlp_file_release(f);
    return st;
}

parley_status nlp_file_load(nlp_file *f, const char *path, uint32_t kind, parley_error *err) {
    memset(f, 0, sizeof *f);
    snprintf(f->path, sizeof f->path, "%s", path);
    if (!host_is_le())
        return parley_error_set(err, PARLEY_ERR_MODEL, path, 0,
                                "model files are little-endian; this host is big-endian");
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return parley_error_set(err, PARLEY_ERR_MODEL, path, 0, "cannot open model: %s",
                                strerror(errno));
    size_t cap = 1 << 16, len = 0;
    /* malloc alignment (16 on every supported ABI) keeps 8-byte sections aligned */
    unsigned char *data = malloc(cap);
    while (data != NULL) {
        size_t n = fread(data + len, 1, cap - len, fp);
        len += n;
        if (len < cap) break;
        unsigned char *grown = cap > ((size_t)1 << 30) ? NULL : realloc(data, cap * 2);
        if (grown == NULL) {
            free(data);
            data = NULL;
            break;
        }
        data = grown;
        cap *= 2;
    }
    int read_err = ferror(fp);
    fclose(fp);
    if (data == NULL) return parley_error_set(err, PARLEY_ERR_MODEL, path, 0, "model too large or out of memory");
    if (read_err) {
        free(data);
        return parley_error_set(err, PARLEY_ERR_MODEL, path, 0, "read error");
    }
    return nlp_file_adopt(f, data, len, path, kind, err);
}

parley_status nlp_file_adopt(nlp_file *f, unsigned char *data, size_t len, const char *name,
                             uint32_t kind, parley_error *err) {
    memset(f, 0, sizeof *f);
    snprintf(f->path, sizeof f->path, "%s", name);
    const char *path = f->path;
    f->data = data;
    f->len = len;
    if (len < HEADER_LEN) return bad(f, err, "shorter than its header");
    if (memcmp(data, magic, 8) != 0) return bad(f, err, "not a parley model (bad magic)");
    uint32_t version = get32(data + 8), want = nlp_file_version(kind);
    if (get32(data + 12) != kind) return bad(f, err, "wrong model kind for this file name");
    if (version > want) {
        parley_status st = parley_error_set(err, PARLEY_ERR_VERSION, path, 0,
                                            "model format version %u is newer than this parley (%u)",
                                            version, want);
        nlp_file_release(f);
        return st;
    }
    if (version != want) {
        parley_status st = parley_error_set(
            err, PARLEY_ERR_MODEL, path, 0,
            "model format version %u is older than this parley (%u): retrain with tools/train.sh",
            version, want);
        nlp_file_release(f);
        return st;
    }
    if (get64(data + 24) != len) return bad(f, err, "length in header differs from file size");
    f->n_sections = get32(data + 16);
    size_t off = HEADER_LEN;
    for (uint32_t i = 0; i < f->n_sections; i++) {
        if (len - off < SECTION_HEAD) return bad(f, err, "section header past end of file");
        uint32_t es = get32(data + off + 4);
        uint64_t count = get64(data + off + 8);
        if (es != 1 && es != 2 && es != 4 && es != 8) return bad(f, err, "bad element size");
        off += SECTION_HEAD;
        if (count > (len - off) / es) return bad(f, err, "section longer than the file");
        size_t bytes = (size_t)count * es;
        size_t padded = bytes + (bytes % 8 ? 8 - bytes % 8 : 0);
        if (padded > len - off) return bad(f, err, "section padding past end of file");
        off += padded;
    }
    if (off != len) return bad(f, err, "trailing bytes after the last section");
    return PARLEY_OK;
}

parley_status nlp_file_get(const nlp_file *f, const char tag[4], uint32_t elem_size,
                           uint64_t want_count, int exact, const void **data, uint64_t *count,
                           parley_error *err) {
    size_t off = HEADER_LEN;
    for (uint32_t i = 0; i < f->n_sections; i++) {
        const unsigned char *h = f->data + off;
        uint32_t es = get32(h + 4);
        uint64_t n = get64(h + 8);
        size_t bytes = (size_t)n * es;
        if (memcmp(h, tag, 4) == 0) {
            if (es != elem_size)
                return parley_error_set(err, PARLEY_ERR_MODEL, f->path, 0,
                                        "section %.4s has element size %u, expected %u", tag, es,
                                        elem_size);
            if (exact && n != want_count)
                return parley_error_set(err, PARLEY_ERR_MODEL, f->path, 0,
                                        "section %.4s has %llu elements, expected %llu", tag,
                                        (unsigned long long)n, (unsigned long long)want_count);
            *data = h + SECTION_HEAD;
            if (count) *count = n;
            return PARLEY_OK;
        }
        off += SECTION_HEAD + bytes + (bytes % 8 ? 8 - bytes % 8 : 0);
    }
    return parley_error_set(err, PARLEY_ERR_MODEL, f->path, 0, "missing section %.4s", tag);
}
