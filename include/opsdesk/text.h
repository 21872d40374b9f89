/* UTF-8 text: validation, display width in terminal cells, and fitting text
 * into columns. Stored text may hold anything; nothing from here ever lets a
 * control character or escape sequence through to a terminal. */
#ifndef OPSDESK_TEXT_H
#define OPSDESK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "opsdesk/status.h"

/* Decodes one code point from *p and advances it; invalid bytes decode as
 * U+FFFD one byte at a time. Returns 0 at the end of the string. */
wchar_t text_next(const char **p);

bool text_valid_utf8(const char *s);

/* Checks a user-supplied value for a field: valid UTF-8, no control
 * characters (newlines and tabs allowed when multiline), at most max_chars
 * code points, and not empty when required. The message names the field. */
od_status text_check(const char *field, const char *value, size_t max_chars,
		     bool multiline, bool required, od_error *err);

/* Display cells of one code point as it will be shown: control characters
 * and unprintables are shown as one-cell '?'. */
int text_char_width(wchar_t c);
/* Display cells of a string shown on one line. */
int text_width(const char *s);

/* A new string that shows s in exactly `width` cells on one line: control
 * characters replaced, cut with '~' when too long, padded with spaces (on
 * the right, or on the left when right_align). Caller frees. */
char *text_fit(const char *s, int width, bool right_align);

/* Copies s with control characters and escape sequences replaced by '?',
 * keeping newlines when multiline. Caller frees. */
char *text_sanitize(const char *s, bool multiline);

/* Encodes one code point as UTF-8 into out (at least 4 bytes); returns the
 * number of bytes. */
size_t text_encode(wchar_t c, char *out);

#endif
