/* Loads the rules file. Each YAML mapping is described by a table of keys
 * (type, required, where the value goes, one line of doc); one generic
 * walker reads any table, reports unknown keys and wrong types with their
 * position, and the same tables drive freeing. Cross-references (roles,
 * states, priorities, calendars) are checked after everything is read. */
#include "opsdesk/rules.h"
#include "opsdesk/record.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "opsdesk/civil.h"
#include "opsdesk/xalloc.h"
#include "opsdesk/text.h"
#include "opsdesk/yamldoc.h"
#include "opsdesk/i18n.h"

extern const char embedded_rules[];
extern const size_t embedded_rules_len;

const char *const rules_known_permissions[] = {"staff.manage",     "asset.manage",
					       "roster.manage",    "roster.approve",
					       "incident.regrade", "database.backup",
					       "satisfaction.record", NULL};
const char *const rules_notify_placeholders[] = {
	"ref", "summary", "priority", "state", "assignee", "clock", "level", "due", "to", "ci", NULL};

typedef struct loader {
	diag_list *d;
} loader;

typedef enum spec_type {
	T_STRING,   /* any text */
	T_ID,       /* [A-Za-z0-9_-], at most 32 */
	T_BOOL,     /* true or false */
	T_INT,
	T_DURATION, /* 30m, 4h, 1d, 1h30m: minutes */
	T_HOURS,    /* "08:30-17:30" */
	T_SPAN,     /* "20:00-08:00": may cross midnight */
	T_DAYS,     /* [mon, ...] as a bit mask */
	T_DATES,    /* [YYYY-MM-DD, ...] */
	T_REF,      /* an id defined elsewhere */
	T_REFS,     /* a list of them */
	T_LIST,     /* a list of mappings, each read with sub->specs */
	T_MAP,      /* a nested mapping read into a nested struct */
	T_CUSTOM,
} spec_type;

typedef struct spec spec;
typedef struct list_spec {
	size_t elem_size;
	const spec *specs;
} list_spec;

struct spec {
	const char *key;
	spec_type type;
	bool required;
	size_t offset;
	const void *sub; /* T_LIST: list_spec; T_MAP: spec[]; T_CUSTOM: the list_spec to
			  * free with when the value is a list, else NULL */
	void (*custom)(loader *, const ynode *, void *field);
	const char *doc;
	const char *def; /* optional scalars: the value when the key is absent */
};

/* A list field in any rules struct: a pointer and a count, whatever the
 * element type. */
typedef struct any_list {
	void *v;
	size_t n;
} any_list;

static void error_at(loader *l, const ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void error_at(loader *l, const ynode *n, const char *fmt, ...)
{
	char buf[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	diag_add(l->d, n ? n->line : 1, n ? n->col : 1, _("%s"), buf);
}

static bool expect(loader *l, const ynode *n, ynode_kind kind, const char *key)
{
	if (n->kind == kind)
		return true;
	error_at(l, n, _("'%s' must be %s, not %s"), key, ynode_kind_name(kind),
		 ynode_kind_name(n->kind));
	return false;
}

static bool blank(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return !*s;
}

static bool valid_id(const char *s)
{
	size_t len = strlen(s);
	if (len == 0 || len > 32)
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
			return false;
	return true;
}

/* Minutes in a duration such as 45m, 4h, 3d or 1h30m; -1 when malformed. */
static int parse_duration(const char *s)
{
	long total = 0;
	bool any = false;
	while (*s) {
		if (!isdigit((unsigned char)*s))
			return -1;
		errno = 0;
		char *end;
		long v = strtol(s, &end, 10);
		if (errno || v > 100000)
			return -1;
		switch (*end) {
		case 'm': total += v; break;
		case 'h': total += v * 60; break;
		case 'd': total += v * 1440; break;
		default: return -1;
		}
		if (total > 525600) /* a year is plenty for any target */
			return -1;
		s = end + 1;
		any = true;
	}
	return any && total > 0 ? (int)total : -1;
}

/* Minutes after midnight of "HH:MM", or -1. "24:00" is allowed as an end. */
static int parse_clock(const char *s, const char **rest)
{
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2] != ':' ||
	    !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
		return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m > 0))
		return -1;
	*rest = s + 5;
	return h * 60 + m;
}

/* "HH:MM-HH:MM" into its two ends, unchecked against each other. */
static bool parse_range(const char *s, int *start, int *end)
{
	*start = parse_clock(s, &s);
	*end = *start >= 0 && *s == '-' ? parse_clock(s + 1, &s) : -1;
	return *start >= 0 && *end >= 0 && !*s;
}

static const char *const weekday_names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

static bool any_required(const spec *specs)
{
	for (const spec *sp = specs; sp->key; sp++)
		if (sp->required)
			return true;
	return false;
}

static void load_map(loader *l, const ynode *n, const spec *specs, void *obj, const char *what);

static rules_ref make_ref(const ynode *n)
{
	return (rules_ref){xstrdup(n->value), n->line, n->col};
}

/* Reads one value into the field described by sp. */
static void load_value(loader *l, const ynode *n, const spec *sp, void *obj)
{
	void *field = (char *)obj + sp->offset;
	const char *key = sp->key;
	switch (sp->type) {
	case T_STRING: {
		if (!expect(l, n, YN_SCALAR, key))
			break;
		/* a name is shown on screens and printed: the same check as a
		 * name typed at the command line, with the same limit */
		od_error e;
		size_t max = strcmp(key, "name") == 0 ? RULES_NAME_MAX : RULES_TEXT_MAX;
		if (sp->required && blank(n->value))
			error_at(l, n, _("'%s' must not be empty"), key);
		else if (text_check(key, n->value, max, false, false, &e) != OD_OK)
			error_at(l, n, "%s", e.msg);
		else
			*(char **)field = xstrdup(n->value);
		break;
	}
	case T_ID:
		if (!expect(l, n, YN_SCALAR, key))
			break;
		if (!valid_id(n->value))
			error_at(l, n, _("'%s': '%s' is not a valid id (letters, digits, '_' or '-', at most 32)"),
				 key, n->value);
		else
			*(char **)field = xstrdup(n->value);
		break;
	case T_BOOL:
		if (!expect(l, n, YN_SCALAR, key))
			break;
		if (!n->quoted && strcmp(n->value, "true") == 0)
			*(bool *)field = true;
		else if (!n->quoted && strcmp(n->value, "false") == 0)
			*(bool *)field = false;
		else
			error_at(l, n, _("'%s' must be true or false, not '%s'"), key, n->value);
		break;
	case T_INT: {
		if (!expect(l, n, YN_SCALAR, key))
			break;
		char *end;
		errno = 0;
		long v = strtol(n->value, &end, 10);
		if (errno || *end || end == n->value || v < 0 || v > 1000000)
			error_at(l, n, _("'%s' must be a whole number, not '%s'"), key, n->value);
		else
			*(int *)field = (int)v;
		break;
	}
	case T_DURATION: {
		if (!expect(l, n, YN_SCALAR, key))
			break;
		int minutes = parse_duration(n->value);
		if (minutes < 0)
			error_at(l, n, _("'%s' must be a duration such as 30m, 4h, 2d or 1h30m, not '%s'"),
				 key, n->value);
		else
			*(int *)field = minutes;
		break;
	}
	case T_HOURS: {
		if (!expect(l, n, YN_SCALAR, key))
			break;
		int start, end;
		if (!parse_range(n->value, &start, &end) || end <= start)
			error_at(l, n, _("'%s' must be a range of the day such as \"08:30-17:30\", not '%s'"),
				 key, n->value);
		else
			*(rules_hours *)field = (rules_hours){start, end};
		break;
	}
	case T_SPAN: {
		if (!expect(l, n, YN_SCALAR, key))
			break;
		int start, end;
		if (!parse_range(n->value, &start, &end) || start == 1440 || start == end % 1440)
			error_at(l, n, _("'%s' must be a span of the day such as \"08:00-20:00\" or \"20:00-08:00\", not '%s'"),
				 key, n->value);
		else
			*(rules_span *)field = (rules_span){start, end % 1440};
		break;
	}
	case T_DAYS: {
		if (!expect(l, n, YN_SEQ, key))
			break;
		unsigned mask = 0;
		for (size_t i = 0; i < n->n; i++) {
			const ynode *d = n->items[i];
			int found = -1;
			for (int w = 0; d->kind == YN_SCALAR && w < 7; w++)
				if (strcmp(d->value, weekday_names[w]) == 0)
					found = w;
			if (found < 0)
				error_at(l, d, _("'%s': '%s' is not a day (mon, tue, wed, thu, fri, sat, sun)"),
					 key, d->kind == YN_SCALAR ? d->value : "?");
			else
				mask |= 1u << found;
		}
		*(unsigned *)field = mask;
		break;
	}
	case T_DATES: {
		if (!expect(l, n, YN_SEQ, key))
			break;
		rules_dates *dates = field;
		dates->v = xcalloc(n->n, sizeof *dates->v);
		for (size_t i = 0; i < n->n; i++) {
			const ynode *d = n->items[i];
			if (d->kind != YN_SCALAR || !civil_parse(d->value, NULL))
				error_at(l, d, _("'%s': '%s' is not a date (YYYY-MM-DD)"), key,
					 d->kind == YN_SCALAR ? d->value : "?");
			else
				dates->v[dates->n++] = xstrdup(d->value);
		}
		break;
	}
	case T_REF:
		if (expect(l, n, YN_SCALAR, key))
			*(rules_ref *)field = make_ref(n);
		break;
	case T_REFS: {
		if (!expect(l, n, YN_SEQ, key))
			break;
		rules_refs *refs = field;
		refs->v = xcalloc(n->n, sizeof *refs->v);
		for (size_t i = 0; i < n->n; i++) {
			if (expect(l, n->items[i], YN_SCALAR, key))
				refs->v[refs->n++] = make_ref(n->items[i]);
		}
		break;
	}
	case T_LIST: {
		if (!expect(l, n, YN_SEQ, key))
			break;
		const list_spec *ls = sp->sub;
		any_list *list = field;
		list->v = xcalloc(n->n, ls->elem_size);
		for (size_t i = 0; i < n->n; i++) {
			const ynode *item = n->items[i];
			if (!expect(l, item, YN_MAP, key))
				continue;
			char *elem = (char *)list->v + list->n++ * ls->elem_size;
			*(rules_pos *)elem = (rules_pos){item->line, item->col};
			load_map(l, item, ls->specs, elem, key);
		}
		break;
	}
	case T_MAP:
		if (expect(l, n, YN_MAP, key))
			load_map(l, n, sp->sub, field, key);
		break;
	case T_CUSTOM:
		sp->custom(l, n, field);
		break;
	}
}

static void load_map(loader *l, const ynode *n, const spec *specs, void *obj, const char *what)
{
	for (size_t i = 0; i < n->n; i++) {
		const ynode *k = n->keys[i];
		const spec *sp = specs;
		while (sp->key && strcmp(sp->key, k->value) != 0)
			sp++;
		if (!sp->key) {
			strbuf known = {0};
			for (const spec *s = specs; s->key; s++)
				sb_addf(&known, "%s%s", s == specs ? "" : ", ", s->key);
			error_at(l, k, _("unknown key '%s' in %s (known: %s)"), k->value, what, known.buf);
			sb_free(&known);
			continue;
		}
		load_value(l, n->items[i], sp, obj);
	}
	for (const spec *sp = specs; sp->key; sp++) {
		bool present = false;
		for (size_t i = 0; i < n->n && !present; i++)
			present = strcmp(n->keys[i]->value, sp->key) == 0;
		if (present)
			continue;
		if (sp->required) {
			error_at(l, n, _("%s is missing the required key '%s' (%s)"), what, sp->key,
				 sp->doc);
		} else if (sp->def) {
			/* the default goes through the same conversion as a written value */
			ynode def = {.kind = YN_SCALAR, .line = n->line, .col = n->col,
				     .value = (char *)sp->def};
			load_value(l, &def, sp, obj);
		} else if (sp->type == T_MAP && !any_required(sp->sub)) {
			/* an absent section still gets its keys' defaults; one with
			 * required keys (a kind's workflow) is simply not in use */
			ynode empty = {.kind = YN_MAP, .line = n->line, .col = n->col};
			load_map(l, &empty, sp->sub, (char *)obj + sp->offset, sp->key);
		}
	}
}

/* --- freeing, driven by the same tables ------------------------------------ */

static void free_ref(rules_ref *r)
{
	free(r->id);
}

static void free_refs(rules_refs *refs)
{
	for (size_t i = 0; i < refs->n; i++)
		free_ref(&refs->v[i]);
	free(refs->v);
}

static void free_by_specs(const spec *specs, void *obj)
{
	for (const spec *sp = specs; sp->key; sp++) {
		void *field = (char *)obj + sp->offset;
		switch (sp->type) {
		case T_STRING:
		case T_ID: free(*(char **)field); break;
		case T_REF: free_ref(field); break;
		case T_REFS: free_refs(field); break;
		case T_DATES: {
			rules_dates *d = field;
			for (size_t i = 0; i < d->n; i++)
				free(d->v[i]);
			free(d->v);
			break;
		}
		case T_LIST:
		case T_CUSTOM: {
			const list_spec *ls = sp->sub;
			any_list *list = field;
			if (!ls) /* a custom scalar such as version owns nothing */
				break;
			for (size_t i = 0; ls && i < list->n; i++)
				free_by_specs(ls->specs, (char *)list->v + i * ls->elem_size);
			free(list->v);
			break;
		}
		case T_MAP: free_by_specs(sp->sub, field); break;
		default: break;
		}
	}
}

