/* A form: labelled fields of several kinds (text, multi-line text, choice,
 * multiple choice, date-time, person), per-field validation messages, save
 * with Ctrl-S or F2, Esc asking before unsaved changes are dropped, and a
 * draft kept when the session drops. A form is pushed as a screen. */
#ifndef OPSDESK_TUI_FORM_H
#define OPSDESK_TUI_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "opsdesk/rules.h"
#include "opsdesk/status.h"
#include "opsdesk/tui_app.h"
#include "opsdesk/tui_edit.h"

typedef enum tui_field_kind {
	TF_TEXT,
	TF_MULTILINE,
	TF_CHOICE,
	TF_MULTI,
	TF_DATETIME,
	TF_PERSON,
} tui_field_kind;

typedef struct tui_choice {
	char *value, *label;
} tui_choice;

typedef struct tui_field {
	const char *key;   /* matches the core's "key: message" errors */
	const char *label; /* N_() string */
	tui_field_kind kind;
	bool required;
	size_t max_chars;
	int rows;          /* multi-line: rows shown */
	tui_edit edit;     /* the text; for choices, what was typed to find one */
	tui_choice *choices;
	size_t nchoices;
	size_t chosen;     /* choice and person: index, or SIZE_MAX for none */
	bool *ticked;      /* multiple choice */
	size_t hover;      /* multiple choice: the choice under the cursor */
	char *error;
	/* a note under the field that is not an error: what another
	 * session changed when the form was reloaded over its change */
	char *notice;
	bool readonly; /* shown, never focused: a value the form computes */
	/* not shown, focused, checked or saved: a field the current choice
	 * (such as the action) neither requires nor allows */
	bool hidden;
	char *base; /* the value the form was opened (or reloaded) with */
	/* choice fields over more records than can be loaded at once: called
	 * with what was typed, before the choices are searched, to replace
	 * them (tui_field_replace_choices) with the records that match */
	void (*refill)(struct tui_field *fd, const char *typed, void *data);
	void *refill_data;
} tui_field;

typedef struct tui_form tui_form;

/* Saves the form's values; OD_OK closes the form. A message "key: ..." is
 * shown under the field with that key. */
typedef od_status (*tui_form_submit)(tui_form *form, void *owner, tui_app *app, od_error *err);

struct tui_form {
	char *title;
	char *draft_id; /* NULL: no drafts */
	tui_field *fields;
	size_t n, cap;
	size_t focus;
	int scroll;
	char *initial; /* the values at opening, to tell unsaved changes */
	tui_form_submit submit;
	void *owner;
	const rules *rules; /* for forms whose fields the rules define; may be NULL */
	void (*owner_free)(void *owner); /* frees owner with the form; may be NULL */
	/* runs after every key the form handled, so values that depend on
	 * others (a priority from impact and urgency) follow at once */
	void (*on_change)(tui_form *form, void *owner);
	/* the version of the record the form edits, as it was when the form
	 * was opened (0: no record); a draft keeps it, so a restored draft is
	 * saved against the version it was typed on and a newer change by
	 * someone else is not silently overwritten */
	int64_t version;
	/* set by tui_form_view: why the user may only look (NULL: may edit) */
	char *view_only;
	/* After a save is refused because another session changed the record
	 * (OD_CONFLICT): builds a form like this one from the record as it
	 * is now, with its version. The form then offers to reload: each
	 * field the user did not change takes the new value, each they did
	 * keeps what they typed, and the fields the other session changed
	 * say so. NULL: no reload offered. */
	tui_form *(*refetch)(tui_form *f, void *owner, tui_app *app);
};

tui_form *tui_form_new(const char *title, const char *draft_id, tui_form_submit submit,
		       void *owner);
tui_field *tui_form_text(tui_form *f, const char *key, const char *label, const char *value,
			 size_t max_chars, bool required);
tui_field *tui_form_multiline(tui_form *f, const char *key, const char *label, const char *value,
			      size_t max_chars, int rows, bool required);
/* choices are copied; value selects one (NULL: none) */
tui_field *tui_form_choice(tui_form *f, const char *key, const char *label,
			   const tui_choice *choices, size_t n, const char *value, bool required);
tui_field *tui_form_multi(tui_form *f, const char *key, const char *label,
			  const tui_choice *choices, size_t n, const char *const *values,
			  size_t nvalues, bool required);
tui_field *tui_form_datetime(tui_form *f, const char *key, const char *label, time_t value,
			     bool required);
/* active staff as choices, found by typing part of a login or name */
tui_field *tui_form_person(tui_form *f, const char *key, const char *label, od_db *db,
			   const char *login, bool required);

/* A read-only field showing text the form computes. */
tui_field *tui_form_shown(tui_form *f, const char *key, const char *label, const char *value);
/* Replaces a field's text (read-only fields, or text fields). */
void tui_form_set_text(tui_form *f, const char *key, const char *value);

/* A field's value as text: choices give their value, multiple choices a
 * comma-separated list, date-times as typed. Caller frees. */
char *tui_form_value(const tui_form *f, const char *key);
/* The ticked values of a multiple choice, NULL-terminated; free with free(). */
const char **tui_form_ticked(const tui_form *f, const char *key, size_t *n);

/* Hides or shows a field (see tui_field.hidden). */
void tui_form_hide(tui_form *f, const char *key, bool hidden);
bool tui_form_is_hidden(const tui_form *f, const char *key);

/* Replaces a choice field's choices (copied), keeping the chosen value
 * when it is among the new ones. */
void tui_field_replace_choices(tui_field *fd, const tui_choice *choices, size_t n);

/* Makes the form one to look at only: the fields can be moved through but
 * not changed, and a key that would change or save shows why, the access
 * rule's message. Esc closes it. */
void tui_form_view(tui_form *f, const char *why);

/* Pushes the form on the screen stack (and offers its draft, if any). The
 * stack owns it from then on. */
void tui_form_open(tui_app *app, tui_form *f);
void tui_form_free(tui_form *f);

#endif
