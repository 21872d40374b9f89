/* rules.c: the embedded rules load, and each check of the validator reports
 * its problem at the right line and column. Every case is the real
 * config/workflow.yaml (the embedded copy) with one defect put in by string
 * replacement; positions are found in the edited text, so the tests keep
 * working when the default rules grow. */
#include "unit.h"

#include "opsdesk/rules.h"

/* --- helpers --------------------------------------------------------------- */

/* The text under test, freed by the teardown, so a failing case leaks
 * nothing. Each helper below replaces it. */
static char *current;

static char *track(char *text)
{
	current = text;
	return text;
}

static int forget_text(void **state)
{
	(void)state;
	free(current);
	current = NULL;
	return 0;
}

static char *embedded(void)
{
	free(current);
	size_t len;
	const char *text = rules_embedded_text(&len);
	char *copy = malloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	return track(copy);
}

/* Replaces the first occurrence of old in text (freed) at or after from
 * with new_text. */
static char *replace_from(char *text, const char *from, const char *old, const char *new_text)
{
	const char *at = from ? strstr(from, old) : NULL;
	if (!at) {
		fail_msg("the rules text no longer contains '%s'%s", old,
			 from == text ? "" : " in workflows.incident");
		return text;
	}
	size_t before = (size_t)(at - text), olen = strlen(old), nlen = strlen(new_text);
	char *out = malloc(strlen(text) - olen + nlen + 1);
	memcpy(out, text, before);
	memcpy(out + before, new_text, nlen);
	strcpy(out + before + nlen, at + olen);
	free(text);
	return track(out);
}

static char *replace(char *text, const char *old, const char *new_text)
{
	return replace_from(text, text, old, new_text);
}

/* Within the incident's workflow: other workflows share its lines
 * (initial: new, a cancelled state, a transition requiring a note). */
static char *replace_in_incident(char *text, const char *old, const char *new_text)
{
	return replace_from(text, strstr(text, "\n  incident:\n"), old, new_text);
}

typedef struct pos {
	int line, col;
} pos;

/* Where the one occurrence of needle starts, plus skip characters; columns
 * count characters as libyaml does. */
static pos locate_at(const char *text, const char *needle, int skip)
{
	const char *at = strstr(text, needle);
	if (!at) {
		fail_msg("'%s' is not in the rules text", needle);
		return (pos){0, 0};
	}
	if (strstr(at + 1, needle))
		fail_msg("'%s' is not unique in the rules text", needle);
	pos p = {1, 1};
	for (const char *s = text; s < at; s++) {
		if (*s == '\n')
			p.line++, p.col = 1;
		else if ((*s & 0xc0) != 0x80)
			p.col++;
	}
	p.col += skip;
	return p;
}

static pos locate(const char *text, const char *needle)
{
	return locate_at(text, needle, 0);
}

static void show(const diag_list *d)
{
	for (size_t i = 0; i < d->n; i++)
		print_message("#   %d:%d: %s\n", d->items[i].line, d->items[i].col,
			      d->items[i].msg);
}

static bool has(const diag_list *d, pos p, const char *want)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].line == p.line && d->items[i].col == p.col &&
		    strstr(d->items[i].msg, want))
			return true;
	return false;
}

/* The text is refused and among the messages is want at p. */
static void refused_with(const char *text, pos p, const char *want, diag_list *d)
{
	rules *r = rules_parse(text, strlen(text), d);
	if (r) {
		rules_free(r);
		fail_msg("the rules were accepted; expected %d:%d: ...%s...", p.line, p.col, want);
	}
	if (!has(d, p, want)) {
		show(d);
		diag_free(d);
		fail_msg("expected %d:%d: ...%s...", p.line, p.col, want);
	}
}

/* The text is refused with exactly one message: want at p. */
static void refused_only(const char *text, pos p, const char *want)
{
	diag_list d = {0};
	refused_with(text, p, want, &d);
	if (d.n != 1) {
		show(&d);
		size_t n = d.n;
		diag_free(&d);
		fail_msg("expected only one problem, got %zu", n);
	}
	diag_free(&d);
}

/* --- the embedded rules ---------------------------------------------------- */

