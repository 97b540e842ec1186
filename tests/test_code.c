/* test_code.c - the event coder on hand-written parse trees.
 *
 * The trees (tests/data/code/sentences.conllu) and the dictionary
 * (tests/data/code/dict/) are written here, so these tests check the coder's
 * logic alone: conjunctions, titles with demonyms, dated persons, negation,
 * reported speech, nouns of action, the passive, pronouns and discards. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "parley/code.h"
#include "parley/dict.h"
#include "parley/doc.h"
#include "parley/nlp.h"
#include "parley/ud.h"

typedef struct fixture {
    parley_dict *dict;
    parley_coder *coder;
    parley_coder *coder_negated;
} fixture;

static int setup(void **state) {
    static fixture fx;
    parley_error err;
    parley_error_clear(&err);
    fx.dict = parley_dict_new(NULL);
    if (parley_dict_load_dir(fx.dict, PARLEY_SRC_DIR "/tests/data/code/dict", &err) != PARLEY_OK ||
        parley_dict_compile(fx.dict, &err) != PARLEY_OK) {
        fprintf(stderr, "dictionary: %s:%ld: %s\n", err.file, err.line, err.message);
        return -1;
    }
    fx.coder = parley_coder_new(fx.dict, NULL);
    parley_coder_options o;
    parley_coder_options_default(&o);
    o.keep_negated = 1;
    fx.coder_negated = parley_coder_new(fx.dict, &o);
    *state = &fx;
    return 0;
}

static int teardown(void **state) {
    fixture *fx = *state;
    parley_coder_free(fx->coder);
    parley_coder_free(fx->coder_negated);
    parley_dict_free(fx->dict);
    return 0;
}

/* Reads the document with the given id from the fixture file and codes it. */
static parley_doc *code_fixture(const parley_coder *coder, const char *id) {
    FILE *f = fopen(PARLEY_SRC_DIR "/tests/data/code/sentences.conllu", "r");
    assert_non_null(f);
    parley_conllu_reader *r = parley_conllu_reader_new(f, "sentences.conllu");
    parley_doc *doc = parley_doc_new();
    parley_error err;
    parley_error_clear(&err);
    int found = 0;
    while (parley_conllu_read_doc(r, doc, 0, &err) == PARLEY_OK)
        if (strcmp(doc->id, id) == 0) {
            found = 1;
            break;
        }
    parley_conllu_reader_free(r);
    fclose(f);
    assert_true(found);
    doc->date = "2023-12-05";
    assert_int_equal(parley_coder_code_doc(coder, doc, &err), PARLEY_OK);
    return doc;
}

static void assert_event(const parley_event *ev, const char *src, const char *tgt, const char *cameo) {
    assert_string_equal(ev->cameo, cameo);
    if (src) {
        assert_true(ev->source.present);
        assert_string_equal(ev->source.code, src);
    } else {
        assert_false(ev->source.present);
    }
    if (tgt) {
        assert_true(ev->target.present);
        assert_string_equal(ev->target.code, tgt);
    } else {
        assert_false(ev->target.present);
    }
}

static void test_conjoined_subjects(void **state) {
    fixture *fx = *state;
    parley_doc *doc = code_fixture(fx->coder, "doc-conj");
    assert_int_equal(doc->n_events, 2);
    assert_event(&doc->events[0], "QAT", NULL, "045");
    assert_event(&doc->events[1], "EGY", NULL, "045");
    assert_string_equal(doc->events[0].root, "04");
    assert_int_equal(doc->events[0].quad, 1);
    assert_string_equal(doc->events[0].source.text, "Qatar");
    assert_string_equal(doc->events[1].source.text, "Egypt");
    parley_doc_free(doc);
}

static void test_title_person_and_pronoun(void **state) {
    fixture *fx = *state;
    parley_doc *doc = code_fixture(fx->coder, "doc-talks");
    assert_int_equal(doc->n_events, 2);
    const parley_event *talks = &doc->events[0];
    assert_event(talks, "QATGOV", "USAGOV", "040");
    assert_string_equal(talks->source.text, "Qatari prime minister");
    assert_string_equal(talks->target.name, "Antony Blinken");
    /* The evidence span quotes the original text of the sentence. */
    assert_int_equal(talks->evidence.start, 0);
    assert_string_equal(talks->evidence_text, "The Qatari prime minister held talks with Blinken.");
    assert_memory_equal(doc->text + talks->action.start, "held", 4);
    assert_int_equal(talks->sentence, 0);
    /* "He" in the next sentence is the minister who held the talks. */
    assert_event(&doc->events[1], "QATGOV", "ISR", "111");
    assert_int_equal(doc->events[1].sentence, 1);
    parley_doc_free(doc);
}

