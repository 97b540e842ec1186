/* test_resolve.c - the resolver on whole documents: gazetteer lookup and
 * disambiguation, datelines, place mentions, attaching dates, places and
 * quantities to events (by clause when a tree is there, else by nearness,
 * else the flagged document date), reporters carried over a paragraph, and
 * merging of repeated events. Documents are segmented by parley's tokenizer;
 * events and (where a test needs one) dependency heads are written here, so
 * the tests need no tagger model. The gazetteer is parley's own
 * (data/gazetteer), the dictionary parley's own (data/dict). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "parley/dict.h"
#include "parley/doc.h"
#include "parley/event.h"
#include "parley/cameo.h"
#include "parley/event_io.h"
#include "parley/resolve.h"
#include "parley/text.h"
#include "parley/ud.h"

typedef struct fixture {
    parley_dict *dict;
    parley_resolver *r;
} fixture;

static int setup(void **state) {
    static fixture fx;
    parley_error err;
    parley_error_clear(&err);
    fx.dict = parley_dict_new(NULL);
    if (fx.dict == NULL || parley_dict_load_dir(fx.dict, PARLEY_DATA_DIR "/dict", &err) != PARLEY_OK ||
        parley_dict_compile(fx.dict, &err) != PARLEY_OK) {
        fprintf(stderr, "dictionary: %s:%ld: %s\n", err.file, err.line, err.message);
        return -1;
    }
    if (parley_resolver_open(&fx.r, PARLEY_DATA_DIR, fx.dict, &err) != PARLEY_OK) {
        fprintf(stderr, "resolver: %s:%ld: %s\n", err.file, err.line, err.message);
        return -1;
    }
    *state = &fx;
    return 0;
}

static int teardown(void **state) {
    fixture *fx = *state;
    parley_resolver_free(fx->r);
    parley_dict_free(fx->dict);
    return 0;
}

static parley_doc *make_doc(const char *id, const char *date, const char *text) {
    parley_doc *doc = parley_doc_new();
    assert_non_null(doc);
    assert_int_equal(parley_doc_set_text(doc, text, strlen(text)), 0);
    doc->id = id;
    doc->date = date;
    parley_error err;
    assert_int_equal(parley_text_segment(doc, &err), PARLEY_OK);
    return doc;
}

/* Adds an event whose predicate is the n-th occurrence (from 0) of word in the text. */
static parley_event *add_event(parley_doc *doc, const char *word, int nth, const char *src, const char *tgt,
                               const char *cameo) {
    const char *p = doc->text;
    for (int i = 0; i <= nth; i++) {
        p = strstr(i ? p + 1 : p, word);
        assert_non_null(p);
    }
    int32_t start = (int32_t)(p - doc->text);
    parley_event *grown = parley_arena_calloc(doc->arena, doc->n_events + 1, sizeof *grown);
    assert_non_null(grown);
    if (doc->n_events) memcpy(grown, doc->events, doc->n_events * sizeof *grown);
    doc->events = grown;
    parley_event *ev = &doc->events[doc->n_events++];
    ev->doc_id = doc->id;
    for (size_t s = 0; s < doc->n_sentences; s++)
        if ((uint32_t)start >= doc->sentences[s].start && (uint32_t)start < doc->sentences[s].end)
            ev->sentence = (int32_t)s;
    ev->action.start = start;
    ev->action.end = start + (int32_t)strlen(word);
    ev->date_text = "";
    if (src) {
        ev->source.present = 1;
        snprintf(ev->source.code, sizeof ev->source.code, "%s", src);
    }
    if (tgt) {
        ev->target.present = 1;
        snprintf(ev->target.code, sizeof ev->target.code, "%s", tgt);
    }
    snprintf(ev->cameo, sizeof ev->cameo, "%s", cameo);
    memcpy(ev->root, cameo, 2);
    return ev;
}

/* Token index (document-wide) of the n-th occurrence of form. */
static long token(const parley_doc *doc, const char *form, int nth) {
    for (size_t t = 0; t < doc->n_tokens; t++)
        if (strcmp(doc->tokens[t].form, form) == 0 && nth-- == 0) return (long)t;
    fail_msg("no token %s", form);
    return -1;
}