static void embedded_rules_load(void **state)
{
	(void)state;
	diag_list d = {0};
	rules *r = rules_load_embedded(&d);
	show(&d);
	assert_non_null(r);
	assert_int_equal(d.n, 0);
	assert_int_equal(r->version, 1);
	assert_string_equal(r->site.timezone.id, "Asia/Shanghai");
	assert_string_equal(r->site.name, "信息中心运维值班台");
	assert_int_equal(r->roles.n, 8);
	assert_string_equal(rules_manager_role(r)->id, "ops_manager");
	assert_string_equal(rules_manager_role(r)->name, "运维经理");
	assert_int_equal(r->priorities.n, 4);
	assert_int_equal(r->matrix.n, 9);
	assert_int_equal(r->workflows.incident.states.n, 7);
	assert_int_equal(r->workflows.incident.transitions.n, 8);
	assert_string_equal(r->workflows.incident.initial.id, "new");
	const rules_permission *p = rules_permission_find(r, "staff.manage");
	assert_non_null(p);
	assert_int_equal(p->roles.n, 1);
	assert_string_equal(p->roles.v[0].id, "ops_manager");
	rules_free(r);
}

static void days_and_combinations_are_converted(void **state)
{
	(void)state;
	char *t = replace(embedded(), "    resolution: 27h\n", "    resolution: 2d3h30m\n");
	diag_list d = {0};
	rules *r = rules_parse(t, strlen(t), &d);
	assert_non_null(r);
	assert_int_equal(r->priorities.v[2].resolution, 2 * 1440 + 3 * 60 + 30);
	rules_free(r);
	diag_free(&d);
}

static void durations_hours_and_days_are_converted(void **state)
{
	(void)state;
	diag_list d = {0};
	rules *r = rules_load_embedded(&d);
	assert_non_null(r);
	const rules_priority *p1 = &r->priorities.v[0], *p3 = &r->priorities.v[2];
	assert_string_equal(p1->id, "P1");
	assert_int_equal(p1->response, 15);
	assert_int_equal(p1->resolution, 4 * 60);
	assert_int_equal(p3->resolution, 27 * 60);
	const rules_calendar *biz = &r->calendars.v[1];
	assert_string_equal(biz->id, "business");
	assert_false(biz->always);
	assert_int_equal(biz->hours.start, 8 * 60 + 30);
	assert_int_equal(biz->hours.end, 17 * 60 + 30);
	assert_int_equal(biz->days, 0x3e); /* mon..fri, bit 0 = Sunday */
	assert_int_equal(biz->holidays.n, 6);
	assert_string_equal(biz->workdays.v[1], "2026-10-10");
	rules_free(r);
}

static void priority_for_returns_the_matrix_entry(void **state)
{
	(void)state;
	diag_list d = {0};
	rules *r = rules_load_embedded(&d);
	assert_non_null(r);
	assert_string_equal(rules_priority_for(r, "high", "high")->id, "P1");
	assert_string_equal(rules_priority_for(r, "high", "medium")->id, "P2");
	assert_string_equal(rules_priority_for(r, "medium", "high")->id, "P2");
	assert_string_equal(rules_priority_for(r, "medium", "low")->id, "P3");
	assert_string_equal(rules_priority_for(r, "low", "medium")->id, "P4");
	assert_string_equal(rules_priority_for(r, "low", "low")->name, "低");
	assert_null(rules_priority_for(r, "huge", "high"));
	assert_null(rules_priority_for(r, "high", "whenever"));
	rules_free(r);
}

static void a_changed_matrix_changes_the_answer(void **state)
{
	(void)state;
	char *t = replace(embedded(), "low:    {high: P3, medium: P4, low: P4}",
			  "low:    {high: P3, medium: P4, low: P2}");
	diag_list d = {0};
	rules *r = rules_parse(t, strlen(t), &d);
	show(&d);
	assert_non_null(r);
	assert_string_equal(rules_priority_for(r, "low", "low")->id, "P2");
	rules_free(r);
}

/* --- unknown keys and wrong types ------------------------------------------ */

static void unknown_key_lists_the_known_ones(void **state)
{
	(void)state;
	char *t = replace(embedded(), "  timezone: Asia/Shanghai",
			  "  timezone: Asia/Shanghai\n  colour: blue");
	refused_only(t, locate(t, "colour"),
		     "unknown key 'colour' in site (known: name, timezone, database, bell, print_command, print_filter, page_lines, language)");
}