static void test_negation(void **state) {
    fixture *fx = *state;
    parley_doc *doc = code_fixture(fx->coder, "doc-neg");
    assert_int_equal(doc->n_events, 0);
    parley_doc_free(doc);
    doc = code_fixture(fx->coder_negated, "doc-neg");
    assert_int_equal(doc->n_events, 1);
    assert_event(&doc->events[0], "ISRMIL", NULL, "190");
    assert_true(doc->events[0].negated);
    parley_doc_free(doc);
}

static void test_reported_speech(void **state) {
    fixture *fx = *state;
    parley_doc *doc = code_fixture(fx->coder, "doc-reported");
    /* The framing "Egypt said" is the reporter, not a statement event of its own. */
    assert_int_equal(doc->n_events, 1);
    assert_event(&doc->events[0], "ISRMIL", "PSEREB", "190");
    assert_true(doc->events[0].reporter.present);
    assert_string_equal(doc->events[0].reporter.code, "EGY");
    parley_doc_free(doc);
}

static void test_noun_of_action(void **state) {
    fixture *fx = *state;
    parley_doc *doc = code_fixture(fx->coder, "doc-nominal");
    assert_int_equal(doc->n_events, 1);
    assert_event(&doc->events[0], "ISR", "PSE", "0841");
    parley_doc_free(doc);
}

static void test_passive(void **state) {
    fixture *fx = *state;
    parley_doc *doc = code_fixture(fx->coder, "doc-passive");
    assert_int_equal(doc->n_events, 1);
    assert_event(&doc->events[0], "ISRMIL", "PSEREB", "190");
    parley_doc_free(doc);
}

static void test_participle_misparse_repaired(void **state) {
    fixture *fx = *state;
    /* The tree as the tagger sometimes gets it: "held" a participle
     * modifying "talks". The coder reads it as the verb it is, and leaves the
     * document's own tree alone. */
    parley_doc *doc = code_fixture(fx->coder, "doc-repair");
    assert_int_equal(doc->n_events, 1);
    assert_event(&doc->events[0], "QATGOV", "USAGOV", "040");
    assert_int_equal(doc->tokens[4].deprel, PARLEY_DEP_AMOD);
    parley_doc_free(doc);
}

static void test_partner_of_consultation(void **state) {
    fixture *fx = *state;
    /* "with Blinken" hangs from "Tuesday" and the pattern names no target:
     * a consultation's partner is still found. */
    parley_doc *doc = code_fixture(fx->coder, "doc-partner");
    assert_int_equal(doc->n_events, 1);
    assert_event(&doc->events[0], "QAT", "USAGOV", "041");
    parley_doc_free(doc);
}

static void test_reduced_relative_repaired(void **state) {
    fixture *fx = *state;
    /* "Israeli troops struck Egypt, Qatar said" parsed as a noun phrase
     * ("troops [that were] struck Egypt"), with the lemmatiser's "struck":
     * the coder reads the participle as the predicate and finds "strike". */
    parley_doc *doc = code_fixture(fx->coder, "doc-reduced");
    assert_int_equal(doc->n_events, 1);
    assert_event(&doc->events[0], "ISRMIL", "EGY", "190");
    assert_true(doc->events[0].reporter.present);
    assert_string_equal(doc->events[0].reporter.code, "QAT");
    parley_doc_free(doc);
}

static void test_mediated_parties(void **state) {
    fixture *fx = *state;
    /* The mediator of "a truce mediated by Qatar" acts towards the parties
     * that agreed to the truce. */
    parley_doc *doc = code_fixture(fx->coder, "doc-mediated");
    assert_int_equal(doc->n_events, 4);
    assert_event(&doc->events[0], "ISR", "EGY", "0871");
    assert_event(&doc->events[1], "EGY", "ISR", "0871");
    assert_event(&doc->events[2], "QAT", "ISR", "045");
    assert_event(&doc->events[3], "QAT", "EGY", "045");
    parley_doc_free(doc);
}

