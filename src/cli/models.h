/* models.h - loading the tagger and parser models for a subcommand
 * (`parley parse`, `parley eval-nlp`): one place for the default folder and
 * the error message. */
#ifndef PARLEY_CLI_MODELS_H
#define PARLEY_CLI_MODELS_H

#include "parley/nlp.h"

/* Loads the models of dir, or of <data>/models when dir is NULL (see
 * parley_data_dir), with parley_nlp_load_with's flags (PARLEY_NLP_FAST,
 * PARLEY_NLP_PERCEPTRON). Prints "parley CMD: FILE: reason" and returns
 * NULL on failure. */
parley_nlp *cli_load_models(const char *cmd, const char *dir, unsigned flags);

#endif