/* Sections added after 0.1 are optional: a 0.1 rules file still loads,
 * and sla.at_risk takes its declared default. */
static void a_rules_file_without_the_newer_sections_loads(void **state)
{
	(void)state;
	char *t = embedded();
	char *from = strstr(t, "# The asset (CI) register");
	char *to = strstr(t, "# Record lifecycles.");
	assert_non_null(from);
	assert_non_null(to);
	memmove(from, to, strlen(to) + 1);
	diag_list d = {0};
	rules *r = rules_parse(t, strlen(t), &d);
	assert_non_null(r);
	assert_int_equal(r->sla.at_risk, 75);
	assert_int_equal(r->ci_classes.n, 0);
	rules_free(r);
	diag_free(&d);
}

static void an_at_risk_outside_1_to_99_is_refused(void **state)
{
	(void)state;
	char *t = replace(embedded(), "  at_risk: 75", "  at_risk: 100");
	diag_list d = {0};
	assert_null(rules_parse(t, strlen(t), &d));
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.items[0].msg, "sla.at_risk: 100 is not a percentage between 1 and 99"));
	diag_free(&d);
}

static void unknown_top_level_key(void **state)
{
	(void)state;
	char *t = replace(embedded(), "\nsite:\n", "\nshift_rules: []\nsite:\n");
	refused_only(
	    t, locate(t, "shift_rules"),
	    "unknown key 'shift_rules' in the rules file (known: version, site, roles, "
	    "permissions, calendars, priorities, impact, urgency, priority_matrix, defaults, "
	    "categories, channels, ci_classes, ci_statuses, sla, escalations, alerts, workflows, shifts, roster, duty_log, "
	    "changes, releases, inspections, requests, problems, knowledge_base)");
}

static void a_list_where_a_mapping_belongs(void **state)
{
	(void)state;
	char *t = replace(embedded(),
			  "defaults:\n  impact: low\n  urgency: medium\n  category: other\n  channel: phone",
			  "defaults: [low, medium]");
	refused_only(t, locate(t, "[low, medium]"),
		     "'defaults' must be a mapping (key: value), not a list");
}

static void a_mapping_where_a_list_belongs(void **state)
{
	(void)state;
	char *t = replace(
	    embedded(),
	    "holidays: [2026-01-01, 2026-10-01, 2026-10-02, 2026-10-05, 2026-10-06, 2026-10-07]",
	    "holidays: {2026-01-01: yes}");
	refused_only(t, locate(t, "{2026-01-01: yes}"),
		     "'holidays' must be a list, not a mapping (key: value)");
}

static void a_single_value_where_a_list_belongs(void **state)
{
	(void)state;
	char *t = replace(embedded(), "staff.manage: [ops_manager]", "staff.manage: ops_manager");
	refused_only(t, locate_at(t, "staff.manage: ops_manager", 14),
		     "'staff.manage' must be a list, not a single value");
}

static void a_list_item_that_is_not_a_mapping(void **state)
{
	(void)state;
	char *t = replace(embedded(), "  - {id: application, name: 应用系统故障}", "  - application");
	refused_only(t, locate_at(t, "  - application", 4),
		     "'categories' must be a mapping (key: value), not a single value");
}

static void a_bool_that_is_not_true_or_false(void **state)
{
	(void)state;
	char *t = replace(embedded(), "{id: waiting_user, name: 等待用户, pauses_sla: true}",
			  "{id: waiting_user, name: 等待用户, pauses_sla: yes}");
	refused_only(t, locate_at(t, "pauses_sla: yes", 12),
		     "'pauses_sla' must be true or false, not 'yes'");
}

static void a_missing_required_key(void **state)
{
	(void)state;
	char *t = replace(embedded(), "    resolution: 45h\n    calendar: business\n",
			  "    resolution: 45h\n");
	refused_only(
	    t, locate(t, "id: P4"),
	    "priorities is missing the required key 'calendar' (calendar the clock counts in)");
}

static void an_invalid_id(void **state)
{
	(void)state;
	char *t = replace(embedded(), "{id: walk_in,", "{id: walk in,");
	refused_only(t, locate(t, "walk in"), "'id': 'walk in' is not a valid id");
}

/* --- values ---------------------------------------------------------------- */

