/* fuzz_dates.c - the resolver's text parsers (dates, quantities) on arbitrary
 * bytes. The first byte picks the tense, the next ten are the document date
 * (often invalid, which must be refused cleanly), the rest is the text; every
 * expression found must lie inside the text, and the scan must end. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parley/resolve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 11) return 0;
    int tense = (int)(data[0] % 3) - 1;
    char doc_date[11];
    memcpy(doc_date, data + 1, 10);
    doc_date[10] = '\0';
    size_t len = size - 11;
    char *text = malloc(len + 1);
    if (text == NULL) return 0;
    memcpy(text, data + 11, len);
    text[len] = '\0';
    size_t pos = 0;
    parley_date_value v;
    while (pos < len && parley_date_find(text + pos, len - pos, doc_date, NULL, tense, &v)) {
        if (v.end <= v.start || pos + v.end > len || strlen(v.date) != 10) abort();
        pos += v.end;
    }
    pos = 0;
    parley_quantity_value q;
    while (pos < len && parley_quantity_find(text + pos, len - pos, &q)) {
        if (q.end <= q.start || pos + q.end > len) abort();
        pos += q.end;
    }
    parley_date_resolve(text, "2023-12-05", tense, &v);
    free(text);
    return 0;
}
