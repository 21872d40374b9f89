/* The record mechanism every kind shares: incidents, changes, releases,
 * problems, service requests, knowledge-base articles, emergency drills
 * and inspection runs.
 *
 * A kind is a declaration (record_kind): its reference prefix, its table,
 * its fields (id, label, type, where shown, what may set them) and the
 * name of its workflow in the rules (workflows.<name>). From that one
 * declaration this module reads and writes the record, validates values,
 * takes workflow transitions (allowed from the state, for the roles or the
 * assignee, with the fields the transition requires, refusing a stale
 * version), writes comments, links records to each other and to CIs, and
 * writes every change with its journal entry and audit entry in one
 * transaction. Code particular to a kind (a CAB quorum, a reading's range,
 * an incident's SLA clocks) sits in the kind's own file and joins in
 * through the kind's hooks.
 *
 * A kind's table has the columns id INTEGER PRIMARY KEY, state, open (1
 * until a final state), version, created, created_by, updated, updated_by,
 * plus one column per field that is not RT_CIS; and the indexes
 * <table>_by_open(open, id), <table>_by_state(state, id). This module owns
 * the tables every kind uses: journal, record_text (search), record_link
 * and record_ci. */
#ifndef OPSDESK_RECORD_H
#define OPSDESK_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/context.h"
#include "opsdesk/rules.h"
#include "opsdesk/status.h"
#include "opsdesk/xalloc.h"

typedef enum record_type {
	RT_TEXT,   /* one line, at most max bytes */
	RT_LONG,   /* several lines, at most max bytes */
	RT_ITEM,   /* an id of a rules list (field->items) */
	RT_LOGIN,  /* a login of the staff list */
	RT_CI,     /* an asset tag; the column holds the asset's id */
	RT_CIS,    /* asset tags, comma separated; kept in record_ci, no column */
	RT_TIME,   /* a moment as clock_parse reads it; the column holds UTC seconds */
	RT_NUMBER, /* an integer, within [min, max] when max > min */
	RT_FLAG,   /* yes or no (also true/false, 1/0, 是/否); the column holds 0 or 1 */
} record_type;

enum record_where {
	RW_NEW = 1 << 0,  /* given when the record is created */
	RW_EDIT = 1 << 1, /* edit may change it */
	RW_SET = 1 << 2,  /* a transition may set it (do --set) and require it */
	RW_LIST = 1 << 3, /* a column of the kind's list */
	RW_SHOW = 1 << 4, /* in show, the record screen and the JSON */
	RW_FORM = 1 << 5, /* in the console's form for the kind */
	RW_ALL = RW_NEW | RW_EDIT | RW_SET | RW_LIST | RW_SHOW | RW_FORM,
	RW_DATA = RW_NEW | RW_EDIT | RW_SET | RW_SHOW | RW_FORM, /* all but the list */
};

typedef struct record_field {
	const char *id;     /* key in YAML requires, --set, JSON; the column too */
	const char *column; /* when it differs from id; NULL otherwise */
	const char *label;  /* English, shown through _() */
	record_type type;
	unsigned where;    /* enum record_where */
	bool required;     /* must not be empty at creation */
	int64_t min, max;  /* RT_TEXT, RT_LONG: max bytes; RT_NUMBER: the range */
	/* RT_ITEM: the rules list the value comes from */
	const rules_item *(*items)(const rules *r, size_t *n);
} record_field;

typedef struct record record;
typedef struct record_set {
	const char *field, *value;
} record_set;

/* The value given for field among sets (the last, when given twice), or
 * NULL. */
const char *record_set_find(const record_set *sets, size_t n, const char *field);