/* Gives sentence si a flat tree: every token hangs from root_tok, except the
 * pairs (child, head) given, terminated by -1. */
static void tree(parley_doc *doc, size_t si, long root_tok, const long *pairs) {
    const parley_sentence *s = &doc->sentences[si];
    for (uint32_t t = s->first; t < s->first + s->count; t++) {
        doc->tokens[t].head = (int32_t)(root_tok - s->first + 1);
        doc->tokens[t].deprel = PARLEY_DEP_DEP;
        doc->tokens[t].upos = PARLEY_UPOS_NOUN;
    }
    doc->tokens[root_tok].head = 0;
    doc->tokens[root_tok].upos = PARLEY_UPOS_VERB;
    for (int i = 0; pairs && pairs[i] >= 0; i += 2) {
        doc->tokens[pairs[i]].head = (int32_t)(pairs[i + 1] - s->first + 1);
    }
}

static void test_gazetteer_lookup(void **state) {
    fixture *fx = *state;
    size_t names, entries;
    parley_resolver_gazetteer_size(fx->r, &names, &entries);
    /* 24,361 GeoNames cities plus countries, regions and hand-written areas. */
    assert_true(entries > 24361 + 200);
    assert_true(names > entries);
    const parley_gazetteer_entry *e[8];
    assert_int_equal(parley_resolver_lookup_place(fx->r, "Doha", NULL, 0, e, 8) >= 1, 1);
    assert_string_equal(e[0]->country, "QAT");
    assert_true(e[0]->lat > 25 && e[0]->lat < 26);
    /* Aliases and case. */
    assert_true(parley_resolver_lookup_place(fx->r, "the strip", NULL, 0, e, 8) >= 1);
    assert_string_equal(e[0]->name, "Gaza Strip");
    assert_true(parley_resolver_lookup_place(fx->r, "RUSSIA", NULL, 0, e, 8) >= 1);
    assert_string_equal(e[0]->country, "RUS");
    assert_string_equal(e[0]->kind, "country");
    assert_true(parley_resolver_lookup_place(fx->r, "Zvečan", NULL, 0, e, 8) >= 1);
    assert_string_equal(e[0]->country, "XKX");
    assert_int_equal(parley_resolver_lookup_place(fx->r, "Nowhereville-on-Sea", NULL, 0, e, 8), 0);
}

static void test_gazetteer_disambiguation(void **state) {
    fixture *fx = *state;
    const parley_gazetteer_entry *e[8];
    /* Moscow, Russia is far larger than Moscow, Idaho; a US story does not move it. */
    assert_true(parley_resolver_lookup_place(fx->r, "Moscow", NULL, 0, e, 8) >= 2);
    assert_string_equal(e[0]->country, "RUS");
    const char *usa[] = {"USA"};
    parley_resolver_lookup_place(fx->r, "Moscow", usa, 1, e, 8);
    assert_string_equal(e[0]->country, "RUS");
    /* Tripoli: Libya's by size, Lebanon's in a story about Lebanon. */
    assert_true(parley_resolver_lookup_place(fx->r, "Tripoli", NULL, 0, e, 8) >= 2);
    assert_string_equal(e[0]->country, "LBY");
    const char *lbn[] = {"LBN"};
    parley_resolver_lookup_place(fx->r, "Tripoli", lbn, 1, e, 8);
    assert_string_equal(e[0]->country, "LBN");
    /* The country Georgia before the US state, unless... it stays the country. */
    parley_resolver_lookup_place(fx->r, "Georgia", usa, 1, e, 8);
    assert_string_equal(e[0]->country, "GEO");
    /* A hand-written area wins over a city of the same name. */
    parley_resolver_lookup_place(fx->r, "Gaza", NULL, 0, e, 8);
    assert_string_equal(e[0]->name, "Gaza Strip");
}