static void a_bad_duration(void **state)
{
	(void)state;
	char *t = replace(embedded(), "resolution: 4h\n", "resolution: 4hours\n");
	refused_only(t, locate(t, "4hours"),
		     "'resolution' must be a duration such as 30m, 4h, 2d or 1h30m, not '4hours'");
}

static void a_zero_duration(void **state)
{
	(void)state;
	char *t = replace(embedded(), "response: 15m", "response: 0m");
	refused_only(t, locate_at(t, "response: 0m", 10), "'response' must be a duration");
}

static void a_backwards_hours_range(void **state)
{
	(void)state;
	char *t = replace(embedded(), "hours: \"08:30-17:30\"", "hours: \"17:30-08:30\"");
	diag_list d = {0};
	refused_with(
	    t, locate(t, "\"17:30-08:30\""),
	    "'hours' must be a range of the day such as \"08:30-17:30\", not '17:30-08:30'", &d);
	diag_free(&d);
}

static void an_hours_range_past_midnight(void **state)
{
	(void)state;
	char *t = replace(embedded(), "hours: \"08:30-17:30\"", "hours: \"08:30-24:30\"");
	diag_list d = {0};
	refused_with(t, locate(t, "\"08:30-24:30\""), "'hours' must be a range of the day", &d);
	diag_free(&d);
}

static void an_impossible_date(void **state)
{
	(void)state;
	char *t = replace(embedded(), "holidays: [2026-01-01,", "holidays: [2026-02-30,");
	refused_only(t, locate(t, "2026-02-30"),
		     "'holidays': '2026-02-30' is not a date (YYYY-MM-DD)");
}

static void february_29_only_in_leap_years(void **state)
{
	(void)state;
	char *t = replace(embedded(), "workdays: [2026-09-27, 2026-10-10]",
			  "workdays: [2028-02-29, 2026-02-29]");
	refused_only(t, locate(t, "2026-02-29"), "'workdays': '2026-02-29' is not a date");
}

static void a_date_must_be_written_yyyy_mm_dd(void **state)
{
	(void)state;
	/* dates are kept as written and compared as text, so only the exact
	 * form can ever match a day */
	char *t = replace(embedded(), "workdays: [2026-09-27, 2026-10-10]",
			  "workdays: [2026-09-27, 2026-+1-10]");
	refused_only(t, locate(t, "2026-+1-10"), "'workdays': '2026-+1-10' is not a date");
}

static void a_bad_weekday(void **state)
{
	(void)state;
	char *t = replace(embedded(), "days: [mon, tue, wed, thu, fri]",
			  "days: [mon, tue, wed, thu, fry]");
	refused_only(t, locate(t, "fry"), "'days': 'fry' is not a day");
}

static void an_unknown_time_zone(void **state)
{
	(void)state;
	char *t = replace(embedded(), "timezone: Asia/Shanghai", "timezone: Asia/Shanghia");
	refused_only(t, locate(t, "Asia/Shanghia"),
		     "site.timezone: unknown time zone 'Asia/Shanghia'");
}

static void a_time_zone_is_not_a_path(void **state)
{
	(void)state;
	/* from /usr/share/zoneinfo/Asia, four levels up is / */
	char *t =
	    replace(embedded(), "timezone: Asia/Shanghai", "timezone: Asia/../../../../etc/passwd");
	refused_only(t, locate(t, "Asia/.."), "unknown time zone");
	t = replace(embedded(), "timezone: Asia/Shanghai", "timezone: /etc/passwd");
	refused_only(t, locate(t, "/etc/passwd"), "unknown time zone");
	t = replace(embedded(), "timezone: Asia/Shanghai", "timezone: Asia");
	refused_only(t, locate_at(t, "timezone: Asia", 10), "unknown time zone 'Asia'");
}

static void utc_is_a_time_zone(void **state)
{
	(void)state;
	char *t = replace(embedded(), "timezone: Asia/Shanghai", "timezone: UTC");
	diag_list d = {0};
	rules *r = rules_parse(t, strlen(t), &d);
	show(&d);
	assert_non_null(r);
	rules_free(r);
}

static void version_must_be_1(void **state)
{
	(void)state;
	char *t = replace(embedded(), "\nversion: 1\n", "\nversion: 2\n");
	/* the message points at the value, like every other */
	refused_only(t, locate_at(t, "version: 2", 9),
		     "version 2 is not supported (this opsdesk reads version 1)");
}