typedef struct record_kind {
	const char *name;   /* "change": workflows.<name>, audit ops "<name>.<op>" */
	const char *prefix; /* "CHG", for "CHG-3" */
	const char *table;
	const char *noun;   /* "change", for messages (English, through _()) */
	const char *plural; /* "changes" */
	const record_field *fields;
	size_t nfields;
	const char *title_field;    /* the field a one-line listing shows */
	const char *assignee_field; /* whose login a transition's assignee_may means; NULL: none */
	/* Keeps its own full-text index in after_change (incidents: the
	 * planner counts matches in it); otherwise record_text holds the
	 * record's texts and journal. */
	bool own_search;
	/* Cross-field checks of a record about to be stored (created or
	 * edited): rec holds every value as it will be. NULL: none. */
	od_status (*validate)(const od_ctx *ctx, const record *rec, od_error *err);
	/* A kind's own conditions for a transition, after the generic ones
	 * passed (a quorum, a major incident's extra fields). rec is the record
	 * before the transition; sets are what the caller gives. NULL: none. */
	od_status (*may_transition)(const od_ctx *ctx, const record *rec, const rules_transition *t,
				    const char *note, const record_set *sets, size_t nsets,
				    od_error *err);
	/* Inside the transaction, after a change of the record was written
	 * with its journal entry (text): derived figures, the kind's own
	 * search index, what a state entered starts. NULL: none. */
	od_status (*after_change)(const od_ctx *ctx, int64_t id, const char *op, const char *text,
				  od_error *err);
} record_kind;

struct record {
	const record_kind *kind;
	int64_t id;
	char *state;
	bool open;
	int64_t version;
	time_t created, updated;
	char *created_by, *updated_by;
	char **values; /* one per kind->fields, as text ("" when empty): an asset's tag,
			* a time as clock_format writes it, "yes"/"no" */
};

/* --- kinds and references ------------------------------------------------ */

/* Every kind, NULL-terminated (src/core/records/record_kinds.c). */
extern const record_kind *const record_kinds[];
const record_kind *record_kind_named(const char *name);
/* "CHG-3", "chg-3"; a bare number is an incident. NULL kind: not a reference. */
od_status record_parse_ref(const char *ref, const record_kind **kind, int64_t *id, od_error *err);
/* A reference that must name a record of kind want ("'INC-3' is not a
 * change (CHG-n)" otherwise). */
od_status record_parse_ref_of(const record_kind *want, const char *ref, int64_t *id,
			      od_error *err);
void record_ref(const record_kind *k, int64_t id, char *buf, size_t len);
const record_field *record_field_find(const record_kind *k, const char *id);
const rules_workflow *record_workflow(const rules *r, const record_kind *k);
/* A state of the kind's workflow, or NULL. */
const rules_state *record_state_find(const rules *r, const record_kind *k, const char *id);
/* The name people see for a state id (the id itself when unknown). */
const char *record_state_name(const rules *r, const record_kind *k, const char *state);
const rules_transition *record_transition_find(const rules *r, const record_kind *k,
					       const char *id);

/* --- reading --------------------------------------------------------------- */

od_status record_get(od_db *db, const record_kind *k, int64_t id, record *out, od_error *err);
void record_clear(record *rec);
/* The text value of a field ("" for none or an unknown field). */
const char *record_value(const record *rec, const char *field);
/* The asset tags of an RT_CIS field, or of the record's RT_CI field. Caller
 * frees with record_strings_free. */
od_status record_cis(od_db *db, const record *rec, const char *field, char ***tags, size_t *n,
		     od_error *err);

typedef struct record_filter {
	const char *state;   /* a state id, or NULL */
	bool include_closed; /* final states too */
	const char *mine;    /* a login matched against the assignee field, or NULL */
	const char *search;  /* text in the record's fields or journal */
	/* only records whose field (one with a column) holds value; NULL: any */
	const char *field, *value;
	int limit;           /* 0: no limit */
	int64_t before;      /* keyset paging, newest first: ids below this (0: from the top) */
} record_filter;

/* Newest first, one page, walking the kind's (open, id) or (state, id)
 * index. */
od_status record_list(od_db *db, const record_kind *k, const record_filter *f, record **out,
		      size_t *n, od_error *err);
void record_list_free(record *v, size_t n);
/* How many records of the kind are open, counting up to cap at most,
 * through the (open, id) index. */
int64_t record_count_open(od_db *db, const record_kind *k, int cap);

void record_strings_free(char **v, size_t n);

/* --- writing: each in its own transaction -------------------------------- */

/* A new record in the workflow's initial state, from the RW_NEW fields
 * given (a field not given is empty; required ones are refused). */
od_status record_create(const od_ctx *ctx, const record_kind *k, const record_set *values,
			size_t n, int64_t *id, od_error *err);