static void test_places_and_dateline(void **state) {
    fixture *fx = *state;
    parley_doc *doc = make_doc("d1", "2023-11-24",
                               "GAZA/JERUSALEM, Nov 24 (Parley Wire) - Hamas released 13 Israeli hostages. "
                               "The hostages were driven into Egypt through the Rafah crossing. "
                               "Secretary of State Antony Blinken said Israel must protect civilians. "
                               "Armenia and Mexico welcomed the release.");
    add_event(doc, "released", 0, "PSEREB", "ISRCVL", "0841");
    parley_doc_analysis a;
    parley_error err;
    assert_int_equal(parley_resolver_analyze(fx->r, doc, &a, &err), PARLEY_OK);
    int gaza = 0, jerusalem = 0, egypt = 0, rafah = 0, antony = 0, israel = 0, namesakes = 0;
    for (size_t i = 0; i < a.n_places; i++) {
        const parley_place *p = &a.places[i].place;
        if (strcmp(p->name, "Gaza Strip") == 0 && a.places[i].dateline) gaza = 1;
        if (strcmp(p->country, "ISR") == 0 && a.places[i].dateline) jerusalem = 1;
        if (strcmp(p->name, "Egypt") == 0 && a.places[i].locative) egypt = 1;
        if (strcmp(p->name, "Rafah") == 0 && strcmp(p->country, "EGY") == 0) rafah = 1;
        if (strncmp(doc->text + p->span.start, "Antony", 6) == 0) antony = 1;
        if (strncmp(doc->text + p->span.start, "Israel ", 7) == 0) israel = 1;
        if (strcmp(p->country, "COL") == 0 || strcmp(p->country, "PHL") == 0) namesakes = 1;
    }
    assert_true(gaza);
    assert_true(jerusalem);
    assert_true(egypt);
    assert_true(rafah);
    assert_false(antony);  /* part of a person's name */
    assert_false(israel);  /* a country as an actor is no place */
    assert_false(namesakes); /* nor a town that shares its name (Armenia, Colombia) */
    parley_doc_free(doc);
}

static void test_dates_attach_by_nearness_and_flag(void **state) {
    fixture *fx = *state;
    parley_doc *doc = make_doc("d2", "2023-11-25",
                               "Hamas freed 13 hostages on Friday evening, and Israel released 39 prisoners. "
                               "The two sides agreed to the pause on Wednesday. "
                               "The hostages crossed into Egypt.");
    add_event(doc, "freed", 0, "PSEREB", "ISRCVL", "0841");
    add_event(doc, "released", 0, "ISR", "PSE", "0841");
    add_event(doc, "agreed", 0, "ISR", "PSEREB", "0871");
    add_event(doc, "crossed", 0, "ISRCVL", NULL, "0871");
    parley_error err;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_int_equal(doc->n_events, 4);
    assert_string_equal(doc->events[0].date, "2023-11-24");
    assert_string_equal(doc->events[0].date_text, "on Friday evening");
    assert_int_equal(doc->events[0].date_flagged, 0);
    assert_string_equal(doc->events[1].date, "2023-11-24");  /* the sentence's date */
    assert_string_equal(doc->events[2].date, "2023-11-22");
    /* No date in its sentence: the document date, flagged. */
    assert_string_equal(doc->events[3].date, "2023-11-25");
    assert_int_equal(doc->events[3].date_flagged, 1);
    assert_string_equal(doc->events[3].date_text, "");
    /* Quantities go to the nearest predicate. */
    assert_int_equal(doc->events[0].n_quantities, 1);
    assert_true(doc->events[0].quantities[0].value == 13);
    assert_string_equal(doc->events[0].quantities[0].kind, "released");
    assert_int_equal(doc->events[1].n_quantities, 1);
    assert_true(doc->events[1].quantities[0].value == 39);
    /* Place: "into Egypt" in its own sentence. */
    assert_true(doc->events[3].place.present);
    assert_string_equal(doc->events[3].place.country, "EGY");
    assert_false(doc->events[0].place.present);
    parley_doc_free(doc);
}