/* --- roles and permissions ------------------------------------------------- */

static void an_undefined_role_in_a_transition(void **state)
{
	(void)state;
	char *t =
	    replace_in_incident(embedded(),
		    "roles: [ops_manager]\n        assignee_may: true\n        requires: [note]",
		    "roles: [ops_mgr]\n        assignee_may: true\n        requires: [note]");
	refused_only(t, locate(t, "ops_mgr"), "transition 'wait': role 'ops_mgr' is not defined");
}

static void an_undefined_role_in_a_permission(void **state)
{
	(void)state;
	char *t = replace(embedded(), "staff.manage: [ops_manager]",
			  "staff.manage: [ops_manager, auditor]");
	refused_only(t, locate(t, "auditor"), "staff.manage: role 'auditor' is not defined");
}

static void an_unknown_permission(void **state)
{
	(void)state;
	char *t = replace(embedded(), "  staff.manage: [ops_manager]",
			  "  staff.manage: [ops_manager]\n  staff.fire: [ops_manager]");
	refused_only(t, locate(t, "staff.fire"),
		     "unknown permission 'staff.fire' (known: staff.manage, asset.manage, roster.manage, roster.approve, incident.regrade, database.backup, satisfaction.record)");
}

static void no_manager_role(void **state)
{
	(void)state;
	char *t =
	    replace(embedded(), "    name: 运维经理\n    manager: true\n", "    name: 运维经理\n");
	refused_only(t, locate(t, "id: ops_manager"),
		     "exactly one role must have 'manager: true' (found 0)");
}

static void two_manager_roles(void **state)
{
	(void)state;
	char *t = replace(embedded(), "    name: 系统工程师\n",
			  "    name: 系统工程师\n    manager: true\n");
	refused_only(t, locate(t, "id: ops_manager"),
		     "exactly one role must have 'manager: true' (found 2)");
}

/* --- duplicates ------------------------------------------------------------ */

static void a_duplicate_role_id(void **state)
{
	(void)state;
	char *t = replace(embedded(), "id: cab_member", "id: duty_operator");
	char want[128];
	snprintf(want, sizeof want, "role 'duty_operator' is defined twice (first at line %d)",
		 locate(t, "id: duty_operator\n    name: 值班员").line);
	/* the change rules' references to cab_member are refused as well */
	diag_list d = {0};
	refused_with(t, locate(t, "id: duty_operator\n    name: 变更委员会成员"), want, &d);
	diag_free(&d);
}

static void a_duplicate_category_id(void **state)
{
	(void)state;
	char *t = replace(embedded(), "{id: application, name: 应用系统故障}", "{id: network, name: 其他}");
	char want[128];
	snprintf(want, sizeof want, "category 'network' is defined twice (first at line %d)",
		 locate(t, "{id: network, name: 网络故障}").line);
	refused_only(t, locate(t, "{id: network, name: 其他}"), want);
}

static void defaults_naming_an_undefined_category(void **state)
{
	(void)state;
	char *t = replace(embedded(), "  category: other\n  channel: phone\n",
			  "  category: misc\n  channel: phone\n");
	refused_only(t, locate_at(t, "misc", 0),
		     "defaults.category: category 'misc' is not defined");
}

static void a_duplicate_transition_id(void **state)
{
	(void)state;
	char *t = replace(embedded(), "- id: reopen\n", "- id: resume\n");
	char want[128];
	snprintf(want, sizeof want, "transition 'resume' is defined twice (first at line %d)",
		 locate(t, "id: resume\n        name: 继续处理").line);
	refused_only(t, locate(t, "id: resume\n        name: 重新打开"), want);
}

/* --- the priority matrix and defaults -------------------------------------- */

static void a_matrix_missing_a_pair(void **state)
{
	(void)state;
	char *t = replace(embedded(), "low:    {high: P3, medium: P4, low: P4}",
			  "low:    {high: P3, medium: P4}");
	/* reported at the row of the matrix that lacks the urgency */
	refused_only(t, locate(t, "P3, medium: P4}"),
		     "priority_matrix has no priority for impact 'low' with urgency 'low'");
}

static void a_matrix_naming_an_undefined_priority(void **state)
{
	(void)state;
	char *t = replace(embedded(), "medium: {high: P2, medium: P3, low: P3}",
			  "medium: {high: P2, medium: P3, low: P5}");
	refused_only(t, locate(t, "P5"), "priority_matrix: priority 'P5' is not defined");
}

