/* utf8.c - validating input bytes before anything else looks at them.
 *
 * Every later stage assumes valid UTF-8 (doc.h promises it), so the reader
 * checks each record once, with a 16-bytes-at-a-time path (8 without SSE2) for the ASCII
 * that makes up most news text, and reports the offset of the first bad
 * byte so a user can find it. */
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "io/io_internal.h"

size_t io_utf8_check(const char *str, size_t n) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
#ifdef __SSE2__
        /* ASCII 16 bytes at a time; a block with a non-ASCII byte is skipped up to that byte */
        while (i + 16 <= n) {
            int mask = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
            if (mask) {
                i += (size_t)__builtin_ctz((unsigned)mask);
                break;
            }
            i += 16;
        }
        if (i == n) break;
#endif
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (need >= n - i) return i;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return i;
        i += need + 1;
    }
    return (size_t)-1;
}

int io_is_blank(const char *str, size_t n) {
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            i++;
        } else if (c == 0xC2 && i + 1 < n && (s[i + 1] == 0xA0 || s[i + 1] == 0x85)) {
            i += 2;  /* NBSP, NEL */
        } else if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
                   (s[i + 2] <= 0x8D || s[i + 2] == 0xA8 || s[i + 2] == 0xA9 || s[i + 2] == 0xAF)) {
            i += 3;  /* U+2000..U+200D spaces and zero-width characters, line/paragraph separators */
        } else if (c == 0xE3 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x80) {
            i += 3;  /* ideographic space */
        } else if (c == 0xEF && i + 2 < n && s[i + 1] == 0xBB && s[i + 2] == 0xBF) {
            i += 3;  /* BOM */
        } else {
            return 0;
        }
    }
    return 1;
}
