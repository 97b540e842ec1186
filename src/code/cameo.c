/* cameo.c - lookups in the CAMEO event code table (parley/cameo.h).
 *
 * The rows come from the generated cameo_table.c, sorted by code, so a lookup
 * is a binary search with strcmp; nothing is allocated and nothing can fail
 * beyond "not a code". The coder uses it to validate the codes in action
 * patterns and to attach quad class, Goldstein weight and PLOVER type to
 * events; the store and exporters use it to name codes. */
#include <string.h>

#include "code/cameo_table.h"
#include "parley/cameo.h"

const parley_cameo_code *parley_cameo_lookup(const char *code) {
    if (code == NULL) return NULL;
    size_t lo = 0, hi = cameo_table_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(code, cameo_table_rows[mid].code);
        if (c == 0) return &cameo_table_rows[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

size_t parley_cameo_count(void) { return cameo_table_count; }

const parley_cameo_code *parley_cameo_at(size_t i) {
    return i < cameo_table_count ? &cameo_table_rows[i] : NULL;
}
