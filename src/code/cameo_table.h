/* code/cameo_table.h - the generated CAMEO rows behind parley/cameo.h (internal). */
#ifndef PARLEY_CODE_CAMEO_TABLE_H
#define PARLEY_CODE_CAMEO_TABLE_H

#include <stddef.h>

#include "parley/cameo.h"

/* Sorted by code (strcmp order); defined in cameo_table.c. */
extern const parley_cameo_code cameo_table_rows[];
extern const size_t cameo_table_count;

#endif
