/* conllu_read.c - reads CoNLL-U (UD's 10-column format) into parley_doc.
 *
 * Training, evaluation and `parley parse --input conllu` read treebanks
 * through here, so gold and predicted annotation live in the same structs.
 * A document ends at the next "# newdoc" comment. Word lines (integer ID)
 * become tokens; a range line ("3-4") is a multiword token whose surface
 * form goes into the rebuilt text and whose span its words share; empty
 * nodes ("8.1") belong to enhanced graphs only and are kept in the raw lines
 * but are not tokens. The raw lines of the last document stay available so
 * a writer can reproduce the file with new columns. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/nlp_internal.h"

struct parley_conllu_reader {
    FILE *fp;
    char name[256];
    long line_no;
    char *line;          /* getline buffer */
    size_t line_cap;
    char *pending;       /* a "# newdoc" line read past the end of the last doc */
    long pending_no;
    parley_buf raw;
    parley_buf text;
    parley_token *toks;
    size_t n_toks, cap_toks;
    parley_sentence *sents;
    size_t n_sents, cap_sents;
    int eof;
    int gold; /* read columns 3-9; off, they are ignored */
};

parley_conllu_reader *parley_conllu_reader_new(FILE *fp, const char *name) {
    parley_conllu_reader *r = calloc(1, sizeof *r);
    if (r == NULL) return NULL;
    r->fp = fp;
    r->gold = 1;
    snprintf(r->name, sizeof r->name, "%s", name ? name : "-");
    return r;
}

void parley_conllu_reader_free(parley_conllu_reader *r) {
    if (r == NULL) return;
    free(r->line);
    free(r->pending);
    parley_buf_free(&r->raw);
    parley_buf_free(&r->text);
    free(r->toks);
    free(r->sents);
    free(r);
}

void parley_conllu_reader_set_gold(parley_conllu_reader *r, int read_gold) { r->gold = read_gold != 0; }

const char *parley_conllu_reader_raw(const parley_conllu_reader *r, size_t *len) {
    if (len) *len = r->raw.len;
    return r->raw.data ? r->raw.data : "";
}

/* Splits line at tabs into exactly 10 fields; returns the count found. */
static int split_fields(char *line, char **f) {
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p; p++)
        if (*p == '\t') {
            *p = '\0';
            if (n == 10) return 11;
            f[n++] = p + 1;
        }
    return n;
}

