/* parley/io.h - reading documents and writing CoNLL-U.
 *
 * The reader streams JSON Lines (one object per line: id, date, source, url,
 * title, text) or plain text (one file = one document) into parley_doc
 * records, one at a time, with memory that does not grow with the input: a
 * line is read into a reusable buffer, and a line longer than the limit is
 * skipped without being held in memory. A bad record is reported as
 * PARLEY_SKIP with file, line and reason; reading goes on after it.
 *
 * The CoNLL-U writer renders a segmented (and possibly tagged and parsed)
 * document; columns the pipeline has not filled yet are written as "_". */
#ifndef PARLEY_IO_H
#define PARLEY_IO_H

#include <stddef.h>

#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_reader parley_reader;

typedef enum { PARLEY_FORMAT_AUTO, PARLEY_FORMAT_JSONL, PARLEY_FORMAT_TEXT } parley_input_format;

typedef struct parley_reader_options {
    parley_input_format format;  /* AUTO: .jsonl/.json/.ndjson or first non-blank byte '{' -> JSONL */
    size_t max_line;             /* bytes; 0 = default 16 MiB (for plain text: the whole file) */
    const char *default_date;    /* for plain text (YYYY-MM-DD) or NULL; without it a text file
                                    whose name starts with a YYYY-MM-DD date takes that date */
} parley_reader_options;

#define PARLEY_DEFAULT_MAX_LINE ((size_t)16 << 20)

/* Opens a file ("-" = stdin). o may be NULL (all defaults). An unreadable file is PARLEY_ERR_IO;
   a default_date that is not a real YYYY-MM-DD date is PARLEY_ERR_ARG. */
parley_status parley_reader_open(parley_reader **r, const char *path /* "-" = stdin */,
                                 const parley_reader_options *o, parley_error *err);

/* As parley_reader_open over len bytes in memory (not copied: they must outlive the reader).
   name is used in error messages and as the id of a plain-text document. */
parley_status parley_reader_open_memory(parley_reader **r, const char *name, const char *data, size_t len,
                                        const parley_reader_options *o, parley_error *err);

/* Fills doc (after parley_doc_reset) with the next document. Returns PARLEY_OK, PARLEY_EOF,
   PARLEY_SKIP (this record is bad: err has file, line, reason; reading may continue), or <0 fatal. */
parley_status parley_reader_next(parley_reader *r, parley_doc *doc, parley_error *err);

/* The name errors use for this input ("-" for stdin). */
const char *parley_reader_name(const parley_reader *r);

/* Closes the file (not stdin) and frees the reader. NULL is allowed. */
void parley_reader_close(parley_reader *r);

/* One JSON object (the /api/code endpoint and tests use it). Fills doc (which the caller has reset)
   from json[0..len). file and line go into error messages and, when the object has no "id", make the
   id "<file>:<line>". Returns PARLEY_OK or PARLEY_SKIP with the reason in err. */
parley_status parley_doc_from_json(parley_doc *doc, const char *json, size_t len, const char *file, long line,
                                   parley_error *err);

/* Checks that s[0..len) is a real calendar date "YYYY-MM-DD", optionally followed by a time
   ("T..." or " ..."). Returns 1 if so (and copies the 10-byte date plus NUL into out11 when not
   NULL), 0 otherwise. */
int parley_date_parse(const char *s, size_t len, char out11[11]);

/* CoNLL-U output flags. */
enum {
    PARLEY_CONLLU_NEWDOC = 1,  /* write "# newdoc id = ..." before the first sentence */
    PARLEY_CONLLU_TEXT = 2     /* write "# text = ..." for each sentence */
};

/* Appends doc as CoNLL-U to out: "# sent_id = <docid>-<n>", multiword-token range lines for
   tokens with mwt > 0, FORM from the original text (for a multiword token's words: the word's
   normalised form), LEMMA, UPOS, XPOS, HEAD and DEPREL when the pipeline set them ("_" otherwise),
   MISC SpaceAfter=No where no whitespace follows. Each sentence ends with a blank line.
   Returns 0, or -1 when out of memory. */
int parley_conllu_write_doc(const parley_doc *doc, parley_buf *out, unsigned flags);

#ifdef __cplusplus
}
#endif
#endif
