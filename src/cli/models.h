/* models.h - loading the tagger and parser models for a subcommand
 * (`parley parse`, `parley eval-nlp`): one place for the default folder and
 * the error message. */
#ifndef PARLEY_CLI_MODELS_H
#define PARLEY_CLI_MODELS_H

#include "parley/nlp.h"

/* Loads the models of dir, or of <data>/models when dir is NULL (see
 * parley_data_dir); fast: without nn.bin (PARLEY_NLP_FAST). Prints
 * "parley CMD: FILE: reason" and returns NULL on failure. */
parley_nlp *cli_load_models(const char *cmd, const char *dir, int fast);

#endif
