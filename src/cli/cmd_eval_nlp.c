/* cmd_eval_nlp.c - `parley eval-nlp`: scores the tagger, lemmatiser and
 * parser against gold CoNLL-U with gold tokenisation (UPOS, XPOS, lemma,
 * features, UAS, LAS, punctuation included as in CoNLL 2018).
 *
 * --gum-news keeps only documents whose "# newdoc id" starts with GUM_news_,
 * the news genre of GUM, the closest UD match to parley's input.
 *
 * --raw instead starts from each document's text (rebuilt from the surface
 * tokens and SpaceAfter=No), runs parley's own segmenter, and prints CoNLL
 * 2018 F1 scores. Both sides index the same rebuilt text, so tokens and
 * sentences match when their character spans match; words are aligned
 * inside matching tokens with the same number of words, position by
 * position (the official script's LCS alignment also pairs some words of
 * mismatched multiword tokens, so these word scores are a lower bound). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/models.h"
#include "parley/nlp.h"
#include "parley/pipeline.h"
#include "parley/text.h"

static void usage(FILE *out) {
    fprintf(out,
            "usage: parley eval-nlp [--models DIR] [--fast | --perceptron] [--gum-news] FILE.conllu...\n\n"
            "Annotates the sentences of each file (tokenisation as given) and prints\n"
            "UPOS, XPOS, lemma, feature, UAS and LAS accuracy over all words.\n"
            "  --models DIR  model folder (default: <data>/models)\n"
            "  --fast        the smaller network (nn_fast.bin; docs/nlp.md)\n"
            "  --perceptron  no network: the perceptron tagger and transition parser\n"
            "  --gum-news    only documents whose newdoc id starts with GUM_news_\n"
            "  --raw         segment the raw text with parley and print CoNLL 2018 F1 of\n"
            "                tokens, sentences, words, UPOS, UAS and LAS\n");
}

typedef struct raw_scores {
    size_t gold_tokens, pred_tokens, tokens;
    size_t gold_sents, pred_sents, sents;
    size_t gold_words, pred_words, words, upos, uas, las;
} raw_scores;

/* Span of the surface token starting at word i; *next gets the word after it. */
static void token_span(const parley_doc *d, size_t i, uint32_t *start, uint32_t *end, size_t *next) {
    size_t j = i + 1;
    while (j < d->n_tokens && d->tokens[j].start == d->tokens[i].start &&
           d->tokens[j].end == d->tokens[i].end)
        j++;
    *start = d->tokens[i].start;
    *end = d->tokens[i].end;
    *next = j;
}

/* Global index of word w's head, or -1 for the root. sent_of maps words to sentences. */
static long head_index(const parley_doc *d, const size_t *sent_of, size_t w) {
    int32_t h = d->tokens[w].head;
    if (h <= 0) return -1;
    return (long)d->sentences[sent_of[w]].first + h - 1;
}

static int raw_score_doc(const parley_nlp *nlp, parley_nlp_workspace *ws, const parley_doc *gold,
                         raw_scores *sc, parley_error *err) {
    parley_doc *pred = parley_doc_new();
    long *p2g = NULL;
    size_t *gsent = NULL, *psent = NULL;
    int rc = -1;
    if (pred == NULL || parley_doc_set_text(pred, gold->text, gold->text_len) != 0) goto done;
    pred->id = gold->id;
    if (parley_text_segment(pred, err) != PARLEY_OK || parley_nlp_annotate(nlp, ws, pred, err) != PARLEY_OK)
        goto done;
    p2g = malloc((pred->n_tokens + 1) * sizeof *p2g);
    gsent = calloc(gold->n_tokens + 1, sizeof *gsent); /* a token outside every sentence reads 0, not garbage */
    psent = calloc(pred->n_tokens + 1, sizeof *psent);
    if (!p2g || !gsent || !psent) goto done;
    for (size_t s = 0; s < gold->n_sentences; s++)
        for (uint32_t k = 0; k < gold->sentences[s].count; k++) gsent[gold->sentences[s].first + k] = s;
    for (size_t s = 0; s < pred->n_sentences; s++)
        for (uint32_t k = 0; k < pred->sentences[s].count; k++) psent[pred->sentences[s].first + k] = s;
    for (size_t i = 0; i < pred->n_tokens; i++) p2g[i] = -1;
    size_t gi = 0, pi = 0;
    while (gi < gold->n_tokens || pi < pred->n_tokens) {
        uint32_t gs = UINT32_MAX, ge = 0, ps = UINT32_MAX, pe = 0;
        size_t gn = gi, pn = pi;
        if (gi < gold->n_tokens) token_span(gold, gi, &gs, &ge, &gn);
        if (pi < pred->n_tokens) token_span(pred, pi, &ps, &pe, &pn);
        if (gi < gold->n_tokens && pi < pred->n_tokens && gs == ps && ge == pe) {
            sc->tokens++;
            if (gn - gi == pn - pi)
                for (size_t k = 0; k < gn - gi; k++) p2g[pi + k] = (long)(gi + k);
        }
        if (gi < gold->n_tokens && (pi >= pred->n_tokens || gs <= ps)) {
            sc->gold_tokens++;
            gi = gn;
            if (pi < pred->n_tokens && gs == ps) {
                sc->pred_tokens++;
                pi = pn;
            }
        } else {
            sc->pred_tokens++;
            pi = pn;
        }
    }
    sc->gold_words += gold->n_tokens;
    sc->pred_words += pred->n_tokens;
    for (size_t w = 0; w < pred->n_tokens; w++) {
        if (p2g[w] < 0) continue;
        const parley_token *g = &gold->tokens[p2g[w]], *p = &pred->tokens[w];
        sc->words++;
        sc->upos += g->upos == p->upos;
        long gh = head_index(gold, gsent, (size_t)p2g[w]), ph = head_index(pred, psent, w);
        int head_ok = (gh < 0 && ph < 0) || (gh >= 0 && ph >= 0 && p2g[ph] == gh);
        sc->uas += head_ok;
        sc->las += head_ok && g->deprel == p->deprel;
    }
    /* sentences match by the span from their first to their last token */
    sc->gold_sents += gold->n_sentences;
    sc->pred_sents += pred->n_sentences;
    for (size_t a = 0, b = 0; a < gold->n_sentences && b < pred->n_sentences;) {
        const parley_sentence *x = &gold->sentences[a], *y = &pred->sentences[b];
        if (x->count == 0) { a++; continue; }
        if (y->count == 0) { b++; continue; }
        uint32_t xs = gold->tokens[x->first].start, xe = gold->tokens[x->first + x->count - 1].end;
        uint32_t ys = pred->tokens[y->first].start, ye = pred->tokens[y->first + y->count - 1].end;
        if (xs == ys && xe == ye) sc->sents++;
        if (xs <= ys) a++;
        else b++;
    }
    rc = 0;
done:
    free(p2g);
    free(gsent);
    free(psent);
    if (pred) pred->id = "";
    parley_doc_free(pred);
    return rc;
}