/* --- the tables ------------------------------------------------------------ */

#define F(type, member) offsetof(type, member)


static const spec item_specs[] = {
	{"id", T_ID, true, F(rules_item, id), NULL, NULL, "short name used in commands", NULL},
	{"name", T_STRING, true, F(rules_item, name), NULL, NULL, "name people see", NULL},
	{0},
};
static const list_spec item_list = {sizeof(rules_item), item_specs};

static const spec role_specs[] = {
	{"id", T_ID, true, F(rules_role, id), NULL, NULL, "short name used in commands", NULL},
	{"name", T_STRING, true, F(rules_role, name), NULL, NULL, "name people see", NULL},
	{"manager", T_BOOL, false, F(rules_role, manager), NULL, NULL,
	 "the role `opsdesk init` gives the first user", NULL},
	{0},
};
static const list_spec role_list = {sizeof(rules_role), role_specs};

static const spec permission_specs[] = {
	{"op", T_STRING, false, F(rules_permission, op), NULL, NULL, "operation", NULL},
	{"roles", T_REFS, false, F(rules_permission, roles), NULL, NULL, "roles allowed", NULL},
	{0},
};
static const list_spec permission_list = {sizeof(rules_permission), permission_specs};

static const spec calendar_specs[] = {
	{"id", T_ID, true, F(rules_calendar, id), NULL, NULL, "short name", NULL},
	{"name", T_STRING, true, F(rules_calendar, name), NULL, NULL, "name people see", NULL},
	{"always", T_BOOL, false, F(rules_calendar, always), NULL, NULL, "every minute counts (7x24)", NULL},
	{"hours", T_HOURS, false, F(rules_calendar, hours), NULL, NULL, "working hours, 08:30-17:30", NULL},
	{"days", T_DAYS, false, F(rules_calendar, days), NULL, NULL, "working days, [mon, ...]", NULL},
	{"holidays", T_DATES, false, F(rules_calendar, holidays), NULL, NULL, "days off", NULL},
	{"workdays", T_DATES, false, F(rules_calendar, workdays), NULL, NULL,
	 "make-up working days on weekends", NULL},
	{0},
};
static const list_spec calendar_list = {sizeof(rules_calendar), calendar_specs};

static const spec priority_specs[] = {
	{"id", T_ID, true, F(rules_priority, id), NULL, NULL, "short name, such as P1", NULL},
	{"name", T_STRING, true, F(rules_priority, name), NULL, NULL, "name people see", NULL},
	{"response", T_DURATION, true, F(rules_priority, response), NULL, NULL,
	 "time to first response", NULL},
	{"resolution", T_DURATION, true, F(rules_priority, resolution), NULL, NULL,
	 "time to resolution", NULL},
	{"calendar", T_REF, true, F(rules_priority, calendar), NULL, NULL,
	 "calendar the clock counts in", NULL},
	{"major", T_BOOL, false, F(rules_priority, major), NULL, NULL,
	 "incidents of this priority are major incidents", NULL},
	{0},
};
static const list_spec priority_list = {sizeof(rules_priority), priority_specs};

static const spec state_specs[] = {
	{"id", T_ID, true, F(rules_state, id), NULL, NULL, "short name", NULL},
	{"name", T_STRING, true, F(rules_state, name), NULL, NULL, "name people see", NULL},
	{"final", T_BOOL, false, F(rules_state, final), NULL, NULL, "the record ends here", NULL},
	{"pauses_sla", T_BOOL, false, F(rules_state, pauses_sla), NULL, NULL,
	 "SLA clocks stop in this state", NULL},
	{"resolved", T_BOOL, false, F(rules_state, resolved), NULL, NULL,
	 "the resolution clock stops here", NULL},
	{0},
};
static const list_spec state_list = {sizeof(rules_state), state_specs};

static const spec transition_specs[] = {
	{"id", T_ID, true, F(rules_transition, id), NULL, NULL, "the action's short name", NULL},
	{"name", T_STRING, true, F(rules_transition, name), NULL, NULL, "name people see", NULL},
	{"from", T_REFS, true, F(rules_transition, from), NULL, NULL, "states it leaves", NULL},
	{"to", T_REF, true, F(rules_transition, to), NULL, NULL, "state it enters", NULL},
	{"roles", T_REFS, true, F(rules_transition, roles), NULL, NULL, "roles that may take it", NULL},
	{"requires", T_REFS, false, F(rules_transition, requires), NULL, NULL,
	 "fields that must be filled", NULL},
	{"requires_if_major", T_REFS, false, F(rules_transition, requires_if_major), NULL, NULL,
	 "fields that must be filled for a major incident", NULL},
	{"assignee_may", T_BOOL, false, F(rules_transition, assignee_may), NULL, NULL,
	 "the record's assignee may take it too", NULL},
	{0},
};
static const list_spec transition_list = {sizeof(rules_transition), transition_specs};

static const spec workflow_specs[] = {
	{"initial", T_REF, true, F(rules_workflow, initial), NULL, NULL, "state of a new record", NULL},
	{"states", T_LIST, true, F(rules_workflow, states), &state_list, NULL, "the states", NULL},
	{"transitions", T_LIST, true, F(rules_workflow, transitions), &transition_list, NULL,
	 "the actions between states", NULL},
	{0},
};

static const spec workflows_specs[] = {
	{"incident", T_MAP, true, F(rules_workflows, incident), workflow_specs, NULL, "the incident lifecycle", NULL},
	{"change", T_MAP, false, F(rules_workflows, change), workflow_specs, NULL, "the change request lifecycle", NULL},
	{"release", T_MAP, false, F(rules_workflows, release), workflow_specs, NULL, "the release lifecycle", NULL},
	{"problem", T_MAP, false, F(rules_workflows, problem), workflow_specs, NULL, "the problem lifecycle", NULL},
	{"request", T_MAP, false, F(rules_workflows, request), workflow_specs, NULL, "the service request lifecycle", NULL},
	{"kb", T_MAP, false, F(rules_workflows, kb), workflow_specs, NULL, "the knowledge-base article lifecycle", NULL},
	{"inspection", T_MAP, false, F(rules_workflows, inspection), workflow_specs, NULL, "the inspection run lifecycle", NULL},
	{"drill", T_MAP, false, F(rules_workflows, drill), workflow_specs, NULL, "the emergency drill lifecycle", NULL},
	{0},
};

/* page_lines: a whole number of lines a printed page can hold */
static void load_page_lines(loader *l, const ynode *n, void *field)
{
	if (!expect(l, n, YN_SCALAR, "page_lines"))
		return;
	char *end;
	long v = strtol(n->value, &end, 10);
	if (*end || end == n->value || v < 20 || v > 500)
		error_at(l, n, _("'page_lines' must be a number of lines from 20 to 500, not '%s'"),
			 n->value);
	else
		*(int *)field = (int)v;
}

static const spec site_specs[] = {
	{"name", T_STRING, true, F(rules_site, name), NULL, NULL, "the centre's name", NULL},
	{"timezone", T_REF, true, F(rules_site, timezone), NULL, NULL, "site time zone, e.g. Asia/Shanghai", NULL},
	{"database", T_STRING, false, F(rules_site, database), NULL, NULL, "default database file", NULL},
	{"bell", T_BOOL, false, F(rules_site, bell), NULL, NULL,
	 "ring the console's bell when a new urgent incident comes from another session", "true"},
	{"print_command", T_REFS, false, F(rules_site, print_command), NULL, NULL,
	 "the command that prints PostScript from its input, as a list of arguments (default: lp)", NULL},
	{"print_filter", T_REFS, false, F(rules_site, print_filter), NULL, NULL,
	 "the command that turns UTF-8 text into PostScript (default: paps with a Chinese font)", NULL},
	{"page_lines", T_CUSTOM, false, F(rules_site, page_lines), NULL, load_page_lines,
	 "lines on one printed page of a text report (20 to 500)", "66"},
	{"language", T_REF, false, F(rules_site, language), NULL, NULL,
	 "the interface language whatever the user's locale: zh_CN or en", NULL},
	{0},
};

static const spec duty_log_specs[] = {
	{"categories", T_LIST, false, F(rules_duty_log, categories), &item_list, NULL,
	 "categories of duty log entries, the first the default", NULL},
	{0},
};

static const spec sla_specs[] = {
	{"at_risk", T_INT, false, F(rules_sla, at_risk), NULL, NULL,
	 "percent of a target used up that makes the clock at risk", "75"},
	{0},
};

static const spec shift_specs[] = {
	{"id", T_ID, true, F(rules_shift, id), NULL, NULL, "the code shown in the roster, such as D", NULL},
	{"name", T_STRING, true, F(rules_shift, name), NULL, NULL, "name people see", NULL},
	{"time", T_SPAN, true, F(rules_shift, time), NULL, NULL,
	 "start and end, such as \"20:00-08:00\"", NULL},
	{"min_people", T_INT, false, F(rules_shift, min_people), NULL, NULL,
	 "how many must be on duty", "1"},
	{"roles", T_REFS, false, F(rules_shift, roles), NULL, NULL,
	 "roles at least one person on the shift must hold", NULL},
	{0},
};
static const list_spec shift_list = {sizeof(rules_shift), shift_specs};

static const spec rotation_specs[] = {
	{"id", T_ID, true, F(rules_rotation, id), NULL, NULL, "short name", NULL},
	{"name", T_STRING, true, F(rules_rotation, name), NULL, NULL, "name people see", NULL},
	{"pattern", T_REFS, true, F(rules_rotation, pattern), NULL, NULL,
	 "one shift id (or - for a day off) per day of the cycle", NULL},
	{"stagger", T_INT, false, F(rules_rotation, stagger), NULL, NULL,
	 "days each next person starts further on in the cycle", "1"},
	{0},
};
static const list_spec rotation_list = {sizeof(rules_rotation), rotation_specs};

static const spec duty_assign_specs[] = {
	{"category", T_REF, true, F(rules_duty_assign, category), NULL, NULL, "incident category", NULL},
	{"role", T_REF, true, F(rules_duty_assign, role), NULL, NULL,
	 "the on-duty holder of this role gets the incident", NULL},
	{0},
};
static const list_spec duty_assign_list = {sizeof(rules_duty_assign), duty_assign_specs};

static const spec roster_specs[] = {
	{"calendar", T_REF, false, F(rules_roster, calendar), NULL, NULL,
	 "calendar whose holidays and make-up workdays the roster marks", NULL},
	{"min_rest", T_DURATION, false, F(rules_roster, min_rest), NULL, NULL,
	 "least time off between two shifts of one person (roster check)", NULL},
	{"rotations", T_LIST, false, F(rules_roster, rotations), &rotation_list, NULL,
	 "patterns for filling the roster", NULL},
	{"assign", T_LIST, false, F(rules_roster, assign), &duty_assign_list, NULL,
	 "new incidents go to the on-duty holder of a role", NULL},
	{0},
};

static const spec escalation_specs[] = {
	{"id", T_ID, true, F(rules_escalation, id), NULL, NULL, "short name", NULL},
	{"name", T_STRING, true, F(rules_escalation, name), NULL, NULL, "name people see", NULL},
	{"when", T_REF, true, F(rules_escalation, when), NULL, NULL, "at_risk or breached", NULL},
	{"notify", T_REFS, false, F(rules_escalation, notify), NULL, NULL,
	 "roles told besides the assignee", NULL},
	{"command", T_REFS, true, F(rules_escalation, command), NULL, NULL,
	 "the notification command, as a list of arguments", NULL},
	{0},
};
static const list_spec escalation_list = {sizeof(rules_escalation), escalation_specs};

static const spec severity_specs[] = {
	{"id", T_STRING, true, F(rules_alert_severity, id), NULL, NULL, "monitoring's severity", NULL},
	{"impact", T_REF, true, F(rules_alert_severity, impact), NULL, NULL, "impact level", NULL},
	{"urgency", T_REF, true, F(rules_alert_severity, urgency), NULL, NULL, "urgency level", NULL},
	{0},
};
static const list_spec severity_list = {sizeof(rules_alert_severity), severity_specs};

static const spec alerts_specs[] = {
	{"severities", T_LIST, false, F(rules_alerts, severities), &severity_list, NULL,
	 "what monitoring's severities mean", NULL},
	{"channel", T_REF, false, F(rules_alerts, channel), NULL, NULL, "channel recorded", NULL},
	{"category", T_REF, false, F(rules_alerts, category), NULL, NULL, "category recorded", NULL},
	{"on_recovery", T_REF, false, F(rules_alerts, on_recovery), NULL, NULL, "note or resolve",
	 "note"},
	{"resolve_with", T_REF, false, F(rules_alerts, resolve_with), NULL, NULL,
	 "the transition a recovery takes", NULL},
	{0},
};

static const spec defaults_specs[] = {
	{"impact", T_REF, true, F(rules_defaults, impact), NULL, NULL, "impact of a quick intake", NULL},
	{"urgency", T_REF, true, F(rules_defaults, urgency), NULL, NULL, "urgency of a quick intake", NULL},
	{"category", T_REF, false, F(rules_defaults, category), NULL, NULL,
	 "category of a quick intake (default: the first)", NULL},
	{"channel", T_REF, false, F(rules_defaults, channel), NULL, NULL,
	 "channel of a quick intake (default: the first)", NULL},
	{0},
};

