/* The rules of the centre, loaded from YAML into typed structures and
 * validated: roles, permissions, calendars, priorities and the priority
 * matrix, categories, channels and the record workflows. C knows the
 * mechanisms; everything named here comes from the file. */
#ifndef OPSDESK_RULES_H
#define OPSDESK_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "opsdesk/diag.h"
#include "opsdesk/status.h"

/* Where a definition stands in the rules file. Every list element starts
 * with one, so messages can point at it. */
/* Longest display name in the rules (roles, states, shifts...), the same
 * as a name typed at the command line (STAFF_NAME_MAX, ASSET_NAME_MAX),
 * and the longest other text value (a path, a command word). */
enum { RULES_NAME_MAX = 64, RULES_TEXT_MAX = 4096 };

typedef struct rules_pos {
	int line, col;
} rules_pos;

/* A reference by id to something defined elsewhere in the file. */
typedef struct rules_ref {
	char *id;
	int line, col;
} rules_ref;

typedef struct rules_refs {
	rules_ref *v;
	size_t n;
} rules_refs;

typedef struct rules_dates {
	char **v; /* YYYY-MM-DD, as written */
	size_t n;
} rules_dates;

typedef struct rules_item { /* a plain id and name: levels, categories, channels */
	rules_pos pos;
	char *id, *name;
} rules_item;

typedef struct rules_role {
	rules_pos pos;
	char *id, *name;
	bool manager;
} rules_role;

typedef struct rules_permission {
	rules_pos pos;
	char *op;
	rules_refs roles;
} rules_permission;

typedef struct rules_hours {
	int start, end; /* minutes after midnight; end > start */
} rules_hours;

/* A span of the day that may cross midnight: end <= start means it ends
 * the next day ("20:00-08:00"); start == end would be a whole day. */
typedef struct rules_span {
	int start, end; /* minutes after midnight */
} rules_span;

typedef struct rules_calendar {
	rules_pos pos;
	char *id, *name;
	bool always;
	rules_hours hours;
	unsigned days; /* bit 0 = Sunday ... bit 6 = Saturday, as tm_wday */
	rules_dates holidays, workdays;
} rules_calendar;

typedef struct rules_priority {
	rules_pos pos;
	char *id, *name;
	int response, resolution; /* minutes */
	rules_ref calendar;
	bool major; /* a major incident: transitions may require more of it */
} rules_priority;

typedef struct rules_state {
	rules_pos pos;
	char *id, *name;
	bool final, pauses_sla;
	bool resolved; /* the resolution clock stops here (final states too) */
} rules_state;

typedef struct rules_transition {
	rules_pos pos;
	char *id, *name;
	rules_refs from;
	rules_ref to;
	rules_refs roles;
	rules_refs requires;
	rules_refs requires_if_major; /* also required when the priority is major */
	bool assignee_may;
} rules_transition;

typedef struct rules_workflow {
	rules_pos pos;
	rules_ref initial;
	struct {
		rules_state *v;
		size_t n;
	} states;
	struct {
		rules_transition *v;
		size_t n;
	} transitions;
} rules_workflow;

typedef struct rules_workflows {
	rules_workflow incident;
} rules_workflows;

typedef struct rules_matrix_cell {
	rules_pos pos;
	char *impact, *urgency, *priority;
} rules_matrix_cell;

typedef struct rules_site {
	char *name, *database;
	rules_ref timezone; /* an IANA zone name, kept with its position */
	bool bell;          /* the console rings for a new urgent incident */
	/* printing reports: the command that takes PostScript on its standard
	 * input (argv, no shell; empty: lp), the filter that turns the UTF-8
	 * text into PostScript with a Chinese font (empty: paps), and the lines
	 * of one printed page of the text form */
	rules_refs print_command, print_filter;
	int page_lines;
	rules_ref language; /* zh_CN or en: forces the interface language; unset, the locale's */
} rules_site;

/* The duty log (值班记录): the categories an entry may carry. */
typedef struct rules_duty_log {
	struct {
		rules_item *v;
		size_t n;
	} categories;
} rules_duty_log;

typedef struct rules_defaults {
	rules_ref impact, urgency;
	rules_ref category, channel; /* id NULL: the first of the list */
} rules_defaults;

typedef struct rules_sla {
	int at_risk; /* percent of a target used up that makes a clock at risk */
} rules_sla;

/* An escalation level: when a clock reaches `when` (at_risk or breached),
 * command runs once for that incident, clock and level. */
typedef struct rules_escalation {
	rules_pos pos;
	char *id, *name;
	rules_ref when;
	rules_refs notify;  /* roles whose holders are told, besides the assignee */
	rules_refs command; /* argv; {placeholders} filled per escalation */
} rules_escalation;

/* What monitoring's severities mean, and how recoveries are handled. */
typedef struct rules_alert_severity {
	rules_pos pos;
	char *id;
	rules_ref impact, urgency;
} rules_alert_severity;

typedef struct rules_alerts {
	struct {
		rules_alert_severity *v;
		size_t n;
	} severities;
	rules_ref channel, category; /* what an alert's incident records */
	rules_ref on_recovery;       /* note or resolve */
	rules_ref resolve_with;      /* the transition a recovery takes */
} rules_alerts;

