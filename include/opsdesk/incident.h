/* Incidents: intake, the workflow the rules define, comments, edits, and
 * the SLA clocks computed from each incident's journal. Every change is one
 * transaction writing the incident, its journal entry, its full-text index
 * and an audit entry. An incident's reference is "INC-<id>". */
#ifndef OPSDESK_INCIDENT_H
#define OPSDESK_INCIDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/context.h"
#include "opsdesk/record.h"
#include "opsdesk/sla.h"
#include "opsdesk/status.h"

enum {
	INCIDENT_SUMMARY_MAX = 200,
	INCIDENT_SHORT_MAX = 100, /* reporter, department, contact */
	INCIDENT_TEXT_MAX = 8000, /* description, cause, resolution, notes... */
};

typedef struct incident {
	int64_t id;
	char *summary, *description;
	char *reporter, *department, *contact, *channel;
	time_t occurred;
	char *ci; /* the asset's tag, or "" */
	char *category, *impact, *urgency, *priority;
	char *scope, *expectation;
	char *state;
	bool open; /* not in a final state */
	char *assignee;
	char *cause, *resolution, *recovery_test, *review;
	time_t response_due, resolution_due; /* 0: not running */
	int rank; /* the priority's place in the rules when it was set */
	char *alert_source, *alert_key;
	int64_t alert_count;
	int64_t version;
	time_t created, updated;
	char *created_by, *updated_by;
} incident;

/* Intake and edit values. For intake, NULL takes the default (reporter:
 * the acting user; channel, category, impact, urgency: the rules'
 * defaults; occurred: now). For edit, NULL leaves the field as it is. */
typedef struct incident_fields {
	const char *summary, *description;
	const char *reporter, *department, *contact, *channel;
	const char *occurred; /* a time as clock_parse reads it */
	const char *ci;       /* an asset tag; "" for none */
	const char *category, *impact, *urgency;
	const char *scope, *expectation;
	const char *alert_source, *alert_key; /* intake only: an alert's identity */
} incident_fields;

/* A field a transition sets (one the declaration marks RW_SET). */
typedef record_set incident_set;

/* The incident kind of the record mechanism: its fields, its workflow
 * (workflows.incident) and its hooks (the SLA standing, the search index,
 * what a major incident's transitions require more). */
extern const record_kind incident_kind;

void incident_ref(int64_t id, char *buf, size_t len);
/* The name people see for a state id of the incident workflow (the id
 * itself when the rules no longer have it). */
const char *incident_state_name(const rules *r, const char *id);
/* Reads "INC-12", "inc-12" or "12". */
od_status incident_parse_ref(const char *ref, int64_t *id, od_error *err);

od_status incident_create(const od_ctx *ctx, const incident_fields *f, int64_t *id, od_error *err);
od_status incident_get(od_db *db, int64_t id, incident *out, od_error *err);
void incident_clear(incident *inc);

typedef enum incident_sort {
	INCIDENT_BY_QUEUE,  /* open first, most urgent priority, oldest */
	INCIDENT_BY_NEWEST, /* most recently recorded first */
	INCIDENT_BY_DUE,    /* resolution due soonest first, none last */
} incident_sort;

typedef struct incident_filter {
	const char *state;    /* a state id, or NULL */
	const char *priority; /* a priority id, or NULL */
	const char *assignee; /* a login; "" for unassigned; NULL for any */
	bool include_closed;  /* final states too */
	bool breached;        /* a running SLA clock due at or before now */
	bool attention;       /* a running SLA clock at risk or breached at now */
	const char *search;   /* text in summary, description or journal */
	time_t now;
	int limit;            /* 0: no limit */
	incident_sort sort;
	/* keyset paging: only rows after this one in the sort order */
	bool after;
	int after_open, after_rank;
	time_t after_created, after_due;
	int64_t after_id;
} incident_filter;

/* Sets the keyset of f to continue after inc (in f->sort's order). */
void incident_filter_after(incident_filter *f, const incident *inc);

/* In the filter's sort order, one page (f->limit) read by walking an
 * index in that order; breached and at risk come from the stored SLA
 * standing (incident_sla_store). */