/* --- change management ----------------------------------------------------- */

static const spec change_type_specs[] = {
	{"id", T_ID, true, F(rules_change_type, id), NULL, NULL, "short name, such as normal", NULL},
	{"name", T_STRING, true, F(rules_change_type, name), NULL, NULL, "name people see", NULL},
	{"windows", T_REFS, false, F(rules_change_type, windows), NULL, NULL,
	 "maintenance windows its changes must lie in (none: any time)", NULL},
	{"transitions", T_REFS, false, F(rules_change_type, transitions), NULL, NULL,
	 "transitions only changes of the types naming them may take", NULL},
	{"review", T_BOOL, false, F(rules_change_type, review), NULL, NULL,
	 "needs its after-the-fact review before changes.review_before", NULL},
	{0},
};
static const list_spec change_type_list = {sizeof(rules_change_type), change_type_specs};

static const spec risk_question_specs[] = {
	{"id", T_ID, true, F(rules_risk_question, id), NULL, NULL, "short name", NULL},
	{"name", T_STRING, true, F(rules_risk_question, name), NULL, NULL, "the question", NULL},
	{"weight", T_INT, true, F(rules_risk_question, weight), NULL, NULL,
	 "what a yes adds to the score", NULL},
	{0},
};
static const list_spec risk_question_list = {sizeof(rules_risk_question), risk_question_specs};

static const spec risk_level_specs[] = {
	{"id", T_ID, true, F(rules_risk_level, id), NULL, NULL, "short name, such as high", NULL},
	{"name", T_STRING, true, F(rules_risk_level, name), NULL, NULL, "name people see", NULL},
	{"from", T_INT, true, F(rules_risk_level, from), NULL, NULL, "the lowest score of the level",
	 NULL},
	{0},
};
static const list_spec risk_level_list = {sizeof(rules_risk_level), risk_level_specs};

static const spec risk_specs[] = {
	{"questions", T_LIST, false, F(rules_changes, risk.questions) - F(rules_changes, risk),
	 &risk_question_list, NULL, "the questions of the assessment", NULL},
	{"levels", T_LIST, false, F(rules_changes, risk.levels) - F(rules_changes, risk),
	 &risk_level_list, NULL, "the risk levels, lowest first", NULL},
	{0},
};

static const spec approval_need_specs[] = {
	{"role", T_REF, true, F(rules_approval_need, role), NULL, NULL, "whose votes count", NULL},
	{"votes", T_INT, false, F(rules_approval_need, votes), NULL, NULL,
	 "approvals needed from the role's holders", "1"},
	{0},
};
static const list_spec approval_need_list = {sizeof(rules_approval_need), approval_need_specs};

static const spec approval_rule_specs[] = {
	{"type", T_REF, false, F(rules_approval, type), NULL, NULL, "change type (absent: any)", NULL},
	{"risk", T_REF, false, F(rules_approval, risk), NULL, NULL, "risk level (absent: any)", NULL},
	{"needs", T_LIST, true, F(rules_approval, needs), &approval_need_list, NULL,
	 "the approvals needed, by role", NULL},
	{"rejects", T_INT, false, F(rules_approval, rejects), NULL, NULL,
	 "rejections that reject the change", "1"},
	{0},
};
static const list_spec approval_rule_list = {sizeof(rules_approval), approval_rule_specs};

#define APPROVAL(member) (F(rules_changes, approval.member) - F(rules_changes, approval))
static const spec approval_specs[] = {
	{"state", T_REF, false, APPROVAL(state), NULL, NULL, "the state votes are taken in", NULL},
	{"approved", T_REF, false, APPROVAL(approved), NULL, NULL,
	 "the transition a change takes when its quorum is reached", NULL},
	{"rejected", T_REF, false, APPROVAL(rejected), NULL, NULL,
	 "the transition a change takes when it is rejected", NULL},
	{"rules", T_LIST, false, APPROVAL(rules), &approval_rule_list, NULL,
	 "who approves, per type and risk; the first match counts", NULL},
	{0},
};

static const spec freeze_specs[] = {
	{"id", T_ID, true, F(rules_freeze, id), NULL, NULL, "short name", NULL},
	{"name", T_STRING, true, F(rules_freeze, name), NULL, NULL, "name people see", NULL},
	{"from", T_REF, false, F(rules_freeze, from), NULL, NULL, "first day, YYYY-MM-DD", NULL},
	{"to", T_REF, false, F(rules_freeze, to), NULL, NULL, "last day, YYYY-MM-DD", NULL},
	{"month_end", T_INT, false, F(rules_freeze, month_end), NULL, NULL,
	 "the last days of every month", NULL},
	{"exempt", T_REFS, false, F(rules_freeze, exempt), NULL, NULL,
	 "change types it does not hold", NULL},
	{0},
};
static const list_spec freeze_list = {sizeof(rules_freeze), freeze_specs};

static const spec window_specs[] = {
	{"id", T_ID, true, F(rules_window, id), NULL, NULL, "short name", NULL},
	{"name", T_STRING, true, F(rules_window, name), NULL, NULL, "name people see", NULL},
	{"days", T_DAYS, true, F(rules_window, days), NULL, NULL, "the days it opens, [mon, ...]",
	 NULL},
	{"hours", T_SPAN, true, F(rules_window, hours), NULL, NULL,
	 "the span of the day, such as \"22:00-06:00\"", NULL},
	{0},
};
static const list_spec window_list = {sizeof(rules_window), window_specs};

static const spec conflicts_specs[] = {
	{"check_on", T_REFS, false, F(rules_conflicts, check_on), NULL, NULL,
	 "the transitions that check the change calendar", NULL},
	{"same_ci", T_REF, false, F(rules_conflicts, same_ci), NULL, NULL,
	 "another change on a CI in an overlapping window: block or override", "block"},
	{"freeze", T_REF, false, F(rules_conflicts, freeze), NULL, NULL,
	 "a window in a freeze period: block or override", "block"},
	{"off_duty", T_REF, false, F(rules_conflicts, off_duty), NULL, NULL,
	 "the implementer off duty or on leave: block or override", "override"},
	{"outside_window", T_REF, false, F(rules_conflicts, outside_window), NULL, NULL,
	 "a window outside the type's maintenance windows: block or override", "override"},
	{0},
};

static const spec changes_specs[] = {
	{"types", T_LIST, false, F(rules_changes, types), &change_type_list, NULL,
	 "the types of change", NULL},
	{"categories", T_LIST, false, F(rules_changes, categories), &item_list, NULL,
	 "what a change changes", NULL},
	{"risk", T_MAP, false, F(rules_changes, risk), risk_specs, NULL,
	 "the risk assessment", NULL},
	{"approval", T_MAP, false, F(rules_changes, approval), approval_specs, NULL,
	 "approval by the change board", NULL},
	{"freezes", T_LIST, false, F(rules_changes, freezes), &freeze_list, NULL,
	 "periods without changes", NULL},
	{"windows", T_LIST, false, F(rules_changes, windows), &window_list, NULL,
	 "maintenance windows", NULL},
	{"conflicts", T_MAP, false, F(rules_changes, conflicts), conflicts_specs, NULL,
	 "what the change calendar's conflicts do", NULL},
	{"review_before", T_REF, false, F(rules_changes, review_before), NULL, NULL,
	 "the transition a change of a review type needs its review for", NULL},
	{"max_window", T_DURATION, false, F(rules_changes, max_window), NULL, NULL,
	 "the longest window a change may ask for", "7d"},
	{0},
};

static const spec releases_specs[] = {
	{"go", T_REF, false, F(rules_releases, go), NULL, NULL,
	 "the go decision: needs every checklist item done", NULL},
	{0},
};
/* --- inspections: checklist templates ------------------------------------- */

static bool parse_bound(const char *s, size_t len, double *out)
{
	char buf[64];
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len == 0 || len >= sizeof buf)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (strcmp(buf, "-inf") == 0 || strcmp(buf, "inf") == 0 || strcmp(buf, "+inf") == 0) {
		*out = buf[0] == '-' ? -HUGE_VAL : HUGE_VAL;
		return true;
	}
	char *end;
	errno = 0;
	*out = strtod(buf, &end);
	return !errno && *end == '\0' && end != buf && isfinite(*out);
}

/* "[18, 27]", "(27, 30]", "(-inf, 15)": the bounds and which ends are open. */
static bool parse_interval(const char *s, rules_interval *iv)
{
	size_t len = strlen(s);
	const char *comma = strchr(s, ',');
	if (len < 5 || !comma || strchr(comma + 1, ',') || (s[0] != '[' && s[0] != '(') ||
	    (s[len - 1] != ']' && s[len - 1] != ')'))
		return false;
	iv->lo_open = s[0] == '(';
	iv->hi_open = s[len - 1] == ')';
	if (!parse_bound(s + 1, (size_t)(comma - s - 1), &iv->lo) ||
	    !parse_bound(comma + 1, (size_t)(s + len - 1 - comma - 1), &iv->hi))
		return false;
	/* an infinite end is never reached: it is open however written */
	if (isinf(iv->lo))
		iv->lo_open = true;
	if (isinf(iv->hi))
		iv->hi_open = true;
	return !(iv->lo == HUGE_VAL || iv->hi == -HUGE_VAL);
}

/* normal: "[18, 27]" or a list of such ranges */
static void load_intervals(loader *l, const ynode *n, void *field)
{
	rules_intervals *list = field;
	const ynode *const *items = n->kind == YN_SEQ ? (const ynode *const *)n->items : &n;
	size_t count = n->kind == YN_SEQ ? n->n : 1;
	if (n->kind == YN_MAP) {
		error_at(l, n, _("a range must be written as \"[LOW, HIGH]\" or a list of them"));
		return;
	}
	list->v = xcalloc(count ? count : 1, sizeof *list->v);
	for (size_t i = 0; i < count; i++) {
		const ynode *it = items[i];
		rules_interval iv = {{it->line, it->col}, NULL, 0, 0, false, false};
		if (it->kind != YN_SCALAR || !parse_interval(it->value, &iv)) {
			error_at(l, it,
				 _("'%s' is not a range: write [LOW, HIGH], with ( or ) for an end that is not included, and -inf or inf for none"),
				 it->kind == YN_SCALAR ? it->value : "?");
			continue;
		}
		iv.text = xstrdup(it->value);
		list->v[list->n++] = iv;
	}
}

static const spec interval_specs[] = {
	{"text", T_STRING, false, F(rules_interval, text), NULL, NULL, "", NULL},
	{0},
};
static const list_spec interval_list = {sizeof(rules_interval), interval_specs};

const char *const rules_item_kinds[] = {"check", "number", "percent", "choice", "text", NULL};

static const spec inspect_item_specs[] = {
	{"id", T_ID, true, F(rules_inspect_item, id), NULL, NULL, "short name, used with --item", NULL},
	{"text", T_STRING, true, F(rules_inspect_item, text), NULL, NULL, "what is checked", NULL},
	{"method", T_STRING, false, F(rules_inspect_item, method), NULL, NULL,
	 "how to check it and what normal is", NULL},
	{"kind", T_REF, true, F(rules_inspect_item, kind), NULL, NULL,
	 "check, number, percent, choice or text", NULL},
	{"unit", T_STRING, false, F(rules_inspect_item, unit), NULL, NULL, "unit of a number", NULL},
	{"normal", T_CUSTOM, false, F(rules_inspect_item, normal), &interval_list, load_intervals,
	 "ranges of normal readings", NULL},
	{"warning", T_CUSTOM, false, F(rules_inspect_item, warning), &interval_list, load_intervals,
	 "ranges of readings that warn", NULL},
	{"alarm", T_CUSTOM, false, F(rules_inspect_item, alarm), &interval_list, load_intervals,
	 "ranges of alarming readings (any reading outside every range is one)", NULL},
	{"choices", T_REFS, false, F(rules_inspect_item, choices), NULL, NULL,
	 "the answers of a choice", NULL},
	{"abnormal", T_REFS, false, F(rules_inspect_item, abnormal), NULL, NULL,
	 "the answers of a choice that are abnormal", NULL},
	{"required", T_BOOL, false, F(rules_inspect_item, required), NULL, NULL,
	 "a round must answer it", "true"},
	{"impact", T_REF, false, F(rules_inspect_item, impact), NULL, NULL,
	 "impact of the incident an abnormal reading opens (default: the template's)", NULL},
	{"urgency", T_REF, false, F(rules_inspect_item, urgency), NULL, NULL,
	 "urgency of that incident (default: the template's)", NULL},
	{0},
};
static const list_spec inspect_item_list = {sizeof(rules_inspect_item), inspect_item_specs};

static const spec applies_specs[] = {
	{"classes", T_REFS, false, 0, NULL, NULL, "CI classes", NULL},
	{"cis", T_REFS, false, sizeof(rules_refs), NULL, NULL, "asset tags", NULL},
	{"locations", T_REFS, false, 2 * sizeof(rules_refs), NULL, NULL,
	 "locations: the CIs standing there", NULL},
	{0},
};

