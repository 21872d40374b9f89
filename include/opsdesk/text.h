/* UTF-8 text: validation, display width in terminal cells, and fitting text
 * into columns. Stored text may hold anything; nothing from here ever lets a
 * control character or escape sequence through to a terminal. */
#ifndef OPSDESK_TEXT_H
#define OPSDESK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "opsdesk/status.h"

/* Decodes one code point from *p and advances it; invalid bytes decode as
 * U+FFFD one byte at a time. Returns 0 at the end of the string. */
wchar_t text_next(const char **p);

bool text_valid_utf8(const char *s);

/* Checks a user-supplied value for a field: valid UTF-8, no control
 * characters (newlines and tabs allowed when multiline), at most max_chars
 * code points, and not empty when required. A single-line value (a name,
 * an identifier) also may not hold invisible or text-direction characters
 * (text_is_invisible). The message names the field. This is the one check
 * of typed text: the core calls it for every field, whichever face the
 * value came from, and the console's forms call it before saving. */
od_status text_check(const char *field, const char *value, size_t max_chars,
		     bool multiline, bool required, od_error *err);

/* Bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F,
 * U+061C) and zero-width characters (U+200B-U+200D, U+2060-U+2064, U+FEFF):
 * refused in single-line values, shown as their code (<U+202E>) in text. */
bool text_is_invisible(wchar_t c);

/* Parses a whole number typed by a person: digits only (no sign, no
 * spaces), within [min, max]. TEXT_NUM_RANGE for a number too large for
 * 64 bits as for one outside the range, never a clamped value. */
typedef enum text_num { TEXT_NUM_OK, TEXT_NUM_BAD, TEXT_NUM_RANGE } text_num;
text_num text_parse_int(const char *s, int64_t min, int64_t max, int64_t *out);

/* Display cells of one code point as it will be shown: control characters
 * and unprintables are shown as one-cell '?', invisible characters as
 * their code (<U+202E>, 8 cells). */
int text_char_width(wchar_t c);
/* Display cells of a string shown on one line. */
int text_width(const char *s);

/* A new string that shows s in exactly `width` cells on one line: control
 * characters replaced, cut with '~' when too long, padded with spaces (on
 * the right, or on the left when right_align). Caller frees. */
char *text_fit(const char *s, int width, bool right_align);

/* Copies s with control characters and escape sequences replaced by '?',
 * invisible characters by their code (<U+202E>), keeping newlines when
 * multiline. Caller frees. */
char *text_sanitize(const char *s, bool multiline);

/* Encodes one code point as UTF-8 into out (at least 4 bytes); returns the
 * number of bytes. */
size_t text_encode(wchar_t c, char *out);

#endif