static void test_dates_attach_by_clause(void **state) {
    fixture *fx = *state;
    /* Nearness alone would give "met" Tuesday's date; the tree says Monday is
     * in the clause of "met" and Tuesday in that of "announced". */
    parley_doc *doc = make_doc("d3", "2023-12-06", "Blinken met Al Thani on Monday and Qatar announced on Tuesday a deal.");
    add_event(doc, "met", 0, "USAGOV", "QATGOV", "040");
    add_event(doc, "announced", 0, "QAT", NULL, "010");
    long met = token(doc, "met", 0), announced = token(doc, "announced", 0);
    long on1 = token(doc, "on", 0), monday = token(doc, "Monday", 0);
    long on2 = token(doc, "on", 1), tuesday = token(doc, "Tuesday", 0);
    long pairs[] = {monday, met, on1, monday, tuesday, announced, on2, tuesday, -1};
    tree(doc, 0, met, pairs);
    doc->tokens[announced].upos = PARLEY_UPOS_VERB;
    doc->tokens[announced].head = (int32_t)(met + 1);
    parley_error err;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->events[0].date, "2023-12-04");
    assert_string_equal(doc->events[1].date, "2023-12-05");
    parley_doc_free(doc);
}

static void test_dates_shared_by_conjuncts(void **state) {
    fixture *fx = *state;
    /* "freed" has no date of its own; the nearest expression is the truce's
     * interval, but the clause "freed" is a conjunct of says Friday. */
    parley_doc *doc = make_doc("d3c", "2023-11-25",
                               "Hamas released 13 hostages on Friday, the first day of a four-day truce, "
                               "and Israel freed 39 prisoners hours later.");
    add_event(doc, "released", 0, "PSEREB", "ISRCVL", "0841");
    add_event(doc, "freed", 0, "ISR", "PSE", "0841");
    long released = token(doc, "released", 0), freed = token(doc, "freed", 0);
    long israel = token(doc, "Israel", 0), prisoners = token(doc, "prisoners", 0), n39 = token(doc, "39", 0);
    long hours = token(doc, "hours", 0), later = token(doc, "later", 0), and = token(doc, "and", 0);
    long pairs[] = {israel, freed, prisoners, freed, n39, prisoners, hours, later, later, freed, and, freed, -1};
    tree(doc, 0, released, pairs);
    doc->tokens[freed].upos = PARLEY_UPOS_VERB;
    doc->tokens[freed].deprel = PARLEY_DEP_CONJ;
    parley_error err;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_int_equal(doc->n_events, 2);
    assert_string_equal(doc->events[0].date, "2023-11-24");
    assert_string_equal(doc->events[1].date, "2023-11-24");
    assert_string_equal(doc->events[1].date_end, "");
    assert_string_equal(doc->events[1].date_text, "on Friday");
    /* The same when the parser hung the conjunct under a word of the first
     * clause (here the comma after "Friday") instead of its verb. */
    long comma = token(doc, ",", 0);
    doc->tokens[freed].head = (int32_t)(comma - (long)doc->sentences[0].first + 1);
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->events[1].date_text, "on Friday");
    assert_string_equal(doc->events[1].date_end, "");
    parley_doc_free(doc);
}

static void test_tense_from_tree(void **state) {
    fixture *fx = *state;
    /* 2023-12-05 is a Tuesday. A "will" nearby belongs to another clause: the
     * tree says "on Monday" hangs from the past-tense "met". */
    const char *text = "Blinken, who will travel later, met Al Thani on Monday.";
    parley_doc *doc = make_doc("d8", "2023-12-05", text);
    add_event(doc, "met", 0, "USAGOV", "QATGOV", "040");
    long met = token(doc, "met", 0), travel = token(doc, "travel", 0), will = token(doc, "will", 0);
    long blinken = token(doc, "Blinken", 0), on = token(doc, "on", 0), monday = token(doc, "Monday", 0);
    long pairs[] = {travel, blinken, will, travel, on, monday, -1};
    tree(doc, 0, met, pairs);
    doc->tokens[met].xpos = PARLEY_XPOS_VBD;
    doc->tokens[travel].upos = PARLEY_UPOS_VERB;
    doc->tokens[will].upos = PARLEY_UPOS_AUX;
    doc->tokens[will].deprel = PARLEY_DEP_AUX;
    parley_error err;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->events[0].date, "2023-12-04");
    parley_doc_free(doc);

    /* Without a tree the "will" before it makes the weekday future. */
    doc = make_doc("d9", "2023-12-05", "Blinken will visit Doha on Monday.");
    add_event(doc, "visit", 0, "USAGOV", "QAT", "042");
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->events[0].date, "2023-12-11");
    parley_doc_free(doc);
}