static void test_double_subject_repaired(void **state) {
    fixture *fx = *state;
    /* Both conjuncts parsed as subjects of "signed": they are one
     * coordinated subject, and a symmetric act runs both ways. */
    parley_doc *doc = code_fixture(fx->coder, "doc-double-subject");
    assert_int_equal(doc->n_events, 2);
    assert_event(&doc->events[0], "ISR", "EGY", "057");
    assert_event(&doc->events[1], "EGY", "ISR", "057");
    parley_doc_free(doc);
    doc = code_fixture(fx->coder, "doc-leaders-of");
    /* "The leaders of Israel and Egypt": ISRGOV and EGYGOV, each towards the other. */
    assert_int_equal(doc->n_events, 2);
    assert_event(&doc->events[0], "ISRGOV", "EGYGOV", "057");
    assert_event(&doc->events[1], "EGYGOV", "ISRGOV", "057");
    parley_doc_free(doc);
}

static void test_partner_under_with(void **state) {
    fixture *fx = *state;
    /* "by phone with Blinken" parsed with "with" heading Blinken. */
    parley_doc *doc = code_fixture(fx->coder, "doc-phone-with");
    assert_int_equal(doc->n_events, 1);
    assert_event(&doc->events[0], "QAT", "USAGOV", "041");
    parley_doc_free(doc);
    /* "with Egyptian support" names no party */
    doc = code_fixture(fx->coder, "doc-with-support");
    assert_int_equal(doc->n_events, 1);
    assert_event(&doc->events[0], "QAT", NULL, "041");
    parley_doc_free(doc);
}

static void test_pronoun_of_the_speaker(void **state) {
    fixture *fx = *state;
    /* "Egypt announced it would mediate": a document's first sentence and
     * "announce" has no pattern in the test dictionary, so no earlier actor
     * to refer to; "it" is the announcer. */
    parley_doc *doc = code_fixture(fx->coder, "doc-said-it");
    assert_int_equal(doc->n_events, 1);
    /* its own announcement: the intent to mediate (039), not mediation (045) */
    assert_event(&doc->events[0], "EGY", NULL, "039");
    assert_true(doc->events[0].intent);
    assert_string_equal(doc->events[0].reporter.code, "EGY");
    parley_doc_free(doc);
}

static void test_modal_adjective_repaired(void **state) {
    fixture *fx = *state;
    /* "would free" with "free" tagged as an adjective: no copula, and "free"
     * is a verb with patterns, so it is coded as one. */
    parley_doc *doc = code_fixture(fx->coder, "doc-modal-adj");
    assert_int_equal(doc->n_events, 1);
    assert_event(&doc->events[0], "ISR", NULL, "0841");
    assert_true(doc->events[0].intent);
    parley_doc_free(doc);
}

static void test_interaction_is_no_target(void **state) {
    fixture *fx = *state;
    /* "signed a Qatari agreement": the adjective names a broker, not a party;
     * the coordinated signatories act towards each other. */
    parley_doc *doc = code_fixture(fx->coder, "doc-brokered-deal");
    assert_int_equal(doc->n_events, 2);
    assert_event(&doc->events[0], "ISR", "EGY", "057");
    assert_event(&doc->events[1], "EGY", "ISR", "057");
    parley_doc_free(doc);
}

static void test_lists_and_coordinated_adjectives(void **state) {
    fixture *fx = *state;
    /* "Israel, Egypt and Qatar signed": the parser made Egypt a second
     * subject; all three parties sign with each other. */
    parley_doc *doc = code_fixture(fx->coder, "doc-list");
    assert_int_equal(doc->n_events, 6);
    assert_event(&doc->events[0], "ISR", "EGY", "057");
    assert_event(&doc->events[5], "QAT", "EGY", "057");
    parley_doc_free(doc);
    /* "Israeli and Egyptian troops": the sector goes to both countries. */
    doc = code_fixture(fx->coder, "doc-adj-conj");
    assert_int_equal(doc->n_events, 2);
    assert_event(&doc->events[0], "ISRMIL", "QAT", "190");
    assert_event(&doc->events[1], "EGYMIL", "QAT", "190");
    parley_doc_free(doc);
}

static void test_root_noun_and_clash_partner(void **state) {
    fixture *fx = *state;
    /* "Israeli militants clashed with Egyptian troops" parsed as a noun
     * phrase: the participle is the predicate, and "with" names the other
     * side of the clash. */
    parley_doc *doc = code_fixture(fx->coder, "doc-root-noun");
    assert_int_equal(doc->n_events, 1);
    assert_event(&doc->events[0], "ISRREB", "EGYMIL", "193");
    parley_doc_free(doc);
}

