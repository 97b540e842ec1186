/* test_text.c - tokenisation and sentence splitting (src/text).
 *
 * Forms are checked joined by '|', sentences by counting and by their first
 * token, and offsets against the original bytes, so a regression in any
 * EWT convention shows up as a readable string difference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "parley/doc.h"
#include "parley/text.h"
#include "text/text_internal.h"

static parley_doc *segment(const char *text) {
    parley_doc *doc = parley_doc_new();
    assert_non_null(doc);
    assert_int_equal(parley_doc_set_text(doc, text, strlen(text)), 0);
    parley_error err;
    assert_int_equal(parley_text_segment(doc, &err), PARLEY_OK);
    return doc;
}

/* Word forms joined by '|', sentences separated by " / ". */
static const char *joined(const parley_doc *doc) {
    static char buf[4096];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < doc->n_sentences; k++) {
        const parley_sentence *s = &doc->sentences[k];
        if (k) n += (size_t)snprintf(buf + n, sizeof buf - n, " / ");
        for (size_t i = s->first; i < (size_t)s->first + s->count; i++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i > s->first ? "|" : "", doc->tokens[i].form);
    }
    return buf;
}

static void expect(const char *text, const char *want) {
    parley_doc *doc = segment(text);
    const char *got = joined(doc);
    if (strcmp(got, want) != 0) print_error("text: %s\n got: %s\nwant: %s\n", text, got, want);
    assert_string_equal(got, want);
    parley_doc_free(doc);
}

static void test_clitics_are_multiword_tokens(void **state) {
    (void)state;
    const char *text = "They don't know Bush's plan.";
    parley_doc *doc = segment(text);
    assert_string_equal(joined(doc), "They|do|n't|know|Bush|'s|plan|.");
    const parley_token *t = doc->tokens;
    assert_int_equal(t[1].mwt, 2);
    assert_int_equal(t[2].mwt, 0);
    assert_int_equal(t[1].start, 5);
    assert_int_equal(t[1].end, 10);
    assert_int_equal(t[2].start, 5);  /* the words share the surface span */
    assert_int_equal(t[2].end, 10);
    assert_int_equal(t[4].mwt, 2);
    assert_int_equal(t[3].mwt, 0);
    assert_int_equal(t[1].head, -1);
    parley_doc_free(doc);
    expect("I cannot go, we're gonna stay and I'll wait.", "I|can|not|go|,|we|'re|gon|na|stay|and|I|'ll|wait|.");
    expect("The Tigers' coach won't say.", "The|Tigers|'|coach|wo|n't|say|.");
}

static void test_normalised_forms_keep_original_offsets(void **state) {
    (void)state;
    /* curly quotes, an em dash, an ellipsis, NBSP and a zero-width space */
    const char *text = "\xE2\x80\x9C" "We didn\xE2\x80\x99" "t\xE2\x80\x9D \xE2\x80\x94 he said\xE2\x80\xA6 ok\xC2\xA0" "now wh\xE2\x80\x8B" "at";
    parley_doc *doc = segment(text);
    assert_string_equal(joined(doc), "\"|We|did|n't|\"|--|he|said|...|ok|now|what");
    const parley_token *t = doc->tokens;
    assert_int_equal(t[0].start, 0);
    assert_int_equal(t[0].end, 3);  /* the 3 bytes of U+201C */
    assert_int_equal(t[2].start, 6);
    assert_int_equal(t[2].end, 14); /* "didn’t": 8 bytes */
    assert_int_equal(t[4].start, 14);
    assert_int_equal(t[5].start, 18);
    assert_int_equal(t[5].end, 21);
    assert_memory_equal(text + t[8].start, "\xE2\x80\xA6", 3);
    assert_int_equal(t[7].space_after, 0);
    assert_int_equal(t[9].space_after, 1);  /* NBSP is a space */
    assert_int_equal(t[11].end - t[11].start, 7);  /* "wh" ZWSP "at" */
    parley_doc_free(doc);
}

static void test_abbreviations_and_initials(void **state) {
    (void)state;
    expect("Gen. Smith met U.S. officials on Dec. 5 in Washington, D.C. with George W. Bush.",
           "Gen.|Smith|met|U.S.|officials|on|Dec.|5|in|Washington|,|D.C.|with|George|W.|Bush|.");
    expect("Mr. Blinken and Sheikh Mohammed bin Abdulrahman Al Thani met at No. 10 Downing St. today.",
           "Mr.|Blinken|and|Sheikh|Mohammed|bin|Abdulrahman|Al|Thani|met|at|No.|10|Downing|St.|today|.");
    expect("I said no. Then I left.", "I|said|no|. / Then|I|left|.");
    expect("Shares of Apple Inc. rose.", "Shares|of|Apple|Inc.|rose|.");
}