static const spec frequency_specs[] = {
	{"every", T_DURATION, false, F(rules_frequency, every), NULL, NULL,
	 "a round every so long after the last, such as 4h", NULL},
	{"daily", T_REF, false, F(rules_frequency, daily), NULL, NULL, "each day at HH:MM", NULL},
	{"weekly", T_REF, false, F(rules_frequency, weekly), NULL, NULL,
	 "each week on a day (mon ... sun), at 'at'", NULL},
	{"monthly", T_INT, false, F(rules_frequency, monthly), NULL, NULL,
	 "each month on a day (1 to 31), at 'at'", NULL},
	{"at", T_REF, false, F(rules_frequency, at), NULL, NULL, "the time of a weekly or monthly round",
	 NULL},
	{"per_shift", T_BOOL, false, F(rules_frequency, per_shift), NULL, NULL,
	 "once in every shift of the roster", NULL},
	{"calendar", T_REF, false, F(rules_frequency, calendar), NULL, NULL,
	 "only on this calendar's working days", NULL},
	{"grace", T_DURATION, false, F(rules_frequency, grace), NULL, NULL,
	 "how long after due a round becomes overdue (default: when the next is due)", NULL},
	{0},
};

static const spec inspect_incident_specs[] = {
	{"category", T_REF, false, 0, NULL, NULL, "category of the incident (default: defaults')", NULL},
	{"impact", T_REF, false, sizeof(rules_ref), NULL, NULL, "impact (default: defaults')", NULL},
	{"urgency", T_REF, false, 2 * sizeof(rules_ref), NULL, NULL, "urgency (default: defaults')",
	 NULL},
	{"alarm_urgency", T_REF, false, 3 * sizeof(rules_ref), NULL, NULL,
	 "urgency for an alarming reading (default: urgency)", NULL},
	{0},
};

static const spec inspection_specs[] = {
	{"id", T_ID, true, F(rules_inspection, id), NULL, NULL, "short name used in commands", NULL},
	{"name", T_STRING, true, F(rules_inspection, name), NULL, NULL, "name people see", NULL},
	{"applies", T_MAP, true, F(rules_inspection, applies), applies_specs, NULL,
	 "classes, cis or locations it applies to", NULL},
	{"frequency", T_MAP, true, F(rules_inspection, frequency), frequency_specs, NULL,
	 "how often: every, daily, weekly, monthly or per_shift", NULL},
	{"role", T_REF, true, F(rules_inspection, role), NULL, NULL, "the role that does the round",
	 NULL},
	{"incident", T_MAP, false, F(rules_inspection, incident), inspect_incident_specs, NULL,
	 "what incidents of abnormal readings get", NULL},
	{"items", T_LIST, true, F(rules_inspection, items), &inspect_item_list, NULL,
	 "the checklist", NULL},
	{0},
};
static const list_spec inspection_list = {sizeof(rules_inspection), inspection_specs};

/* Problem management. */
static const spec recurrence_specs[] = {
	{"by", T_REF, true, F(rules_recurrence, by), NULL, NULL,
	 "what the incidents share: ci or category", NULL},
	{"count", T_INT, true, F(rules_recurrence, count), NULL, NULL,
	 "at least this many incidents (2 or more)", NULL},
	{"within", T_DURATION, true, F(rules_recurrence, within), NULL, NULL,
	 "recorded in the last so long (7d)", NULL},
	{0},
};
static const list_spec recurrence_list = {sizeof(rules_recurrence), recurrence_specs};

static const spec problems_specs[] = {
	{"recurrence", T_LIST, false, F(rules_problems, recurrence), &recurrence_list, NULL,
	 "when incidents count as a recurring fault", NULL},
	{"fishbone", T_LIST, false, F(rules_problems, fishbone), &item_list, NULL,
	 "the categories of a fishbone analysis", NULL},
	{0},
};

/* The service request catalogue. */
static const spec request_field_specs[] = {
	{"id", T_ID, true, F(rules_request_field, id), NULL, NULL, "the field's short name (request new --field ID=VALUE)", NULL},
	{"name", T_STRING, true, F(rules_request_field, name), NULL, NULL, "name people see", NULL},
	{"type", T_REF, false, F(rules_request_field, type), NULL, NULL,
	 "text, long, number, flag, choice, login or ci", "text"},
	{"required", T_BOOL, false, F(rules_request_field, required), NULL, NULL,
	 "a request of the type must give it", NULL},
	{"min", T_INT, false, F(rules_request_field, min), NULL, NULL, "number: the least value", NULL},
	{"max", T_INT, false, F(rules_request_field, max), NULL, NULL,
	 "number: the greatest value; text, long: the most bytes", NULL},
	{"choices", T_LIST, false, F(rules_request_field, choices), &item_list, NULL,
	 "choice: the values it may take", NULL},
	{0},
};
static const list_spec request_field_list = {sizeof(rules_request_field), request_field_specs};

static const spec approval_step_specs[] = {
	{"id", T_ID, true, F(rules_approval_step, id), NULL, NULL, "the step's short name", NULL},
	{"name", T_STRING, true, F(rules_approval_step, name), NULL, NULL, "name people see", NULL},
	{"roles", T_REFS, true, F(rules_approval_step, roles), NULL, NULL, "roles that may approve it", NULL},
	{0},
};
static const list_spec approval_step_list = {sizeof(rules_approval_step), approval_step_specs};

static const spec request_type_specs[] = {
	{"id", T_ID, true, F(rules_request_type, id), NULL, NULL, "the type's short name (request new --type ID)", NULL},
	{"name", T_STRING, true, F(rules_request_type, name), NULL, NULL, "name people see", NULL},
	{"response", T_DURATION, true, F(rules_request_type, response), NULL, NULL,
	 "time to the first response", NULL},
	{"resolution", T_DURATION, true, F(rules_request_type, resolution), NULL, NULL,
	 "time to fulfilment", NULL},
	{"calendar", T_REF, true, F(rules_request_type, calendar), NULL, NULL,
	 "calendar the clocks count in", NULL},
	{"fields", T_LIST, false, F(rules_request_type, fields), &request_field_list, NULL,
	 "the type's own form fields", NULL},
	{"approvals", T_LIST, false, F(rules_request_type, approvals), &approval_step_list, NULL,
	 "approval steps, in order, before the work starts", NULL},
	{0},
};
static const list_spec request_type_list = {sizeof(rules_request_type), request_type_specs};

static const spec knowledge_base_specs[] = {
	{"types", T_LIST, true, F(rules_knowledge_base, types), &item_list, NULL,
	 "the types of article (kb new --type ID)", NULL},
	{"plan_type", T_REF, false, F(rules_knowledge_base, plan_type), NULL, NULL,
	 "the type that is an emergency plan: trigger, roles, steps, recovery targets", "plan"},
	{"in_force", T_REFS, false, F(rules_knowledge_base, in_force), NULL, NULL,
	 "states of workflows.kb whose plans are shown on a major incident (default: every open one)",
	 NULL},
	{"reviewed_on", T_REFS, false, F(rules_knowledge_base, reviewed_on), NULL, NULL,
	 "transitions of workflows.kb that record who reviewed the article", NULL},
	{0},
};

static const spec requests_specs[] = {
	{"types", T_LIST, false, F(rules_requests, types), &request_type_list, NULL,
	 "the request types of the catalogue", NULL},
	{0},
};

/* version: 1, the only format this program reads */
static void load_version(loader *l, const ynode *n, void *field)
{
	if (!expect(l, n, YN_SCALAR, "version"))
		return;
	if (strcmp(n->value, "1") != 0) {
		error_at(l, n, _("version %s is not supported (this opsdesk reads version 1)"), n->value);
		return;
	}
	*(int *)field = 1;
}

/* permissions: {op: [role, ...], ...} */
static void load_permissions(loader *l, const ynode *n, void *field)
{
	if (!expect(l, n, YN_MAP, "permissions"))
		return;
	any_list *list = field;
	rules_permission *v = xcalloc(n->n, sizeof *v);
	list->v = v;
	for (size_t i = 0; i < n->n; i++) {
		const ynode *k = n->keys[i];
		bool known = false;
		for (const char *const *p = rules_known_permissions; *p; p++)
			known |= strcmp(*p, k->value) == 0;
		if (!known) {
			strbuf names = {0};
			for (const char *const *p = rules_known_permissions; *p; p++)
				sb_addf(&names, "%s%s", p == rules_known_permissions ? "" : ", ", *p);
			error_at(l, k, _("unknown permission '%s' (known: %s)"), k->value, names.buf);
			sb_free(&names);
			continue;
		}
		rules_permission *perm = &v[list->n++];
		perm->pos = (rules_pos){k->line, k->col};
		perm->op = xstrdup(k->value);
		spec roles = {k->value, T_REFS, false, 0, NULL, NULL, "", NULL};
		load_value(l, n->items[i], &roles, &perm->roles);
	}
}

/* priority_matrix: {impact: {urgency: priority, ...}, ...} */
static void load_matrix(loader *l, const ynode *n, void *field)
{
	if (!expect(l, n, YN_MAP, "priority_matrix"))
		return;
	any_list *list = field;
	size_t total = 0;
	for (size_t i = 0; i < n->n; i++)
		total += n->items[i]->kind == YN_MAP ? n->items[i]->n : 0;
	rules_matrix_cell *v = xcalloc(total, sizeof *v);
	list->v = v;
	for (size_t i = 0; i < n->n; i++) {
		const ynode *row = n->items[i];
		if (!expect(l, row, YN_MAP, n->keys[i]->value))
			continue;
		for (size_t j = 0; j < row->n; j++) {
			const ynode *cell = row->items[j];
			if (!expect(l, cell, YN_SCALAR, row->keys[j]->value))
				continue;
			v[list->n++] = (rules_matrix_cell){{cell->line, cell->col},
							   xstrdup(n->keys[i]->value),
							   xstrdup(row->keys[j]->value),
							   xstrdup(cell->value)};
		}
	}
}

static const spec matrix_cell_specs[] = {
	{"impact", T_STRING, false, F(rules_matrix_cell, impact), NULL, NULL, "", NULL},
	{"urgency", T_STRING, false, F(rules_matrix_cell, urgency), NULL, NULL, "", NULL},
	{"priority", T_STRING, false, F(rules_matrix_cell, priority), NULL, NULL, "", NULL},
	{0},
};
static const list_spec matrix_list = {sizeof(rules_matrix_cell), matrix_cell_specs};

static const spec top_specs[] = {
	{"version", T_CUSTOM, true, F(rules, version), NULL, load_version, "format version, 1", NULL},
	{"site", T_MAP, true, F(rules, site), site_specs, NULL, "name, time zone, database", NULL},
	{"roles", T_LIST, true, F(rules, roles), &role_list, NULL, "roles of the centre", NULL},
	{"permissions", T_CUSTOM, true, F(rules, permissions), &permission_list, load_permissions,
	 "who may do what outside workflows", NULL},
	{"calendars", T_LIST, true, F(rules, calendars), &calendar_list, NULL,
	 "calendars for SLA clocks", NULL},
	{"priorities", T_LIST, true, F(rules, priorities), &priority_list, NULL,
	 "priorities and SLA targets", NULL},
	{"impact", T_LIST, true, F(rules, impact), &item_list, NULL, "impact levels", NULL},
	{"urgency", T_LIST, true, F(rules, urgency), &item_list, NULL, "urgency levels", NULL},
	{"priority_matrix", T_CUSTOM, true, F(rules, matrix), &matrix_list, load_matrix,
	 "priority for each impact and urgency", NULL},
	{"defaults", T_MAP, true, F(rules, defaults), defaults_specs, NULL,
	 "impact and urgency of a quick intake", NULL},
	{"categories", T_LIST, true, F(rules, categories), &item_list, NULL, "fault categories", NULL},
	{"channels", T_LIST, true, F(rules, channels), &item_list, NULL, "how reports arrive", NULL},
	/* added in 0.2: optional, so a 0.1 rules file still loads */
	{"ci_classes", T_LIST, false, F(rules, ci_classes), &item_list, NULL,
	 "classes of configuration items", NULL},
	{"ci_statuses", T_LIST, false, F(rules, ci_statuses), &item_list, NULL,
	 "statuses of configuration items, the first for new ones", NULL},
	{"sla", T_MAP, false, F(rules, sla), sla_specs, NULL, "how SLA clocks are judged", NULL},
	{"escalations", T_LIST, false, F(rules, escalations), &escalation_list, NULL,
	 "who is told when SLA clocks are at risk or breached", NULL},
	{"alerts", T_MAP, false, F(rules, alerts), alerts_specs, NULL,
	 "how alerts from monitoring become incidents", NULL},
	{"workflows", T_MAP, true, F(rules, workflows), workflows_specs, NULL,
	 "record lifecycles", NULL},
	/* added in 0.3, optional: without shifts there is no roster */
	{"shifts", T_LIST, false, F(rules, shifts), &shift_list, NULL, "the shifts of the duty roster",
	 NULL},
	{"roster", T_MAP, false, F(rules, roster), roster_specs, NULL,
	 "holidays, rotations and duty assignment of the roster", NULL},
	/* added in 0.4, optional */
	{"duty_log", T_MAP, false, F(rules, duty_log), duty_log_specs, NULL,
	 "the duty log's categories", NULL},
	/* added in 0.5, optional: without them there are no changes or releases */
	{"changes", T_MAP, false, F(rules, changes), changes_specs, NULL,
	 "change types, risk assessment, CAB approval, freezes, maintenance windows", NULL},
	{"releases", T_MAP, false, F(rules, releases), releases_specs, NULL,
	 "the release's go decision", NULL},
	/* added in 0.5, optional */
	{"inspections", T_LIST, false, F(rules, inspections), &inspection_list, NULL,
	 "inspection checklist templates", NULL},
	/* added in 0.5, optional: without it there are no service requests */
	{"requests", T_MAP, false, F(rules, requests), requests_specs, NULL,
	 "the service request catalogue", NULL},
	/* added in 0.6, optional: without it nothing counts as recurring */
	{"problems", T_MAP, false, F(rules, problems), problems_specs, NULL,
	 "recurrence detection and the fishbone's categories", NULL},
	/* added in 0.6, optional: without it every article is of type article */
	{"knowledge_base", T_MAP, false, F(rules, knowledge_base), knowledge_base_specs, NULL,
	 "the knowledge base's types of article and emergency plans", NULL},
	{0},
};

