/* sentence.c - grouping tokens into sentences.
 *
 * A sentence ends after terminal punctuation (". ! ? ..." and runs of them,
 * with any closing quotes or brackets glued to it), even before a lower-case
 * word (web text is often written in lower case; an abbreviation's period is
 * part of its token, so it is not terminal), except after an ellipsis; after an abbreviation only when the next word is a
 * typical sentence opener ("U.S. The ..." but not "Gen. Smith"); at a blank
 * line always; at a single line break when the next line starts like a
 * sentence and the line before does not end mid-phrase; and after an
 * emoticon followed by a capital. Web text without final punctuation is
 * therefore split only where lines or emoticons say so. A sentence is also
 * cut after MAX_SENTENCE words so one runaway "sentence" cannot make the
 * parser quadratic. */
#include <stdint.h>
#include <string.h>

#include "text/text_internal.h"

#define MAX_SENTENCE 400

static int is_terminal(const char *f) {
    if (*f == '\0') return 0;
    for (; *f; f++)
        if (*f != '.' && *f != '!' && *f != '?') return 0;
    return 1;
}

static int is_closer(const char *f) {
    return strcmp(f, "\"") == 0 || strcmp(f, "'") == 0 || strcmp(f, "''") == 0 || strcmp(f, ")") == 0 ||
           strcmp(f, "]") == 0 || strcmp(f, "}") == 0 || strcmp(f, "»") == 0;
}

static int is_emoticon(const char *f) {
    size_t n = strlen(f);
    if (n < 2 || n > 4) return 0;
    return (f[0] == ':' || f[0] == ';' || f[0] == '=') && strchr(")(DPp/|oO", f[n - 1]) != NULL;
}

/* Class of the first visible code point of a form. */
static int first_class(const char *f) {
    size_t n = strlen(f);
    if (n == 0) return TC_PUNCT;
    unsigned len;
    return text_class_at(f, n, 0, &len);
}

/* Counts line breaks in text[a..b). */
static int line_breaks(const char *t, size_t a, size_t b) {
    int k = 0;
    for (size_t i = a; i < b; i++) k += t[i] == '\n';
    return k;
}

static int ends_mid_phrase(const char *f) {
    static const char *const glue[] = {",", ";", ":", "-", "--", "(", "&", "and", "or", "of", "the",
                                       "a", "an", "to", "in", "for", "by", "with", "on", "at", "from",
                                       NULL};
    for (const char *const *g = glue; *g; g++)
        if (strcmp(f, *g) == 0) return 1;
    return 0;
}

/* Lower-cased form without a final period, for the word lists. */
static size_t lower_stem(const char *f, char *out, size_t cap) {
    size_t n = strlen(f);
    if (n && f[n - 1] == '.') n--;
    if (n >= cap) return 0;
    return text_normalize(f, n, out, 1);
}

/* What the first byte of a form says about the token ending a sentence, for the common cases.
   FIRST_WORD: a letter or digit; FIRST_INERT: punctuation that is neither terminal, nor a closer,
   nor the start of an emoticon, so that a form it starts ends a sentence on its line only when the
   form ends in a period. */
