/* fuzz_tabari.c - the TABARI/PETRARCH readers under arbitrary input. The
 * first byte's two low bits pick the format (0 verbs, 1 actors, 2 agents,
 * 3 discards: seeds start with 'd', 'a', 'b' or 'c'); the rest is the file.
 * Seeds: fuzz/corpus/tabari/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lex/lex_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    char *text = malloc(size);
    if (text == NULL) return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    parley_dict *d = parley_dict_new(NULL);
    parley_status s = PARLEY_ERR_NOMEM;
    if (d != NULL) {
        switch (data[0] & 3) {
        case 0: s = lex_tabari_verbs_text(d, "fuzz", text, size - 1, NULL); break;
        case 1: s = lex_tabari_actors_text(d, "fuzz", text, size - 1, NULL); break;
        case 2: s = lex_tabari_agents_text(d, "fuzz", text, size - 1, NULL); break;
        default: s = lex_tabari_discards_text(d, "fuzz", text, size - 1, NULL); break;
        }
    }
    if (s == PARLEY_OK && parley_dict_compile(d, NULL) == PARLEY_OK) {
        static const char *const words[] = {"karzai", "ministries", "of", "foreign", "affairs"};
        parley_actor_match m;
        size_t n;
        for (size_t i = 0; i < 5; i++) {
            parley_dict_match_actor(d, words + i, NULL, 5 - i, "2001-12-22", &m);
            parley_dict_match_discard(d, words + i, 5 - i);
            parley_dict_patterns(d, words[i], 0, &n);
        }
    }
    parley_dict_free(d);
    free(text);
    return 0;
}
