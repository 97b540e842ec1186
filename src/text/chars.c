/* chars.c - character classes and form normalisation for the tokenizer.
 *
 * ASCII, which is almost all of news text, goes through a 128-entry table;
 * other code points are classified by a few range checks. Normalisation maps
 * the typographic variants that would otherwise make "don’t" and "don't",
 * or "—" and "--", different words for the tagger and the dictionaries. */
#include <string.h>

#include "text/text_internal.h"
#include "util/utf8_put.h"

#define S TC_SPACE
#define U TC_UPPER
#define L TC_LOWER
#define D TC_DIGIT
#define P TC_PUNCT
const uint8_t text_ascii_class[128] = {
    P, P, P, P, P, P, P, P, P, S, S, S, S, S, P, P,  /* controls; \t \n \v \f \r are spaces */
    P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
    S, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,  /* space ! " # $ % & ' ( ) * + , - . / */
    D, D, D, D, D, D, D, D, D, D, P, P, P, P, P, P,
    P, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
    U, U, U, U, U, U, U, U, U, U, U, P, P, P, P, P,
    P, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, P, P, P, P, P,
};

/* U+2000..U+200A spaces, U+200B..U+200D invisible, U+2028, U+2029 and U+202F spaces, the rest
   punctuation (as text_cp_class says). */
#define I TC_IGNORE
const uint8_t text_e280_class[64] = {
    S, S, S, S, S, S, S, S, S, S, S, I, I, I, P, P,
    P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
    P, P, P, P, P, P, P, P, S, S, P, P, P, P, P, S,
    P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
};
#undef I
#undef S
#undef U
#undef L
#undef D
#undef P

uint32_t text_decode_cp(const char *str, size_t n, size_t i, unsigned *len) {
    const unsigned char *s = (const unsigned char *)str + i;
    size_t left = n - i;
    unsigned char c = s[0];
    if (c < 0x80) {
        *len = 1;
        return c;
    }
    if (c >= 0xC2 && c <= 0xDF && left >= 2 && (s[1] & 0xC0) == 0x80) {
        *len = 2;
        return ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (c >= 0xE0 && c <= 0xEF && left >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        uint32_t cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
            *len = 3;
            return cp;
        }
    }
    if (c >= 0xF0 && c <= 0xF4 && left >= 4 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
        (s[3] & 0xC0) == 0x80) {
        uint32_t cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
                      ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        if (cp >= 0x10000 && cp <= 0x10FFFF) {
            *len = 4;
            return cp;
        }
    }
    *len = 1;
    return 0xFFFD;
}

int text_cp_class(uint32_t cp) {
    if (cp < 0x80) return text_ascii_class[cp];
    switch (cp) {
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return TC_SPACE;
    case 0xAD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
        return TC_IGNORE;
    case 0xAA: case 0xB5: case 0xBA:
        return TC_LOWER;
    case 0xD7: case 0xF7:
        return TC_PUNCT;
    }
    if (cp >= 0x2000 && cp <= 0x200A) return TC_SPACE;
    if (cp < 0xA0) return TC_PUNCT;                      /* C1 controls */
    if (cp < 0xC0) return TC_PUNCT;                      /* Latin-1 signs: ¡ £ § « ° ± ² » ¿ ... */
    if (cp < 0xDF) return TC_UPPER;                      /* À..Þ */
    if (cp < 0x100) return TC_LOWER;                     /* ß..ÿ */
    if (cp < 0x180) return (cp & 1) ? TC_LOWER : TC_UPPER; /* Latin Extended-A alternates */
    if (cp >= 0x2000 && cp <= 0x2BFF) return TC_PUNCT;  /* general punctuation .. misc symbols, arrows */
    if (cp >= 0x3000 && cp <= 0x303F) return TC_PUNCT;  /* CJK punctuation */
    if (cp >= 0xFF01 && cp <= 0xFF0F) return TC_PUNCT;  /* fullwidth punctuation */
    if (cp >= 0x1F000 && cp <= 0x1FAFF) return TC_PUNCT; /* emoji and pictographs */
    if (cp == 0xFFFD) return TC_PUNCT;
    return TC_LOWER;
}

/* The ASCII spelling of a typographic variant, or NULL to keep the code point. */
static const char *normal_spelling(uint32_t cp) {
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x0060:
        return "'";
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
        return "\"";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212: case 0xFE63: case 0xFF0D:
        return "-";
    case 0x2014: case 0x2015:
        return "--";
    case 0x2026:
        return "...";
    }
    return NULL;
}

static uint32_t lower_cp(uint32_t cp) {
    if (cp >= 'A' && cp <= 'Z') return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
    if (cp >= 0x100 && cp < 0x180 && cp != 0x130 && !(cp & 1)) return cp + 1;
    return cp;
}

size_t text_normalize(const char *s, size_t len, char *out, int lower) {
    size_t o = 0;
    if (!lower) {
        /* the common case: plain ASCII without a backtick is its own form */
        size_t i = 0;
        while (i < len && (unsigned char)s[i] < 0x80 && s[i] != '`') i++;
        if (i == len) {
            memcpy(out, s, len);
            out[len] = '\0';
            return len;
        }
    }
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c == '`') c = '\'';
            else if (lower && c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
            out[o++] = (char)c;
            i++;
            continue;
        }
        unsigned n;
        uint32_t cp;
        int cls;
        if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 && ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
            /* U+2000..U+203F, where the curly quotes, dashes and ellipsis are: no decoding */
            n = 3;
            cp = 0x2000u + ((unsigned char)s[i + 2] & 0x3Fu);
            cls = text_e280_class[(unsigned char)s[i + 2] & 0x3F];
        } else {
            cp = text_decode_cp(s, len, i, &n);
            cls = text_cp_class(cp);
        }
        const char *rep = normal_spelling(cp);
        if (rep) {
            while (*rep) out[o++] = *rep++;
        } else if (cls == TC_IGNORE || cls == TC_SPACE) {
            /* invisible: nothing to match on */
        } else if (cp == 0xFFFD && n == 1) {
            out[o++] = '?';  /* an invalid byte: keep the form valid UTF-8 */
        } else if (lower) {
            o += util_utf8_put(lower_cp(cp), out + o);
        } else {
            memcpy(out + o, s + i, n);
            o += n;
        }
        i += n;
    }
    out[o] = '\0';
    return o;
}