static void a_matrix_naming_an_undefined_urgency(void **state)
{
	(void)state;
	char *t = replace(embedded(), "high:   {high: P1, medium: P2, low: P3}",
			  "high:   {high: P1, medium: P2, lo: P3}");
	diag_list d = {0};
	refused_with(t, locate_at(t, "lo: P3", 4),
		     "priority_matrix: urgency level 'lo' is not defined", &d);
	diag_free(&d);
}

static void defaults_naming_an_undefined_level(void **state)
{
	(void)state;
	char *t = replace(embedded(), "  impact: low\n  urgency: medium",
			  "  impact: lowest\n  urgency: medium");
	refused_only(t, locate(t, "lowest"),
		     "defaults.impact: impact level 'lowest' is not defined");
	t = replace(embedded(), "  impact: low\n  urgency: medium",
		    "  impact: low\n  urgency: soon");
	refused_only(t, locate_at(t, "urgency: soon", 9),
		     "defaults.urgency: urgency level 'soon' is not defined");
}

static void a_priority_with_an_undefined_calendar(void **state)
{
	(void)state;
	char *t = replace(embedded(), "    resolution: 45h\n    calendar: business\n",
			  "    resolution: 45h\n    calendar: office\n");
	refused_only(t, locate(t, "office"), "P4: calendar 'office' is not defined");
}

static void a_response_longer_than_resolution(void **state)
{
	(void)state;
	char *t = replace(embedded(), "    response: 4h\n    resolution: 45h\n",
			  "    response: 6d\n    resolution: 45h\n");
	refused_only(t, locate(t, "id: P4"),
		     "priority 'P4': response target is longer than resolution target");
}

static void an_always_calendar_with_hours(void **state)
{
	(void)state;
	char *t = replace(embedded(), "    always: true\n",
			  "    always: true\n    hours: \"08:00-18:00\"\n");
	refused_only(t, locate(t, "id: 24x7"),
		     "calendar '24x7': 'always: true' cannot have hours or days");
}

/* --- workflows ------------------------------------------------------------- */

static void an_undefined_state_in_from(void **state)
{
	(void)state;
	char *t = replace(embedded(), "from: [new, assigned, in_progress]",
			  "from: [new, asigned, in_progress]");
	refused_only(t, locate(t, "asigned"),
		     "transition 'assign': state 'asigned' is not defined");
}

static void an_undefined_state_in_to(void **state)
{
	(void)state;
	char *t = replace(embedded(), "from: [resolved]\n        to: in_progress",
			  "from: [resolved]\n        to: in_progres\n");
	refused_only(t, locate(t, "in_progres\n"),
		     "transition 'reopen': state 'in_progres' is not defined");
}

static void an_undefined_initial_state(void **state)
{
	(void)state;
	char *t = replace_in_incident(embedded(), "initial: new", "initial: open");
	refused_only(t, locate_at(t, "initial: open", 9),
		     "workflows.incident: state 'open' is not defined");
}

static void a_transition_leaving_a_final_state(void **state)
{
	(void)state;
	char *t = replace(embedded(), "from: [new, assigned]\n", "from: [new, assigned, closed]\n");
	refused_only(
	    t, locate(t, "closed]"),
	    "transition 'cancel' leaves final state 'closed' (nothing may leave a final state)");
}

static void an_unreachable_state(void **state)
{
	(void)state;
	char *t = replace_in_incident(embedded(), "      - {id: cancelled, name: 已取消, final: true}\n",
			  "      - {id: cancelled, name: 已取消, final: true}\n"
			  "      - {id: archived, name: 已归档, final: true}\n");
	refused_only(t, locate(t, "{id: archived"),
		     "workflows.incident: state 'archived' cannot be reached from 'new'");
}

