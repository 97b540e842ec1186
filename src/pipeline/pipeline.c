/* pipeline.c - loading the shared models and dictionaries once, and running
 * the stages on a document (see parley/pipeline.h).
 *
 * The stages communicate only through the document: text fills tokens, nlp
 * annotates them, the coder adds events. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/code.h"
#include "parley/nlp.h"
#include "parley/pipeline.h"
#include "parley/resolve.h"
#include "parley/text.h"
#include "parley/ud.h"

struct parley_pipeline {
    parley_pipeline_options opts;
    parley_nlp *nlp;
    parley_dict *dict;
    parley_coder *coder;
    parley_resolver *resolver;
};

struct parley_pipeline_worker {
    const parley_pipeline *p;
    parley_nlp_workspace *nlp_ws;
};

void parley_pipeline_options_default(parley_pipeline_options *opts) {
    memset(opts, 0, sizeof *opts);
    opts->stage = PARLEY_STAGE_RESOLVE;
    parley_coder_options_default(&opts->coder);
}

const char *parley_data_dir(const char *override) {
    if (override && *override) return override;
    const char *env = getenv("PARLEY_DATA");
    if (env && *env) return env;
    return PARLEY_DATA_DIR;
}

static parley_status load_dictionaries(parley_pipeline *p, const char *data_dir, parley_error *err) {
    const parley_pipeline_options *o = &p->opts;
    /* Each field dictionary given replaces parley's own of its kind; the
     * kinds not given still come from parley's folder. */
    parley_dict_options dopts = {0, o->strict_dict, o->on_warning, o->userdata};
    if (o->tabari_verbs) dopts.skip_kinds |= PARLEY_DICT_ACTIONS;
    if (o->n_tabari_actors) dopts.skip_kinds |= PARLEY_DICT_ACTORS;
    if (o->tabari_agents) dopts.skip_kinds |= PARLEY_DICT_AGENTS;
    if (o->tabari_discards) dopts.skip_kinds |= PARLEY_DICT_DISCARDS;
    p->dict = parley_dict_new(&dopts);
    if (p->dict == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
    parley_status st = PARLEY_OK;
    char path[4096];
    if (o->dict_dir) snprintf(path, sizeof path, "%s", o->dict_dir);
    else snprintf(path, sizeof path, "%s/dict", data_dir);
    st = parley_dict_load_dir(p->dict, path, err);
    if (st == PARLEY_OK && o->tabari_verbs)
        st = parley_dict_load_tabari_verbs(p->dict, o->tabari_verbs, err);
    for (size_t i = 0; st == PARLEY_OK && i < o->n_tabari_actors; i++)
        st = parley_dict_load_tabari_actors(p->dict, o->tabari_actors[i], err);
    if (st == PARLEY_OK && o->tabari_agents)
        st = parley_dict_load_tabari_agents(p->dict, o->tabari_agents, err);
    if (st == PARLEY_OK && o->tabari_discards)
        st = parley_dict_load_tabari_discards(p->dict, o->tabari_discards, err);
    if (st == PARLEY_OK) st = parley_dict_compile(p->dict, err);
    return st;
}

