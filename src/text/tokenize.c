/* tokenize.c - splitting text into UD English EWT tokens and words.
 *
 * The text is cut at white space into chunks; each chunk is scanned left to
 * right into URLs, e-mail addresses, emoticons, words (letters and digits
 * joined by word-internal periods, apostrophes, hyphens, and digit-internal
 * commas, colons and slashes) and punctuation runs. A word's final period is
 * kept when the word is an abbreviation or an initial; hyphenated compounds
 * are then split around the hyphen unless the first part is a prefix EWT
 * keeps ("e-mail") or the word is a phone number; finally a surface token
 * whose ending is a clitic ("'s", "n't", "'ll", ...) or that is a fused form
 * ("gonna", "cannot") becomes a multiword token of two or three words.
 *
 * A word is finished when it is pushed: its form is copied (or normalised)
 * from its own bytes into a shared arena block while they are still in the
 * cache, and it takes the span of its surface token, as doc.h asks. Nothing
 * is allocated per token. Chunks of plain letters and digits, most of news
 * text, are found eight bytes at a time and skip the chunk scanner. */
#include <stdint.h>
#include <string.h>

#include "parley/text.h"
#include "text/text_internal.h"

typedef struct tok_out {
    parley_arena *arena;
    const char *t;
    size_t n;
    parley_token *v;
    size_t count, cap;
    char *forms, *forms_end;  /* where the next form is written, and the end of that block */
    int oom;
    uint8_t special;  /* the chunk being scanned holds non-ASCII bytes or a backtick */
    uint8_t apos;     /* ... or an apostrophe: only then can a clitic be in it */
} tok_out;

/* What the chunk scan needs to know of a byte, in one lookup. B_PUNCT marks every byte that is
   neither an ASCII letter or digit nor a space (non-ASCII bytes too); B_CLOSE the punctuation that,
   at the end of an otherwise alphanumeric chunk, is a token of its own whatever precedes it. */
enum { B_SPACE = 1, B_AT = 2, B_DOT = 4, B_SPECIAL = 8, B_APOS = 16, B_PUNCT = 32, B_CLOSE = 64 };
#define P_ B_PUNCT
static const uint8_t ascii_flags[128] = {
    P_, P_, P_, P_, P_, P_, P_, P_, P_, B_SPACE, B_SPACE, B_SPACE, B_SPACE, B_SPACE, P_, P_,
    P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_,
    /* space ! " # $ % & ' ( ) * + , - . / */
    B_SPACE, P_ | B_CLOSE, P_ | B_CLOSE, P_, P_, P_, P_, P_ | B_APOS, P_, P_ | B_CLOSE, P_, P_, P_ | B_CLOSE, P_,
    P_ | B_DOT, P_,
    /* 0-9 : ; < = > ? */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, P_ | B_DOT, P_ | B_CLOSE, P_, P_, P_, P_ | B_CLOSE,
    P_ | B_AT, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* @ A-O */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, P_, P_, P_, P_, P_,     /* P-Z [ \ ] ^ _ */
    P_ | B_SPECIAL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* ` a-o */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, P_, P_, P_, P_, P_,     /* p-z { | } ~ DEL */
};
#undef P_

/* FORM_SLACK spare bytes at the end of every forms block let a short form be copied as one
   fixed-size block, and keep text.h's promise of PARLEY_TEXT_FORM_PAD readable bytes after each. */
enum { FORM_SLACK = PARLEY_TEXT_FORM_PAD, FORM_BLOCK = 16 * 1024 };

/* Room for a form of up to n bytes and its NUL; 0, or -1 when out of memory. */
static int forms_reserve(tok_out *o, size_t n) {
    if (o->forms != NULL && (size_t)(o->forms_end - o->forms) >= n + 1 + FORM_SLACK) return 0;
    size_t size = (n > FORM_BLOCK ? n : FORM_BLOCK) + 1 + FORM_SLACK;
    o->forms = parley_arena_alloc(o->arena, size);
    if (o->forms == NULL) {
        o->forms_end = NULL;
        return -1;
    }
    o->forms_end = o->forms + size;
    return 0;
}

/* Appends the word t[start..end) of the surface token t[sstart..send): the word keeps the surface
   span (doc.h), its form is its own bytes, normalised when the chunk needs it, and it is followed by
   a space when the surface token is. */
static parley_token *push_word_in(tok_out *o, size_t start, size_t end, size_t sstart, size_t send) {
    if (o->count == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : o->n / 5 + 16;  /* English averages about 5 bytes a token */
        parley_token *v = parley_arena_alloc(o->arena, cap * sizeof *v);
        if (v == NULL) {
            o->oom = 1;
            return NULL;
        }
        if (o->count) memcpy(v, o->v, o->count * sizeof *v);
        o->v = v;
        o->cap = cap;
    }
    size_t n = end - start;
    if (forms_reserve(o, n) != 0) {
        o->oom = 1;
        return NULL;
    }
    /* read before the form is written (see push_plain) */
    const char *t = o->t;
    size_t len = o->n;
    int space = 1;
    if (send < len) {
        unsigned char c = (unsigned char)t[send];
        unsigned cl;
        space = (c < 0x80 ? text_ascii_class[c] : text_class_at(t, len, send, &cl)) == TC_SPACE;
    }
    parley_token *tok = &o->v[o->count++];
    const char *src = t + start;
    char *form = o->forms;
    size_t fl = n;
    int plain = !o->special;
    if (!plain) {
        /* in a chunk with special bytes the word itself may still be plain ("We" after a curly
           quote) */
        size_t k = 0;
        while (k < n && (unsigned char)src[k] < 0x80 && src[k] != '`') k++;
        plain = k == n;
    }
    if (!plain) {
        fl = text_normalize(src, n, form, 0);
    } else {
        /* plain ASCII without a backtick is its own form */
        if (n <= FORM_SLACK && start + FORM_SLACK <= len) memcpy(form, src, FORM_SLACK);
        else memcpy(form, src, n);
        form[n] = '\0';
    }
    o->forms = form + fl + 1;
    *tok = (parley_token){.start = (uint32_t)sstart, .end = (uint32_t)send, .form = form, .head = -1,
                          .space_after = (uint8_t)space};
    return tok;
}