/* --- cross-references and sense ------------------------------------------- */

/* Every element of an id'd list starts like this, so lists of any element
 * type can be searched and checked by one function. */
typedef struct id_head {
	rules_pos pos;
	char *id;
} id_head;

static const void *find_id(const void *base, size_t n, size_t size, const char *want)
{
	for (size_t i = 0; want && i < n; i++) {
		const id_head *h = (const void *)((const char *)base + i * size);
		if (h->id && strcmp(h->id, want) == 0)
			return h;
	}
	return NULL;
}
#define FIND_ID(list, want) find_id((list).v, (list).n, sizeof *(list).v, (want))

static void check_unique(loader *l, const void *base, size_t n, size_t size, const char *what)
{
	for (size_t i = 0; i < n; i++) {
		const id_head *h = (const void *)((const char *)base + i * size);
		const id_head *first = find_id(base, i, size, h->id);
		if (first)
			diag_add(l->d, h->pos.line, h->pos.col,
				 _("%s '%s' is defined twice (first at line %d)"), what, h->id,
				 first->pos.line);
	}
}
#define CHECK_UNIQUE(l, list, what) check_unique((l), (list).v, (list).n, sizeof *(list).v, (what))

static void ref_error(loader *l, const rules_ref *ref, const char *what, const char *where)
{
	diag_add(l->d, ref->line, ref->col, _("%s: %s '%s' is not defined"), where, what, ref->id);
}

static void check_role_refs(loader *l, const rules *r, const rules_refs *refs, const char *where)
{
	for (size_t i = 0; i < refs->n; i++)
		if (!FIND_ID(r->roles, refs->v[i].id))
			ref_error(l, &refs->v[i], "role", where);
}

static bool timezone_known(const char *tz)
{
	if (strcmp(tz, "UTC") == 0)
		return true;
	if (tz[0] == '/' || strstr(tz, ".."))
		return false;
	char path[512];
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz);
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void check_site(loader *l, const rules *r)
{
	const rules_ref *tz = &r->site.timezone;
	if (tz->id && !timezone_known(tz->id))
		diag_add(l->d, tz->line, tz->col, _("site.timezone: unknown time zone '%s'"), tz->id);
	const rules_ref *lang = &r->site.language;
	if (lang->id && !i18n_known(lang->id))
		diag_add(l->d, lang->line, lang->col,
			 _("site.language: '%s' is not a language of the interface (zh_CN or en)"), lang->id);
	const rules_refs *cmds[] = {&r->site.print_command, &r->site.print_filter};
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < cmds[k]->n; i++)
			if (!cmds[k]->v[i].id[0] && i == 0)
				diag_add(l->d, cmds[k]->v[i].line, cmds[k]->v[i].col,
					 _("site.%s: the program must not be empty"),
					 k ? "print_filter" : "print_command");
	check_unique(l, r->duty_log.categories.v, r->duty_log.categories.n,
		     sizeof *r->duty_log.categories.v, "duty_log.categories");
}

static void check_roles(loader *l, const rules *r)
{
	CHECK_UNIQUE(l, r->roles, "role");
	size_t managers = 0;
	for (size_t i = 0; i < r->roles.n; i++)
		managers += r->roles.v[i].manager;
	if (managers != 1)
		diag_add(l->d, r->roles.n ? r->roles.v[0].pos.line : 1,
			 r->roles.n ? r->roles.v[0].pos.col : 1,
			 _("roles: exactly one role must have 'manager: true' (found %zu)"), managers);
	for (size_t i = 0; i < r->permissions.n; i++)
		check_role_refs(l, r, &r->permissions.v[i].roles, r->permissions.v[i].op);
}

static void check_calendars(loader *l, const rules *r)
{
	CHECK_UNIQUE(l, r->calendars, "calendar");
	for (size_t i = 0; i < r->calendars.n; i++) {
		const rules_calendar *c = &r->calendars.v[i];
		bool timed = c->hours.end > 0;
		if (c->always && (timed || c->days))
			diag_add(l->d, c->pos.line, c->pos.col,
				 _("calendar '%s': 'always: true' cannot have hours or days"), c->id);
		if (!c->always && (!timed || !c->days))
			diag_add(l->d, c->pos.line, c->pos.col,
				 _("calendar '%s' needs 'always: true', or both 'hours' and 'days'"),
				 c->id ? c->id : "?");
	}
}

static void check_priorities(loader *l, const rules *r)
{
	CHECK_UNIQUE(l, r->priorities, "priority");
	CHECK_UNIQUE(l, r->impact, "impact level");
	CHECK_UNIQUE(l, r->urgency, "urgency level");
	CHECK_UNIQUE(l, r->categories, "category");
	CHECK_UNIQUE(l, r->channels, "channel");
	CHECK_UNIQUE(l, r->ci_classes, "CI class");
	CHECK_UNIQUE(l, r->ci_statuses, "CI status");
	if (r->sla.at_risk < 1 || r->sla.at_risk > 99)
		diag_add(l->d, 1, 1, _("sla.at_risk: %d is not a percentage between 1 and 99"),
			 r->sla.at_risk);
	for (size_t i = 0; i < r->priorities.n; i++) {
		const rules_priority *p = &r->priorities.v[i];
		if (p->calendar.id && !FIND_ID(r->calendars, p->calendar.id))
			ref_error(l, &p->calendar, "calendar", p->id ? p->id : "priority");
		if (p->response && p->resolution && p->response > p->resolution)
			diag_add(l->d, p->pos.line, p->pos.col,
				 _("priority '%s': response target is longer than resolution target"),
				 p->id);
	}
	for (size_t i = 0; i < r->matrix.n; i++) {
		const rules_matrix_cell *c = &r->matrix.v[i];
		if (!FIND_ID(r->impact, c->impact))
			diag_add(l->d, c->pos.line, c->pos.col,
				 _("priority_matrix: impact level '%s' is not defined"), c->impact);
		else if (!FIND_ID(r->urgency, c->urgency))
			diag_add(l->d, c->pos.line, c->pos.col,
				 _("priority_matrix: urgency level '%s' is not defined"), c->urgency);
		else if (!FIND_ID(r->priorities, c->priority))
			diag_add(l->d, c->pos.line, c->pos.col,
				 _("priority_matrix: priority '%s' is not defined"), c->priority);
	}
	for (size_t i = 0; i < r->impact.n; i++) {
		const char *impact = r->impact.v[i].id;
		rules_pos at = r->impact.v[i].pos;
		bool has_row = false;
		/* point at the impact's row of the matrix when it has one */
		for (size_t k = 0; impact && k < r->matrix.n && !has_row; k++)
			if (strcmp(r->matrix.v[k].impact, impact) == 0)
				at = r->matrix.v[k].pos, has_row = true;
		for (size_t j = 0; impact && j < r->urgency.n; j++) {
			const char *urgency = r->urgency.v[j].id;
			/* any entry for the pair counts: an undefined priority is
			 * reported on its own */
			bool given = false;
			for (size_t k = 0; urgency && k < r->matrix.n && !given; k++)
				given = strcmp(r->matrix.v[k].impact, impact) == 0 &&
					strcmp(r->matrix.v[k].urgency, urgency) == 0;
			if (urgency && !given)
				diag_add(l->d, at.line, at.col,
					 _("priority_matrix has no priority for impact '%s' with urgency '%s'"),
					 impact, urgency);
		}
	}
	if (r->defaults.impact.id && !FIND_ID(r->impact, r->defaults.impact.id))
		ref_error(l, &r->defaults.impact, "impact level", "defaults.impact");
	if (r->defaults.urgency.id && !FIND_ID(r->urgency, r->defaults.urgency.id))
		ref_error(l, &r->defaults.urgency, "urgency level", "defaults.urgency");
	if (r->defaults.category.id && !FIND_ID(r->categories, r->defaults.category.id))
		ref_error(l, &r->defaults.category, "category", "defaults.category");
	if (r->defaults.channel.id && !FIND_ID(r->channels, r->defaults.channel.id))
		ref_error(l, &r->defaults.channel, "channel", "defaults.channel");
}

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

/* Each {name} in an argument must be a known placeholder. */
static void check_placeholders(loader *l, const rules_ref *arg, const char *where)
{
	for (const char *p = strchr(arg->id, '{'); p; p = strchr(p + 1, '{')) {
		const char *end = strchr(p, '}');
		char name[32] = "";
		if (end && end - p - 1 < (int)sizeof name)
			snprintf(name, sizeof name, "%.*s", (int)(end - p - 1), p + 1);
		if (!end || !in_list(rules_notify_placeholders, name)) {
			strbuf known = {0};
			for (const char *const *k = rules_notify_placeholders; *k; k++)
				sb_addf(&known, "%s{%s}", k == rules_notify_placeholders ? "" : " ", *k);
			diag_add(l->d, arg->line, arg->col,
				 _("%s: '%s' has an unknown placeholder (known: %s)"), where, arg->id,
				 known.buf);
			sb_free(&known);
			return;
		}
	}
}

static void check_escalations(loader *l, const rules *r)
{
	CHECK_UNIQUE(l, r->escalations, "escalation level");
	for (size_t i = 0; i < r->escalations.n; i++) {
		const rules_escalation *e = &r->escalations.v[i];
		char where[80];
		snprintf(where, sizeof where, _("escalation '%s'"), e->id ? e->id : "?");
		if (e->when.id && strcmp(e->when.id, "at_risk") != 0 && strcmp(e->when.id, "breached") != 0)
			diag_add(l->d, e->when.line, e->when.col,
				 _("%s: when must be at_risk or breached, not '%s'"), where, e->when.id);
		check_role_refs(l, r, &e->notify, where);
		if (e->command.n == 0 && e->pos.line)
			diag_add(l->d, e->pos.line, e->pos.col, _("%s: the command is empty"), where);
		else if (e->command.n && e->command.v[0].id[0] != '/')
			diag_add(l->d, e->command.v[0].line, e->command.v[0].col,
				 _("%s: the command must be an absolute path, not '%s'"), where,
				 e->command.v[0].id);
		for (size_t j = 0; j < e->command.n; j++)
			check_placeholders(l, &e->command.v[j], where);
	}
	const rules_alerts *a = &r->alerts;
	for (size_t i = 0; i < a->severities.n; i++) {
		const rules_alert_severity *sv = &a->severities.v[i];
		if (sv->impact.id && !FIND_ID(r->impact, sv->impact.id))
			ref_error(l, &sv->impact, "impact level", "alerts.severities");
		if (sv->urgency.id && !FIND_ID(r->urgency, sv->urgency.id))
			ref_error(l, &sv->urgency, "urgency level", "alerts.severities");
		for (size_t j = 0; j < i; j++)
			if (sv->id && a->severities.v[j].id && strcmp(sv->id, a->severities.v[j].id) == 0)
				diag_add(l->d, sv->pos.line, sv->pos.col,
					 _("alerts: severity '%s' is given twice"), sv->id);
	}
	if (a->channel.id && !FIND_ID(r->channels, a->channel.id))
		ref_error(l, &a->channel, "channel", "alerts.channel");
	if (a->category.id && !FIND_ID(r->categories, a->category.id))
		ref_error(l, &a->category, "category", "alerts.category");
	if (a->on_recovery.id && strcmp(a->on_recovery.id, "note") != 0 &&
	    strcmp(a->on_recovery.id, "resolve") != 0)
		diag_add(l->d, a->on_recovery.line, a->on_recovery.col,
			 _("alerts.on_recovery must be note or resolve, not '%s'"), a->on_recovery.id);
	bool resolving = a->on_recovery.id && strcmp(a->on_recovery.id, "resolve") == 0;
	const rules_workflow *w = &r->workflows.incident;
	if (resolving && !a->resolve_with.id)
		diag_add(l->d, a->on_recovery.line, a->on_recovery.col,
			 _("alerts: on_recovery: resolve needs resolve_with (a transition)"));
	if (a->resolve_with.id && !FIND_ID(w->transitions, a->resolve_with.id))
		ref_error(l, &a->resolve_with, "transition", "alerts.resolve_with");
}

static void format_minute(char *buf, size_t len, int minute)
{
	snprintf(buf, len, "%02d:%02d", minute / 60, minute % 60);
}

