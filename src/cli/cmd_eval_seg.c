/* cmd_eval_seg.c - `parley eval-seg`: scores parley's segmentation against
 * UD treebanks.
 *
 * Each CoNLL-U file's raw text is rebuilt from its surface tokens and
 * SpaceAfter=No (sentences joined by a space, or by nothing after
 * SpaceAfter=No; paragraphs, "# newpar", by a blank line unless
 * --no-paragraphs; one parley document per "# newdoc"). parley segments that
 * text and the result is scored the CoNLL 2018 way: tokens (surface tokens,
 * multiword tokens counted once) and sentences match when their character
 * spans match; words match inside matching tokens by the longest common
 * subsequence of their lower-cased forms. Because gold and system spans index
 * the same rebuilt text, matching spans is the whitespace-free alignment of
 * the shared task. Treebank paths are always arguments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/commands.h"
#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/text.h"

typedef struct gold_token {
    size_t start, end;   /* span in the rebuilt text */
    size_t first_word;   /* index into the word-form table */
    size_t words;
} gold_token;

typedef struct gold_doc {
    parley_buf text;
    parley_buf forms;    /* word forms, NUL-separated */
    size_t *word_at;     /* offsets of word forms in forms */
    size_t n_words, cap_words;
    gold_token *tokens;
    size_t n_tokens, cap_tokens;
    size_t *sent_start, *sent_end;
    size_t n_sents, cap_sents;
} gold_doc;

typedef struct counts {
    size_t gold, sys, match;
} counts;

typedef struct eval_totals {
    counts tokens, words, sents;
} eval_totals;

static void *grow(void *p, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) return p;
    size_t c = *cap ? *cap * 2 : 256;
    while (c < need) c *= 2;
    void *q = realloc(p, c * size);
    if (q == NULL) {
        fprintf(stderr, "parley: out of memory\n");
        exit(1);
    }
    *cap = c;
    return q;
}

static void gold_clear(gold_doc *g) {
    parley_buf_clear(&g->text);
    parley_buf_clear(&g->forms);
    g->n_words = g->n_tokens = g->n_sents = 0;
}

static void gold_free(gold_doc *g) {
    parley_buf_free(&g->text);
    parley_buf_free(&g->forms);
    free(g->word_at);
    free(g->tokens);
    free(g->sent_start);
    free(g->sent_end);
}

static void add_word(gold_doc *g, const char *form) {
    g->word_at = grow(g->word_at, &g->cap_words, g->n_words + 1, sizeof *g->word_at);
    g->word_at[g->n_words++] = g->forms.len;
    char low[1024];
    size_t n = strlen(form);
    if (n >= sizeof low) n = sizeof low - 1;
    for (size_t i = 0; i < n; i++) low[i] = (form[i] >= 'A' && form[i] <= 'Z') ? (char)(form[i] + 32) : form[i];
    low[n] = '\0';
    if (parley_buf_append(&g->forms, low, n + 1) != 0) exit(1);
}

/* Longest common subsequence of two short word sequences. */
static size_t lcs(const char **a, size_t na, const char **b, size_t nb) {
    if (na > 8 || nb > 8) return 0;
    size_t t[9][9] = {{0}};
    for (size_t i = 1; i <= na; i++)
        for (size_t j = 1; j <= nb; j++)
            t[i][j] = strcmp(a[i - 1], b[j - 1]) == 0 ? t[i - 1][j - 1] + 1
                                                      : (t[i - 1][j] > t[i][j - 1] ? t[i - 1][j] : t[i][j - 1]);
    return t[na][nb];
}

static void lower_into(const char *s, char *out, size_t cap) {
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++) out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    out[i] = '\0';
}

static int show_errors;

static void print_context(const char *what, const char *text, size_t len, size_t at) {
    size_t a = at > 40 ? at - 40 : 0, b = at + 40 < len ? at + 40 : len;
    fprintf(stderr, "%s: ", what);
    for (size_t i = a; i < b; i++) {
        if (i == at) fputs("|", stderr);
        fputc(text[i] == '\n' ? ' ' : text[i], stderr);
    }
    fputc('\n', stderr);
}