/* Appends a word that is a surface token of its own. */
static parley_token *push_word(tok_out *o, size_t start, size_t end) { return push_word_in(o, start, end, start, end); }

static int ascii_lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* Length of the apostrophe (' ` or a curly one) that ends just before pos, or 0. */
static unsigned apostrophe_before(const char *t, size_t s, size_t pos) {
    if (pos > s && (t[pos - 1] == '\'' || t[pos - 1] == '`')) return 1;
    if (pos >= s + 3 && (unsigned char)t[pos - 3] == 0xE2 && (unsigned char)t[pos - 2] == 0x80 &&
        ((unsigned char)t[pos - 1] == 0x99 || (unsigned char)t[pos - 1] == 0x98))
        return 3;
    return 0;
}

/* Length of the apostrophe starting at pos, or 0. */
static unsigned apostrophe_at(const char *t, size_t n, size_t pos) {
    if (pos < n && (t[pos] == '\'' || t[pos] == '`')) return 1;
    if (pos + 3 <= n && (unsigned char)t[pos] == 0xE2 && (unsigned char)t[pos + 1] == 0x80 &&
        ((unsigned char)t[pos + 2] == 0x99 || (unsigned char)t[pos + 2] == 0x98))
        return 3;
    return 0;
}

/* Where a clitic starts in the word t[s..e) ("Bush|'s", "do|n't", "Edwards|'"), or 0. */
static size_t clitic_start(const char *t, size_t s, size_t e) {
    size_t k = e, letters = 0;
    while (k > s && letters < 3 && ((t[k - 1] | 32) >= 'a' && (t[k - 1] | 32) <= 'z')) {
        k--;
        letters++;
    }
    unsigned a = apostrophe_before(t, s, k);
    if (letters == 0) {
        /* a plural possessive kept its apostrophe only when a word follows */
        if (e - s >= 2 && (a = apostrophe_before(t, s, e)) != 0 && e - a > s + 1 &&
            (t[e - a - 1] | 32) == 's')
            return e - a;
        return 0;
    }
    if (a == 0 || k - a <= s) return 0;
    char c1 = (char)ascii_lower(t[k]), c2 = letters > 1 ? (char)ascii_lower(t[k + 1]) : 0;
    if (letters == 1 && c1 == 't' && (t[k - a - 1] | 32) == 'n' && k - a - 1 > s) return k - a - 1;
    if (letters == 1 && (c1 == 's' || c1 == 'm' || c1 == 'd')) return k - a;
    if (letters == 2 && ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')))
        return k - a;
    return 0;
}

static const char *const units[] = {"am", "pm", "k", "m", "b", "bn", "mn", "gb", "mb", "kb", "tb", "km",
                                   "kg", "mg", "ml", "cm", "mm", "ft", "lb", "lbs", "oz", "mph", "hrs",
                                   "hr", "min", "mins", "yr", "yrs", "x", NULL};

/* Where the unit starts in "65k", "8gb", "11:30am" (EWT splits them), or 0. */
static size_t unit_start(const char *t, size_t s, size_t e) {
    if (t[s] < '0' || t[s] > '9') return 0;
    size_t i = s;
    while (i < e && ((t[i] >= '0' && t[i] <= '9') || t[i] == '.' || t[i] == ',' || t[i] == ':')) i++;
    if (i == e || e - i > 4 || t[i - 1] < '0' || t[i - 1] > '9') return 0;
    char low[5];
    for (size_t k = i; k < e; k++) {
        char c = (char)ascii_lower((unsigned char)t[k]);
        if (c < 'a' || c > 'z') return 0;
        low[k - i] = c;
    }
    low[e - i] = '\0';
    for (const char *const *u = units; *u; u++)
        if (strcmp(*u, low) == 0) return i;
    return 0;
}

/* First, second and last letters of lexicon.c's fused forms by length ("im", "ive", "dont",
   "gonna", ...): most words are ruled out before they are lower-cased and looked up. */
#define L(c) (1u << ((c) - 'a'))
static const uint32_t fused_initials[9] = {0, 0, L('i'), L('i'), L('a') | L('c') | L('d') | L('i') | L('w'),
                                           L('a') | L('d') | L('g') | L('h') | L('o') | L('t') | L('w') | L('y'),
                                           L('c') | L('d') | L('h') | L('t') | L('w'), L('c') | L('w'), L('s')};
static const uint32_t fused_seconds[9] = {0, 0, L('m'), L('v'), L('a') | L('i') | L('o') | L('s'),
                                          L('a') | L('e') | L('h') | L('i') | L('o') | L('r') | L('u'),
                                          L('a') | L('e') | L('h') | L('o'), L('o'), L('h')};
static const uint32_t fused_lasts[9] = {0, 0, L('m'), L('e'), L('t'),
                                        L('a') | L('e') | L('l') | L('o') | L('s') | L('t'),
                                        L('e') | L('s') | L('t'), L('t'), L('t')};
#undef L

static inline int fused_candidate(const char *w, size_t len) {
    if (len < 2 || len > 8) return 0;
    unsigned c0 = ((unsigned char)w[0] | 0x20u) - 'a', c1 = ((unsigned char)w[1] | 0x20u) - 'a';
    unsigned cn = ((unsigned char)w[len - 1] | 0x20u) - 'a';
    return c0 < 26 && c1 < 26 && cn < 26 && (fused_initials[len] >> c0 & 1) && (fused_seconds[len] >> c1 & 1) &&
           (fused_lasts[len] >> cn & 1);
}

/* Emits the surface token t[s..e), as a multiword token when it is a contraction. */
static void emit_surface(tok_out *o, size_t s, size_t e) {
    const char *t = o->t;
    size_t len = e - s;
    size_t unit = unit_start(t, s, e);
    if (unit) {
        push_word(o, s, unit);
        s = unit;
        len = e - s;
    }
    if (fused_candidate(t + s, len)) {
        char low[9];
        int ascii = 1;
        for (size_t i = 0; i < len && ascii; i++) {
            int c = ascii_lower((unsigned char)t[s + i]);
            if (c < 'a' || c > 'z') ascii = 0;
            low[i] = (char)c;
        }
        size_t cut[2];
        int words = ascii ? text_fused_split(low, len, cut) : 0;
        if (words) {
            parley_token *first = push_word_in(o, s, s + cut[0], s, e);
            if (first == NULL) return;
            first->mwt = (uint8_t)words;
            if (words == 2) {
                push_word_in(o, s + cut[0], e, s, e);
            } else {
                push_word_in(o, s + cut[0], s + cut[1], s, e);
                push_word_in(o, s + cut[1], e, s, e);
            }
            return;
        }
    }
    size_t c = len >= 2 && o->apos ? clitic_start(t, s, e) : 0;
    if (c > s && c < e) {
        parley_token *first = push_word_in(o, s, c, s, e);
        if (first == NULL) return;
        first->mwt = 2;
        push_word_in(o, c, e, s, e);
        return;
    }
    push_word(o, s, e);
}

static int class_at(const tok_out *o, size_t i, unsigned *n) { return text_class_at(o->t, o->n, i, n); }

/* The class of the code point that ends at pos (pos > 0). */
static int class_before(const tok_out *o, size_t pos) {
    size_t i = pos - 1;
    while (i > 0 && ((unsigned char)o->t[i] & 0xC0) == 0x80 && pos - i < 4) i--;
    unsigned n;
    return class_at(o, i, &n);
}

/* The first non-space code point class at or after pos, or TC_SPACE at the end. */
static int next_visible_class(const tok_out *o, size_t pos) {
    while (pos < o->n) {
        unsigned n;
        int c = class_at(o, pos, &n);
        if (c != TC_SPACE && c != TC_IGNORE) return c;
        pos += n;
    }
    return TC_SPACE;
}

static int starts_with_ci(const char *s, size_t n, const char *prefix) {
    size_t k = strlen(prefix);
    if (n < k) return 0;
    for (size_t i = 0; i < k; i++)
        if (ascii_lower((unsigned char)s[i]) != prefix[i]) return 0;
    return 1;
}

/* A URL starting at p: returns its end (trailing punctuation excluded), or 0. */
static size_t scan_url(const tok_out *o, size_t p, size_t ce) {
    const char *s = o->t + p;
    size_t n = ce - p;
    if (!(starts_with_ci(s, n, "http://") || starts_with_ci(s, n, "https://") ||
          starts_with_ci(s, n, "ftp://") || starts_with_ci(s, n, "mailto:") ||
          (starts_with_ci(s, n, "www.") && n > 5)))
        return 0;
    int parens = 0;
    for (size_t i = p; i < ce; i++) parens += o->t[i] == '(' ? 1 : 0;
    size_t e = ce;
    while (e > p + 4) {
        char c = o->t[e - 1];
        if (c == ')' && parens) break;
        if (strchr(".,;:!?'\")]>}", c) == NULL) {
            if (apostrophe_before(o->t, p, e) == 3) {
                e -= 3;
                continue;
            }
            if (e - p > 3 && (unsigned char)o->t[e - 3] == 0xE2 && (unsigned char)o->t[e - 2] == 0x80 &&
                ((unsigned char)o->t[e - 1] == 0x9D || (unsigned char)o->t[e - 1] == 0x9C)) {
                e -= 3;
                continue;
            }
            break;
        }
        e--;
    }
    return e;
}

static int email_local_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

/* An e-mail address starting at p: returns its end, or 0. */
static size_t scan_email(const tok_out *o, size_t p, size_t ce) {
    const char *t = o->t;
    size_t i = p;
    while (i < ce && email_local_char(t[i])) i++;
    if (i == p || i >= ce || t[i] != '@') return 0;
    size_t d = ++i, dots = 0;
    while (i < ce && (email_local_char(t[i]) && t[i] != '_' && t[i] != '%' && t[i] != '+')) {
        if (t[i] == '.') dots++;
        i++;
    }
    while (i > d && (t[i - 1] == '.' || t[i - 1] == '-')) i--;
    (void)dots;  /* "Kay Mann@ENRON": in-house addresses have no dot */
    if (i == d || t[i - 1] == '.') return 0;
    return i;
}

static const char *const emoticons[] = {
    ":-)", ":-(", ";-)", ":-D", ":-P", ":-p", ":'(", ":)", ":(", ";)", ":D", ":P", ":p", ":/", ":-/",
    "=)", "(:", "<3", "^_^", ":o", ":O", ":|", "XD", NULL};

/* An emoticon starting at p, not glued to a word on either side: returns its end, or 0. */
static size_t scan_emoticon(const tok_out *o, size_t p, size_t cs, size_t ce) {
    char c0 = o->t[p];
    if (c0 != ':' && c0 != ';' && c0 != '=' && c0 != '(' && c0 != '<' && c0 != '^' && c0 != 'X') return 0;
    if (p > cs && text_is_alnum_class(class_before(o, p))) return 0;
    for (const char *const *e = emoticons; *e; e++) {
        size_t k = strlen(*e);
        if (p + k > ce || memcmp(o->t + p, *e, k) != 0) continue;
        if (p + k < ce) {
            unsigned n;
            if (text_is_alnum_class(class_at(o, p + k, &n))) continue;
        }
        if (k == 2 && (*e)[0] == 'X') {
            if (p + k != ce && o->t[p + k] != '!' && o->t[p + k] != '.') continue;
        }
        return p + k;
    }
    return 0;
}

static uint32_t cp_at(const tok_out *o, size_t i, unsigned *n) { return text_decode_cp(o->t, o->n, i, n); }

/* Is the word t[s..e) (without a final period) an abbreviation whose period belongs to it? */
static int keeps_period(const tok_out *o, size_t s, size_t e, size_t after_period) {
    size_t len = e - s;
    if (len == 0 || len > 24) return 0;
    char low[32];
    size_t ll = text_normalize(o->t + s, len, low, 1);
    int letters = 0, digits = 0, periods = 0, seg = 0, maxseg = 0;
    for (size_t i = 0; i < ll; i++) {
        unsigned char c = (unsigned char)low[i];
        if (c == '.') {
            periods++;
            seg = 0;
        } else {
            if (c >= '0' && c <= '9') digits++;
            else letters++;
            if (++seg > maxseg) maxseg = seg;
        }
    }
    if (periods && !digits && maxseg <= 3) return 1;  /* U.S. p.m. e.g. Ph.D. */
    unsigned n;
    int c0 = class_at(o, s, &n);
    if (n == len && c0 == TC_UPPER) return 1;         /* an initial: "George W. Bush" */
    if (periods || digits) return 0;
    unsigned lists = text_word_lists(low, ll);
    if (lists & TEXT_LIST_ABBREVIATION) return 1;
    if (lists & TEXT_LIST_AMBIGUOUS) {
        /* "No. 5", "Sun. morning" but not "I said no." */
        int c = next_visible_class(o, after_period);
        return c == TC_DIGIT || c == TC_LOWER;
    }
    return 0;
}

/* "713-853-3989", "646-8420", "3-5213" (an extension); but "3-4" and "2001-2002" are ranges. */
static int is_phone_number(const char *t, size_t s, size_t e) {
    size_t seg = 0, segs = 0;
    for (size_t i = s; i <= e; i++) {
        if (i == e || t[i] == '-') {
            if (seg == 0 || (i == e ? seg != 4 : seg > 3)) return 0;
            segs++;
            seg = 0;
        } else if (t[i] >= '0' && t[i] <= '9') {
            seg++;
        } else {
            return 0;
        }
    }
    return segs >= 2;
}

#define MAX_HYPHENS 32

/* Scans a word from p (q0: where scanning resumes, past a leading '.' of ".5"). Emits it and
   returns its end. */
static size_t scan_word(tok_out *o, size_t p, size_t q0, size_t ce) {
    const char *t = o->t;
    size_t q = q0;
    int prev = TC_PUNCT;
    size_t hy[MAX_HYPHENS];
    unsigned hylen[MAX_HYPHENS];
    int nhy = 0, keep_whole = 0;
    while (q < ce) {
        unsigned n;
        int c = class_at(o, q, &n);
        if (text_is_alnum_class(c)) {
            prev = c;
            q += n;
            continue;
        }
        if (c == TC_IGNORE) {
            q += n;
            continue;
        }
        if (c != TC_PUNCT || !text_is_alnum_class(prev) || q + n >= ce) break;
        unsigned n2;
        int c2 = class_at(o, q + n, &n2);
        if (!text_is_alnum_class(c2)) break;
        uint32_t cp = cp_at(o, q, &n);
        int ok = 0;
        if (cp == '\'' || cp == '`' || cp == 0x2019) ok = text_is_alpha_class(c2);
        else if (cp == '.') ok = 1;
        else if (cp == ',' || cp == ':') ok = prev == TC_DIGIT && c2 == TC_DIGIT;
        else if (cp == '/') {
            /* dates and fractions ("9/11"), and "b/c", "w/o" */
            ok = (prev == TC_DIGIT && c2 == TC_DIGIT) ||
                 (text_is_alpha_class(prev) && q >= p + 1 && (q == p + 1 || !text_is_alnum_class(class_before(o, q - 1))) &&
                  (q + n + n2 >= ce || !text_is_alnum_class(class_at(o, q + n + n2, &n2))));
            keep_whole |= ok;
        } else if (cp == '&') ok = prev == TC_UPPER && c2 == TC_UPPER;
        else if (cp == '_') ok = keep_whole = 1;
        else if (cp == '-' || cp == 0x2010 || cp == 0x2011) {
            ok = 1;
            if (nhy < MAX_HYPHENS) {
                hy[nhy] = q;
                hylen[nhy++] = n;
            } else {
                keep_whole = 1;
            }
        }
        if (!ok) break;
        if (cp == '.') keep_whole |= nhy > 0;
        q += n;
        prev = TC_PUNCT;
    }
    if (q == q0 && q0 == p) return p;

    /* the final period of an abbreviation belongs to it */
    size_t last = nhy ? hy[nhy - 1] + hylen[nhy - 1] : p;
    if (q < ce && t[q] == '.' && (q + 1 >= ce || t[q + 1] != '.' || q + 2 >= ce || t[q + 2] != '.') &&
        keeps_period(o, last, q, q + 1))
        q++;
    /* "the Tigers' coach": the plural possessive apostrophe, when a word follows */
    unsigned a;
    if (q < ce && (t[q - 1] | 32) == 's' && (a = apostrophe_at(t, o->n, q)) != 0 && q + a == ce) {
        int c = next_visible_class(o, ce);
        if (text_is_alnum_class(c)) q += a;
    }

    if (nhy && !keep_whole && !is_phone_number(t, p, q)) {
        size_t seg = p;
        for (int i = 0; i < nhy; i++) {
            char low[16];
            size_t sl = hy[i] - seg;
            int prefix = 0;
            if (sl < sizeof low) {
                size_t ll = text_normalize(t + seg, sl, low, 1);
                prefix = text_is_hyphen_prefix(low, ll);
            }
            if (prefix) continue;  /* "e-mail": the hyphen stays inside */
            emit_surface(o, seg, hy[i]);
            push_word(o, hy[i], hy[i] + hylen[i]);
            seg = hy[i] + hylen[i];
        }
        emit_surface(o, seg, q);
    } else {
        emit_surface(o, p, q);
    }
    return q;
}

/* Punctuation at p: returns the end of the token. */
static size_t scan_punct(const tok_out *o, size_t p, size_t ce) {
    const char *t = o->t;
    unsigned n;
    uint32_t cp = cp_at(o, p, &n);
    size_t q = p + n;
    if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026) {
        while (q < ce && (t[q] == '.' || t[q] == '!' || t[q] == '?')) q++;
        return q;
    }
    if (cp == 0x2018 || cp == 0x2019) {
        /* "‘’" and "’’" stand for double quotes */
        while (q + 3 <= ce && apostrophe_at(t, ce, q) == 3) q += 3;
        return q;
    }
    if (cp < 0x80 && strchr("-*=_~+#<>'`$", (int)cp)) {
        while (q < ce && t[q] == (char)cp) q++;
        return q;
    }
    return q;
}

/* Tokenises the chunk t[cs..ce); has_at and has_dot say whether it holds '@' and '.' or ':'
   (most chunks are plain words: e-mail and URLs are looked for only where they can be). */
static void scan_chunk(tok_out *o, size_t cs, size_t ce, int has_at, int has_dot) {
    const char *t = o->t;
    size_t p = cs;
    int maybe_email = has_at, maybe_url = has_dot;
    while (p < ce && !o->oom) {
        unsigned n;
        int c = class_at(o, p, &n);
        if (c == TC_IGNORE) {
            p += n;
            continue;
        }
        size_t e = 0;
        int at_start = p == cs || ((maybe_url || maybe_email || t[p] == '.' || t[p] == '+') &&
                                   !text_is_alnum_class(class_before(o, p)));
        if (at_start && maybe_url && (t[p] == 'h' || t[p] == 'H' || t[p] == 'w' || t[p] == 'W' || t[p] == 'f' ||
                         t[p] == 'F' || t[p] == 'm' || t[p] == 'M'))
            e = scan_url(o, p, ce);
        if (e == 0 && at_start && maybe_email && text_is_alnum_class(c)) e = scan_email(o, p, ce);
        if (e > p) {
            push_word(o, p, e);
            p = e;
            continue;
        }
        if (c == TC_PUNCT || t[p] == 'X') {
            e = scan_emoticon(o, p, cs, ce);
            if (e > p) {
                push_word(o, p, e);
                p = e;
                continue;
            }
        }
        if (text_is_alnum_class(c)) {
            p = scan_word(o, p, p, ce);
            continue;
        }
        if ((t[p] == '.' || t[p] == '+') && p + 1 < ce && t[p + 1] >= '0' && t[p + 1] <= '9' && at_start) {
            p = scan_word(o, p, p + 1, ce);
            continue;
        }
        e = scan_punct(o, p, ce);
        push_word(o, p, e);
        p = e;
    }
}

/* The bytes at s[0..8) that are not ASCII letters or digits, as the high bit of each byte.
   (Per-byte arithmetic on the low seven bits cannot carry into the next byte.) */
static inline uint64_t non_alnum_bytes(const char *s) {
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t w;
    memcpy(&w, s, 8);
    uint64_t low7 = w & ~high, folded = low7 | (ones * 0x20);  /* upper-case letters fold to lower */
    uint64_t letter = (folded + ones * (0x80 - 'a')) & ~(folded + ones * (0x80 - 'z' - 1));
    uint64_t digit = (low7 + ones * (0x80 - '0')) & ~(low7 + ones * (0x80 - '9' - 1));
    return ~((letter | digit) & ~w) & high;
}

/* push_word for a token of plain ASCII (its own form) in a chunk without special bytes: the
   common case, kept small enough to inline. */
static inline void push_plain(tok_out *o, size_t start, size_t end) {
    /* everything is read before the form is written: a char store may alias any object, so fields
       read after it would be loaded again */
    const char *t = o->t;
    size_t len = o->n, count = o->count, n = end - start;
    char *form = o->forms;
    parley_token *v = o->v;
    if (count == o->cap || n > FORM_SLACK || start + FORM_SLACK > len ||
        (size_t)(o->forms_end - form) < 2 * FORM_SLACK + 1) {
        push_word(o, start, end);
        return;
    }
    int space = 1;
    if (end < len) {
        unsigned char c = (unsigned char)t[end];
        unsigned cl;
        space = (c < 0x80 ? text_ascii_class[c] : text_class_at(t, len, end, &cl)) == TC_SPACE;
    }
    memcpy(form, t + start, FORM_SLACK);
    form[n] = '\0';
    v[count] = (parley_token){.start = (uint32_t)start, .end = (uint32_t)end, .form = form, .head = -1,
                              .space_after = (uint8_t)space};
    o->forms = form + n + 1;
    o->count = count + 1;
}

/* Lower-cases the ASCII letters of t[s..e) (at most 8 bytes) into low; digits stay. */
static inline void ascii_fold(const char *t, size_t s, size_t e, char low[8]) {
    for (size_t i = s; i < e; i++) low[i - s] = (char)ascii_lower((unsigned char)t[i]);
}

/* emit_surface for a token of ASCII letters and digits: only a unit ("65k") or a fused form
   ("gonna") can split it, so most are pushed straight away. */
static inline void emit_plain(tok_out *o, size_t s, size_t e) {
    unsigned char c0 = (unsigned char)o->t[s];
    if (c0 >= '0' && c0 <= '9') {
        emit_surface(o, s, e);
        return;
    }
    if (fused_candidate(o->t + s, e - s)) {
        char low[8];
        size_t cut[2];
        ascii_fold(o->t, s, e, low);
        if (text_fused_split(low, e - s, cut)) {
            emit_surface(o, s, e);
            return;
        }
    }
    push_plain(o, s, e);
}

/* keeps_period for a word of at most 6 ASCII letters and digits, without normalising it. */
static int keeps_period_plain(const tok_out *o, size_t s, size_t e, size_t after_period) {
    const char *t = o->t;
    size_t len = e - s;
    if (len == 1 && t[s] >= 'A' && t[s] <= 'Z') return 1;  /* an initial */
    char low[8];
    ascii_fold(t, s, e, low);
    for (size_t i = 0; i < len; i++)
        if (low[i] <= '9') return 0;  /* a number ("2020.") ends with a full stop */
    unsigned lists = text_word_lists(low, len);
    if (lists & TEXT_LIST_ABBREVIATION) return 1;
    if (lists & TEXT_LIST_AMBIGUOUS) {
        int c = next_visible_class(o, after_period);
        return c == TC_DIGIT || c == TC_LOWER;
    }
    return 0;
}

/* The bytes at s[0..8) that are ' ', as the high bit of each byte: exact at the lowest one (a false
   hit can only follow a true one). */
static inline uint64_t space_bytes(const char *s) {
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t w;
    memcpy(&w, s, 8);
    w ^= ones * ' ';
    return (w - ones) & ~w & high;
}

/* A chunk of letters and digits, with at most one final ",;?!)\"" or '.', is tokenised here
   without scan_chunk: it is most of news text, and scan_chunk would find no URL, e-mail, emoticon,
   hyphen or inner punctuation in it. The results are the same. Returns 0 when the chunk t[p..e)
   is not of that shape (before: the flags of all but its last byte). */
static int plain_chunk(tok_out *o, size_t p, size_t e, unsigned flags, unsigned before) {
    const char *t = o->t;
    if ((before & B_PUNCT) || t[p] == 'X') return 0;  /* "XD" is an emoticon */
    size_t word_end = e;
    if (flags & B_PUNCT) {
        unsigned char last = (unsigned char)t[e - 1];
        if (e - p < 2 || last >= 0x80) return 0;
        if (last == '.') {
            /* only an initial ("W.") or a word short enough for the abbreviation lists keeps it */
            if (e - 1 - p > 6 || !keeps_period_plain(o, p, e - 1, e)) word_end = e - 1;
        } else if (ascii_flags[last] & B_CLOSE) {
            word_end = e - 1;
        } else {
            return 0;
        }
    }
    emit_plain(o, p, word_end);
    if (word_end < e) push_plain(o, word_end, e);
    return 1;
}

int text_tokenize(parley_arena *arena, const char *text, size_t len, parley_token **tokens, size_t *n_tokens) {
    tok_out o = {arena, text, len, NULL, 0, 0, NULL, NULL, 0, 0, 0};
    size_t p = 0;
    while (p < len && !o.oom) {
        unsigned char b = (unsigned char)text[p];
        unsigned n;
        if (b < 0x80) {
            if (ascii_flags[b] & B_SPACE) {
                p++;
                continue;
            }
        } else if (class_at(&o, p, &n) == TC_SPACE) {
            p += n;
            continue;
        }
        size_t e = p;
        unsigned flags = 0, before = 0;
        int ended = 0;  /* the chunk ends at e, at a plain space */
        /* letters and digits carry no flag: skip them eight at a time */
        while (e + 8 <= len) {
            uint64_t m = non_alnum_bytes(text + e);
            if (m) {
                /* the first byte that is not a letter or digit is most often a space: then the
                   chunk is done without the byte loop (the zero-byte test is exact at the lowest
                   such byte, as no byte below it is a space) */
                ended = (m & (0 - m) & space_bytes(text + e)) != 0;
                e += (size_t)__builtin_ctzll(m) / 8;
                break;
            }
            e += 8;
        }
        while (!ended && e < len) {
            unsigned char c = (unsigned char)text[e];
            unsigned f;
            if (c < 0x80) {
                f = ascii_flags[c];
                if (f & B_SPACE) break;
                n = 1;
            } else {
                /* a continuation byte never starts a space, so the code point is skipped whole */
                if (class_at(&o, e, &n) == TC_SPACE) break;
                f = B_SPECIAL | B_PUNCT;
            }
            before = flags;
            flags |= f;
            e += n;
        }
        o.special = (flags & B_SPECIAL) != 0;
        o.apos = (flags & (B_SPECIAL | B_APOS)) != 0;
        if (!plain_chunk(&o, p, e, flags, before)) scan_chunk(&o, p, e, (flags & B_AT) != 0, (flags & B_DOT) != 0);
        p = e + (e < len && text[e] == ' ');  /* the usual single space needs no trip round the loop */
    }
    if (o.oom) return -1;
    *tokens = o.v;
    *n_tokens = o.count;
    return 0;
}