/* A shift of the duty roster. Its id is the code shown in the grid. */
typedef struct rules_shift {
	rules_pos pos;
	char *id, *name;
	rules_span time;
	int min_people;
	rules_refs roles; /* at least one holder of each must be on the shift */
} rules_shift;

/* A rotation: each person cycles through pattern (shift ids, "-" for a day
 * off); each next person of the list starts stagger days further on. */
typedef struct rules_rotation {
	rules_pos pos;
	char *id, *name;
	rules_refs pattern;
	int stagger;
} rules_rotation;

/* New incidents of category without an assignee go to the on-duty holder
 * of role. */
typedef struct rules_duty_assign {
	rules_pos pos;
	rules_ref category, role;
} rules_duty_assign;

typedef struct rules_roster {
	rules_ref calendar; /* whose holidays and make-up workdays the roster marks */
	int min_rest;       /* minutes off between two shifts of one person; 0: no check */
	struct {
		rules_rotation *v;
		size_t n;
	} rotations;
	struct {
		rules_duty_assign *v;
		size_t n;
	} assign;
} rules_roster;

/* The service request catalogue (服务请求目录): request types, each with
 * its own form fields, approval steps and SLA targets. */
typedef struct rules_request_field {
	rules_pos pos;
	char *id, *name;
	rules_ref type; /* text, long, number, flag, choice, login, ci */
	bool required;
	int min, max; /* number: the range (max > min); text, long: at most max bytes */
	struct {
		rules_item *v;
		size_t n;
	} choices; /* choice: the values it may take */
} rules_request_field;

typedef struct rules_approval_step {
	rules_pos pos;
	char *id, *name;
	rules_refs roles; /* who may approve this step */
} rules_approval_step;

typedef struct rules_request_type {
	rules_pos pos;
	char *id, *name;
	int response, resolution; /* minutes */
	rules_ref calendar;
	struct {
		rules_request_field *v;
		size_t n;
	} fields;
	struct {
		rules_approval_step *v;
		size_t n;
	} approvals; /* in order; none: no approval */
} rules_request_type;

typedef struct rules_requests {
	struct {
		rules_request_type *v;
		size_t n;
	} types;
} rules_requests;

typedef struct rules {
	int version;
	rules_site site;
	struct {
		rules_role *v;
		size_t n;
	} roles;
	struct {
		rules_permission *v;
		size_t n;
	} permissions;
	struct {
		rules_calendar *v;
		size_t n;
	} calendars;
	struct {
		rules_priority *v;
		size_t n;
	} priorities;
	struct {
		rules_item *v;
		size_t n;
	} impact, urgency, categories, channels, ci_classes, ci_statuses;
	rules_sla sla;
	struct {
		rules_escalation *v;
		size_t n;
	} escalations;
	rules_alerts alerts;
	struct {
		rules_matrix_cell *v;
		size_t n;
	} matrix;
	rules_defaults defaults;
	rules_workflows workflows;
	struct {
		rules_shift *v;
		size_t n;
	} shifts;
	rules_roster roster;
	rules_duty_log duty_log;
	rules_requests requests;
} rules;

/* Operations outside workflows that the permissions table may name. */
extern const char *const rules_known_permissions[];
/* Fields an incident transition may require. */
extern const char *const rules_incident_fields[];

/* Parses and validates; returns NULL and fills diags on any problem. */
rules *rules_parse(const char *text, size_t len, diag_list *diags);
void rules_free(rules *r);

/* Reads a rules file. OD_IO (with err) when it cannot be read; OD_CONFIG
 * when it has problems, each in diags. */
od_status rules_load_file(const char *path, rules **out, diag_list *diags, od_error *err);
/* The copy of config/workflow.yaml built into the program. */
rules *rules_load_embedded(diag_list *diags);
const char *rules_embedded_text(size_t *len);

const rules_role *rules_role_find(const rules *r, const char *id);
const rules_role *rules_manager_role(const rules *r);
const rules_permission *rules_permission_find(const rules *r, const char *op);
const rules_shift *rules_shift_find(const rules *r, const char *id);
/* The shift ids joined by ", " ("none" without shifts), for messages.
 * Caller frees. */
char *rules_shift_ids(const rules *r);
const rules_rotation *rules_rotation_find(const rules *r, const char *id);
const rules_calendar *rules_calendar_find(const rules *r, const char *id);
/* A night shift: it runs past midnight into the next day. */
bool rules_shift_is_night(const rules_shift *s);
/* Its length in minutes (on a day without a clock change). */
int rules_shift_minutes(const rules_shift *s);
const rules_priority *rules_priority_for(const rules *r, const char *impact, const char *urgency);
/* Placeholders a notification command's arguments may use. */
extern const char *const rules_notify_placeholders[];

/* An id'd item of a plain list (impact, urgency, categories, channels,
 * ci_classes, ci_statuses), or NULL. */
const rules_item *rules_item_find(const rules_item *items, size_t n, const char *id);

/* A request type of the catalogue, or NULL. */
const rules_request_type *rules_request_type_find(const rules *r, const char *id);
/* The request field kinds a catalogue field's type may name. */
extern const char *const rules_request_field_types[];

#endif