/* A 7x24 roster: the shifts together cover every minute of the day once. */
static void check_day_coverage(loader *l, const rules *r)
{
	int owner[1440];
	for (int m = 0; m < 1440; m++)
		owner[m] = -1;
	for (size_t i = 0; i < r->shifts.n; i++) {
		const rules_shift *s = &r->shifts.v[i];
		if (s->time.start == s->time.end)
			continue; /* its time was refused already */
		int len = rules_shift_minutes(s), overlap_from = -1, other = -1;
		for (int k = 0; k <= len; k++) {
			int m = (s->time.start + k) % 1440;
			bool clash = k < len && owner[m] >= 0;
			if (clash && overlap_from < 0)
				overlap_from = m, other = owner[m];
			if (!clash && overlap_from >= 0) {
				char a[8], b[8];
				format_minute(a, sizeof a, overlap_from);
				format_minute(b, sizeof b, m);
				diag_add(l->d, s->pos.line, s->pos.col,
					 _("shift '%s' overlaps shift '%s' from %s to %s"), s->id,
					 r->shifts.v[other].id, a, b);
				overlap_from = -1;
			}
			if (k < len && owner[m] < 0)
				owner[m] = (int)i;
		}
	}
	/* gaps, found around the clock from a covered minute */
	int first_covered = -1;
	for (int m = 0; m < 1440 && first_covered < 0; m++)
		if (owner[m] >= 0)
			first_covered = m;
	if (first_covered < 0)
		return;
	for (int k = 1; k <= 1440; k++) {
		int m = (first_covered + k) % 1440;
		if (owner[m] >= 0)
			continue;
		int before = owner[(m + 1439) % 1440], end = m;
		while (owner[end] < 0)
			end = (end + 1) % 1440;
		char a[8], b[8];
		format_minute(a, sizeof a, m);
		format_minute(b, sizeof b, end);
		const rules_shift *s = &r->shifts.v[before];
		diag_add(l->d, s->pos.line, s->pos.col,
			 _("no shift covers %s to %s (after shift '%s'): a 7x24 roster needs every minute of the day"),
			 a, b, s->id);
		k += (end - m + 1440) % 1440;
	}
}

static void check_roster(loader *l, const rules *r)
{
	CHECK_UNIQUE(l, r->shifts, "shift");
	CHECK_UNIQUE(l, r->roster.rotations, "rotation");
	for (size_t i = 0; i < r->shifts.n; i++) {
		const rules_shift *s = &r->shifts.v[i];
		char where[64];
		snprintf(where, sizeof where, _("shift '%s'"), s->id ? s->id : "?");
		if (s->id && (strlen(s->id) > 3 || !isalnum((unsigned char)s->id[0])))
			diag_add(l->d, s->pos.line, s->pos.col,
				 _("%s: a shift code is 1 to 3 letters or digits, so it fits the roster grid"),
				 where);
		if (s->min_people < 1)
			diag_add(l->d, s->pos.line, s->pos.col,
				 _("%s: min_people must be at least 1"), where);
		check_role_refs(l, r, &s->roles, where);
	}
	if (r->shifts.n)
		check_day_coverage(l, r);
	for (size_t i = 0; i < r->roster.rotations.n; i++) {
		const rules_rotation *ro = &r->roster.rotations.v[i];
		char where[64];
		snprintf(where, sizeof where, _("rotation '%s'"), ro->id ? ro->id : "?");
		if (ro->pattern.n == 0 && ro->pos.line)
			diag_add(l->d, ro->pos.line, ro->pos.col, _("%s: the pattern is empty"), where);
		for (size_t j = 0; j < ro->pattern.n; j++)
			if (strcmp(ro->pattern.v[j].id, "-") != 0 &&
			    !FIND_ID(r->shifts, ro->pattern.v[j].id))
				diag_add(l->d, ro->pattern.v[j].line, ro->pattern.v[j].col,
					 _("%s: '%s' is not a shift (use a shift id, or - for a day off)"),
					 where, ro->pattern.v[j].id);
	}
	const rules_ref *cal = &r->roster.calendar;
	if (cal->id && !FIND_ID(r->calendars, cal->id))
		ref_error(l, cal, "calendar", "roster.calendar");
	for (size_t i = 0; i < r->roster.assign.n; i++) {
		const rules_duty_assign *a = &r->roster.assign.v[i];
		if (a->category.id && !FIND_ID(r->categories, a->category.id))
			ref_error(l, &a->category, "category", "roster.assign");
		if (a->role.id && !FIND_ID(r->roles, a->role.id))
			ref_error(l, &a->role, "role", "roster.assign");
		for (size_t j = 0; j < i && a->category.id; j++)
			if (r->roster.assign.v[j].category.id &&
			    strcmp(r->roster.assign.v[j].category.id, a->category.id) == 0)
				diag_add(l->d, a->pos.line, a->pos.col,
					 _("roster.assign: category '%s' is given twice"), a->category.id);
	}
	if ((r->roster.rotations.n || r->roster.assign.n) && !r->shifts.n)
		diag_add(l->d, 1, 1, _("roster: rotations and assign need shifts to be defined"));
}

/* A field a transition of kind k may require: one it may set, or the note. */
static bool settable(const record_kind *k, const char *id)
{
	if (strcmp(id, "note") == 0)
		return true;
	const record_field *f = record_field_find(k, id);
	return f && (f->where & RW_SET);
}

static void check_requires(loader *l, const record_kind *k, const rules_refs *refs,
			   const char *where)
{
	for (size_t j = 0; j < refs->n; j++)
		if (!settable(k, refs->v[j].id))
			diag_add(l->d, refs->v[j].line, refs->v[j].col,
				 _("%s requires unknown field '%s'"), where, refs->v[j].id);
}

static void check_workflow(loader *l, const rules *r, const record_kind *k)
{
	const rules_workflow *w = rules_workflow_named(r, k->name);
	if (!w || !w->initial.id)
		return; /* absent: the kind is not in use */
	char name[64];
	snprintf(name, sizeof name, "workflows.%s", k->name);
	CHECK_UNIQUE(l, w->states, "state");
	CHECK_UNIQUE(l, w->transitions, "transition");
	if (w->initial.id && !FIND_ID(w->states, w->initial.id))
		ref_error(l, &w->initial, "state", name);
	for (size_t i = 0; i < w->transitions.n; i++) {
		const rules_transition *t = &w->transitions.v[i];
		char where[96];
		snprintf(where, sizeof where, _("transition '%s'"), t->id ? t->id : "?");
		for (size_t j = 0; j < t->from.n; j++) {
			const rules_state *s = FIND_ID(w->states, t->from.v[j].id);
			if (!s)
				ref_error(l, &t->from.v[j], "state", where);
			else if (s->final)
				diag_add(l->d, t->from.v[j].line, t->from.v[j].col,
					 _("%s leaves final state '%s' (nothing may leave a final state)"),
					 where, s->id);
		}
		if (t->to.id && !FIND_ID(w->states, t->to.id))
			ref_error(l, &t->to, "state", where);
		check_role_refs(l, r, &t->roles, where);
		check_requires(l, k, &t->requires, where);
		check_requires(l, k, &t->requires_if_major, where);
	}
	/* every state reachable from the initial one; every non-final state has a way out */
	size_t n = w->states.n;
	bool *reached = xcalloc(n ? n : 1, sizeof *reached);
	const rules_state *init = FIND_ID(w->states, w->initial.id);
	if (init) {
		reached[init - w->states.v] = true;
		for (bool grew = true; grew;) {
			grew = false;
			for (size_t i = 0; i < w->transitions.n; i++) {
				const rules_transition *t = &w->transitions.v[i];
				const rules_state *to = FIND_ID(w->states, t->to.id);
				if (!to || reached[to - w->states.v])
					continue;
				for (size_t j = 0; j < t->from.n; j++) {
					const rules_state *from = FIND_ID(w->states, t->from.v[j].id);
					if (from && reached[from - w->states.v]) {
						reached[to - w->states.v] = grew = true;
						break;
					}
				}
			}
		}
		for (size_t i = 0; i < n; i++)
			if (!reached[i] && w->states.v[i].id)
				diag_add(l->d, w->states.v[i].pos.line, w->states.v[i].pos.col,
					 _("%s: state '%s' cannot be reached from '%s'"), name,
					 w->states.v[i].id, init->id);
	}
	free(reached);
	for (size_t i = 0; i < n; i++) {
		const rules_state *s = &w->states.v[i];
		bool way_out = false;
		for (size_t t = 0; t < w->transitions.n && !way_out; t++)
			for (size_t j = 0; j < w->transitions.v[t].from.n; j++)
				way_out |= s->id && strcmp(w->transitions.v[t].from.v[j].id, s->id) == 0;
		if (!s->final && !way_out && s->id)
			diag_add(l->d, s->pos.line, s->pos.col,
				 _("%s: state '%s' is not final but no transition leaves it"), name, s->id);
	}
}

/* --- change management ---------------------------------------------------- */

static const rules_transition *transition_ref(loader *l, const rules_workflow *w,
					      const rules_ref *ref, const char *where)
{
	if (!ref->id)
		return NULL;
	const rules_transition *t = FIND_ID(w->transitions, ref->id);
	if (!t)
		ref_error(l, ref, "transition", where);
	return t;
}

static void check_policy(loader *l, const rules_ref *ref, const char *where)
{
	if (ref->id && strcmp(ref->id, "block") != 0 && strcmp(ref->id, "override") != 0)
		diag_add(l->d, ref->line, ref->col, _("%s must be block or override, not '%s'"), where,
			 ref->id);
}

/* A list of (pos, id, name, ...) elements as plain items, sharing the strings. */
static rules_item *as_items(const void *base, size_t n, size_t size)
{
	rules_item *v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		const struct {
			rules_pos pos;
			char *id, *name;
		} *h = (const void *)((const char *)base + i * size);
		v[i] = (rules_item){h->pos, h->id, h->name};
	}
	return v;
}

static bool ref_in_refs(const rules_refs *refs, const char *id)
{
	for (size_t i = 0; i < refs->n; i++)
		if (strcmp(refs->v[i].id, id) == 0)
			return true;
	return false;
}

static void check_changes(loader *l, rules *r)
{
	rules_changes *c = &r->changes;
	const rules_workflow *w = &r->workflows.change;
	/* workflows.change and workflows.release are checked with every kind's */
	CHECK_UNIQUE(l, c->types, "change type");
	CHECK_UNIQUE(l, c->categories, "change category");
	CHECK_UNIQUE(l, c->risk.questions, "risk question");
	CHECK_UNIQUE(l, c->risk.levels, "risk level");
	CHECK_UNIQUE(l, c->freezes, "freeze");
	CHECK_UNIQUE(l, c->windows, "maintenance window");
	c->type_items = as_items(c->types.v, c->types.n, sizeof *c->types.v);
	c->level_items = as_items(c->risk.levels.v, c->risk.levels.n, sizeof *c->risk.levels.v);
	if (w->initial.id) {
		if (!c->types.n)
			diag_add(l->d, w->pos.line, w->pos.col,
				 _("workflows.change needs changes.types (at least one type of change)"));
		if (!c->risk.levels.n)
			diag_add(l->d, w->pos.line, w->pos.col,
				 _("workflows.change needs changes.risk.levels (at least one risk level)"));
		if (!c->approval.state.id || !c->approval.approved.id || !c->approval.rejected.id)
			diag_add(l->d, w->pos.line, w->pos.col,
				 _("workflows.change needs changes.approval with state, approved and rejected"));
	}
	if (c->approval.state.id && !FIND_ID(w->states, c->approval.state.id))
		ref_error(l, &c->approval.state, "state", "changes.approval.state");
	const rules_ref *decided[] = {&c->approval.approved, &c->approval.rejected};
	for (int k = 0; k < 2; k++) {
		const rules_transition *t =
			transition_ref(l, w, decided[k], k ? "changes.approval.rejected"
							   : "changes.approval.approved");
		bool leaves = false;
		for (size_t j = 0; t && c->approval.state.id && j < t->from.n; j++)
			leaves |= strcmp(t->from.v[j].id, c->approval.state.id) == 0;
		if (t && c->approval.state.id && !leaves)
			diag_add(l->d, decided[k]->line, decided[k]->col,
				 _("changes.approval: transition '%s' does not leave state '%s'"), t->id,
				 c->approval.state.id);
	}
	for (size_t i = 0; i < c->types.n; i++) {
		const rules_change_type *t = &c->types.v[i];
		char where[96];
		snprintf(where, sizeof where, _("change type '%s'"), t->id ? t->id : "?");
		for (size_t j = 0; j < t->windows.n; j++)
			if (!FIND_ID(c->windows, t->windows.v[j].id))
				ref_error(l, &t->windows.v[j], "maintenance window", where);
		for (size_t j = 0; j < t->transitions.n; j++)
			transition_ref(l, w, &t->transitions.v[j], where);
	}
	for (size_t i = 0; i < c->risk.levels.n; i++) {
		const rules_risk_level *v = &c->risk.levels.v[i];
		if (i == 0 && v->from != 0)
			diag_add(l->d, v->pos.line, v->pos.col,
				 _("changes.risk.levels: the first level must start from 0, not %d"), v->from);
		if (i > 0 && v->from <= c->risk.levels.v[i - 1].from)
			diag_add(l->d, v->pos.line, v->pos.col,
				 _("changes.risk.levels: level '%s' must start above the level before it (from %d)"),
				 v->id ? v->id : "?", c->risk.levels.v[i - 1].from);
	}
	for (size_t i = 0; i < c->approval.rules.n; i++) {
		const rules_approval *a = &c->approval.rules.v[i];
		const char *where = "changes.approval.rules";
		if (a->type.id && !FIND_ID(c->types, a->type.id))
			ref_error(l, &a->type, "change type", where);
		if (a->risk.id && !FIND_ID(c->risk.levels, a->risk.id))
			ref_error(l, &a->risk, "risk level", where);
		if (!a->needs.n)
			diag_add(l->d, a->pos.line, a->pos.col,
				 _("%s: 'needs' names no role (at least one role and its votes)"), where);
		if (a->rejects < 1)
			diag_add(l->d, a->pos.line, a->pos.col, _("%s: rejects must be at least 1"),
				 where);
		for (size_t j = 0; j < a->needs.n; j++) {
			const rules_approval_need *nd = &a->needs.v[j];
			if (nd->role.id && !FIND_ID(r->roles, nd->role.id))
				ref_error(l, &nd->role, "role", where);
			/* the deciding vote takes the transition as its voter */
			for (int k = 0; k < 2 && nd->role.id; k++) {
				const rules_transition *t = decided[k]->id ? FIND_ID(w->transitions, decided[k]->id) : NULL;
				if (t && !ref_in_refs(&t->roles, nd->role.id))
					diag_add(l->d, nd->role.line, nd->role.col,
						 _("%s: role '%s' votes but may not take transition '%s' (add it to its roles)"),
						 where, nd->role.id, t->id);
			}
			if (nd->votes < 1)
				diag_add(l->d, nd->pos.line, nd->pos.col,
					 _("%s: votes must be at least 1"), where);
		}
	}
	for (size_t i = 0; i < c->freezes.n; i++) {
		const rules_freeze *f = &c->freezes.v[i];
		char where[96];
		snprintf(where, sizeof where, _("freeze '%s'"), f->id ? f->id : "?");
		int64_t from = 0, to = 0;
		bool dated = f->from.id || f->to.id;
		if (dated && f->month_end)
			diag_add(l->d, f->pos.line, f->pos.col,
				 _("%s: give either from and to, or month_end, not both"), where);
		else if (!dated && (f->month_end < 1 || f->month_end > 28))
			diag_add(l->d, f->pos.line, f->pos.col,
				 _("%s needs from and to (days), or month_end (1 to 28 days)"), where);
		const rules_ref *days[] = {&f->from, &f->to};
		for (int k = 0; dated && k < 2; k++)
			if (!days[k]->id)
				diag_add(l->d, f->pos.line, f->pos.col, _("%s is missing '%s'"), where,
					 k ? "to" : "from");
			else if (!civil_parse(days[k]->id, k ? &to : &from))
				diag_add(l->d, days[k]->line, days[k]->col,
					 _("%s: '%s' is not a date (YYYY-MM-DD)"), where, days[k]->id);
		if (f->from.id && f->to.id && from && to && to < from)
			diag_add(l->d, f->to.line, f->to.col, _("%s ends before it starts"), where);
		for (size_t j = 0; j < f->exempt.n; j++)
			if (!FIND_ID(c->types, f->exempt.v[j].id))
				ref_error(l, &f->exempt.v[j], "change type", where);
	}
	for (size_t i = 0; i < c->windows.n; i++)
		if (!c->windows.v[i].days)
			diag_add(l->d, c->windows.v[i].pos.line, c->windows.v[i].pos.col,
				 _("maintenance window '%s' opens on no day"), c->windows.v[i].id);
	const rules_conflicts *k = &c->conflicts;
	check_policy(l, &k->same_ci, "changes.conflicts.same_ci");
	check_policy(l, &k->freeze, "changes.conflicts.freeze");
	check_policy(l, &k->off_duty, "changes.conflicts.off_duty");
	check_policy(l, &k->outside_window, "changes.conflicts.outside_window");
	for (size_t j = 0; j < k->check_on.n; j++)
		transition_ref(l, w, &k->check_on.v[j], "changes.conflicts.check_on");
	transition_ref(l, w, &c->review_before, "changes.review_before");
	if (c->max_window < 1)
		diag_add(l->d, 1, 1, _("changes.max_window must be longer than 0"));
	transition_ref(l, &r->workflows.release, &r->releases.go, "releases.go");
}

