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

/* One per record kind (record.h); a kind without its workflow in the
 * rules has states.n == 0 and cannot be used. */
typedef struct rules_workflows {
	rules_workflow incident, change, release, problem, request, kb, inspection, drill;
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

/* --- change management (changes: in the rules) ------------------------- */

/* A type of change (standard, normal, emergency). */
typedef struct rules_change_type {
	rules_pos pos;
	char *id, *name;
	rules_refs windows;     /* maintenance windows its window must lie in; none: any time */
	rules_refs transitions; /* transitions kept for the types naming them */
	bool review;            /* needs its after-the-fact review before changes.review_before */
} rules_change_type;

/* A question of the risk assessment: answered yes, it adds its weight. */
typedef struct rules_risk_question {
	rules_pos pos;
	char *id, *name;
	int weight;
} rules_risk_question;

/* A risk level, from its score up (the levels lowest first). */
typedef struct rules_risk_level {
	rules_pos pos;
	char *id, *name;
	int from;
} rules_risk_level;

/* votes approvals from holders of role. */
typedef struct rules_approval_need {
	rules_pos pos;
	rules_ref role;
	int votes;
} rules_approval_need;

/* Who approves a change of type and risk (id NULL: any), first match. */
typedef struct rules_approval {
	rules_pos pos;
	rules_ref type, risk;
	struct {
		rules_approval_need *v;
		size_t n;
	} needs;
	int rejects; /* rejections by entitled voters that reject the round */
} rules_approval;

/* A period no change may use without an override: from..to (days), or the
 * last month_end days of every month. */
typedef struct rules_freeze {
	rules_pos pos;
	char *id, *name;
	rules_ref from, to; /* YYYY-MM-DD */
	int month_end;
	rules_refs exempt; /* change types it does not hold */
} rules_freeze;

/* When changes of a type may be carried out: days and a span of the day
 * (that may cross midnight, belonging to the day it starts). */
typedef struct rules_window {
	rules_pos pos;
	char *id, *name;
	unsigned days;
	rules_span hours;
} rules_window;

/* What each kind of calendar conflict does: block or override. */
typedef struct rules_conflicts {
	rules_refs check_on; /* the transitions that check the calendar */
	rules_ref same_ci, freeze, off_duty, outside_window;
} rules_conflicts;

typedef struct rules_changes {
	struct {
		rules_change_type *v;
		size_t n;
	} types;
	struct {
		rules_item *v;
		size_t n;
	} categories;
	struct {
		struct {
			rules_risk_question *v;
			size_t n;
		} questions;
		struct {
			rules_risk_level *v;
			size_t n;
		} levels;
	} risk;
	struct {
		rules_ref state;             /* the state votes are taken in */
		rules_ref approved, rejected; /* the transitions a decided round takes */
		struct {
			rules_approval *v;
			size_t n;
		} rules;
	} approval;
	struct {
		rules_freeze *v;
		size_t n;
	} freezes;
	struct {
		rules_window *v;
		size_t n;
	} windows;
	rules_conflicts conflicts;
	rules_ref review_before; /* the transition a review: true type needs its review for */
	int max_window;          /* minutes: the longest window a change may ask for */
	/* the types and levels as plain items (id, name) for a record field;
	 * built after loading, pointing at the strings above */
	rules_item *type_items, *level_items;
} rules_changes;

/* Releases (releases: in the rules): the transition that is the go
 * decision, which needs every checklist item done. */
typedef struct rules_releases {
	rules_ref go;
} rules_releases;
/* --- inspection checklists (inspections:) --------------------------------- */

/* A range of readings, as written: "[18, 27]", "(27, 30]", "(-inf, 15)".
 * An open end excludes its bound; -inf and inf are open. */
typedef struct rules_interval {
	rules_pos pos;
	char *text;
	double lo, hi;
	bool lo_open, hi_open;
} rules_interval;

typedef struct rules_intervals {
	rules_interval *v;
	size_t n;
} rules_intervals;

typedef enum rules_item_kind {
	INSPECT_CHECK,   /* pass or fail */
	INSPECT_NUMBER,  /* a number with a unit and ranges */
	INSPECT_PERCENT, /* a number from 0 to 100 with ranges */
	INSPECT_CHOICE,  /* one of the choices; some marked abnormal */
	INSPECT_TEXT,    /* free text, never abnormal */
} rules_item_kind;

typedef struct rules_inspect_item {
	rules_pos pos;
	char *id, *text, *method, *unit;
	rules_ref kind;          /* check, number, percent, choice, text */
	rules_intervals normal, warning, alarm;
	rules_refs choices, abnormal;
	bool required;
	rules_ref impact, urgency; /* of the incident an abnormal reading opens */
	rules_item_kind kind_id;   /* kind, as checked */
} rules_inspect_item;

typedef enum rules_freq_kind {
	FREQ_EVERY,   /* every N minutes after the last round */
	FREQ_DAILY,   /* each (working) day at a time */
	FREQ_WEEKLY,  /* on a weekday at a time */
	FREQ_MONTHLY, /* on a day of the month at a time (the last day when shorter) */
	FREQ_SHIFT,   /* once in every shift of the roster */
} rules_freq_kind;

typedef struct rules_frequency {
	int every;       /* minutes */
	rules_ref daily; /* "HH:MM" */
	rules_ref weekly; /* mon ... sun */
	int monthly;      /* 1 to 31 */
	rules_ref at;     /* "HH:MM" of weekly and monthly */
	bool per_shift;
	rules_ref calendar; /* daily, weekly, monthly: only its working days */
	int grace;          /* minutes after due before overdue; 0: until the next is due */
	/* as checked */
	rules_freq_kind kind;
	int minute;  /* of the day, for daily, weekly, monthly */
	int weekday; /* 0 Sunday, for weekly */
} rules_frequency;

typedef struct rules_inspection {
	rules_pos pos;
	char *id, *name;
	struct {
		rules_refs classes, cis, locations;
	} applies;
	rules_frequency frequency;
	rules_ref role; /* who does the round */
	struct {
		rules_ref category, impact, urgency, alarm_urgency;
	} incident;
	struct {
		rules_inspect_item *v;
		size_t n;
	} items;
} rules_inspection;
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

/* Problem management (问题管理): when incidents count as recurring (a
 * rule per shared key: so many incidents on one CI, or in one category,
 * within so long), and the categories of the fishbone analysis. */
typedef struct rules_recurrence {
	rules_pos pos;
	rules_ref by; /* ci or category */
	int count;    /* at least this many incidents */
	int within;   /* recorded in the last so many minutes */
} rules_recurrence;

typedef struct rules_problems {
	struct {
		rules_recurrence *v;
		size_t n;
	} recurrence;
	struct {
		rules_item *v;
		size_t n;
	} fishbone;
} rules_problems;
/* The knowledge base (knowledge_base: in the rules): the types of
 * article, and which of them is the emergency plan (应急预案), whose
 * articles carry a trigger, roles, steps and recovery targets and are
 * shown on a major incident on the CIs they cover. */
typedef struct rules_knowledge_base {
	struct {
		rules_item *v;
		size_t n;
	} types;
	rules_ref plan_type;
	rules_refs in_force;    /* states of workflows.kb whose plans are shown; none: every open one */
	rules_refs reviewed_on; /* transitions of workflows.kb that record the reviewer */
} rules_knowledge_base;

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
	rules_changes changes;
	rules_releases releases;
	struct {
		rules_inspection *v;
		size_t n;
	} inspections;
	rules_requests requests;
	rules_problems problems;
	rules_knowledge_base knowledge_base;
} rules;

const rules_inspection *rules_inspection_find(const rules *r, const char *id);
const rules_inspect_item *rules_inspect_item_find(const rules_inspection *t, const char *id);
/* The item kinds' names, by rules_item_kind. */
extern const char *const rules_item_kinds[];
/* Whether v lies in the interval. */
bool rules_interval_has(const rules_interval *iv, double v);

/* Operations outside workflows that the permissions table may name. */
extern const char *const rules_known_permissions[];
/* workflows.<name> (incident, change, ...), or NULL for an unknown name. */
const rules_workflow *rules_workflow_named(const rules *r, const char *name);

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

const rules_change_type *rules_change_type_find(const rules *r, const char *id);
/* The level of a risk score: the last level whose from is at most score. */
const rules_risk_level *rules_risk_level_for(const rules *r, int score);
/* The approval rule for a change of type and risk, or NULL. */
const rules_approval *rules_approval_for(const rules *r, const char *type, const char *risk);
/* A request type of the catalogue, or NULL. */
const rules_request_type *rules_request_type_find(const rules *r, const char *id);
/* The request field kinds a catalogue field's type may name. */
extern const char *const rules_request_field_types[];

#endif