static void score_doc(gold_doc *g, const char *id, eval_totals *tot) {
    if (g->n_tokens == 0) return;
    parley_doc *doc = parley_doc_new();
    if (doc == NULL) exit(1);
    doc->id = id;
    doc->origin_file = "";
    if (parley_doc_set_text(doc, g->text.data, g->text.len) != 0) exit(1);
    parley_error err;
    if (parley_text_segment(doc, &err) != PARLEY_OK) {
        fprintf(stderr, "parley: %s: %s\n", id, err.message);
        exit(1);
    }
    /* surface tokens of the system */
    size_t gi = 0;
    for (size_t i = 0; i < doc->n_tokens;) {
        size_t words = doc->tokens[i].mwt ? doc->tokens[i].mwt : 1;
        if (i + words > doc->n_tokens) words = doc->n_tokens - i;
        size_t s = doc->tokens[i].start, e = doc->tokens[i].end;
        tot->tokens.sys++;
        tot->words.sys += words;
        while (gi < g->n_tokens && g->tokens[gi].start < s) gi++;
        if (gi < g->n_tokens && g->tokens[gi].start == s && g->tokens[gi].end == e) {
            tot->tokens.match++;
            const char *sw[8], *gw[8];
            char sbuf[8][128];
            size_t ns = words < 8 ? words : 8, ng = g->tokens[gi].words < 8 ? g->tokens[gi].words : 8;
            for (size_t k = 0; k < ns; k++) {
                lower_into(doc->tokens[i + k].form, sbuf[k], sizeof sbuf[k]);
                sw[k] = sbuf[k];
            }
            for (size_t k = 0; k < ng; k++) gw[k] = g->forms.data + g->word_at[g->tokens[gi].first_word + k];
            tot->words.match += (ns == 1 && ng == 1) ? 1 : lcs(sw, ns, gw, ng);
        } else if (show_errors) {
            print_context("token", g->text.data, g->text.len, s);
        }
        i += words;
    }
    tot->tokens.gold += g->n_tokens;
    for (size_t k = 0; k < g->n_tokens; k++) tot->words.gold += g->tokens[k].words;
    /* sentences */
    size_t gs = 0;
    tot->sents.gold += g->n_sents;
    tot->sents.sys += doc->n_sentences;
    for (size_t k = 0; k < doc->n_sentences; k++) {
        size_t s = doc->sentences[k].start, e = doc->sentences[k].end;
        while (gs < g->n_sents && g->sent_start[gs] < s) gs++;
        if (gs < g->n_sents && g->sent_start[gs] == s && g->sent_end[gs] == e) tot->sents.match++;
        else if (show_errors) print_context("sentence", g->text.data, g->text.len, e);
    }
    parley_doc_free(doc);
}

static void print_counts(const char *what, counts c) {
    double p = c.sys ? (double)c.match / (double)c.sys : 0, r = c.gold ? (double)c.match / (double)c.gold : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    printf("  %-9s precision %6.2f%%  recall %6.2f%%  F1 %6.2f%%  (gold %zu, system %zu, matched %zu)\n", what,
           100 * p, 100 * r, 100 * f, c.gold, c.sys, c.match);
}

