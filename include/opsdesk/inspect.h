/* Inspection rounds (巡检): the checklist templates of the rules applied to
 * the CIs of the register, when each round is due and overdue, and the
 * runs (INS-n, a kind of the record mechanism) with their readings. An
 * abnormal reading opens an incident on the CI, linked both ways with the
 * run; the same item abnormal again while that incident is open is added
 * to its journal instead.
 *
 * This module owns the tables inspection (the runs), inspect_reading,
 * inspect_due (the stored next-due of every template and CI, kept current
 * by the events that move it: a run, a change of the register, a change of
 * the rules) and inspect_open (which incident an item's abnormal readings
 * go to). */
#ifndef OPSDESK_INSPECT_H
#define OPSDESK_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/asset.h"
#include "opsdesk/context.h"
#include "opsdesk/record.h"
#include "opsdesk/report.h"
#include "opsdesk/rules.h"
#include "opsdesk/status.h"
#include "opsdesk/xalloc.h"

enum { INSPECT_REMARK_MAX = 2000, INSPECT_VALUE_MAX = 500, INSPECT_TEXT_MAX = 8000 };

/* The kind of the record mechanism: runs are INS-n. */
extern const record_kind record_kind_inspection;

/* --- readings ------------------------------------------------------------ */

typedef enum inspect_level {
	LEVEL_NORMAL,   /* within the normal range; a pass; a normal choice; text */
	LEVEL_WARNING,  /* in a warning range */
	LEVEL_ALARM,    /* in an alarm range, or outside every range */
	LEVEL_ABNORMAL, /* a fail, or an abnormal choice */
} inspect_level;

/* "normal", "warning", "alarm", "abnormal" (ids, for JSON and the table). */
const char *inspect_level_id(inspect_level level);
/* The same in the interface language, for people. */
const char *inspect_level_name(inspect_level level);
static inline bool inspect_level_bad(inspect_level level)
{
	return level != LEVEL_NORMAL;
}

/* Reads value for item: a number for number and percent items (the
 * canonical text in *canon), pass/fail (also ok, 正常, 异常...) for check
 * items, one of the choices. OD_INVALID naming the item when it is not
 * such a value. canon (may be NULL) gets the value as stored; caller frees. */
od_status inspect_judge(const rules_inspect_item *it, const char *value, inspect_level *level,
			double *number, char **canon, od_error *err);
/* The ranges of an item, as one line: "normal [18, 27]; warning ...". */
char *inspect_ranges_text(const rules_inspect_item *it);

/* Whether template t applies to asset a. */
bool inspect_applies(const rules_inspection *t, const asset *a);

/* --- when a round is due ---------------------------------------------------- */

typedef struct inspect_due_times {
	time_t due, overdue; /* 0: never (a calendar without working days) */
} inspect_due_times;

/* When the next round of t falls due and becomes overdue, given the last
 * round (0: none yet) and, without one, since when the CI is inspected. */
inspect_due_times inspect_next_due(const rules *r, const rules_inspection *t, time_t last,
				   time_t since);

typedef struct inspect_due_row {
	char *template_id, *tag, *location, *role;
	int64_t asset_id, last_run;
	time_t last_done, due, overdue; /* last_done 0: never */
} inspect_due_row;

typedef struct inspect_due_filter {
	time_t now;
	time_t until;      /* due at or before this (0: now) */
	bool overdue_only; /* overdue at now */
	const char *role;     /* a role id: its templates only */
	const char *location; /* exactly this location */
	int limit;
	/* keyset paging: rows after this one, in (due, template, asset) order */
	bool after;
	time_t after_due;
	const char *after_template;
	int64_t after_asset;
} inspect_due_filter;

/* Soonest due first, one page, walking the (due) index. */
od_status inspect_due_list(od_db *db, const inspect_due_filter *f, inspect_due_row **out,
			   size_t *n, od_error *err);
void inspect_due_free(inspect_due_row *v, size_t n);
/* How many rounds are due (overdue) at now, from the index, counting at
 * most 1000 (a dashboard figure, one page of the index). */
int64_t inspect_due_count(od_db *db, time_t now, bool overdue);

/* When the rules' templates, frequencies or calendars differ from those
 * the stored due times were computed with, recomputes them for every
 * template and CI; otherwise only reads. */
od_status inspect_due_refresh(const od_ctx *ctx, bool *refreshed, od_error *err);
/* The asset was added or changed: its rounds, inside the caller's
 * transaction. */
od_status inspect_due_asset(const od_ctx *ctx, const char *tag, od_error *err);

/* --- runs ------------------------------------------------------------------- */

typedef struct inspect_answer {
	const char *item, *value, *remark;
} inspect_answer;

typedef struct inspect_input {
	const char *template_id, *tag;
	const inspect_answer *answers;
	size_t n;
	const char *issues, *opinion; /* the round's open issues, the inspector's opinion */
	time_t started;               /* 0: now (a run from a script) */
} inspect_input;