static void test_parenthetical_source_parsed_as_complement(void **state) {
    fixture *fx = *state;
    /* "..., Qatar announced." hung under "released" as its complement: it is
     * the parenthetical source of the release. */
    parley_doc *doc = code_fixture(fx->coder, "doc-parenthetical");
    assert_int_equal(doc->n_events, 1);
    assert_event(&doc->events[0], "ISR", NULL, "0841");
    assert_true(doc->events[0].reporter.present);
    assert_string_equal(doc->events[0].reporter.code, "QAT");
    parley_doc_free(doc);
}

static void test_pattern_preposition_under_time_word(void **state) {
    fixture *fx = *state;
    /* "agreed on Wednesday to a truce" with "to a truce" under Wednesday. */
    parley_doc *doc = code_fixture(fx->coder, "doc-time-word");
    assert_int_equal(doc->n_events, 1);
    assert_event(&doc->events[0], "ISR", NULL, "0871");
    parley_doc_free(doc);
    /* "received a call on Tuesday from Blinken", Tuesday under the object;
     * the call is the caller's: Blinken's to Qatar. */
    doc = code_fixture(fx->coder, "doc-time-under-object");
    assert_int_equal(doc->n_events, 1);
    assert_event(&doc->events[0], "USAGOV", "QAT", "041");
    parley_doc_free(doc);
}

static void test_plural_demonym(void **state) {
    fixture *fx = *state;
    /* Egyptians who protest are Egypt's civilians; Egyptians detained are
     * coded with the bare country (eval/README.md's convention). */
    parley_doc *doc = code_fixture(fx->coder, "doc-demonym");
    assert_int_equal(doc->n_events, 2);
    assert_event(&doc->events[0], "EGYCVL", NULL, "141");
    assert_event(&doc->events[1], "ISR", "EGY", "173");
    parley_doc_free(doc);
}

static void test_discard(void **state) {
    fixture *fx = *state;
    parley_doc *doc = code_fixture(fx->coder, "doc-discard");
    assert_int_equal(doc->n_events, 0);
    parley_doc_free(doc);
}

static void test_criticised_deed_targets_its_doer(void **state) {
    fixture *fx = *state;
    /* The victims of a criticised deed are not its target; the doer is,
     * when named, also when the parser hangs "by ..." on the verb. */
    parley_doc *doc = code_fixture(fx->coder, "doc-deed");
    assert_int_equal(doc->n_events, 3);
    assert_event(&doc->events[0], "QAT", NULL, "111");
    assert_event(&doc->events[1], "EGY", "ISRMIL", "111");
    assert_event(&doc->events[2], "EGY", "ISR", "111");
    parley_doc_free(doc);
}

static void test_pronoun_in_a_readout_is_the_reporters_official(void **state) {
    fixture *fx = *state;
    /* "Qatar said he condemned ...": after talks between Blinken and the
     * Qatari prime minister, Qatar's readout speaks of its own official. */
    parley_doc *doc = code_fixture(fx->coder, "doc-readout");
    assert_int_equal(doc->n_events, 2);
    assert_event(&doc->events[0], "USAGOV", "QATGOV", "040");
    assert_event(&doc->events[1], "QATGOV", NULL, "111");
    assert_string_equal(doc->events[1].source.text, "he");
    parley_doc_free(doc);
}

/* An actor stating what it will do expresses an intent: "would free" is
 * 0353 (intent to release), not 0841; "may free" only speculates and keeps
 * the deed's code, flagged as intent. */
static void test_announced_action_is_intent(void **state) {
    fixture *fx = *state;
    parley_doc *doc = code_fixture(fx->coder, "doc-announced");
    assert_int_equal(doc->n_events, 2);
    assert_event(&doc->events[0], "QAT", NULL, "0353");
    assert_event(&doc->events[1], "QAT", NULL, "0841");
    assert_true(doc->events[1].intent);
    parley_doc_free(doc);
}

/* A threat whose words name force is a threat of force (138); another
 * stays an unspecified threat (130). */
static void test_threat_of_force(void **state) {
    fixture *fx = *state;
    parley_doc *doc = code_fixture(fx->coder, "doc-threats");
    assert_int_equal(doc->n_events, 2);
    assert_event(&doc->events[0], "QAT", "ISR", "138");
    assert_event(&doc->events[1], "QAT", "ISR", "130");
    parley_doc_free(doc);
}

/* Coordinated parties that "agreed to" do a thing with no target do it
 * towards each other, though the pattern matched the complement's verb. */