enum { FIRST_OTHER = 0, FIRST_WORD, FIRST_INERT };
static const uint8_t first_byte[256] = {  /* bytes from 0x80 are FIRST_OTHER */
    ['#'] = FIRST_INERT, ['$'] = FIRST_INERT, ['%'] = FIRST_INERT, ['&'] = FIRST_INERT, ['('] = FIRST_INERT,
    ['*'] = FIRST_INERT, ['+'] = FIRST_INERT, [','] = FIRST_INERT, ['-'] = FIRST_INERT, ['/'] = FIRST_INERT,
    ['<'] = FIRST_INERT, ['>'] = FIRST_INERT, ['@'] = FIRST_INERT, ['['] = FIRST_INERT, ['\\'] = FIRST_INERT,
    ['^'] = FIRST_INERT, ['_'] = FIRST_INERT, ['{'] = FIRST_INERT, ['|'] = FIRST_INERT,
    ['~'] = FIRST_INERT,
    ['0'] = FIRST_WORD, ['1'] = FIRST_WORD, ['2'] = FIRST_WORD, ['3'] = FIRST_WORD, ['4'] = FIRST_WORD,
    ['5'] = FIRST_WORD, ['6'] = FIRST_WORD, ['7'] = FIRST_WORD, ['8'] = FIRST_WORD, ['9'] = FIRST_WORD,
    ['A'] = FIRST_WORD, ['B'] = FIRST_WORD, ['C'] = FIRST_WORD, ['D'] = FIRST_WORD, ['E'] = FIRST_WORD,
    ['F'] = FIRST_WORD, ['G'] = FIRST_WORD, ['H'] = FIRST_WORD, ['I'] = FIRST_WORD, ['J'] = FIRST_WORD,
    ['K'] = FIRST_WORD, ['L'] = FIRST_WORD, ['M'] = FIRST_WORD, ['N'] = FIRST_WORD, ['O'] = FIRST_WORD,
    ['P'] = FIRST_WORD, ['Q'] = FIRST_WORD, ['R'] = FIRST_WORD, ['S'] = FIRST_WORD, ['T'] = FIRST_WORD,
    ['U'] = FIRST_WORD, ['V'] = FIRST_WORD, ['W'] = FIRST_WORD, ['Y'] = FIRST_WORD, ['Z'] = FIRST_WORD,
    ['a'] = FIRST_WORD, ['b'] = FIRST_WORD, ['c'] = FIRST_WORD, ['d'] = FIRST_WORD, ['e'] = FIRST_WORD,
    ['f'] = FIRST_WORD, ['g'] = FIRST_WORD, ['h'] = FIRST_WORD, ['i'] = FIRST_WORD, ['j'] = FIRST_WORD,
    ['k'] = FIRST_WORD, ['l'] = FIRST_WORD, ['m'] = FIRST_WORD, ['n'] = FIRST_WORD, ['o'] = FIRST_WORD,
    ['p'] = FIRST_WORD, ['q'] = FIRST_WORD, ['r'] = FIRST_WORD, ['s'] = FIRST_WORD, ['t'] = FIRST_WORD,
    ['u'] = FIRST_WORD, ['v'] = FIRST_WORD, ['w'] = FIRST_WORD, ['x'] = FIRST_WORD, ['y'] = FIRST_WORD,
    ['z'] = FIRST_WORD,  /* 'X' is left out: "XD" is an emoticon */
};  /* '`' is left out too: forms spell it "'", and goes_on reads the text, not the form */

/* boundary_after's most common answer, small enough to inline in the loop over tokens and
   computed without branches (which the mix of words and punctuation would mispredict): a word that
   does not end in a period, followed on the same line by the next token (at most one byte between
   them, not a line break), never ends a sentence. 0 means "ask boundary_after". */
static inline int goes_on(const parley_doc *doc, size_t i, size_t j, int mwt) {
    const parley_token *a = &doc->tokens[i];
    const char *text = doc->text;  /* NUL-terminated, so text[a->end] can always be read */
    uint32_t gap = doc->tokens[j].start - a->end;
    /* A token of its own whose text starts with an ASCII byte other than '`' starts its form with
       that byte; reading the text spares a dependent load through the form pointer. The last
       word of a multiword token ("n't") starts elsewhere than its surface span. */
    unsigned char f0 = (unsigned char)(mwt ? a->form[0] : text[a->start]);
    return ((gap == 0) | ((gap == 1) & (text[a->end] != '\n'))) & (first_byte[f0] == FIRST_WORD) &
           (text[a->end - 1] != '.');
}

