/* utf8_put.h - writing one code point as UTF-8 (internal, header-only).
 *
 * The JSON readers decode \u escapes into UTF-8 and the text stage writes
 * lower-cased characters back; both need the same four-case encoder, kept
 * here once. */
#ifndef PARLEY_UTIL_UTF8_PUT_H
#define PARLEY_UTIL_UTF8_PUT_H

#include <stddef.h>
#include <stdint.h>

/* Writes code point cp (at most U+10FFFF) as UTF-8 at o; returns the bytes written (1-4). */
static inline size_t util_utf8_put(uint32_t cp, char *o) {
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

#endif
