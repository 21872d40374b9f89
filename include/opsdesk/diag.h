/* A list of positioned diagnostics (line and column are 1-based), so a
 * loader can report every problem in a file, not just the first. */
#ifndef OPSDESK_DIAG_H
#define OPSDESK_DIAG_H

#include <stddef.h>

typedef struct diag {
	int line, col;
	char *msg;
} diag;

typedef struct diag_list {
	diag *items;
	size_t n, cap;
} diag_list;

void diag_add(diag_list *d, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Orders by position, so the report reads top to bottom. */
void diag_sort(diag_list *d);
void diag_free(diag_list *d);

#endif
