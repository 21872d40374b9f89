/* A strict check of JSON that comes from outside (an alert on stdin, an
 * inspection run's JSON), before SQLite's JSON functions read it: Debian's
 * SQLite 3.40 takes some text that is not JSON for valid (an object or
 * array as an object's key, invalid UTF-8 in a string) and then crashes
 * looking a path up in it. */
#ifndef OPSDESK_JSON_CHECK_H
#define OPSDESK_JSON_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* How deep arrays and objects may nest. */
enum { JSON_CHECK_DEPTH = 64 };

/* Whether text is exactly one JSON value as RFC 8259 has it: object keys
 * are strings; strings are valid UTF-8 without raw control characters,
 * with well-formed escapes (a \u surrogate pair complete); numbers as the
 * grammar has them; nothing but white space around it. When not, why
 * (len bytes) says what is wrong and at which byte. */
bool json_check(const char *text, char *why, size_t len);

#endif