static int parse_uint(const char *s, const char *end, long *out) {
    if (s == end || end - s > 9) return -1;
    long v = 0;
    for (const char *p = s; p < end; p++) {
        if (*p < '0' || *p > '9') return -1;
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return 0;
}

static int space_after_no(const char *misc) {
    const char *p = strstr(misc, "SpaceAfter=No");
    return p != NULL && (p == misc || p[-1] == '|') && (p[13] == '\0' || p[13] == '|');
}

typedef struct sent_state {
    size_t first_tok;
    long next_id;        /* the ID the next word line must have */
    long mwt_last;       /* last word ID of the open multiword token, 0 = none */
    uint32_t mwt_start, mwt_end;
    size_t mwt_first;    /* token index of its first word */
    int mwt_space;       /* the multiword token's SpaceAfter, given to its last word */
} sent_state;

static parley_status fail(parley_conllu_reader *r, parley_error *err, const char *why) {
    return parley_error_set(err, PARLEY_ERR_FORMAT, r->name, r->line_no, "CoNLL-U: %s", why);
}

static int text_add(parley_conllu_reader *r, const char *form, int space, uint32_t *start,
                    uint32_t *end) {
    if (r->text.len > UINT32_MAX / 2) return -1;
    *start = (uint32_t)r->text.len;
    if (parley_buf_puts(&r->text, form) != 0) return -1;
    *end = (uint32_t)r->text.len;
    if (space && parley_buf_puts(&r->text, " ") != 0) return -1;
    return 0;
}

/* Columns 3-9 of a word line (DEPS is not kept) into t (NONE / NULL / -1 where "_"). */
static parley_status read_gold(parley_conllu_reader *r, parley_doc *doc, parley_token *t, char **f,
                               parley_error *err) {
    t->lemma = strcmp(f[2], "_") == 0 && strcmp(f[1], "_") != 0
                   ? NULL
                   : parley_arena_strdup(doc->arena, f[2]);
    t->upos = (uint8_t)parley_upos_from_name(f[3]);
    t->xpos = (uint8_t)parley_xpos_from_name(f[4]);
    t->feats = parley_feats_parse(f[5]);
    long h;
    if (strcmp(f[6], "_") != 0) {
        if (parse_uint(f[6], f[6] + strlen(f[6]), &h) != 0) return fail(r, err, "HEAD is not a number");
        t->head = (int32_t)h;
    }
    t->deprel = (uint8_t)parley_deprel_from_name(f[7]);
    return PARLEY_OK;
}

static parley_status add_word(parley_conllu_reader *r, parley_doc *doc, sent_state *ss, char **f,
                              long id, parley_error *err) {
    if (id != ss->next_id) return fail(r, err, "word IDs must be consecutive from 1");
    ss->next_id++;
    if (r->n_toks == r->cap_toks) {
        size_t cap = r->cap_toks ? r->cap_toks * 2 : 256;
        parley_token *t = realloc(r->toks, cap * sizeof *t);
        if (t == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, r->name, r->line_no, "out of memory");
        r->toks = t;
        r->cap_toks = cap;
    }
    parley_token *t = &r->toks[r->n_toks];
    memset(t, 0, sizeof *t);
    t->form = parley_arena_strdup(doc->arena, f[1]);
    if (t->form == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, r->name, r->line_no, "out of memory");
    if (f[1][0] == '\0') return fail(r, err, "empty FORM");
    t->head = -1;
    if (r->gold) {
        parley_status st = read_gold(r, doc, t, f, err);
        if (st != PARLEY_OK) return st;
    }
    int space = !space_after_no(f[9]);
    if (ss->mwt_last >= id) {
        t->start = ss->mwt_start;
        t->end = ss->mwt_end;
        r->toks[ss->mwt_first].mwt++;
        t->space_after = 1;
        if (id == ss->mwt_last) {
            ss->mwt_last = 0;
            t->space_after = (uint8_t)ss->mwt_space;
        }
    } else {
        ss->mwt_last = 0;
        if (text_add(r, f[1], space, &t->start, &t->end) != 0)
            return parley_error_set(err, PARLEY_ERR_NOMEM, r->name, r->line_no, "out of memory");
        t->space_after = (uint8_t)space;
    }
    r->n_toks++;
    return PARLEY_OK;
}

static parley_status end_sentence(parley_conllu_reader *r, sent_state *ss, parley_error *err) {
    size_t n = r->n_toks - ss->first_tok;
    if (n == 0) return PARLEY_OK;
    if (ss->mwt_last) return fail(r, err, "multiword token range runs past the sentence");
    for (size_t i = ss->first_tok; i < r->n_toks; i++)
        if (r->toks[i].head > (int32_t)n) return fail(r, err, "HEAD beyond the sentence");
    if (n > 100000) return fail(r, err, "sentence too long");
    if (r->n_sents == r->cap_sents) {
        size_t cap = r->cap_sents ? r->cap_sents * 2 : 64;
        parley_sentence *s = realloc(r->sents, cap * sizeof *s);
        if (s == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, r->name, r->line_no, "out of memory");
        r->sents = s;
        r->cap_sents = cap;
    }
    parley_sentence *s = &r->sents[r->n_sents++];
    s->first = (uint32_t)ss->first_tok;
    s->count = (uint32_t)n;
    s->start = r->toks[ss->first_tok].start;
    s->end = r->toks[r->n_toks - 1].end;
    /* a sentence always ends with whitespace in the rebuilt text */
    if (r->text.len && r->text.data[r->text.len - 1] != ' ' && parley_buf_puts(&r->text, " ") != 0)
        return parley_error_set(err, PARLEY_ERR_NOMEM, r->name, r->line_no, "out of memory");
    r->toks[r->n_toks - 1].space_after = 1;
    return PARLEY_OK;
}

static parley_status finish_doc(parley_conllu_reader *r, parley_doc *doc, parley_error *err) {
    const char *text = r->text.data ? r->text.data : "";
    if (parley_doc_set_text(doc, text, r->text.len) != 0)
        return parley_error_set(err, PARLEY_ERR_NOMEM, r->name, r->line_no, "out of memory");
    doc->origin_file = parley_arena_strdup(doc->arena, r->name);
    if (doc->origin_file == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, r->name, 0, "out of memory");
    doc->tokens = parley_arena_calloc(doc->arena, r->n_toks ? r->n_toks : 1, sizeof *doc->tokens);
    doc->sentences = parley_arena_calloc(doc->arena, r->n_sents ? r->n_sents : 1, sizeof *doc->sentences);
    if (doc->tokens == NULL || doc->sentences == NULL)
        return parley_error_set(err, PARLEY_ERR_NOMEM, r->name, r->line_no, "out of memory");
    if (r->n_toks) memcpy(doc->tokens, r->toks, r->n_toks * sizeof *r->toks);
    if (r->n_sents) memcpy(doc->sentences, r->sents, r->n_sents * sizeof *r->sents);
    doc->n_tokens = r->n_toks;
    doc->n_sentences = r->n_sents;
    return PARLEY_OK;
}

static parley_status handle_comment(parley_conllu_reader *r, parley_doc *doc, const char *line,
                                    parley_error *err) {
    const char *p = line + 1;
    while (*p == ' ') p++;
    if (strncmp(p, "newdoc", 6) == 0) {
        const char *id = strstr(p, "id");
        const char *eq = id ? strchr(id, '=') : NULL;
        if (eq) {
            eq++;
            while (*eq == ' ') eq++;
            doc->id = parley_arena_strdup(doc->arena, eq);
            if (doc->id == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, r->name, r->line_no, "out of memory");
        }
    }
    return PARLEY_OK;
}

parley_status parley_conllu_read_doc(parley_conllu_reader *r, parley_doc *doc,
                                     size_t max_sentences, parley_error *err) {
    parley_doc_reset(doc);
    parley_buf_clear(&r->raw);
    parley_buf_clear(&r->text);
    r->n_toks = r->n_sents = 0;
    sent_state ss = {0, 1, 0, 0, 0, 0, 1};
    int in_sentence = 0, saw_any = 0;
    parley_status st;
    for (;;) {
        char *line;
        if (r->pending) {
            free(r->line);
            r->line = r->pending;
            r->line_cap = strlen(r->pending) + 1;
            r->pending = NULL;
            line = r->line;
        } else {
            if (r->eof) break;
            errno = 0;
            ssize_t n = getline(&r->line, &r->line_cap, r->fp);
            if (n < 0) {
                if (ferror(r->fp))
                    return parley_error_set(err, PARLEY_ERR_IO, r->name, r->line_no, "read error");
                r->eof = 1;
                break;
            }
            r->line_no++;
            line = r->line;
            while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
            if (memchr(line, '\0', (size_t)n) != NULL) return fail(r, err, "NUL byte in line");
        }
        int is_newdoc = line[0] == '#' && strstr(line, "newdoc") != NULL &&
                        strncmp(line + 1 + strspn(line + 1, " "), "newdoc", 6) == 0;
        int full = max_sentences && r->n_sents >= max_sentences && !in_sentence;
        if ((is_newdoc || full) && !in_sentence && saw_any && (is_newdoc || line[0] != '\0')) {
            r->pending = strdup(line);
            if (r->pending == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, r->name, r->line_no, "out of memory");
            break;
        }
        if (parley_buf_puts(&r->raw, line) != 0 || parley_buf_puts(&r->raw, "\n") != 0)
            return parley_error_set(err, PARLEY_ERR_NOMEM, r->name, r->line_no, "out of memory");
        if (line[0] == '\0') {
            if (in_sentence && (st = end_sentence(r, &ss, err)) != PARLEY_OK) return st;
            in_sentence = 0;
            continue;
        }
        saw_any = 1;
        if (!in_sentence) {
            in_sentence = 1;
            ss = (sent_state){r->n_toks, 1, 0, 0, 0, 0, 1};
        }
        if (line[0] == '#') {
            if ((st = handle_comment(r, doc, line, err)) != PARLEY_OK) return st;
            continue;
        }
        char *f[11];
        if (split_fields(line, f) != 10) return fail(r, err, "a word line needs exactly 10 tab-separated fields");
        const char *dash = strchr(f[0], '-'), *dot = strchr(f[0], '.');
        long a, b;
        if (dash) {
            if (parse_uint(f[0], dash, &a) != 0 || parse_uint(dash + 1, dash + strlen(dash), &b) != 0 ||
                a != ss.next_id || b <= a)
                return fail(r, err, "bad multiword token range");
            if (f[1][0] == '\0') return fail(r, err, "empty FORM");
            ss.mwt_last = b;
            ss.mwt_first = r->n_toks;
            ss.mwt_space = !space_after_no(f[9]);
            if (text_add(r, f[1], ss.mwt_space, &ss.mwt_start, &ss.mwt_end) != 0)
                return parley_error_set(err, PARLEY_ERR_NOMEM, r->name, r->line_no, "out of memory");
            continue;
        }
        if (dot) {
            if (parse_uint(f[0], dot, &a) != 0 || parse_uint(dot + 1, dot + strlen(dot), &b) != 0 ||
                a != ss.next_id - 1)
                return fail(r, err, "bad empty node ID");
            continue;
        }
        if (parse_uint(f[0], f[0] + strlen(f[0]), &a) != 0 || a == 0) return fail(r, err, "bad word ID");
        if ((st = add_word(r, doc, &ss, f, a, err)) != PARLEY_OK) return st;
        if (r->n_toks > 50000000) return fail(r, err, "document too large");
    }
    if (in_sentence && (st = end_sentence(r, &ss, err)) != PARLEY_OK) return st;
    if (!saw_any) return PARLEY_EOF;
    return finish_doc(r, doc, err);
}
