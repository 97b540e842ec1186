/* eval_documents.h - `parley eval --documents FILE` (eval_documents.c),
 * called by cmd_eval.c. */
#ifndef PARLEY_CLI_EVAL_DOCUMENTS_H
#define PARLEY_CLI_EVAL_DOCUMENTS_H

/* Scores dates, places, quantities, coreference and merged events of the
 * stories in path; prints the measures. Returns 0, 1 (fatal) or 2 (records skipped). */
int eval_documents(const char *path, const char *data_dir, int show_errors, int first_parse_only,
                   unsigned nlp_flags);

#endif
