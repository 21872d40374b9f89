/* Positioned diagnostics. */
#include "opsdesk/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "opsdesk/xalloc.h"

void diag_add(diag_list *d, int line, int col, const char *fmt, ...)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->items = xrealloc(d->items, d->cap * sizeof *d->items);
	}
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	d->items[d->n++] = (diag){line, col, xstrdup(buf)};
}

static int by_position(const void *a, const void *b)
{
	const diag *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

void diag_sort(diag_list *d)
{
	/* qsort is not stable; messages at one position keep no special order */
	if (d->n > 1)
		qsort(d->items, d->n, sizeof *d->items, by_position);
}

void diag_free(diag_list *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->items[i].msg);
	free(d->items);
	d->items = NULL;
	d->n = d->cap = 0;
}