od_status incident_list(od_db *db, const incident_filter *f, incident **out, size_t *n,
			od_error *err);
void incident_list_free(incident *v, size_t n);

/* Takes a transition of the workflow by its id: allowed from the current
 * state, for the user's roles (or the assignee's, when the rules say so),
 * with every field it requires given in sets or already on the record.
 * note is written to the journal (and may be required). expected_version
 * 0 skips the staleness check. */
od_status incident_transition(const od_ctx *ctx, int64_t id, const char *transition,
			      const char *note, const incident_set *sets, size_t nsets,
			      int64_t expected_version, od_error *err);
od_status incident_comment(const od_ctx *ctx, int64_t id, const char *text, od_error *err);
od_status incident_edit(const od_ctx *ctx, int64_t id, int64_t expected_version,
			const incident_fields *f, od_error *err);

/* The transitions the acting user may take now (at most max). */
/* The record's current value of a field a transition may require
 * (RW_SET in incident_kind); "" for any other. */
const char *incident_field_value(const incident *inc, const char *field);

size_t incident_actions(const od_ctx *ctx, const incident *inc, const rules_transition **out,
			size_t max);
/* Both SLA clocks of the incident at time now, from its journal: the
 * reference every stored figure is checked against. */
od_status incident_sla(od_db *db, const rules *r, const incident *inc, time_t now,
		       sla_result *out, od_error *err);

/* Stores the incident's SLA standing on its row, computed from its journal
 * now: each running clock's due time, the earliest due and at-risk moments
 * of the running clocks (what "breached" and "at risk" are read from) and
 * the moment of the next escalation level not yet claimed. Every event
 * that moves a clock calls it inside its transaction. */
od_status incident_sla_store(const od_ctx *ctx, int64_t id, od_error *err);

/* When the rules' SLA figures (targets, calendars, at-risk share, pausing
 * states, escalation levels, time zone) differ from those the stored
 * standing was computed with, recomputes it for every open incident in one
 * transaction; otherwise it only reads. *refreshed (may be NULL) says
 * whether it did. */
od_status incident_sla_refresh(const od_ctx *ctx, bool *refreshed, od_error *err);

typedef struct incident_counts {
	int64_t open, at_risk, breached; /* at_risk: at risk, not breached */
} incident_counts;

/* From the stored standing, through its indexes. */
od_status incident_standing_counts(od_db *db, time_t now, incident_counts *out, od_error *err);
/* --- windows of time, for reports: each walks an index over the window --- */

/* Incidents recorded in [from, to), oldest first, at most limit (0: all). */
od_status incident_created_between(od_db *db, time_t from, time_t to, int limit, incident **out,
				   size_t *n, od_error *err);
int64_t incident_count_created_between(od_db *db, time_t from, time_t to);
/* Open incidents whose resolution falls due in [from, to), soonest first. */
od_status incident_due_between(od_db *db, time_t from, time_t to, int limit, incident **out,
			       size_t *n, od_error *err);
/* Calls fn on each incident recorded in [from, to), oldest first, one at a
 * time; stops at the first status fn returns that is not OD_OK. */
od_status incident_each_created(od_db *db, time_t from, time_t to,
				od_status (*fn)(const incident *inc, void *arg), void *arg,
				od_error *err);

/* Incidents created in [from, to) that share a key, for recurrence
 * detection: by "ci" (the key is the asset's tag) or "category". Groups
 * of at least min incidents, the largest first, at most limit groups; an
 * incident in one of the states in skip (a JSON array of state ids, e.g.
 * cancelled ones) does not count. Reads only the window (the created
 * index), whatever the size of the table. */
typedef struct incident_group {
	char *key;
	int64_t *ids; /* oldest first */
	size_t n;
} incident_group;
od_status incident_groups_between(od_db *db, const char *by, time_t from, time_t to, int min,
				  const char *skip, int limit, incident_group **out, size_t *n,
				  od_error *err);
void incident_groups_free(incident_group *v, size_t n);

#endif