static void test_interval_and_dateline_place(void **state) {
    fixture *fx = *state;
    parley_doc *doc = make_doc("d4", "2023-11-24",
                               "DOHA, Nov 24 (Parley Wire) - Israel and Hamas began a four-day truce on Friday.");
    add_event(doc, "truce", 0, "ISR", "PSEREB", "0871");
    parley_error err;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    /* The expression that holds the predicate wins; its anchor is the last date stated before it, else the
     * document date. */
    assert_string_equal(doc->events[0].date, "2023-11-24");
    assert_string_equal(doc->events[0].date_end, "2023-11-27");
    assert_string_equal(doc->events[0].date_text, "a four-day truce");
    assert_true(doc->events[0].place.present);
    assert_string_equal(doc->events[0].place.name, "Doha");
    assert_string_equal(doc->events[0].place.country, "QAT");
    /* only the dateline placed it: shown, but not part of the merge key */
    assert_true(doc->events[0].place.dateline);
    assert_false(parley_event_place_keyed(&doc->events[0]));
    parley_doc_free(doc);
}

static void test_place_of_a_subordinate_clause(void **state) {
    fixture *fx = *state;
    /* Gaza is where the detainees are, inside a clause below "discussed":
     * the call happened at the dateline's place, not in Gaza. */
    parley_doc *doc = make_doc("d4s", "2023-12-04",
                               "WASHINGTON, Dec 4 (Parley Wire) - Blinken discussed efforts to secure the "
                               "release of detainees in Gaza.");
    add_event(doc, "discussed", 0, "USAGOV", "QATGOV", "041");
    long discussed = token(doc, "discussed", 0), efforts = token(doc, "efforts", 0), secure = token(doc, "secure", 0);
    long release = token(doc, "release", 0), detainees = token(doc, "detainees", 0), gaza = token(doc, "Gaza", 0);
    long pairs[] = {efforts, discussed, secure, efforts, release, secure, detainees, release, gaza, release, -1};
    tree(doc, 1, discussed, pairs);
    doc->tokens[secure].upos = PARLEY_UPOS_VERB;
    parley_error err;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->events[0].place.name, "Washington D.C.");
    assert_true(doc->events[0].place.dateline);
    /* The same place in the predicate's own clause is the event's. */
    doc->tokens[gaza].head = (int32_t)(discussed - (long)doc->sentences[1].first + 1);
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->events[0].place.name, "Gaza Strip");
    assert_false(doc->events[0].place.dateline);
    parley_doc_free(doc);
}

static void test_date_of_a_subordinate_clause(void **state) {
    fixture *fx = *state;
    /* The pause dates the release inside "securing ...", not the thanks. */
    parley_doc *doc = make_doc("d4d", "2023-12-05",
                               "Blinken thanked Qatar for securing the release of hostages during the "
                               "seven-day pause.");
    add_event(doc, "thanked", 0, "USAGOV", "QAT", "051");
    long thanked = token(doc, "thanked", 0), securing = token(doc, "securing", 0), release = token(doc, "release", 0);
    long during = token(doc, "during", 0), pause = token(doc, "pause", 0);
    long pairs[] = {release, securing, pause, securing, during, pause, -1};
    tree(doc, 0, thanked, pairs);
    doc->tokens[securing].upos = PARLEY_UPOS_VERB;
    parley_error err;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_true(doc->events[0].date_flagged);
    assert_string_equal(doc->events[0].date, "2023-12-05");
    /* In the predicate's own clause the period is the event's. */
    doc->tokens[pause].head = (int32_t)(thanked - (long)doc->sentences[0].first + 1);
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_false(doc->events[0].date_flagged);
    assert_string_equal(doc->events[0].date_end, "2023-12-11");
    parley_doc_free(doc);
}