const rules_change_type *rules_change_type_find(const rules *r, const char *id)
{
	return FIND_ID(r->changes.types, id);
}

const rules_risk_level *rules_risk_level_for(const rules *r, int score)
{
	const rules_risk_level *best = NULL;
	for (size_t i = 0; i < r->changes.risk.levels.n; i++)
		if (r->changes.risk.levels.v[i].from <= score)
			best = &r->changes.risk.levels.v[i];
	return best;
}

const rules_approval *rules_approval_for(const rules *r, const char *type, const char *risk)
{
	for (size_t i = 0; i < r->changes.approval.rules.n; i++) {
		const rules_approval *a = &r->changes.approval.rules.v[i];
		if ((!a->type.id || (type && strcmp(a->type.id, type) == 0)) &&
		    (!a->risk.id || (risk && strcmp(a->risk.id, risk) == 0)))
			return a;
	}
	return NULL;
}

/* --- inspections ----------------------------------------------------------- */

static bool interval_before(const rules_interval *a, const rules_interval *b)
{
	return a->hi < b->lo || (a->hi == b->lo && (a->hi_open || b->lo_open));
}

bool rules_interval_has(const rules_interval *iv, double v)
{
	bool above = iv->lo_open ? v > iv->lo : v >= iv->lo;
	bool below = iv->hi_open ? v < iv->hi : v <= iv->hi;
	return above && below;
}

/* Every range runs forwards, and no two ranges of an item (of any level)
 * share a reading: a reading has exactly one meaning. */
static void check_item_ranges(loader *l, const rules_inspect_item *it, const char *where)
{
	const rules_intervals *levels[] = {&it->normal, &it->warning, &it->alarm};
	static const char *const names[] = {"normal", "warning", "alarm"};
	for (int a = 0; a < 3; a++)
		for (size_t i = 0; i < levels[a]->n; i++) {
			const rules_interval *x = &levels[a]->v[i];
			if (x->lo > x->hi || (x->lo == x->hi && (x->lo_open || x->hi_open)))
				diag_add(l->d, x->pos.line, x->pos.col,
					 _("%s: %s range %s runs backwards (or holds no reading)"),
					 where, names[a], x->text);
			else if (it->kind_id == INSPECT_PERCENT && (x->lo < 0 || x->hi > 100))
				diag_add(l->d, x->pos.line, x->pos.col,
					 _("%s: %s range %s is not within 0 to 100 percent"), where,
					 names[a], x->text);
			for (int b = 0; b <= a; b++)
				for (size_t j = 0; j < (b == a ? i : levels[b]->n); j++) {
					const rules_interval *y = &levels[b]->v[j];
					if (!interval_before(x, y) && !interval_before(y, x))
						diag_add(l->d, x->pos.line, x->pos.col,
							 _("%s: %s range %s overlaps %s range %s (line %d)"),
							 where, names[a], x->text, names[b], y->text,
							 y->pos.line);
				}
		}
}

static void check_inspect_item(loader *l, const rules *r, rules_inspect_item *it,
			       const char *template_id)
{
	char where[128];
	snprintf(where, sizeof where, _("inspection '%s' item '%s'"), template_id,
		 it->id ? it->id : "?");
	int kind = -1;
	for (int k = 0; it->kind.id && rules_item_kinds[k]; k++)
		if (strcmp(rules_item_kinds[k], it->kind.id) == 0)
			kind = k;
	if (it->kind.id && kind < 0) {
		diag_add(l->d, it->kind.line, it->kind.col,
			 _("%s: kind '%s' is not check, number, percent, choice or text"), where,
			 it->kind.id);
		return;
	}
	it->kind_id = (rules_item_kind)kind;
	bool numeric = kind == INSPECT_NUMBER || kind == INSPECT_PERCENT;
	size_t ranges = it->normal.n + it->warning.n + it->alarm.n;
	if (numeric && it->normal.n == 0)
		diag_add(l->d, it->pos.line, it->pos.col, _("%s: a %s item needs its normal range"),
			 where, it->kind.id);
	if (!numeric && ranges)
		diag_add(l->d, it->pos.line, it->pos.col,
			 _("%s: only number and percent items have ranges"), where);
	if (numeric)
		check_item_ranges(l, it, where);
	if (kind == INSPECT_CHOICE && it->choices.n < 2)
		diag_add(l->d, it->pos.line, it->pos.col,
			 _("%s: a choice item needs at least two choices"), where);
	if (kind != INSPECT_CHOICE && (it->choices.n || it->abnormal.n))
		diag_add(l->d, it->pos.line, it->pos.col,
			 _("%s: only choice items have choices"), where);
	for (size_t i = 0; i < it->choices.n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(it->choices.v[i].id, it->choices.v[j].id) == 0)
				diag_add(l->d, it->choices.v[i].line, it->choices.v[i].col,
					 _("%s: choice '%s' is given twice"), where,
					 it->choices.v[i].id);
	for (size_t i = 0; i < it->abnormal.n; i++) {
		bool known = false;
		for (size_t j = 0; j < it->choices.n; j++)
			known |= strcmp(it->abnormal.v[i].id, it->choices.v[j].id) == 0;
		if (!known)
			diag_add(l->d, it->abnormal.v[i].line, it->abnormal.v[i].col,
				 _("%s: abnormal choice '%s' is not one of its choices"), where,
				 it->abnormal.v[i].id);
	}
	if (it->impact.id && !FIND_ID(r->impact, it->impact.id))
		ref_error(l, &it->impact, "impact level", where);
	if (it->urgency.id && !FIND_ID(r->urgency, it->urgency.id))
		ref_error(l, &it->urgency, "urgency level", where);
}

static void check_frequency(loader *l, const rules *r, rules_inspection *t, const char *where)
{
	rules_frequency *f = &t->frequency;
	int kinds = (f->every > 0) + (f->daily.id != NULL) + (f->weekly.id != NULL) +
		    (f->monthly > 0) + f->per_shift;
	if (kinds != 1) {
		diag_add(l->d, t->pos.line, t->pos.col,
			 _("%s: frequency needs exactly one of every, daily, weekly, monthly or per_shift"),
			 where);
		return;
	}
	const char *rest;
	if (f->every > 0) {
		f->kind = FREQ_EVERY;
	} else if (f->daily.id) {
		f->kind = FREQ_DAILY;
		f->minute = parse_clock(f->daily.id, &rest);
		if (f->minute < 0 || *rest || f->minute >= 1440)
			diag_add(l->d, f->daily.line, f->daily.col,
				 _("%s: daily must be a time of day such as \"09:00\", not '%s'"),
				 where, f->daily.id);
	} else if (f->per_shift) {
		f->kind = FREQ_SHIFT;
		if (!r->shifts.n)
			diag_add(l->d, t->pos.line, t->pos.col,
				 _("%s: per_shift needs the shifts of the roster"), where);
	} else {
		f->kind = f->weekly.id ? FREQ_WEEKLY : FREQ_MONTHLY;
		f->weekday = -1;
		for (int w = 0; f->weekly.id && w < 7; w++)
			if (strcmp(f->weekly.id, weekday_names[w]) == 0)
				f->weekday = w;
		if (f->weekly.id && f->weekday < 0)
			diag_add(l->d, f->weekly.line, f->weekly.col,
				 _("%s: weekly: '%s' is not a day (mon, tue, wed, thu, fri, sat, sun)"),
				 where, f->weekly.id);
		if (f->kind == FREQ_MONTHLY && f->monthly > 31)
			diag_add(l->d, t->pos.line, t->pos.col,
				 _("%s: monthly must be a day of the month from 1 to 31"), where);
		if (!f->at.id) {
			diag_add(l->d, t->pos.line, t->pos.col,
				 _("%s: a weekly or monthly round needs 'at', its time of day"), where);
		} else {
			f->minute = parse_clock(f->at.id, &rest);
			if (f->minute < 0 || *rest || f->minute >= 1440)
				diag_add(l->d, f->at.line, f->at.col,
					 _("%s: at must be a time of day such as \"09:00\", not '%s'"),
					 where, f->at.id);
		}
	}
	if (f->at.id && f->kind != FREQ_WEEKLY && f->kind != FREQ_MONTHLY)
		diag_add(l->d, f->at.line, f->at.col,
			 _("%s: 'at' belongs to a weekly or monthly round"), where);
	if (f->calendar.id && !FIND_ID(r->calendars, f->calendar.id))
		ref_error(l, &f->calendar, "calendar", where);
	if (f->calendar.id && (f->kind == FREQ_EVERY || f->kind == FREQ_SHIFT))
		diag_add(l->d, f->calendar.line, f->calendar.col,
			 _("%s: a calendar belongs to a daily, weekly or monthly round"), where);
}

static void check_inspections(loader *l, const rules *r)
{
	CHECK_UNIQUE(l, r->inspections, "inspection");
	for (size_t i = 0; i < r->inspections.n; i++) {
		rules_inspection *t = &r->inspections.v[i];
		char where[96];
		snprintf(where, sizeof where, _("inspection '%s'"), t->id ? t->id : "?");
		const rules_refs *classes = &t->applies.classes;
		for (size_t j = 0; j < classes->n; j++)
			if (!FIND_ID(r->ci_classes, classes->v[j].id))
				ref_error(l, &classes->v[j], "CI class", where);
		if (!classes->n && !t->applies.cis.n && !t->applies.locations.n)
			diag_add(l->d, t->pos.line, t->pos.col,
				 _("%s: applies names no classes, cis or locations"), where);
		if (t->role.id && !FIND_ID(r->roles, t->role.id))
			ref_error(l, &t->role, "role", where);
		check_frequency(l, r, t, where);
		const rules_ref *inc[] = {&t->incident.category, &t->incident.impact,
					  &t->incident.urgency, &t->incident.alarm_urgency};
		if (inc[0]->id && !FIND_ID(r->categories, inc[0]->id))
			ref_error(l, inc[0], "category", where);
		if (inc[1]->id && !FIND_ID(r->impact, inc[1]->id))
			ref_error(l, inc[1], "impact level", where);
		for (int k = 2; k < 4; k++)
			if (inc[k]->id && !FIND_ID(r->urgency, inc[k]->id))
				ref_error(l, inc[k], "urgency level", where);
		CHECK_UNIQUE(l, t->items, "item");
		if (!t->items.n && t->pos.line)
			diag_add(l->d, t->pos.line, t->pos.col, _("%s: the checklist has no items"),
				 where);
		for (size_t j = 0; j < t->items.n; j++)
			check_inspect_item(l, r, &t->items.v[j], t->id ? t->id : "?");
	}
}

