/* conllu_write.c - rendering a document as CoNLL-U.
 *
 * `parley segment --format conllu` writes only what the text stage knows
 * (forms, multiword-token ranges, SpaceAfter=No); `parley parse` reuses this
 * writer after tagging and parsing, so every column the pipeline may fill is
 * written when set and "_" otherwise. Surface forms come from the original
 * bytes so "# text" and the forms agree; the words of a multiword token are
 * their normalised forms, since they have no bytes of their own. */
#include <stdio.h>
#include <string.h>

#include "parley/io.h"
#include "parley/ud.h"

static int put_span(parley_buf *out, const char *s, size_t n) {
    return parley_buf_append(out, s, n);
}

/* The sentence text on one line: runs of white space become one space. */
static int put_text(parley_buf *out, const char *s, size_t n) {
    size_t run = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
        if (ws) {
            if (run && put_span(out, s + i - run, run) != 0) return -1;
            run = 0;
            space = 1;
            continue;
        }
        if (space) {
            if (parley_buf_append(out, " ", 1) != 0) return -1;
            space = 0;
        }
        run++;
    }
    return run ? put_span(out, s + n - run, run) : 0;
}

static int put_word(parley_buf *out, const parley_token *t, size_t id, const char *form, size_t form_len,
                    int space_no) {
    char feats[256];
    parley_feats_format(t->feats, feats, sizeof feats);
    char head[16] = "_";
    if (t->head >= 0) snprintf(head, sizeof head, "%d", (int)t->head);
    if (parley_buf_printf(out, "%zu\t", id) != 0 || put_span(out, form, form_len) != 0) return -1;
    return parley_buf_printf(out, "\t%s\t%s\t%s\t%s\t%s\t%s\t_\t%s\n", t->lemma ? t->lemma : "_",
                             parley_upos_name(t->upos), parley_xpos_name(t->xpos), feats, head,
                             t->head >= 0 ? parley_deprel_name(t->deprel) : "_",
                             space_no ? "SpaceAfter=No" : "_");
}

int parley_conllu_write_doc(const parley_doc *doc, parley_buf *out, unsigned flags) {
    const char *id = doc->id ? doc->id : "";
    for (size_t k = 0; k < doc->n_sentences; k++) {
        const parley_sentence *s = &doc->sentences[k];
        if (k == 0 && (flags & PARLEY_CONLLU_NEWDOC) && parley_buf_printf(out, "# newdoc id = %s\n", id) != 0) return -1;
        if (parley_buf_printf(out, "# sent_id = %s-%zu\n", id, k + 1) != 0) return -1;
        if (flags & PARLEY_CONLLU_TEXT) {
            if (parley_buf_puts(out, "# text = ") != 0 || put_text(out, doc->text + s->start, s->end - s->start) != 0 ||
                parley_buf_puts(out, "\n") != 0)
                return -1;
        }
        size_t word = 1;
        for (size_t i = s->first; i < (size_t)s->first + s->count;) {
            const parley_token *t = &doc->tokens[i];
            size_t words = t->mwt > 1 ? t->mwt : 1;
            if (i + words > (size_t)s->first + s->count) words = (size_t)s->first + s->count - i;
            int last_in_sentence = i + words == (size_t)s->first + s->count;
            int space_no = !doc->tokens[i + words - 1].space_after &&
                           !(last_in_sentence && k + 1 == doc->n_sentences);
            if (words > 1) {
                if (parley_buf_printf(out, "%zu-%zu\t", word, word + words - 1) != 0 ||
                    put_span(out, doc->text + t->start, t->end - t->start) != 0 ||
                    parley_buf_printf(out, "\t_\t_\t_\t_\t_\t_\t_\t%s\n", space_no ? "SpaceAfter=No" : "_") != 0)
                    return -1;
                for (size_t w = 0; w < words; w++) {
                    const parley_token *wt = &doc->tokens[i + w];
                    if (put_word(out, wt, word + w, wt->form, strlen(wt->form), 0) != 0) return -1;
                }
            } else if (put_word(out, t, word, doc->text + t->start, t->end - t->start, space_no) != 0) {
                return -1;
            }
            word += words;
            i += words;
        }
        if (parley_buf_puts(out, "\n") != 0) return -1;
    }
    return 0;
}
