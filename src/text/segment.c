/* segment.c - the text stage's public entry points (see parley/text.h).
 *
 * parley_text_segment runs the tokenizer and then the sentence splitter on a
 * document; parley_text_tokenize_phrase runs the same tokenizer on a
 * dictionary phrase so that "U.S." or "Hay'at Tahrir al-Sham" in a
 * dictionary splits exactly as it will in text, then lower-cases the forms. */
#include <stdint.h>
#include <string.h>

#include "parley/text.h"
#include "text/text_internal.h"

static int split_dateline(parley_doc *doc);

parley_status parley_text_segment(parley_doc *doc, parley_error *err) {
    if (doc == NULL || doc->arena == NULL)
        return parley_error_set(err, PARLEY_ERR_ARG, "", 0, "no document to segment");
    const char *file = doc->origin_file ? doc->origin_file : "";
    doc->tokens = NULL;
    doc->n_tokens = 0;
    doc->sentences = NULL;
    doc->n_sentences = 0;
    if (doc->text == NULL || doc->text_len == 0) return PARLEY_OK;
    if (doc->text_len >= UINT32_MAX)
        return parley_error_set(err, PARLEY_ERR_LIMIT, file, doc->origin_line,
                                "text of %zu bytes is too long to segment (limit 4 GiB)", doc->text_len);
    if (text_tokenize(doc->arena, doc->text, doc->text_len, &doc->tokens, &doc->n_tokens) != 0 ||
        text_split_sentences(doc) != 0 || split_dateline(doc) != 0)
        return parley_error_set(err, PARLEY_ERR_NOMEM, file, doc->origin_line, "out of memory while segmenting");
    return PARLEY_OK;
}

size_t parley_text_dateline_end(const char *text, size_t len) {
    /* "PLACE[, COUNTRY], Mon DD (Agency) - " or "PLACE (Agency) - ": an
     * upper-case start, a comma or a parenthesis, then within the first
     * hundred bytes a dash between spaces right after the agency's closing
     * parenthesis or the date's day. */
    if (text == NULL || len == 0 || !(text[0] >= 'A' && text[0] <= 'Z')) return 0;
    size_t limit = len < 100 ? len : 100;
    /* the dash is looked for in text[0..stop): before the first line break, with a byte after it;
       memchr finds the few candidates (it runs once per document) */
    size_t stop = limit - 1;
    const char *nl = memchr(text, '\n', stop);
    if (nl) stop = (size_t)(nl - text);
    size_t open = 0;
    while (open < stop && text[open] != ',' && text[open] != '(') open++;
    for (size_t i = open + 1; i < stop;) {
        const char *dash = memchr(text + i, '-', stop - i);
        if (dash == NULL) break;
        i = (size_t)(dash - text);
        if (i >= 2 && text[i - 1] == ' ' && text[i + 1] == ' ' &&
            (text[i - 2] == ')' || (text[i - 2] >= '0' && text[i - 2] <= '9')))
            return i + 1;
        i++;
    }
    return 0;
}

/* A wire dateline ("DOHA, Dec 5 (Parley Wire) -") is not part of the first
 * sentence's grammar: left in, the parser makes the city the subject of the
 * story's first verb. It becomes a sentence of its own. */
static int split_dateline(parley_doc *doc) {
    size_t end = parley_text_dateline_end(doc->text, doc->text_len);
    if (end == 0 || doc->n_sentences == 0) return 0;
    parley_sentence *first = &doc->sentences[0];
    uint32_t k = 0;
    while (k < first->count && doc->tokens[first->first + k].start < end) k++;
    if (k == 0 || k >= first->count) return 0;
    parley_sentence *grown = parley_arena_alloc(doc->arena, (doc->n_sentences + 1) * sizeof *grown);
    if (grown == NULL) return -1;
    grown[0] = *first;
    grown[0].count = k;
    grown[0].end = doc->tokens[first->first + k - 1].end;
    grown[1] = *first;
    grown[1].first = first->first + k;
    grown[1].count = first->count - k;
    grown[1].start = doc->tokens[first->first + k].start;
    memcpy(grown + 2, doc->sentences + 1, (doc->n_sentences - 1) * sizeof *grown);
    doc->sentences = grown;
    doc->n_sentences++;
    return 0;
}

size_t parley_text_tokenize_phrase(const char *s, size_t len, parley_arena *arena, const char ***forms) {
    *forms = NULL;
    if (s == NULL || len == 0 || len >= UINT32_MAX) return 0;
    parley_token *tokens;
    size_t n;
    if (text_tokenize(arena, s, len, &tokens, &n) != 0 || n == 0) return 0;
    const char **out = parley_arena_alloc(arena, n * sizeof *out);
    if (out == NULL) return 0;
    for (size_t i = 0; i < n; i++) {
        size_t fl = strlen(tokens[i].form);
        char *low = parley_arena_alloc(arena, fl + 1);
        if (low == NULL) return 0;
        text_normalize(tokens[i].form, fl, low, 1);
        out[i] = low;
    }
    *forms = out;
    return n;
}