const char *const rules_request_field_types[] = {"text",  "long",  "number", "flag",
						 "choice", "login", "ci",     NULL};

static void check_request_field(loader *l, const rules_request_field *f, const char *where)
{
	const char *type = f->type.id ? f->type.id : "text";
	bool choice = strcmp(type, "choice") == 0;
	if (!in_list(rules_request_field_types, type))
		diag_add(l->d, f->type.line, f->type.col,
			 _("%s: field '%s': type '%s' is not one of text, long, number, flag, choice, login, ci"),
			 where, f->id ? f->id : "?", type);
	if (choice && f->choices.n == 0)
		diag_add(l->d, f->pos.line, f->pos.col,
			 _("%s: field '%s' is a choice but has no choices"), where, f->id ? f->id : "?");
	if (!choice && f->choices.n)
		diag_add(l->d, f->choices.v[0].pos.line, f->choices.v[0].pos.col,
			 _("%s: field '%s' has choices but is not of type choice"), where,
			 f->id ? f->id : "?");
	CHECK_UNIQUE(l, f->choices, "choice");
	if (strcmp(type, "number") == 0 && f->max && f->max <= f->min)
		diag_add(l->d, f->pos.line, f->pos.col,
			 _("%s: field '%s': max must be greater than min"), where, f->id ? f->id : "?");
}

/* The catalogue: each type's calendar, targets, fields and approval steps,
 * whose roles must be among those the workflow's approve transition
 * allows (else nobody could take the step). */
static void check_requests(loader *l, const rules *r)
{
	CHECK_UNIQUE(l, r->requests.types, "request type");
	const rules_workflow *w = rules_workflow_named(r, "request");
	const rules_transition *approve = w ? FIND_ID(w->transitions, "approve") : NULL;
	if (r->requests.types.n && (!w || !w->initial.id))
		diag_add(l->d, r->requests.types.v[0].pos.line, r->requests.types.v[0].pos.col,
			 _("requests: the catalogue needs workflows.request"));
	for (size_t i = 0; i < r->requests.types.n; i++) {
		const rules_request_type *t = &r->requests.types.v[i];
		char where[96];
		snprintf(where, sizeof where, _("request type '%s'"), t->id ? t->id : "?");
		if (t->calendar.id && !FIND_ID(r->calendars, t->calendar.id))
			ref_error(l, &t->calendar, "calendar", where);
		if (t->response && t->resolution && t->response > t->resolution)
			diag_add(l->d, t->pos.line, t->pos.col,
				 _("%s: response target is longer than resolution target"), where);
		CHECK_UNIQUE(l, t->fields, "field");
		for (size_t j = 0; j < t->fields.n; j++)
			check_request_field(l, &t->fields.v[j], where);
		CHECK_UNIQUE(l, t->approvals, "approval step");
		if (t->approvals.n && w && w->initial.id && !approve)
			diag_add(l->d, t->approvals.v[0].pos.line, t->approvals.v[0].pos.col,
				 _("%s has approval steps but workflows.request has no 'approve' transition"),
				 where);
		for (size_t j = 0; j < t->approvals.n; j++) {
			const rules_approval_step *st = &t->approvals.v[j];
			check_role_refs(l, r, &st->roles, where);
			for (size_t k = 0; approve && k < st->roles.n; k++) {
				bool allowed = false;
				for (size_t m = 0; m < approve->roles.n; m++)
					allowed |= strcmp(approve->roles.v[m].id, st->roles.v[k].id) == 0;
				if (!allowed && FIND_ID(r->roles, st->roles.v[k].id))
					diag_add(l->d, st->roles.v[k].line, st->roles.v[k].col,
						 _("%s: step '%s': role '%s' may not take workflows.request's approve transition"),
						 where, st->id ? st->id : "?", st->roles.v[k].id);
			}
		}
	}
}

static const char *const recurrence_keys[] = {"ci", "category", NULL};

/* Each recurrence rule shares a known key and needs two incidents at
 * least; recurrence needs workflows.problem, or a candidate could not
 * become a problem. */
static void check_problems(loader *l, const rules *r)
{
	CHECK_UNIQUE(l, r->problems.fishbone, "fishbone category");
	const rules_workflow *w = rules_workflow_named(r, "problem");
	bool usable = w && w->initial.id;
	for (size_t i = 0; i < r->problems.recurrence.n; i++) {
		const rules_recurrence *c = &r->problems.recurrence.v[i];
		if (c->by.id && !in_list(recurrence_keys, c->by.id))
			diag_add(l->d, c->by.line, c->by.col,
				 _("problems.recurrence: by '%s' is not one of ci, category"), c->by.id);
		if (c->count < 2 && c->pos.line)
			diag_add(l->d, c->pos.line, c->pos.col,
				 _("problems.recurrence: count must be 2 or more, not %d"), c->count);
		if (c->within <= 0 && c->pos.line)
			diag_add(l->d, c->pos.line, c->pos.col,
				 _("problems.recurrence: within must be longer than nothing"));
		if (!usable && i == 0)
			diag_add(l->d, c->pos.line, c->pos.col,
				 _("problems.recurrence needs workflows.problem"));
	}
}

/* The knowledge base: its types once each, the plan type among them, and
 * a workflow for articles (and drills) when it is in use. */
static void check_knowledge_base(loader *l, const rules *r)
{
	const rules_knowledge_base *kb = &r->knowledge_base;
	CHECK_UNIQUE(l, kb->types, "article type");
	if (kb->types.n && kb->plan_type.id && !FIND_ID(kb->types, kb->plan_type.id))
		ref_error(l, &kb->plan_type, "article type", "knowledge_base.plan_type");
	const rules_workflow *w = rules_workflow_named(r, "kb");
	if (kb->types.n && (!w || !w->initial.id)) {
		diag_add(l->d, kb->types.v[0].pos.line, kb->types.v[0].pos.col,
			 _("knowledge_base: the article types need workflows.kb"));
		return;
	}
	for (size_t i = 0; i < kb->in_force.n; i++)
		if (!FIND_ID(w->states, kb->in_force.v[i].id))
			ref_error(l, &kb->in_force.v[i], "state of workflows.kb",
				  "knowledge_base.in_force");
	for (size_t i = 0; i < kb->reviewed_on.n; i++)
		if (!FIND_ID(w->transitions, kb->reviewed_on.v[i].id))
			ref_error(l, &kb->reviewed_on.v[i], "transition of workflows.kb",
				  "knowledge_base.reviewed_on");
}

/* --- public ---------------------------------------------------------------- */

const rules_workflow *rules_workflow_named(const rules *r, const char *name)
{
	static const struct {
		const char *name;
		size_t offset;
	} by_name[] = {
		{"incident", offsetof(rules_workflows, incident)},
		{"change", offsetof(rules_workflows, change)},
		{"release", offsetof(rules_workflows, release)},
		{"problem", offsetof(rules_workflows, problem)},
		{"request", offsetof(rules_workflows, request)},
		{"kb", offsetof(rules_workflows, kb)},
		{"inspection", offsetof(rules_workflows, inspection)},
		{"drill", offsetof(rules_workflows, drill)},
	};
	for (size_t k = 0; k < sizeof by_name / sizeof *by_name; k++)
		if (strcmp(by_name[k].name, name) == 0)
			return (const rules_workflow *)((const char *)&r->workflows + by_name[k].offset);
	return NULL;
}

rules *rules_parse(const char *text, size_t len, diag_list *diags)
{
	size_t before = diags->n;
	ynode *root = yamldoc_parse(text, len, diags);
	if (!root)
		return NULL;
	loader l = {diags};
	rules *r = xcalloc(1, sizeof *r);
	if (expect(&l, root, YN_MAP, "the rules file")) {
		load_map(&l, root, top_specs, r, "the rules file");
		check_site(&l, r);
		check_roles(&l, r);
		check_calendars(&l, r);
		check_priorities(&l, r);
		for (const record_kind *const *k = record_kinds; *k; k++)
			check_workflow(&l, r, *k);
		check_escalations(&l, r);
		check_roster(&l, r);
		check_changes(&l, r);
		check_inspections(&l, r);
		check_requests(&l, r);
		check_problems(&l, r);
		check_knowledge_base(&l, r);
	}
	ynode_free(root);
	if (diags->n > before) {
		rules_free(r);
		diag_sort(diags);
		return NULL;
	}
	return r;
}

void rules_free(rules *r)
{
	if (!r)
		return;
	free_by_specs(top_specs, r);
	free(r->changes.type_items);
	free(r->changes.level_items);
	free(r);
}

od_status rules_load_file(const char *path, rules **out, diag_list *diags, od_error *err)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return od_fail(err, OD_IO, _("%s: cannot open: %s"), path, strerror(errno));
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return od_fail(err, OD_IO, _("%s: is a directory, not a rules file"), path);
	}
	if (fstat(fileno(f), &st) == 0 && st.st_size > YAMLDOC_MAX_BYTES) {
		fclose(f);
		diag_add(diags, 1, 1, _("file too large (%lld bytes, the limit is %d)"),
			 (long long)st.st_size, YAMLDOC_MAX_BYTES);
		return od_fail(err, OD_CONFIG, _("%s: too large"), path);
	}
	/* a file that grows while read still stops one byte past the limit */
	size_t cap = YAMLDOC_MAX_BYTES + 1;
	char *buf = xmalloc(cap);
	size_t len = fread(buf, 1, cap, f);
	bool failed = ferror(f);
	int saved = errno;
	fclose(f);
	if (failed) {
		free(buf);
		return od_fail(err, OD_IO, _("%s: cannot read: %s"), path, strerror(saved));
	}
	*out = rules_parse(buf, len, diags);
	free(buf);
	if (!*out)
		return od_fail(err, OD_CONFIG, _("%s: %zu problem(s) in the rules"), path, diags->n);
	return OD_OK;
}

const char *rules_embedded_text(size_t *len)
{
	*len = embedded_rules_len;
	return embedded_rules;
}

rules *rules_load_embedded(diag_list *diags)
{
	return rules_parse(embedded_rules, embedded_rules_len, diags);
}

const rules_item *rules_item_find(const rules_item *items, size_t n, const char *id)
{
	return find_id(items, n, sizeof *items, id);
}

const rules_role *rules_role_find(const rules *r, const char *id)
{
	return FIND_ID(r->roles, id);
}

const rules_role *rules_manager_role(const rules *r)
{
	for (size_t i = 0; i < r->roles.n; i++)
		if (r->roles.v[i].manager)
			return &r->roles.v[i];
	return NULL;
}

const rules_permission *rules_permission_find(const rules *r, const char *op)
{
	for (size_t i = 0; i < r->permissions.n; i++)
		if (strcmp(r->permissions.v[i].op, op) == 0)
			return &r->permissions.v[i];
	return NULL;
}

const rules_shift *rules_shift_find(const rules *r, const char *id)
{
	return FIND_ID(r->shifts, id);
}

char *rules_shift_ids(const rules *r)
{
	strbuf ids = {0};
	for (size_t i = 0; i < r->shifts.n; i++)
		sb_addf(&ids, "%s%s", i ? ", " : "", r->shifts.v[i].id);
	if (!ids.buf)
		sb_add(&ids, "none");
	return sb_take(&ids);
}

const rules_rotation *rules_rotation_find(const rules *r, const char *id)
{
	return FIND_ID(r->roster.rotations, id);
}

const rules_calendar *rules_calendar_find(const rules *r, const char *id)
{
	return FIND_ID(r->calendars, id);
}

bool rules_shift_is_night(const rules_shift *s)
{
	return s->time.end > 0 && s->time.end <= s->time.start;
}

int rules_shift_minutes(const rules_shift *s)
{
	return s->time.end <= s->time.start ? 1440 - s->time.start + s->time.end
					    : s->time.end - s->time.start;
}

const rules_priority *rules_priority_for(const rules *r, const char *impact, const char *urgency)
{
	for (size_t i = 0; i < r->matrix.n; i++) {
		const rules_matrix_cell *c = &r->matrix.v[i];
		if (strcmp(c->impact, impact) == 0 && strcmp(c->urgency, urgency) == 0)
			return FIND_ID(r->priorities, c->priority);
	}
	return NULL;
}

const rules_inspection *rules_inspection_find(const rules *r, const char *id)
{
	return FIND_ID(r->inspections, id);
}

const rules_inspect_item *rules_inspect_item_find(const rules_inspection *t, const char *id)
{
	return FIND_ID(t->items, id);
}

const rules_request_type *rules_request_type_find(const rules *r, const char *id)
{
	return FIND_ID(r->requests.types, id);
}