typedef struct inspect_result {
	int64_t run;
	int64_t *opened; /* incidents opened */
	size_t nopened;
	int64_t *appended; /* open incidents a repeat reading was added to */
	size_t nappended;
} inspect_result;

/* Checks every answer against the template (unknown item, bad value,
 * missing required item, a remark missing on an abnormal one: every
 * problem named, on its own line of err) and that the template applies to
 * the CI; then in one transaction stores the run, its readings, the
 * incidents abnormal readings open or add to, the links, and the CI's next
 * due time. Nothing is stored when anything is refused. */
od_status inspect_record(const od_ctx *ctx, const inspect_input *in, inspect_result *res,
			 od_error *err);
void inspect_result_clear(inspect_result *res);

/* An input whose strings it owns: what inspect_input_json reads. */
typedef struct inspect_owned {
	char *template_id, *tag, *issues, *opinion;
	inspect_answer *answers; /* each string owned */
	size_t n;
} inspect_owned;
/* Reads {"template", "ci", "items": {ID: VALUE}, "remarks": {ID: TEXT},
 * "issues", "opinion"}. */
od_status inspect_input_json(od_db *db, const char *json, inspect_owned *out, od_error *err);
void inspect_owned_clear(inspect_owned *o);

typedef struct inspect_reading_row {
	char *item, *value, *remark;
	inspect_level level;
	bool has_number;
	double number;
	int64_t incident; /* 0: none */
} inspect_reading_row;

typedef struct inspect_run {
	int64_t id;
	char *template_id, *tag, *location, *state;
	char *by, *issues, *opinion, *review, *reviewed_by;
	time_t started, finished, reviewed;
	int64_t abnormal, version;
	bool locked; /* reviewed: nothing of it changes any more */
	inspect_reading_row *readings;
	size_t nreadings;
} inspect_run;

od_status inspect_run_get(od_db *db, int64_t id, inspect_run *out, od_error *err);
void inspect_run_clear(inspect_run *run);

typedef struct inspect_run_filter {
	const char *template_id; /* NULL: any */
	const char *tag;         /* NULL: any */
	int limit;
	int64_t before; /* ids below this; 0: from the newest */
} inspect_run_filter;

/* Newest first, one page; readings are not read. */
od_status inspect_run_list(od_db *db, const inspect_run_filter *f, inspect_run **out, size_t *n,
			   od_error *err);
void inspect_run_list_free(inspect_run *v, size_t n);

/* Runs recorded in [from, to), oldest first, walking inspection_by_created;
 * at most limit; with their readings. */
od_status inspect_runs_between(od_db *db, time_t from, time_t to, int limit, inspect_run **out,
			       size_t *n, od_error *err);
/* How many runs were recorded in [from, to), along the same index. */
int64_t inspect_runs_count(od_db *db, time_t from, time_t to);

/* The review: the workflow's review transition (its roles), with the
 * comment; a reviewed run is locked. */
od_status inspect_review(const od_ctx *ctx, int64_t id, const char *comment, od_error *err);

/* Readings of item on the CI, newest first, at most limit: the trend. */
typedef struct inspect_point {
	int64_t run;
	time_t at;
	double number;
	inspect_level level;
} inspect_point;
od_status inspect_trend(od_db *db, const char *tag, const char *item, int limit,
			inspect_point **out, size_t *n, od_error *err);
/* The trend as lines of plain characters (ASCII only), oldest left;
 * caller frees. */
char *inspect_trend_chart(const rules_inspect_item *it, const inspect_point *v, size_t n,
			  int height);

/* The run as a JSON object (reference, template, CI, times, readings,
 * links). */
od_status inspect_run_json(const od_ctx *ctx, const inspect_run *run, strbuf *out,
			   od_error *err);

/* --- reports (report.h data: text at 80 columns, HTML, JSON) ------------------ */

/* The figures of a period that the period report shows: rounds done
 * against those due (summed over templates and locations, a template's
 * rounds done beyond those due not counted), the runs recorded, the
 * abnormal readings, the incidents they went to (opened or added to) and
 * the rounds overdue at as_of (counted to 1000). */
typedef struct inspect_figures {
	int64_t due, done, runs, abnormal, incidents, overdue;
} inspect_figures;
od_status inspect_period_figures(const od_ctx *ctx, time_t from, time_t to, time_t as_of,
				 inspect_figures *out, od_error *err);

/* One run: readings, open issues, opinion, review, links, signatures. */
od_status inspect_report_run(const od_ctx *ctx, int64_t id, time_t as_of, report **out,
			     od_error *err);
/* [from, to): completion per template and location, abnormal readings by
 * CI and by item, and the rounds overdue at as_of. */
od_status inspect_report_period(const od_ctx *ctx, time_t from, time_t to, time_t as_of,
				report **out, od_error *err);
/* A CI's recent runs and the trend of each numeric item. */
od_status inspect_report_ci(const od_ctx *ctx, const char *tag, time_t as_of, report **out,
			    od_error *err);

#endif