static void test_agreed_to_is_mutual(void **state) {
    fixture *fx = *state;
    parley_doc *doc = code_fixture(fx->coder, "doc-agreed-to-extend");
    assert_int_equal(doc->n_events, 2);
    assert_event(&doc->events[0], "QAT", "EGY", "0871");
    assert_event(&doc->events[1], "EGY", "QAT", "0871");
    parley_doc_free(doc);
}

/* A demand is made of the subject of its "that" clause. */
static void test_demand_targets_the_that_clause_subject(void **state) {
    fixture *fx = *state;
    parley_doc *doc = code_fixture(fx->coder, "doc-demand-that");
    assert_int_equal(doc->n_events, 1);
    assert_event(&doc->events[0], "QAT", "ISR", "1056");
    parley_doc_free(doc);
}

/* A violent act in the passive with no agent on an actor the dictionary
 * names ("Blinken was attacked") is an event with no source; on a generic
 * noun ("Soldiers were attacked") it is not. */
static void test_unclaimed_attack_on_named_actor(void **state) {
    fixture *fx = *state;
    parley_doc *doc = code_fixture(fx->coder, "doc-unclaimed");
    assert_int_equal(doc->n_events, 1);
    assert_int_equal(doc->events[0].sentence, 0);
    assert_false(doc->events[0].source.present);
    assert_event(&doc->events[0], NULL, "USAGOV", "190");
    parley_doc_free(doc);
}

/* "said it was ready to host talks between Israel and Qatar" reads as "offer
 * to host" (CAMEO codes readiness as an offer), with the parties between
 * whom the talks are as targets; "offered to negotiate a deal with the
 * Israeli government" finds its partner in the "to" clause, past the object
 * that is no party; "the mediators" get no country from the context. */
static void test_readiness_and_partners_in_the_to_clause(void **state) {
    fixture *fx = *state;
    parley_doc *doc = code_fixture(fx->coder, "doc-readiness");
    assert_int_equal(doc->n_events, 4);
    assert_event(&doc->events[0], "EGY", "ISR", "039");
    assert_event(&doc->events[1], "EGY", "QAT", "039");
    assert_event(&doc->events[2], "QAT", "ISRGOV", "036");
    /* the mediators are not of the speaker's country */
    assert_event(&doc->events[3], "ISR", NULL, "036");
    assert_false(doc->events[3].target.present);
    parley_doc_free(doc);
}

/* The word a second parse should make the root: a past form of a dictionary
 * verb that the parse left without a subject ("clashed" read as a reduced
 * relative), not a participle modifying the noun before it ("armed with"),
 * not an adjective after a determiner, nothing where the root verb has its
 * subject, and nothing without an actor before it. */
static void test_find_main_verb(void **state) {
    fixture *fx = *state;
    parley_doc *doc = code_fixture(fx->coder, "doc-main-verb");
    assert_int_equal(doc->n_sentences, 5);
    assert_int_equal(parley_coder_find_main_verb(fx->dict, doc, 0), 1);
    assert_int_equal(parley_coder_find_main_verb(fx->dict, doc, 1), 6);
    assert_int_equal(parley_coder_find_main_verb(fx->dict, doc, 2), -1);
    assert_int_equal(parley_coder_find_main_verb(fx->dict, doc, 3), -1);
    /* no actor before the verb: nobody it could be coded for */
    assert_int_equal(parley_coder_find_main_verb(fx->dict, doc, 4), -1);
    assert_int_equal(parley_coder_find_main_verb(fx->dict, doc, 5), -1);
    /* coded alone, a sentence gives its events without the document */
    assert_int_equal(parley_coder_probe_sentence(fx->coder, doc, 3), 1);
    assert_int_equal(parley_coder_probe_sentence(fx->coder, doc, 4), 0);
    assert_int_equal(parley_coder_probe_sentence(fx->coder, doc, 5), -1);
    parley_doc_free(doc);
}

static void test_misread_news_leads_repaired(void **state) {
    fixture *fx = *state;
    /* "Soldiers [detained ...] and declared": a participle that coordinates
     * with the verb its noun is the subject of is the first verb; a name the
     * parser made the subject of a noun ("Egypt troops attacked") belongs to
     * the noun's phrase. */
    parley_doc *doc = code_fixture(fx->coder, "doc-misread-leads");
    assert_int_equal(doc->n_events, 2);
    assert_event(&doc->events[0], "EGYMIL", "NERGOV", "173");
    assert_event(&doc->events[1], "EGYMIL", NULL, "190");
    parley_doc_free(doc);
}