static double f1(size_t correct, size_t gold, size_t pred) {
    return gold + pred ? 200.0 * (double)correct / (double)(gold + pred) : 0.0;
}

int cmd_eval_nlp(int argc, char **argv) {
    const char *models = NULL;
    int gum_news = 0, raw = 0, n_files = 0;
    unsigned flags = 0;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    if (files == NULL) return 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            free(files);
            return 0;
        } else if (strcmp(argv[i], "--gum-news") == 0) {
            gum_news = 1;
        } else if (strcmp(argv[i], "--raw") == 0) {
            raw = 1;
        } else if (strcmp(argv[i], "--fast") == 0) {
            flags |= PARLEY_NLP_FAST;
        } else if (strcmp(argv[i], "--perceptron") == 0) {
            flags |= PARLEY_NLP_PERCEPTRON;
        } else if (strcmp(argv[i], "--models") == 0 && i + 1 < argc) {
            models = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "parley eval-nlp: unknown option '%s'\n", argv[i]);
            usage(stderr);
            free(files);
            return 1;
        } else {
            files[n_files++] = argv[i];
        }
    }
    if (n_files == 0) {
        usage(stderr);
        free(files);
        return 1;
    }
    parley_nlp *nlp = cli_load_models("eval-nlp", models, flags);
    if (nlp == NULL) {
        free(files);
        return 1;
    }
    parley_error err;
    parley_error_clear(&err);
    parley_nlp_workspace *ws = parley_nlp_workspace_new(nlp);
    parley_doc *doc = parley_doc_new();
    parley_nlp_scores sc = {0};
    raw_scores rs = {0};
    int rc = ws && doc ? 0 : 1;
    for (int f = 0; f < n_files && rc == 0; f++) {
        FILE *fp = strcmp(files[f], "-") == 0 ? stdin : fopen(files[f], "rb");
        if (fp == NULL) {
            fprintf(stderr, "parley eval-nlp: cannot open %s\n", files[f]);
            rc = 1;
            break;
        }
        parley_conllu_reader *r = parley_conllu_reader_new(fp, files[f]);
        parley_status st;
        while (r && (st = parley_conllu_read_doc(r, doc, 0, &err)) == PARLEY_OK) {
            if (gum_news && strncmp(doc->id, "GUM_news_", 9) != 0) continue;
            if (raw) {
                if (raw_score_doc(nlp, ws, doc, &rs, &err) != 0) {
                    st = err.status ? err.status : PARLEY_ERR_NOMEM;
                    break;
                }
                continue;
            }
            if (parley_nlp_evaluate(nlp, ws, doc, &sc, &err) != PARLEY_OK) {
                st = err.status;
                break;
            }
        }
        if (r == NULL || st < 0) {
            fprintf(stderr, "parley eval-nlp: %s:%ld: %s\n", err.file, err.line, err.message);
            rc = 1;
        }
        parley_conllu_reader_free(r);
        if (fp != stdin) fclose(fp);
    }
    if (rc == 0 && raw) {
        printf("Tokens    %.2f\nSentences %.2f\nWords     %.2f\nUPOS      %.2f\nUAS       %.2f\nLAS       %.2f\n",
               f1(rs.tokens, rs.gold_tokens, rs.pred_tokens), f1(rs.sents, rs.gold_sents, rs.pred_sents),
               f1(rs.words, rs.gold_words, rs.pred_words), f1(rs.upos, rs.gold_words, rs.pred_words),
               f1(rs.uas, rs.gold_words, rs.pred_words), f1(rs.las, rs.gold_words, rs.pred_words));
    } else if (rc == 0) {
        double w = sc.words ? (double)sc.words : 1.0;
        printf("sentences %zu\nwords     %zu\n", sc.sentences, sc.words);
        printf("UPOS      %.2f\nXPOS      %.2f\nLemma     %.2f\nFeats     %.2f\nUAS       %.2f\nLAS       %.2f\n",
               100 * sc.upos / w, 100 * sc.xpos / w, 100 * sc.lemma / w, 100 * sc.feats / w,
               100 * sc.uas / w, 100 * sc.las / w);
    }
    parley_doc_free(doc);
    parley_nlp_workspace_free(ws);
    parley_nlp_free(nlp);
    free(files);
    return rc;
}