static void a_state_with_no_way_out(void **state)
{
	(void)state;
	char *t = replace_in_incident(embedded(), "      - {id: cancelled, name: 已取消, final: true}\n",
			  "      - {id: cancelled, name: 已取消, final: true}\n"
			  "      - {id: parked, name: 挂起}\n");
	/* after the incident's last transition (cancel), wherever it stands */
	t = replace(t, "        to: cancelled\n        roles: [duty_operator, ops_manager]\n"
		       "        requires: [note]\n",
		    "        to: cancelled\n        roles: [duty_operator, ops_manager]\n"
		    "        requires: [note]\n"
		    "      - id: park\n"
		    "        name: 挂起\n"
		    "        from: [in_progress]\n"
		    "        to: parked\n"
		    "        roles: [ops_manager]\n");
	refused_only(t, locate(t, "{id: parked"),
		     "workflows.incident: state 'parked' is not final but no transition leaves it");
}

static void an_unknown_required_field(void **state)
{
	(void)state;
	char *t = replace(embedded(), "requires: [cause, resolution, recovery_test]",
			  "requires: [cause, resolution, recovery_tset]");
	refused_only(t, locate(t, "recovery_tset"),
		     "transition 'resolve' requires unknown field 'recovery_tset'");
}

/* --- reporting ------------------------------------------------------------- */

static void every_error_is_reported_in_file_order(void **state)
{
	(void)state;
	char *t = embedded();
	/* put in from the bottom of the file up, so finding them in order
	 * depends on sorting */
	t = replace(t, "roles: [ops_manager]\n        assignee_may: true\n        requires: [note]",
		    "roles: [ops_mgr]\n        assignee_may: true\n        requires: [note]");
	t = replace(t, "  impact: low\n  urgency: medium", "  impact: lowest\n  urgency: medium");
	t = replace(t, "resolution: 4h\n", "resolution: 4hours\n");
	/* the time zone is checked after loading, so it is found after the
	 * rest of the file yet stands first */
	t = replace(t, "timezone: Asia/Shanghai", "timezone: Asia/Shanghia\n  colour: blue");
	diag_list d = {0};
	assert_null(rules_parse(t, strlen(t), &d));
	if (d.n != 5)
		show(&d);
	assert_int_equal(d.n, 5);
	const pos want[] = {locate(t, "Asia/Shanghia"), locate(t, "colour"), locate(t, "4hours"),
			    locate(t, "lowest"), locate(t, "ops_mgr")};
	const char *msg[] = {"unknown time zone", "unknown key 'colour'", "not '4hours'",
			     "'lowest' is not defined", "'ops_mgr' is not defined"};
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(d.items[i].line, want[i].line);
		assert_int_equal(d.items[i].col, want[i].col);
		assert_non_null(strstr(d.items[i].msg, msg[i]));
	}
	diag_free(&d);
}

static void yaml_errors_come_through(void **state)
{
	(void)state;
	char *t =
	    replace(embedded(), "  - id: cab_member\n", "  - id: cab_member\n    id: again\n");
	refused_only(t, locate(t, "id: again"), "duplicate key 'id'");
}

static void load_file_reports_a_missing_file(void **state)
{
	(void)state;
	rules *r = (rules *)1;
	diag_list d = {0};
	od_error err = {0};
	assert_int_equal(rules_load_file("/nonexistent/opsdesk/workflow.yaml", &r, &d, &err),
			 OD_IO);
	assert_null(r);
	assert_non_null(strstr(err.msg, "/nonexistent/opsdesk/workflow.yaml"));
	assert_int_equal(d.n, 0);
}