parley_status parley_pipeline_open(parley_pipeline **out, const parley_pipeline_options *opts,
                                   parley_error *err) {
    *out = NULL;
    parley_pipeline *p = calloc(1, sizeof *p);
    if (p == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
    if (opts) p->opts = *opts;
    else parley_pipeline_options_default(&p->opts);
    if (p->opts.stage == 0) p->opts.stage = PARLEY_STAGE_RESOLVE;
    const char *data_dir = parley_data_dir(p->opts.data_dir);
    parley_status st = PARLEY_OK;
    if (p->opts.stage >= PARLEY_STAGE_PARSE) {
        char models[4096];
        if (p->opts.model_dir) snprintf(models, sizeof models, "%s", p->opts.model_dir);
        else snprintf(models, sizeof models, "%s/models", data_dir);
        st = parley_nlp_load_with(&p->nlp, models, p->opts.nlp_flags, err);
    }
    if (st == PARLEY_OK && p->opts.stage >= PARLEY_STAGE_CODE) {
        st = load_dictionaries(p, data_dir, err);
        if (st == PARLEY_OK) {
            p->coder = parley_coder_new(p->dict, &p->opts.coder);
            if (p->coder == NULL) st = parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
        }
    }
    if (st == PARLEY_OK && p->opts.stage >= PARLEY_STAGE_RESOLVE)
        st = parley_resolver_open(&p->resolver, data_dir, p->dict, err);
    if (st != PARLEY_OK) {
        parley_pipeline_free(p);
        return st;
    }
    *out = p;
    return PARLEY_OK;
}

void parley_pipeline_free(parley_pipeline *p) {
    if (p == NULL) return;
    parley_resolver_free(p->resolver);
    parley_coder_free(p->coder);
    parley_dict_free(p->dict);
    parley_nlp_free(p->nlp);
    free(p);
}

const parley_dict *parley_pipeline_dict(const parley_pipeline *p) { return p->dict; }

parley_pipeline_worker *parley_pipeline_worker_new(const parley_pipeline *p) {
    parley_pipeline_worker *w = calloc(1, sizeof *w);
    if (w == NULL) return NULL;
    w->p = p;
    if (p->nlp) {
        w->nlp_ws = parley_nlp_workspace_new(p->nlp);
        if (w->nlp_ws == NULL) {
            free(w);
            return NULL;
        }
    }
    return w;
}

void parley_pipeline_worker_free(parley_pipeline_worker *w) {
    if (w == NULL) return;
    parley_nlp_workspace_free(w->nlp_ws);
    free(w);
}

/* A second look at the sentences in which the coder found nothing. A greedy
 * parser trained on web text misreads some news leads so that the main verb is
 * no predicate at all: "Protesters clashed with riot police" as a reduced
 * relative ("protesters (who were) clashed ..."), "The administration froze
 * all aid" with "froze" a noun. Each such sentence with a candidate verb is
 * parsed again with that verb forced to be the root, and the document coded
 * again; a sentence that still gives nothing gets its first parse back, which
 * the resolver then reads. */
static parley_status second_look(const parley_pipeline *p, parley_pipeline_worker *w, parley_doc *doc,
                                 parley_error *err) {
    if (doc->n_sentences == 0) return PARLEY_OK;
    unsigned char *state = parley_arena_calloc(doc->arena, doc->n_sentences, 1);
    if (state == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
    for (size_t e = 0; e < doc->n_events; e++) {
        int32_t si = doc->events[e].sentence;
        if (si >= 0 && (size_t)si < doc->n_sentences) state[si] = 1;
    }
    parley_token *saved = NULL;
    size_t tried = 0;
    for (size_t si = 0; si < doc->n_sentences; si++) {
        if (state[si] || doc->sentences[si].count < 3) continue;
        int t = parley_coder_find_main_verb(p->dict, doc, si);
        if (t < 0) continue;
        const parley_sentence *sent = &doc->sentences[si];
        if (saved == NULL) {
            saved = parley_arena_alloc(doc->arena, doc->n_tokens * sizeof *saved);
            if (saved == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
        }
        memcpy(saved + sent->first, doc->tokens + sent->first, sent->count * sizeof *saved);
        parley_status st = parley_nlp_reparse_rooted(p->nlp, w->nlp_ws, doc, si, t, PARLEY_XPOS_VBD,
                                                     PARLEY_UPOS_VERB, err);
        if (st != PARLEY_OK) return st;
        /* Most second parses give nothing either: coding the sentence alone
         * tells, and only then is the whole document coded again. */
        int found = parley_coder_probe_sentence(p->coder, doc, si);
        if (found < 0) return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
        if (found == 0) {
            memcpy(doc->tokens + sent->first, saved + sent->first, sent->count * sizeof *saved);
            continue;
        }
        state[si] = 2;
        tried++;
    }
    if (tried == 0) return PARLEY_OK;
    parley_status st = parley_coder_code_doc(p->coder, doc, err);
    if (st != PARLEY_OK) return st;
    for (size_t e = 0; e < doc->n_events; e++) {
        int32_t si = doc->events[e].sentence;
        if (si >= 0 && (size_t)si < doc->n_sentences && state[si] == 2) state[si] = 3;
    }
    for (size_t si = 0; si < doc->n_sentences; si++) {
        if (state[si] != 2) continue;
        const parley_sentence *sent = &doc->sentences[si];
        memcpy(doc->tokens + sent->first, saved + sent->first, sent->count * sizeof *saved);
    }
    return PARLEY_OK;
}

parley_status parley_pipeline_run(const parley_pipeline *p, parley_pipeline_worker *w, parley_doc *doc,
                                  parley_error *err) {
    parley_status st = parley_text_segment(doc, err);
    if (st != PARLEY_OK || p->opts.stage < PARLEY_STAGE_PARSE) return st;
    st = parley_nlp_annotate(p->nlp, w->nlp_ws, doc, err);
    if (st != PARLEY_OK || p->opts.stage < PARLEY_STAGE_CODE) return st;
    st = parley_coder_code_doc(p->coder, doc, err);
    if (st == PARLEY_OK && !p->opts.first_parse_only) st = second_look(p, w, doc, err);
    if (st != PARLEY_OK || p->opts.stage < PARLEY_STAGE_RESOLVE) return st;
    return parley_resolver_run(p->resolver, doc, err);
}
