/* The console's screens for any kind of record (record.h), built from the
 * kind's field declaration: the new and edit forms (record_form.c: RW_NEW
 * and RW_EDIT fields, each by its type), the action form (the transitions
 * record_actions offers, with the RW_SET fields the chosen one requires),
 * the comment form, and the record screen (record_view.c: the RW_SHOW
 * fields, the kind's own sections, the journal; t action, c comment,
 * e edit). A kind's screen file supplies a tui_record_kind with what is
 * particular to it; changes use it, and problems and requests can too. */
#ifndef OPSDESK_TUI_RECORD_H
#define OPSDESK_TUI_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "opsdesk/tui_app.h"
#include "opsdesk/tui_draw.h"
#include "opsdesk/tui_form.h"
#include "opsdesk/xalloc.h" /* record.h uses strbuf */
#include "opsdesk/record.h"

typedef struct tui_record_view tui_record_view;

typedef struct tui_record_kind {
	const record_kind *kind;
	const char *context; /* draft ids: "<context>.new", "<context>.edit:CHG-3", ... */
	const char *title;   /* N_(): the record screen's title */
	/* Adds the form field for fd itself (returns true), or leaves it to
	 * the generic one (false). value is the record's ("" for new). */
	bool (*form_field)(tui_form *f, tui_app *app, const record_field *fd, const char *value);
	/* after every key in the new and edit forms (a risk shown live) */
	void (*on_change)(tui_form *f, void *owner);
	/* RW_SET fields the action form always offers, besides those the
	 * chosen transition requires (NULL-terminated, may be NULL) */
	const char *const *action_extra;
	/* the kind's own sections of the record screen, after its fields */
	void (*sections)(tui_record_view *v, tui_app *app, const record *rec);
	/* the kind's own keys on the record screen (may be NULL) */
	tui_reaction (*key)(tui_record_view *v, tui_app *app, const record *rec, tui_key k);
	/* resumes a draft of one of the kind's own forms (may be NULL) */
	void (*resume)(tui_app *app, const record *rec, const char *form_id);
	const char *keys_help; /* N_(): the record screen's last line */
} tui_record_kind;

/* The form for a new record. */
void tui_record_new_form(tui_app *app, const tui_record_kind *rk);
/* Pushes the record screen of id. */
void tui_record_open(tui_app *app, const tui_record_kind *rk, int64_t id);
/* Reopens the form a draft of the kind belongs to. */
void tui_record_resume(tui_app *app, const tui_record_kind *rk, const char *form_id);

/* For sections: a line of the record screen; a labelled value. */
void tui_record_line(tui_record_view *v, tui_style st, const char *text);
void tui_record_field(tui_record_view *v, const char *label, const char *value);

/* record_form.c, for record_view.c */
void tui_record_edit_form(tui_app *app, const tui_record_kind *rk, const record *rec);
void tui_record_action_form(tui_app *app, const tui_record_kind *rk, const record *rec);
void tui_record_comment_form(tui_app *app, const tui_record_kind *rk, const record *rec);
/* Links the record to another one, or unlinks them (L). */
void tui_record_link_form(tui_app *app, const tui_record_kind *rk, const record *rec);
/* --- a list's page of records (record_rows.c) ------------------------------ */

/* Records with the cells a list shows of them, row by row: what a list
 * screen of a kind keeps, added a page at a time. */
typedef struct tui_record_rows {
	record *v;
	char **cells; /* n * ncols */
	size_t n, cap;
	int ncols;
} tui_record_rows;

/* Fills the ncols cells of rec (each an allocated string). */
typedef void (*tui_record_cells_fn)(void *arg, const record *rec, char **cells);
/* Appends the records (the rows take them: free v itself only) with their cells. */
void tui_record_rows_add(tui_record_rows *r, record *v, size_t n, tui_record_cells_fn fill,
			 void *arg);
/* Empties the rows, keeping ncols. */
void tui_record_rows_clear(tui_record_rows *r);
/* A tui_list cell callback for data = the rows. */
const char *tui_record_rows_cell(void *rows, size_t row, int col);

/* tui_choice items of a rules list; caller frees the array */
tui_choice *tui_record_items(const rules_item *items, size_t n);

#endif