static void test_title_of_a_named_person_recalled(void **state) {
    fixture *fx = *state;
    /* "President Bazoum" (the title parsed nmod:desc) is remembered under his
     * title, so "the president" later is Bazoum, not a government of the
     * context. */
    parley_doc *doc = code_fixture(fx->coder, "doc-title-recall");
    assert_int_equal(doc->n_events, 2);
    assert_event(&doc->events[0], "USAGOV", "NERGOV", "040");
    assert_event(&doc->events[1], "EGY", "NERGOV", "111");
    parley_doc_free(doc);
}

static void test_callee_stays_salient(void **state) {
    fixture *fx = *state;
    /* The call is the caller's event, but "He" in the next sentence is the
     * one who received it, the subject of the sentence. */
    parley_doc *doc = code_fixture(fx->coder, "doc-callee");
    assert_int_equal(doc->n_events, 2);
    assert_event(&doc->events[0], "USAGOV", "QATGOV", "041");
    assert_event(&doc->events[1], "QATGOV", NULL, "111");
    parley_doc_free(doc);
}

static void test_thing_subject(void **state) {
    fixture *fx = *state;
    /* "(subject &HUM_AID)": aid trucks are what moved; the sender comes from
     * "from Egypt"; "not a single aid truck" negates the event; "aid must
     * reach Gaza" is a demand, no event even with negated ones kept. */
    parley_doc *doc = code_fixture(fx->coder, "doc-aid");
    assert_int_equal(doc->n_events, 1);
    assert_event(&doc->events[0], "EGY", NULL, "073");
    parley_doc_free(doc);
    doc = code_fixture(fx->coder_negated, "doc-aid");
    assert_int_equal(doc->n_events, 2);
    assert_false(doc->events[0].negated);
    assert_true(doc->events[1].negated);
    assert_false(doc->events[1].source.present);
    parley_doc_free(doc);
}

static void test_supporters_of_a_mediation(void **state) {
    fixture *fx = *state;
    parley_doc *doc = code_fixture(fx->coder, "doc-mediators");
    assert_int_equal(doc->n_events, 2);
    assert_event(&doc->events[0], "QAT", NULL, "045");
    assert_event(&doc->events[1], "EGY", NULL, "045");
    parley_doc_free(doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_criticised_deed_targets_its_doer),
        cmocka_unit_test(test_pronoun_in_a_readout_is_the_reporters_official),
        cmocka_unit_test(test_thing_subject), cmocka_unit_test(test_supporters_of_a_mediation),
        cmocka_unit_test(test_callee_stays_salient), cmocka_unit_test(test_misread_news_leads_repaired),
        cmocka_unit_test(test_find_main_verb), cmocka_unit_test(test_readiness_and_partners_in_the_to_clause),
        cmocka_unit_test(test_unclaimed_attack_on_named_actor), cmocka_unit_test(test_demand_targets_the_that_clause_subject),
        cmocka_unit_test(test_agreed_to_is_mutual), cmocka_unit_test(test_threat_of_force),
        cmocka_unit_test(test_announced_action_is_intent),
        cmocka_unit_test(test_title_of_a_named_person_recalled),
        cmocka_unit_test(test_conjoined_subjects), cmocka_unit_test(test_title_person_and_pronoun),
        cmocka_unit_test(test_negation),           cmocka_unit_test(test_reported_speech),
        cmocka_unit_test(test_noun_of_action),     cmocka_unit_test(test_passive),
        cmocka_unit_test(test_participle_misparse_repaired), cmocka_unit_test(test_partner_of_consultation),
        cmocka_unit_test(test_reduced_relative_repaired), cmocka_unit_test(test_mediated_parties),
        cmocka_unit_test(test_double_subject_repaired), cmocka_unit_test(test_partner_under_with),
        cmocka_unit_test(test_pronoun_of_the_speaker), cmocka_unit_test(test_modal_adjective_repaired),
        cmocka_unit_test(test_interaction_is_no_target), cmocka_unit_test(test_lists_and_coordinated_adjectives),
        cmocka_unit_test(test_root_noun_and_clash_partner),
        cmocka_unit_test(test_parenthetical_source_parsed_as_complement),
        cmocka_unit_test(test_pattern_preposition_under_time_word), cmocka_unit_test(test_plural_demonym),
        cmocka_unit_test(test_discard),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