static void test_period_frames_a_clause_without_date(void **state) {
    fixture *fx = *state;
    /* "on December 1" dates the truce's end, in another clause; the trucks
     * entered during the truce, the period that holds that day. */
    parley_doc *doc = make_doc("d4p", "2023-12-04",
                               "A 7-day truce, reached through Qatari mediation, ended on December 1; prisoners "
                               "were exchanged and aid trucks entered the Strip.");
    add_event(doc, "entered", 0, NULL, "PSE", "073");
    long ended = token(doc, "ended", 0), on = token(doc, "on", 0), dec = token(doc, "December", 0);
    long exchanged = token(doc, "exchanged", 0), entered = token(doc, "entered", 0), truce = token(doc, "truce", 0);
    long reached = token(doc, "reached", 0), mediation = token(doc, "mediation", 0);
    long pairs[] = {on, dec, exchanged, ended, entered, exchanged, reached, truce, mediation, reached, -1};
    tree(doc, 0, ended, pairs);
    doc->tokens[exchanged].upos = doc->tokens[entered].upos = doc->tokens[reached].upos = PARLEY_UPOS_VERB;
    parley_error err;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->events[0].date, "2023-11-25");
    assert_string_equal(doc->events[0].date_end, "2023-12-01");
    assert_string_equal(doc->events[0].date_text, "A 7-day truce");
    /* A day in the event's own clause stays its date. */
    doc->tokens[on].head = doc->tokens[dec].head = (int32_t)(entered - (long)doc->sentences[0].first + 1);
    doc->tokens[on].head = (int32_t)(dec - (long)doc->sentences[0].first + 1);
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->events[0].date, "2023-12-01");
    assert_string_equal(doc->events[0].date_end, "");
    parley_doc_free(doc);
}

static void test_ellipsis_separates_passages(void **state) {
    fixture *fx = *state;
    /* Quoted passages cut with "..." share neither dates nor reporters. */
    parley_doc *doc = make_doc("d4e", "2023-12-04",
                               "The State Department said Blinken spoke with Al Thani ... the truce ended on "
                               "December 1, the Qatari foreign ministry said.");
    add_event(doc, "spoke", 0, "USAGOV", "QATGOV", "041");
    parley_error err;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_true(doc->events[0].date_flagged);
    assert_string_equal(doc->events[0].date, "2023-12-04");
    assert_false(doc->events[0].reporter.present);
    parley_doc_free(doc);
    /* without the ellipsis, the sentence's date and reporter are the nearest there are */
    doc = make_doc("d4f", "2023-12-04",
                   "The State Department said Blinken spoke with Al Thani, and the truce ended on "
                   "December 1, the Qatari foreign ministry said.");
    add_event(doc, "spoke", 0, "USAGOV", "QATGOV", "041");
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_false(doc->events[0].date_flagged);
    assert_string_equal(doc->events[0].date, "2023-12-01");
    assert_true(doc->events[0].reporter.present);
    parley_doc_free(doc);
}

static void test_third_location_meeting(void **state) {
    fixture *fx = *state;
    parley_doc *doc = make_doc("d9", "2021-06-17",
                               "Biden and Putin met in Geneva on Wednesday. Lavrov met Blinken in Moscow on Thursday.");
    parley_event *ev = add_event(doc, "met", 0, "USAGOV", "RUSGOV", "040");
    ev->evidence.start = (int32_t)doc->sentences[0].start;
    ev->evidence.end = (int32_t)doc->sentences[0].end;
    ev = add_event(doc, "met", 1, "RUSGOV", "USAGOV", "040");
    ev->evidence.start = (int32_t)doc->sentences[1].start;
    ev->evidence.end = (int32_t)doc->sentences[1].end;
    parley_error err;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_int_equal(doc->n_events, 2);
    /* Geneva is neither party's: a meeting at a third location, with its own weight. */
    assert_string_equal(doc->events[0].place.country, "CHE");
    assert_string_equal(doc->events[0].cameo, "044");
    assert_string_equal(doc->events[0].root, "04");
    assert_string_equal(doc->events[0].plover, parley_cameo_lookup("044")->plover);
    /* Moscow is one party's capital: an ordinary consultation. */
    assert_string_equal(doc->events[1].place.country, "RUS");
    assert_string_equal(doc->events[1].cameo, "040");
    parley_doc_free(doc);
    /* "the Turkish resort of Antalya": a place after "of" a place noun. */
    doc = make_doc("d9b", "2022-03-10", "Lavrov and Kuleba met in the Turkish resort of Antalya.");
    ev = add_event(doc, "met", 0, "RUSGOV", "UKRGOV", "040");
    ev->evidence.start = (int32_t)doc->sentences[0].start;
    ev->evidence.end = (int32_t)doc->sentences[0].end;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_true(doc->events[0].place.present);
    assert_string_equal(doc->events[0].place.name, "Antalya");
    assert_string_equal(doc->events[0].cameo, "044");
    parley_doc_free(doc);
}