/* Reads one treebank and scores every document of it. Returns 0, or 1 if it cannot be read. */
static int eval_file(const char *path, int paragraphs) {
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "parley: %s: cannot open\n", path);
        return 1;
    }
    gold_doc g;
    memset(&g, 0, sizeof g);
    eval_totals tot;
    memset(&tot, 0, sizeof tot);
    char *line = NULL;
    size_t cap = 0, range_end = 0, sent_first_tok = 0;
    ssize_t n;
    int newpar = 0, glued = 0, in_sentence = 0;
    char docid[256] = "doc";
    long lineno = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
        if (strncmp(line, "# newdoc", 8) == 0) {
            score_doc(&g, docid, &tot);
            gold_clear(&g);
            const char *eq = strstr(line, "= ");
            snprintf(docid, sizeof docid, "%s", eq ? eq + 2 : "doc");
            newpar = 0;
            continue;
        }
        if (strncmp(line, "# newpar", 8) == 0) {
            newpar = 1;
            continue;
        }
        if (line[0] == '#') continue;
        if (n == 0) {
            if (in_sentence) {
                g.sent_start = grow(g.sent_start, &g.cap_sents, g.n_sents + 1, sizeof *g.sent_start);
                g.sent_end = realloc(g.sent_end, g.cap_sents * sizeof *g.sent_end);
                if (g.sent_end == NULL) exit(1);
                g.sent_start[g.n_sents] = g.tokens[sent_first_tok].start;
                g.sent_end[g.n_sents++] = g.tokens[g.n_tokens - 1].end;
            }
            in_sentence = 0;
            range_end = 0;
            continue;
        }
        char *col[10];
        int k = 0;
        char *p = line;
        for (; k < 10; k++) {
            col[k] = p;
            char *tab = strchr(p, '\t');
            if (tab == NULL) {
                k++;
                break;
            }
            *tab = '\0';
            p = tab + 1;
        }
        if (k < 10) {
            fprintf(stderr, "parley: %s:%ld: not a CoNLL-U token line\n", path, lineno);
            continue;
        }
        if (strchr(col[0], '.')) continue;  /* empty nodes have no surface */
        long id = strtol(col[0], NULL, 10);
        char *dash = strchr(col[0], '-');
        int is_word_in_range = !dash && (size_t)id <= range_end;
        if (is_word_in_range) {
            add_word(&g, col[1]);
            g.tokens[g.n_tokens - 1].words++;
            continue;
        }
        /* a surface token: separator first */
        if (!in_sentence) {
            if (g.text.len > 0) {
                if (newpar && paragraphs) parley_buf_puts(&g.text, "\n\n");
                else if (!glued) parley_buf_puts(&g.text, " ");
            }
            newpar = 0;
            in_sentence = 1;
            sent_first_tok = g.n_tokens;
        } else if (!glued) {
            parley_buf_puts(&g.text, " ");
        }
        g.tokens = grow(g.tokens, &g.cap_tokens, g.n_tokens + 1, sizeof *g.tokens);
        gold_token *t = &g.tokens[g.n_tokens++];
        t->start = g.text.len;
        parley_buf_puts(&g.text, col[1]);
        t->end = g.text.len;
        t->first_word = g.n_words;
        t->words = 0;
        glued = strstr(col[9], "SpaceAfter=No") != NULL;
        if (dash) {
            range_end = (size_t)strtol(dash + 1, NULL, 10);
        } else {
            add_word(&g, col[1]);
            t->words = 1;
        }
    }
    score_doc(&g, docid, &tot);
    free(line);
    fclose(f);
    gold_free(&g);
    printf("%s%s\n", path, paragraphs ? "" : " (paragraph breaks removed)");
    print_counts("tokens", tot.tokens);
    print_counts("words", tot.words);
    print_counts("sentences", tot.sents);
    return 0;
}

int cmd_eval_seg(int argc, char **argv) {
    int paragraphs = 1, files = 0, status = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: parley eval-seg [--no-paragraphs] [--show-errors] FILE.conllu...\n\n"
                   "Rebuilds each treebank's raw text, segments it with parley and prints token,\n"
                   "word and sentence precision, recall and F1 (CoNLL 2018 alignment).\n"
                   "  --no-paragraphs  join paragraphs with a space instead of a blank line\n"
                   "  --show-errors    print each unmatched system token and sentence end to stderr\n");
            return 0;
        }
        if (strcmp(argv[i], "--no-paragraphs") == 0) paragraphs = 0;
        else if (strcmp(argv[i], "--show-errors") == 0) show_errors = 1;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "parley eval-seg: unknown option '%s'\n", argv[i]);
            return 1;
        }
    }
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1]) continue;
        files++;
        status |= eval_file(argv[i], paragraphs);
    }
    if (files == 0) {
        fprintf(stderr, "usage: parley eval-seg [--no-paragraphs] [--show-errors] FILE.conllu...\n");
        return 1;
    }
    return status;
}