static void load_file_reports_problems_as_config(void **state)
{
	(void)state;
	char path[] = "/tmp/opsdesk-rules.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	char *t = replace(embedded(), "timezone: Asia/Shanghai", "timezone: Mars/Olympus");
	assert_int_equal(write(fd, t, strlen(t)), (ssize_t)strlen(t));
	close(fd);
	rules *r = NULL;
	diag_list d = {0};
	od_error err = {0};
	od_status s = rules_load_file(path, &r, &d, &err);
	unlink(path);
	assert_int_equal(s, OD_CONFIG);
	assert_null(r);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(d.items[0].msg, "Mars/Olympus"));
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(embedded_rules_load, forget_text),
	    cmocka_unit_test_teardown(durations_hours_and_days_are_converted, forget_text),
	    cmocka_unit_test_teardown(days_and_combinations_are_converted, forget_text),
	    cmocka_unit_test_teardown(priority_for_returns_the_matrix_entry, forget_text),
	    cmocka_unit_test_teardown(a_changed_matrix_changes_the_answer, forget_text),
	    cmocka_unit_test_teardown(unknown_key_lists_the_known_ones, forget_text),
	    cmocka_unit_test_teardown(unknown_top_level_key, forget_text),
	    cmocka_unit_test_teardown(a_rules_file_without_the_newer_sections_loads, forget_text),
	    cmocka_unit_test_teardown(an_at_risk_outside_1_to_99_is_refused, forget_text),
	    cmocka_unit_test_teardown(a_list_where_a_mapping_belongs, forget_text),
	    cmocka_unit_test_teardown(a_mapping_where_a_list_belongs, forget_text),
	    cmocka_unit_test_teardown(a_single_value_where_a_list_belongs, forget_text),
	    cmocka_unit_test_teardown(a_list_item_that_is_not_a_mapping, forget_text),
	    cmocka_unit_test_teardown(a_bool_that_is_not_true_or_false, forget_text),
	    cmocka_unit_test_teardown(a_missing_required_key, forget_text),
	    cmocka_unit_test_teardown(an_invalid_id, forget_text),
	    cmocka_unit_test_teardown(a_bad_duration, forget_text),
	    cmocka_unit_test_teardown(a_zero_duration, forget_text),
	    cmocka_unit_test_teardown(a_backwards_hours_range, forget_text),
	    cmocka_unit_test_teardown(an_hours_range_past_midnight, forget_text),
	    cmocka_unit_test_teardown(an_impossible_date, forget_text),
	    cmocka_unit_test_teardown(february_29_only_in_leap_years, forget_text),
	    cmocka_unit_test_teardown(a_date_must_be_written_yyyy_mm_dd, forget_text),
	    cmocka_unit_test_teardown(a_bad_weekday, forget_text),
	    cmocka_unit_test_teardown(an_unknown_time_zone, forget_text),
	    cmocka_unit_test_teardown(a_time_zone_is_not_a_path, forget_text),
	    cmocka_unit_test_teardown(utc_is_a_time_zone, forget_text),
	    cmocka_unit_test_teardown(version_must_be_1, forget_text),
	    cmocka_unit_test_teardown(an_undefined_role_in_a_transition, forget_text),
	    cmocka_unit_test_teardown(an_undefined_role_in_a_permission, forget_text),
	    cmocka_unit_test_teardown(an_unknown_permission, forget_text),
	    cmocka_unit_test_teardown(no_manager_role, forget_text),
	    cmocka_unit_test_teardown(two_manager_roles, forget_text),
	    cmocka_unit_test_teardown(a_duplicate_role_id, forget_text),
	    cmocka_unit_test_teardown(a_duplicate_category_id, forget_text),
	    cmocka_unit_test_teardown(a_duplicate_transition_id, forget_text),
	    cmocka_unit_test_teardown(defaults_naming_an_undefined_category, forget_text),
	    cmocka_unit_test_teardown(a_matrix_missing_a_pair, forget_text),
	    cmocka_unit_test_teardown(a_matrix_naming_an_undefined_priority, forget_text),
	    cmocka_unit_test_teardown(a_matrix_naming_an_undefined_urgency, forget_text),
	    cmocka_unit_test_teardown(defaults_naming_an_undefined_level, forget_text),
	    cmocka_unit_test_teardown(a_priority_with_an_undefined_calendar, forget_text),
	    cmocka_unit_test_teardown(a_response_longer_than_resolution, forget_text),
	    cmocka_unit_test_teardown(an_always_calendar_with_hours, forget_text),
	    cmocka_unit_test_teardown(an_undefined_state_in_from, forget_text),
	    cmocka_unit_test_teardown(an_undefined_state_in_to, forget_text),
	    cmocka_unit_test_teardown(an_undefined_initial_state, forget_text),
	    cmocka_unit_test_teardown(a_transition_leaving_a_final_state, forget_text),
	    cmocka_unit_test_teardown(an_unreachable_state, forget_text),
	    cmocka_unit_test_teardown(a_state_with_no_way_out, forget_text),
	    cmocka_unit_test_teardown(an_unknown_required_field, forget_text),
	    cmocka_unit_test_teardown(every_error_is_reported_in_file_order, forget_text),
	    cmocka_unit_test_teardown(yaml_errors_come_through, forget_text),
	    cmocka_unit_test_teardown(load_file_reports_a_missing_file, forget_text),
	    cmocka_unit_test_teardown(load_file_reports_problems_as_config, forget_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
