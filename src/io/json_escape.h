/* json_escape.h - the lexical pieces shared by the two hand-written JSON
 * readers (json_flat.c for documents, event_json_fast.c for event lines):
 * decoding \uXXXX escapes and scanning numbers. Inline: both call them on
 * their hot paths. */
#ifndef PARLEY_IO_JSON_ESCAPE_H
#define PARLEY_IO_JSON_ESCAPE_H

#include <stddef.h>
#include <stdint.h>

#include "util/utf8_put.h"

/* The four hex digits at s as a number in *out; 0 when one is not hex. */
static inline int io_json_hex4(const char *s, uint32_t *out) {
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (uint32_t)(c - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}


/* Scans a JSON number at s (strict grammar) before end. Returns the byte
 * after it, or NULL when there is none or it is an integer of more than 18
 * digits (jansson decides what overflows). *is_int: no fraction and no
 * exponent, and then *value is the integer. */
static inline const char *io_json_scan_number(const char *s, const char *end, int *is_int, long long *value) {
    int neg = 0;
    if (s < end && *s == '-') {
        neg = 1;
        s++;
    }
    if (s == end || *s < '0' || *s > '9') return NULL;
    const char *digits = s;
    if (*s == '0') s++;
    else
        while (s < end && *s >= '0' && *s <= '9') s++;
    size_t ndigits = (size_t)(s - digits);
    *is_int = 1;
    if (s < end && *s == '.') {
        *is_int = 0;
        s++;
        if (s == end || *s < '0' || *s > '9') return NULL;
        while (s < end && *s >= '0' && *s <= '9') s++;
    }
    if (s < end && (*s == 'e' || *s == 'E')) {
        *is_int = 0;
        s++;
        if (s < end && (*s == '+' || *s == '-')) s++;
        if (s == end || *s < '0' || *s > '9') return NULL;
        while (s < end && *s >= '0' && *s <= '9') s++;
    }
    if (*is_int) {
        if (ndigits > 18) return NULL;
        long long v = 0;
        for (const char *d = digits; d < digits + ndigits; d++) v = v * 10 + (*d - '0');
        *value = neg ? -v : v;
    }
    return s;
}

#endif
