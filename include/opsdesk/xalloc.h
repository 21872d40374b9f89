/* Allocation that never returns NULL: running out of memory ends the
 * program with a message, so callers need not check. */
#ifndef OPSDESK_XALLOC_H
#define OPSDESK_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable string. */
typedef struct strbuf {
	char *buf;
	size_t len, cap;
} strbuf;

void sb_add(strbuf *sb, const char *s);
void sb_addn(strbuf *sb, const char *s, size_t n);
void sb_addf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal, quotes included. */
void sb_add_json(strbuf *sb, const char *s);
/* Hands over the buffer (never NULL) and empties sb. */
char *sb_take(strbuf *sb);
void sb_free(strbuf *sb);

#endif