/* Changes RW_EDIT fields; expected_version 0 skips the staleness check. */
od_status record_edit(const od_ctx *ctx, const record_kind *k, int64_t id,
		      int64_t expected_version, const record_set *sets, size_t n, od_error *err);
/* Takes a transition of workflows.<kind>: allowed from the current state,
 * for the user's roles (or the assignee's when the rules say so), with
 * every field it requires given in sets or already on the record (and
 * "note" when it requires a note), then the kind's may_transition. */
od_status record_transition(const od_ctx *ctx, const record_kind *k, int64_t id,
			    const char *transition, const char *note, const record_set *sets,
			    size_t n, int64_t expected_version, od_error *err);
od_status record_comment(const od_ctx *ctx, const record_kind *k, int64_t id, const char *text,
			 od_error *err);
/* The transitions the acting user may take on rec now (at most max). */
size_t record_actions(const od_ctx *ctx, const record *rec, const rules_transition **out,
		      size_t max);

/* For a kind's own operations (a vote, a step done, a reading), inside the
 * caller's db_begin: writes the journal entry (kind e.g. "vote", text,
 * data JSON or NULL) and the audit entry (op "<kind>.<op>", detail JSON)
 * on the record, raises its version and sets updated/updated_by, then runs
 * the kind's after_change. */
od_status record_note_op(const od_ctx *ctx, const record *rec, const char *op,
			 const char *journal_kind, const char *text, const char *data,
			 const char *detail, od_error *err);
/* Refuses (OD_CONFLICT, naming who changed it, when, and what) when rec's
 * version is not expected; expected 0 accepts any. */
od_status record_check_version(const od_ctx *ctx, const record *rec, int64_t expected,
			       od_error *err);
/* The refusal of a save over a newer version: who changed ref (now at
 * version current) at updated, and what the journal says they did. */
od_status record_refuse_stale(const od_ctx *ctx, const char *ref, const char *updated_by,
			      time_t updated, int64_t expected, int64_t current, od_error *err);
/* A checked value as it is kept and shown: a time in the site's format, a
 * flag as yes or no, tags joined by ", ". Caller frees. */
char *record_stored_form(const record_field *f, const char *v);
/* Checks one value for a field as record_create and record_edit do. */
od_status record_check_value(const od_ctx *ctx, const record_field *f, const char *value,
			     od_error *err);

/* --- links between records -------------------------------------------------- */

typedef struct record_link_entry {
	char *ref;  /* the other record */
	char *role; /* what the link means, from this side: "incident", "fix", "change" ... */
	time_t at;
	char *by;
} record_link_entry;

/* Links from and to (both must exist) with what each side calls it
 * (from_role: what to is to from, e.g. "fix"; to_role: what from is to
 * to, e.g. "problem"), journalled on both records; inside the caller's
 * transaction when in_tx, else in its own. Linking twice is not an error. */
od_status record_link(const od_ctx *ctx, const char *from, const char *from_role, const char *to,
		      const char *to_role, bool in_tx, od_error *err);
od_status record_unlink(const od_ctx *ctx, const char *from, const char *to, od_error *err);
/* Every link of ref, oldest first. */
od_status record_links(od_db *db, const char *ref, record_link_entry **out, size_t *n,
		       od_error *err);
void record_links_free(record_link_entry *v, size_t n);
/* Records of kind (NULL: any) linked to the asset, newest first, at most
 * limit, walking record_ci's index. */
od_status record_refs_on_ci(od_db *db, const record_kind *k, const char *tag, int limit,
			    char ***refs, size_t *n, od_error *err);

/* --- search ------------------------------------------------------------------ */

/* A search term as an FTS5 phrase: quoted, inner quotes doubled, so any
 * text the user types is matched literally. Caller frees. */
char *record_fts_phrase(const char *text);
/* Shorter than a trigram (3 characters): searched by substring instead. */
bool record_search_is_short(const char *text);

/* --- output ------------------------------------------------------------------ */

/* The record as one JSON object: reference, kind, state (id and name),
 * version, times, every RW_SHOW field, its links. */
od_status record_json(const od_ctx *ctx, const record *rec, strbuf *out, od_error *err);
/* The record's links as a JSON member: ,"links":[{"ref":..,"role":..},...]. */
od_status record_links_json(od_db *db, const char *ref, strbuf *out, od_error *err);

#endif
