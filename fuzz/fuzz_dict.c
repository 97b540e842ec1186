/* fuzz_dict.c - parley's dictionary format under arbitrary input: the
 * loader must report or skip every malformed line without crashing, and the
 * compiled result must answer lookups. Seeds: fuzz/corpus/dict/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lex/lex_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *text = malloc(size + 1);
    if (text == NULL) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    parley_dict *d = parley_dict_new(NULL);
    if (d != NULL && lex_load_parley_text(d, "fuzz", text, size, NULL) == PARLEY_OK &&
        parley_dict_compile(d, NULL) == PARLEY_OK) {
        static const char *const words[] = {"qatari", "foreign", "ministries", "release", "prisoner"};
        parley_actor_match m;
        parley_phrase_resolution r;
        size_t n;
        for (size_t i = 0; i < 5; i++) {
            parley_dict_match_actor(d, words + i, words + i, 5 - i, "2023-12-05", &m);
            parley_dict_resolve_phrase(d, words + i, NULL, 5 - i, "", &r);
            parley_dict_match_discard(d, words + i, 5 - i);
            parley_dict_patterns(d, words[i], 0, &n);
            parley_dict_word_matches(d, "&PRISONER", words[i]);
        }
        parley_dict_stats st;
        parley_dict_get_stats(d, &st);
    }
    parley_dict_free(d);
    free(text);
    return 0;
}
