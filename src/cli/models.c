/* models.c - loading the NLP models for a subcommand (see models.h). */
#include <stdio.h>

#include "cli/models.h"
#include "parley/pipeline.h"

parley_nlp *cli_load_models(const char *cmd, const char *dir, unsigned flags) {
    char path[4096];
    if (dir == NULL) {
        snprintf(path, sizeof path, "%s/models", parley_data_dir(NULL));
        dir = path;
    }
    parley_error err;
    parley_error_clear(&err);
    parley_nlp *nlp = NULL;
    if (parley_nlp_load_with(&nlp, dir, flags, &err) != PARLEY_OK) {
        fprintf(stderr, "parley %s: %s: %s\n", cmd, err.file, err.message);
        return NULL;
    }
    return nlp;
}