static void test_numbers_urls_emails_emoticons(void **state) {
    (void)state;
    expect("GDP grew 2.3% to $1,200.5 billion at 5:00 pm on 9/11.",
           "GDP|grew|2.3|%|to|$|1,200.5|billion|at|5:00|pm|on|9/11|.");
    expect("See https://www.un.org/en/ga (or mail press@un.org) :-) now",
           "See|https://www.un.org/en/ga|(|or|mail|press@un.org|)|:-)|now");
    expect("Call 713-853-3989 or e-mail the co-chair about the 7-day truce.",
           "Call|713-853-3989|or|e-mail|the|co-chair|about|the|7|-|day|truce|.");
    expect("Hay'at Tahrir al-Sham", "Hay'at|Tahrir|al|-|Sham");
}

static void test_sentence_splitting(void **state) {
    (void)state;
    expect("Talks resumed. Qatar mediated.", "Talks|resumed|. / Qatar|mediated|.");
    expect("He said \"Stop.\" Then he left.", "He|said|\"|Stop|.|\" / Then|he|left|.");
    expect("Did it work? yes it did!", "Did|it|work|? / yes|it|did|!");
    expect("Growth was 2.3 percent. Prices fell.", "Growth|was|2.3|percent|. / Prices|fell|.");
    expect("Troops left the U.S. The talks ended.", "Troops|left|the|U.S. / The|talks|ended|.");
    expect("Wait... what happened", "Wait|...|what|happened");
    expect("Headline without period\n\nBody text here", "Headline|without|period / Body|text|here");
    expect("(He left.) Then", "(|He|left|.|) / Then");
}

static void test_empty_and_space_only(void **state) {
    (void)state;
    parley_doc *doc = segment(" \n\t ");
    assert_int_equal(doc->n_tokens, 0);
    assert_int_equal(doc->n_sentences, 0);
    parley_doc_free(doc);
    doc = segment("\xE2\x80\x8B");  /* only a zero-width space */
    assert_int_equal(doc->n_tokens, 0);
    parley_doc_free(doc);
}

static void test_dateline_is_its_own_sentence(void **state) {
    (void)state;
    const char *text = "DOHA, Dec 5 (Parley Wire) - Qatar mediated. Egypt agreed.";
    assert_int_equal(parley_text_dateline_end(text, strlen(text)), 27);
    parley_doc *doc = segment(text);
    assert_string_equal(joined(doc), "DOHA|,|Dec|5|(|Parley|Wire|)|- / Qatar|mediated|. / Egypt|agreed|.");
    assert_int_equal(doc->sentences[1].start, 28);
    assert_int_equal(doc->sentences[0].end, 27);
    parley_doc_free(doc);
    /* No dateline: a comma and a dash far apart, or text that starts in lower case. */
    const char *plain = "he said, after a long pause - nothing.";
    assert_int_equal(parley_text_dateline_end(plain, strlen(plain)), 0);
    doc = segment("Kyiv, the capital, held - at last - a vote.");
    assert_int_equal(doc->n_sentences, 1);
    parley_doc_free(doc);
}

static void test_invalid_bytes_do_not_break_segmentation(void **state) {
    (void)state;
    parley_doc *doc = segment("ab\xFF" "cd \xC3");
    assert_true(doc->n_tokens >= 2);
    for (size_t i = 0; i < doc->n_tokens; i++) assert_true(doc->tokens[i].end <= doc->text_len);
    parley_doc_free(doc);
}

static void test_tokenize_phrase(void **state) {
    (void)state;
    parley_arena *a = parley_arena_new(0);
    const char **forms;
    const char *phrase = "Hay\xE2\x80\x99" "at Tahrir al-Sham";
    size_t n = parley_text_tokenize_phrase(phrase, strlen(phrase), a, &forms);
    assert_int_equal(n, 5);
    assert_string_equal(forms[0], "hay'at");
    assert_string_equal(forms[2], "al");
    assert_string_equal(forms[3], "-");
    assert_string_equal(forms[4], "sham");
    n = parley_text_tokenize_phrase("U.S. State Department", 21, a, &forms);
    assert_int_equal(n, 3);
    assert_string_equal(forms[0], "u.s.");
    n = parley_text_tokenize_phrase("  ", 2, a, &forms);
    assert_int_equal(n, 0);
    assert_null(forms);
    parley_arena_free(a);
}