static void test_no_event_on_itself(void **state) {
    fixture *fx = *state;
    /* "European governments urged Ankara": the governments' country came
     * from the context and equals the target's; the target goes, the event
     * stays. */
    parley_doc *doc = make_doc("d10", "2019-10-10", "European governments urged Ankara to stop.");
    parley_event *ev = add_event(doc, "urged", 0, "TURGOV", "TURGOV", "0256");
    ev->source.inferred = 1;
    parley_error err;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_int_equal(doc->n_events, 1);
    assert_true(doc->events[0].source.present);
    assert_false(doc->events[0].target.present);
    parley_doc_free(doc);
}

static void test_context_country_not_from_dateline(void **state) {
    fixture *fx = *state;
    /* A target whose country came from the context takes the country of
     * where the event happened, not of where the story was filed. */
    parley_doc *doc = make_doc("d10b", "2023-12-05", "CAIRO, Dec 5 (Parley Wire) - Gunmen killed 12 civilians.");
    parley_event *ev = add_event(doc, "killed", 0, "SDNREB", "SDNCVL", "1823");
    ev->target.inferred = 1;
    parley_error err;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_true(doc->events[0].place.dateline);
    assert_string_equal(doc->events[0].target.code, "SDNCVL");
    parley_doc_free(doc);
    /* a place in the sentence does give it */
    doc = make_doc("d10c", "2023-12-05", "Gunmen killed 12 civilians in Juba.");
    ev = add_event(doc, "killed", 0, "SDNREB", "SDNCVL", "1823");
    ev->target.inferred = 1;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->events[0].target.code, "SSDCVL");
    parley_doc_free(doc);
}

static void test_person_office_on_event_date(void **state) {
    fixture *fx = *state;
    /* Reported on the 27th, when Bazoum was out of office (NERELI); the
     * detention on Wednesday the 26th was of the sitting president. */
    parley_doc *doc = make_doc("d11", "2023-07-27", "Soldiers detained President Mohamed Bazoum on Wednesday.");
    parley_event *ev = add_event(doc, "detained", 0, "NERMIL", "NERELI", "173");
    ev->target.text = "President Mohamed Bazoum";
    parley_error err;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_string_equal(doc->events[0].date, "2023-07-26");
    assert_string_equal(doc->events[0].target.code, "NERGOV");
    parley_doc_free(doc);
}

static void test_reporters(void **state) {
    fixture *fx = *state;
    parley_doc *doc = make_doc("d5", "2023-11-24",
                               "About 200 trucks entered the Strip on Friday, according to the United Nations. "
                               "Israel freed 39 prisoners, Qatar's foreign ministry said. "
                               "It added that Hamas released 10 Thai nationals.\n\n"
                               "Hamas released 4 more hostages, he said.");
    add_event(doc, "entered", 0, "IGOUNO", "PSE", "073");
    add_event(doc, "freed", 0, "ISR", "PSE", "0841");
    add_event(doc, "released", 0, "PSEREB", "THACVL", "0841");
    add_event(doc, "released", 1, "PSEREB", "ISRCVL", "0841");
    parley_error err;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_int_equal(doc->n_events, 4);
    assert_true(doc->events[0].reporter.present);
    assert_string_equal(doc->events[0].reporter.code, "IGOUNO");
    assert_true(doc->events[1].reporter.present);
    assert_string_equal(doc->events[1].reporter.code, "QATGOV");
    /* "It added": the ministry, carried over. */
    assert_true(doc->events[2].reporter.present);
    assert_string_equal(doc->events[2].reporter.code, "QATGOV");
    /* A new paragraph forgets it. */
    assert_false(doc->events[3].reporter.present);
    assert_string_equal(doc->events[0].mentions[0].reporter.code, "IGOUNO");
    parley_doc_free(doc);
}

