/* A list screen's page of records and their cells (tui_record.h). */
#include <stdlib.h>

#include "opsdesk/tui_record.h"
#include "opsdesk/xalloc.h"

void tui_record_rows_add(tui_record_rows *r, record *v, size_t n, tui_record_cells_fn fill,
			 void *arg)
{
	if (r->n + n > r->cap) {
		r->cap = r->n + n + 64;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
		r->cells = xrealloc(r->cells, r->cap * (size_t)r->ncols * sizeof *r->cells);
	}
	for (size_t i = 0; i < n; i++) {
		r->v[r->n] = v[i];
		char **c = &r->cells[r->n * (size_t)r->ncols];
		for (int k = 0; k < r->ncols; k++)
			c[k] = NULL;
		fill(arg, &r->v[r->n], c);
		for (int k = 0; k < r->ncols; k++)
			if (!c[k])
				c[k] = xstrdup("");
		r->n++;
	}
}

void tui_record_rows_clear(tui_record_rows *r)
{
	for (size_t i = 0; i < r->n * (size_t)r->ncols; i++)
		free(r->cells[i]);
	free(r->cells);
	record_list_free(r->v, r->n);
	*r = (tui_record_rows){.ncols = r->ncols};
}

const char *tui_record_rows_cell(void *rows, size_t row, int col)
{
	const tui_record_rows *r = rows;
	return r->cells[row * (size_t)r->ncols + (size_t)col];
}
