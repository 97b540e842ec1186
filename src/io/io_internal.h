/* io_internal.h - helpers shared by the files of src/io. */
#ifndef PARLEY_IO_INTERNAL_H
#define PARLEY_IO_INTERNAL_H

#include <stddef.h>

/* Returns the byte offset of the first byte that is not part of valid UTF-8 (overlong forms,
   surrogates and code points above U+10FFFF are invalid), or (size_t)-1 when all is valid. */
size_t io_utf8_check(const char *s, size_t n);

/* True when s[0..n) holds only white space (ASCII, or the Unicode spaces the tokenizer skips). */
int io_is_blank(const char *s, size_t n);

#endif