static void test_merge(void **state) {
    fixture *fx = *state;
    parley_doc *doc = make_doc("d6", "2023-11-25",
                               "Hamas freed 13 hostages on Friday, Qatar said. "
                               "The 13 hostages were released by Hamas on Friday, Egypt said. "
                               "Hamas released them on Friday, Qatar's foreign ministry said. "
                               "Israel released 39 prisoners on Friday.");
    add_event(doc, "freed", 0, "PSEREB", "ISRCVL", "0841");
    add_event(doc, "released", 0, "PSEREB", "ISRCVL", "0841");
    add_event(doc, "released", 1, "PSEREB", "ISRCVL", "084");
    add_event(doc, "released", 2, "ISR", "PSE", "0841");
    parley_error err;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_int_equal(doc->n_events, 2);
    const parley_event *e = &doc->events[0];
    assert_int_equal(e->num_mentions, 3);
    assert_int_equal(e->n_mentions, 3);
    assert_int_equal(e->mentions[0].sentence, 0);
    assert_int_equal(e->mentions[1].sentence, 1);
    assert_int_equal(e->mentions[2].sentence, 2);
    /* Qatar, Egypt, Qatar's foreign ministry: QAT, EGY, QATGOV. */
    assert_int_equal(e->num_sources, 3);
    assert_int_equal(e->num_articles, 1);
    assert_int_equal(e->n_quantities, 1);
    assert_int_equal(doc->events[1].num_mentions, 1);
    assert_string_equal(doc->events[1].source.code, "ISR");
    parley_doc_free(doc);
}

static void test_merge_keeps_different_dates_apart(void **state) {
    fixture *fx = *state;
    parley_doc *doc = make_doc("d7", "2023-11-25",
                               "Hamas freed 13 hostages on Friday. Hamas freed 17 hostages on Saturday.");
    add_event(doc, "freed", 0, "PSEREB", "ISRCVL", "0841");
    add_event(doc, "freed", 1, "PSEREB", "ISRCVL", "0841");
    parley_error err;
    assert_int_equal(parley_resolver_run(fx->r, doc, &err), PARLEY_OK);
    assert_int_equal(doc->n_events, 2);
    assert_string_equal(doc->events[0].date, "2023-11-24");
    assert_string_equal(doc->events[1].date, "2023-11-25");
    parley_doc_free(doc);
}

static void test_open_errors(void **state) {
    (void)state;
    parley_resolver *r = NULL;
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_resolver_open(&r, "/nonexistent/parley", NULL, &err), PARLEY_ERR_IO);
    assert_null(r);
    assert_non_null(strstr(err.file, "geonames.tsv"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gazetteer_lookup),
        cmocka_unit_test(test_gazetteer_disambiguation),
        cmocka_unit_test(test_places_and_dateline),
        cmocka_unit_test(test_dates_attach_by_nearness_and_flag),
        cmocka_unit_test(test_dates_attach_by_clause),
        cmocka_unit_test(test_tense_from_tree),
        cmocka_unit_test(test_interval_and_dateline_place),
        cmocka_unit_test(test_reporters),
        cmocka_unit_test(test_third_location_meeting),
        cmocka_unit_test(test_place_of_a_subordinate_clause),
        cmocka_unit_test(test_period_frames_a_clause_without_date),
        cmocka_unit_test(test_date_of_a_subordinate_clause),
        cmocka_unit_test(test_ellipsis_separates_passages),
        cmocka_unit_test(test_dates_shared_by_conjuncts),
        cmocka_unit_test(test_no_event_on_itself),
        cmocka_unit_test(test_context_country_not_from_dateline),
        cmocka_unit_test(test_person_office_on_event_date),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_merge_keeps_different_dates_apart),
        cmocka_unit_test(test_open_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