static void test_long_text_is_cut_into_bounded_sentences(void **state) {
    (void)state;
    static char text[20000];
    size_t n = 0;
    while (n + 6 < sizeof text) n += (size_t)snprintf(text + n, sizeof text - n, "word ");
    parley_doc *doc = segment(text);
    assert_true(doc->n_sentences > 1);
    size_t total = 0;
    for (size_t k = 0; k < doc->n_sentences; k++) {
        assert_true(doc->sentences[k].count <= 400);
        assert_int_equal(doc->sentences[k].first, total);
        total += doc->sentences[k].count;
    }
    assert_int_equal(total, doc->n_tokens);
    parley_doc_free(doc);
}

/* The word lists answer from one hash table: members of each list (short, 8-byte and 9-byte words,
   words with '.' and '\'') are found in it and only in it, near misses are not. */
static void test_word_lists(void **state) {
    (void)state;
    assert_true(text_is_abbreviation("gen", 3));
    assert_true(text_is_abbreviation("gov't", 5));
    assert_false(text_is_abbreviation("gene", 4));
    assert_false(text_is_abbreviation("ge", 2));
    assert_false(text_is_abbreviation("no", 2));
    assert_true(text_is_ambiguous_abbreviation("no", 2));
    assert_true(text_is_title_abbreviation("e.g", 3));
    assert_false(text_is_title_abbreviation("inc", 3));
    assert_true(text_is_hyphen_prefix("counter", 7));
    assert_false(text_is_hyphen_prefix("count", 5));
    assert_true(text_is_sentence_starter("although", 8));
    assert_true(text_is_sentence_starter("yesterday", 9));
    assert_false(text_is_sentence_starter("yesterdays", 10));
    assert_false(text_is_sentence_starter("", 0));
    const unsigned both = TEXT_LIST_ABBREVIATION | TEXT_LIST_AMBIGUOUS;
    assert_int_equal(text_word_lists("dec", 3) & both, TEXT_LIST_ABBREVIATION);
    assert_int_equal(text_word_lists("sun", 3) & both, TEXT_LIST_AMBIGUOUS);
    assert_int_equal(text_word_lists("dunno", 5) & both, 0);
    size_t cut[2];
    assert_int_equal(text_fused_split("gonna", 5, cut), 2);
    assert_int_equal(cut[0], 3);
    assert_int_equal(text_fused_split("dunno", 5, cut), 3);
    assert_int_equal(cut[0], 2);
    assert_int_equal(cut[1], 3);
    assert_int_equal(text_fused_split("gone", 4, cut), 0);
    assert_int_equal(text_fused_split("gen", 3, cut), 0);
}

/* The E2 80 xx shortcut of text_class_at agrees with decoding then classifying, for every third
   byte and for sequences cut short by the end of the text. */
static void test_general_punctuation_shortcut(void **state) {
    (void)state;
    for (unsigned k = 0; k < 64; k++) assert_int_equal(text_e280_class[k], text_cp_class(0x2000 + k));
    for (unsigned b = 0; b < 256; b++) {
        const char s[3] = {(char)0xE2, (char)0x80, (char)b};
        for (size_t n = 1; n <= 3; n++) {
            unsigned l1, l2;
            int c1 = text_class_at(s, n, 0, &l1);
            int c2 = text_cp_class(text_decode_cp(s, n, 0, &l2));
            assert_int_equal(c1, c2);
            assert_int_equal(l1, l2);
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clitics_are_multiword_tokens),
        cmocka_unit_test(test_normalised_forms_keep_original_offsets),
        cmocka_unit_test(test_abbreviations_and_initials),
        cmocka_unit_test(test_numbers_urls_emails_emoticons),
        cmocka_unit_test(test_sentence_splitting),
        cmocka_unit_test(test_empty_and_space_only),
        cmocka_unit_test(test_invalid_bytes_do_not_break_segmentation),
        cmocka_unit_test(test_tokenize_phrase),
        cmocka_unit_test(test_dateline_is_its_own_sentence),
        cmocka_unit_test(test_long_text_is_cut_into_bounded_sentences),
        cmocka_unit_test(test_word_lists),
        cmocka_unit_test(test_general_punctuation_shortcut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