/* Should the sentence end after token i (the last word of a surface token), with j the next? */
static int boundary_after(const parley_doc *doc, size_t i, size_t j) {
    const parley_token *v = doc->tokens;
    const char *f = v[i].form, *g = v[j].form;
    int breaks = line_breaks(doc->text, v[i].end, v[j].start);
    /* the common cases, on the same line: a word that does not end in a period, and a comma,
       dash, bracket or other inert mark of one or two bytes that does not either */
    unsigned char f0 = (unsigned char)f[0];
    if (!breaks && f0 < 0x80 &&
        ((first_byte[f0] == FIRST_WORD && doc->text[v[i].end - 1] != '.') ||
         (first_byte[f0] == FIRST_INERT && (f[1] == '\0' || (f[1] != '.' && f[2] == '\0')))))
        return 0;
    if (breaks >= 2) return 1;
    int next = first_class(g);
    int glued = v[i].end == v[j].start;

    int terminal = is_terminal(f);
    if (!terminal && is_closer(f) && i > 0 && !v[i].mwt) {
        /* a closing quote or bracket that follows terminal punctuation closes the sentence */
        size_t k = i;
        while (k > 0 && is_closer(v[k].form) && (v[k - 1].end == v[k].start || v[k].form[0] == ')')) {
            k--;
            if (is_terminal(v[k].form)) {
                terminal = 1;
                break;
            }
        }
    }
    if (terminal) {
        if (is_closer(g) && (glued || g[0] == ')' || g[0] == ']')) return 0;  /* ." and .) close first */
        if (strchr(",;:", g[0]) || is_terminal(g)) return 0;
        /* "wait... what": an ellipsis before lower case goes on; web text ends sentences with
           ". ? !" even when the next one starts in lower case */
        if (next == TC_LOWER && strlen(f) > 1 && f[0] == '.' && f[1] == '.') return 0;
        return 1;
    }
    size_t flen = strlen(f);
    if (flen > 1 && f[flen - 1] == '.') {
        char low[32];
        size_t ll = lower_stem(f, low, sizeof low);
        if (breaks) return next != TC_LOWER;
        if (next != TC_UPPER) return 0;
        if (ll == 1 || text_is_title_abbreviation(low, ll)) return 0;
        char nl[32];
        size_t nll = strlen(g) < sizeof nl ? text_normalize(g, strlen(g), nl, 1) : 0;
        return nll && text_is_sentence_starter(nl, nll);
    }
    if (is_emoticon(f) && next == TC_UPPER) return 1;
    if (breaks == 1) {
        if (ends_mid_phrase(f)) return 0;
        return next == TC_UPPER || next == TC_DIGIT || g[0] == '"' || g[0] == '*' || g[0] == '-' ||
               strcmp(g, "•") == 0;
    }
    return 0;
}

int text_split_sentences(parley_doc *doc) {
    size_t n = doc->n_tokens;
    doc->sentences = NULL;
    doc->n_sentences = 0;
    if (n == 0) return 0;
    /* every sentence holds at least one token, so the token count bounds them */
    parley_sentence *s = parley_arena_alloc(doc->arena, n * sizeof *s);
    if (s == NULL) return -1;
    size_t ns = 0, first = 0;
    const parley_token *v = doc->tokens;
    const char *text = doc->text;
    for (size_t i = 0; i < n;) {
        /* the usual run: tokens of their own that go on (goes_on for them, plus one-byte inert
           marks such as commas, in a loop of its own) */
        size_t lim = first + MAX_SENTENCE < n ? first + MAX_SENTENCE : n;
        while (i + 1 < lim) {
            const parley_token *a = &v[i];
            uint32_t start = a->start, end = a->end, gap = v[i + 1].start - end;
            /* rare exits first, as branches; the word-or-comma test, which a branch would
               mispredict, without one */
            if (a->mwt || gap > 1 || text[end - 1] == '.' || (gap == 1 && text[end] == '\n')) break;
            unsigned cls = first_byte[(unsigned char)text[start]];
            if (!((cls == FIRST_WORD) | ((cls == FIRST_INERT) & (end - start == 1)))) break;
            i++;
        }
        size_t words = doc->tokens[i].mwt ? doc->tokens[i].mwt : 1;
        size_t last = i + words - 1 < n ? i + words - 1 : n - 1;
        size_t j = last + 1;
        if (j < n && (j - first) < MAX_SENTENCE && goes_on(doc, last, j, words > 1)) {
            i = j;
            continue;
        }
        int cut = j == n || (j - first) >= MAX_SENTENCE || boundary_after(doc, last, j);
        if (cut) {
            s[ns].first = (uint32_t)first;
            s[ns].count = (uint32_t)(j - first);
            s[ns].start = doc->tokens[first].start;
            s[ns].end = doc->tokens[last].end;
            ns++;
            first = j;
        }
        i = j;
    }
    doc->sentences = s;
    doc->n_sentences = ns;
    return 0;
}
