/* The shift (handover) report: what happened on one shift and what the
 * next one takes over, to be signed by 交班人, 接班人 and 值班长. Each part
 * reads the shift's window of time through an index: incidents by created,
 * the journal by time, the open queue by its order (one page), dues by the
 * due index. */
#include "opsdesk/report_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/change.h"
#include "opsdesk/clock.h"
#include "opsdesk/dutylog.h"
#include "opsdesk/handover.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/inspect.h"
#include "opsdesk/journal.h"
#include "opsdesk/problem.h"
#include "opsdesk/recurrence.h"
#include "opsdesk/xalloc.h"

typedef struct shift_ctx {
	const od_ctx *ctx;
	const shift_slot *slot;
	time_t as_of, until; /* until: the end of what happened, min(end, as_of) */
	report *r;
	int64_t opened, resolved, closed, open, breaches, alerts, repeats, entries;
	int64_t changes, changes_due, runs, overdue, problems, moves, recurring;
} shift_ctx;

static const char *hhmm(time_t t, char *buf, size_t len)
{
	char full[40];
	clock_format(t, full, sizeof full);
	snprintf(buf, len, "%s", full + 11);
	return buf;
}

/* Times on the shift's own day show as HH:MM, others in full. */
static const char *when(const shift_ctx *c, time_t t, char *buf, size_t len)
{
	char full[40];
	clock_format(t, full, sizeof full);
	if (strncmp(full, c->slot->day, 10) == 0)
		return hhmm(t, buf, len);
	snprintf(buf, len, "%s", full + 5);
	return buf;
}

static const char *priority_name(const rules *r, const char *id)
{
	for (size_t i = 0; i < r->priorities.n; i++)
		if (strcmp(r->priorities.v[i].id, id) == 0)
			return r->priorities.v[i].name;
	return id;
}

static const rules_state *state_of(const rules *r, const char *id)
{
	const rules_workflow *w = &r->workflows.incident;
	for (size_t i = 0; i < w->states.n; i++)
		if (strcmp(w->states.v[i].id, id) == 0)
			return &w->states.v[i];
	return NULL;
}

static void empty(report_section *s, const char *what)
{
	report_text(s, "%s", what);
}

static od_status duty_log(shift_ctx *c, od_error *err)
{
	report_section *s = report_section_add(c->r, "duty_log", _("Duty log (值班记录)"));
	dutylog_entry *v;
	size_t n;
	od_status st = dutylog_list(c->ctx->db, c->slot, &v, &n, err);
	if (st != OD_OK)
		return st;
	c->entries = (int64_t)n;
	if (!n) {
		empty(s, _("none"));
		return OD_OK;
	}
	static const char *const keys[] = {"id", "at", "category", "author", "text"};
	const char *heads[] = {_("No."), _("time"), _("category"), _("by"), _("entry")};
	report_block *b = report_table(s, 5, keys, heads);
	for (size_t i = 0; i < n; i++) {
		char id[24], t[40], text[DUTYLOG_TEXT_MAX * 4 + 64];
		snprintf(id, sizeof id, "%lld", (long long)v[i].id);
		if (v[i].corrects)
			snprintf(text, sizeof text, _("(corrects %lld) %s"), (long long)v[i].corrects,
				 v[i].text);
		else
			snprintf(text, sizeof text, "%s", v[i].text);
		char *by = report_person(c->ctx->db, v[i].author);
		const char *row[] = {id, when(c, v[i].at, t, sizeof t),
				     dutylog_category_name(c->ctx->rules, v[i].category), by, text};
		report_row(b, row);
		free(by);
	}
	dutylog_entries_free(v, n);
	return OD_OK;
}

static od_status opened(shift_ctx *c, od_error *err)
{
	report_section *s = report_section_add(c->r, "opened", _("Incidents opened"));
	incident *v;
	size_t n;
	od_status st = incident_created_between(c->ctx->db, c->slot->start, c->until,
						REPORT_LIST_MAX, &v, &n, err);
	if (st != OD_OK)
		return st;
	c->opened = incident_count_created_between(c->ctx->db, c->slot->start, c->until);
	for (size_t i = 0; i < n; i++)
		if (v[i].alert_source[0])
			c->alerts++;
	if (!n) {
		empty(s, _("none"));
		incident_list_free(v, n);
		return OD_OK;
	}
	static const char *const keys[] = {"ref", "at", "priority", "summary", "assignee", "state"};
	const char *heads[] = {_("ref"), _("time"), _("priority"), _("summary"), _("owner"), _("state")};
	report_block *b = report_table(s, 6, keys, heads);
	for (size_t i = 0; i < n; i++) {
		char ref[32], t[40];
		incident_ref(v[i].id, ref, sizeof ref);
		char *owner = report_person(c->ctx->db, v[i].assignee);
		const char *row[] = {ref, when(c, v[i].created, t, sizeof t),
				     priority_name(c->ctx->rules, v[i].priority), v[i].summary, owner,
				     incident_state_name(c->ctx->rules, v[i].state)};
		report_row(b, row);
		free(owner);
	}
	if (c->opened > (int64_t)n)
		report_text(s, _("... and %lld more"), (long long)(c->opened - (int64_t)n));
	incident_list_free(v, n);
	return OD_OK;
}

/* Incidents that entered a resolved or a final state during the shift. */
static od_status resolved(shift_ctx *c, od_error *err)
{
	report_section *s = report_section_add(c->r, "resolved", _("Incidents resolved and closed"));
	journal_window_entry *v;
	size_t n;
	od_status st = journal_window(c->ctx->db, "INC-", "state", c->slot->start, c->until, 0, &v,
				      &n, err);
	if (st != OD_OK)
		return st;
	static const char *const keys[] = {"ref", "at", "state", "by", "summary"};
	const char *heads[] = {_("ref"), _("time"), _("state"), _("by"), _("summary")};
	report_block *b = NULL;
	size_t shown = 0;
	for (size_t i = 0; i < n && st == OD_OK; i++) {
		const rules_state *state = state_of(c->ctx->rules, v[i].state);
		if (!state || !(state->resolved || state->final))
			continue;
		if (state->final)
			c->closed++;
		else
			c->resolved++;
		if (shown >= REPORT_LIST_MAX)
			continue;
		int64_t id;
		incident inc;
		if (incident_parse_ref(v[i].record, &id, NULL) != OD_OK ||
		    incident_get(c->ctx->db, id, &inc, NULL) != OD_OK)
			continue;
		if (!b)
			b = report_table(s, 5, keys, heads);
		char t[40];
		char *by = report_person(c->ctx->db, v[i].actor);
		const char *row[] = {v[i].record, when(c, v[i].at, t, sizeof t), state->name, by,
				     inc.summary};
		report_row(b, row);
		free(by);
		incident_clear(&inc);
		shown++;
	}
	if (!b)
		empty(s, _("none"));
	else if (c->resolved + c->closed > (int64_t)shown)
		report_text(s, _("... and %lld more"),
			    (long long)(c->resolved + c->closed - (int64_t)shown));
	journal_window_free(v, n);
	return st;
}

static void next_step(const incident *inc, char *buf, size_t len)
{
	char t[40];
	if (inc->response_due)
		snprintf(buf, len, _("respond by %s"), clock_format(inc->response_due, t, sizeof t) + 5);
	else if (inc->resolution_due)
		snprintf(buf, len, _("resolve by %s"), clock_format(inc->resolution_due, t, sizeof t) + 5);
	else
		snprintf(buf, len, "%s", _("clock paused"));
}

/* A clock that ran out during the shift (between its start and until). */
static bool breached_in(const shift_ctx *c, const sla_clock *k)
{
	return k->standing == SLA_BREACHED && !k->stopped && k->due >= c->slot->start &&
	       k->due < c->until;
}

typedef struct breach {
	char ref[32];
	char clock[64];
	time_t at;
	char *summary, *owner;
} breach;

static od_status still_open(shift_ctx *c, breach **bv, size_t *nb, od_error *err)
{
	report_section *s = report_section_add(c->r, "open", _("Incidents still open"));
	incident_filter f = {.now = c->as_of, .limit = REPORT_LIST_MAX, .sort = INCIDENT_BY_QUEUE};
	incident *v;
	size_t n;
	od_status st = incident_list(c->ctx->db, &f, &v, &n, err);
	if (st != OD_OK)
		return st;
	c->open = (int64_t)n;
	if (!n) {
		empty(s, _("none"));
		incident_list_free(v, n);
		return OD_OK;
	}
	static const char *const keys[] = {"ref", "priority", "state", "assignee", "summary", "next"};
	const char *heads[] = {_("ref"), _("priority"), _("state"), _("owner"), _("summary"),
			       _("next step")};
	report_block *b = report_table(s, 6, keys, heads);
	for (size_t i = 0; i < n; i++) {
		char ref[32], next[96];
		incident_ref(v[i].id, ref, sizeof ref);
		next_step(&v[i], next, sizeof next);
		char *owner = report_person(c->ctx->db, v[i].assignee);
		const char *row[] = {ref, priority_name(c->ctx->rules, v[i].priority),
				     incident_state_name(c->ctx->rules, v[i].state), owner,
				     v[i].summary, next};
		report_row(b, row);
		sla_result sla;
		if (incident_sla(c->ctx->db, c->ctx->rules, &v[i], c->as_of, &sla, NULL) == OD_OK) {
			const sla_clock *k[] = {&sla.response, &sla.resolution};
			const char *names[] = {_("response"), _("resolution")};
			for (int j = 0; j < 2; j++) {
				if (!breached_in(c, k[j]))
					continue;
				*bv = xrealloc(*bv, (*nb + 1) * sizeof **bv);
				breach *x = &(*bv)[(*nb)++];
				snprintf(x->ref, sizeof x->ref, "%s", ref);
				snprintf(x->clock, sizeof x->clock, "%s", names[j]);
				x->at = k[j]->due;
				x->summary = xstrdup(v[i].summary);
				x->owner = xstrdup(owner);
			}
		}
		free(owner);
	}
	if (n == REPORT_LIST_MAX)
		report_text(s, _("(the %d most urgent are shown)"), REPORT_LIST_MAX);
	incident_list_free(v, n);
	return OD_OK;
}

static od_status sla_part(shift_ctx *c, breach *bv, size_t nb, od_error *err)
{
	report_section *s = report_section_add(c->r, "sla", _("SLA breaches and what falls due"));
	c->breaches = (int64_t)nb;
	report_text(s, _("Breached during the shift:"));
	if (!nb) {
		empty(s, _("none"));
	} else {
		static const char *const keys[] = {"ref", "clock", "at", "assignee", "summary"};
		const char *heads[] = {_("ref"), _("clock"), _("breached at"), _("owner"), _("summary")};
		report_block *b = report_table(s, 5, keys, heads);
		for (size_t i = 0; i < nb; i++) {
			char t[40];
			const char *row[] = {bv[i].ref, bv[i].clock, when(c, bv[i].at, t, sizeof t),
					     bv[i].owner, bv[i].summary};
			report_row(b, row);
		}
	}
	incident *v;
	size_t n;
	od_status st = incident_due_between(c->ctx->db, c->as_of, c->as_of + REPORT_DUE_AHEAD,
					    REPORT_LIST_MAX, &v, &n, err);
	if (st != OD_OK)
		return st;
	report_text(s, _("Resolution due in the next %d hours:"), REPORT_DUE_AHEAD / 3600);
	if (!n) {
		empty(s, _("none"));
	} else {
		static const char *const keys[] = {"ref", "due", "priority", "assignee", "summary"};
		const char *heads[] = {_("ref"), _("due"), _("priority"), _("owner"), _("summary")};
		report_block *b = report_table(s, 5, keys, heads);
		for (size_t i = 0; i < n; i++) {
			char ref[32], t[40];
			incident_ref(v[i].id, ref, sizeof ref);
			char *owner = report_person(c->ctx->db, v[i].assignee);
			const char *row[] = {ref, when(c, v[i].resolution_due, t, sizeof t),
					     priority_name(c->ctx->rules, v[i].priority), owner,
					     v[i].summary};
			report_row(b, row);
			free(owner);
		}
	}
	incident_list_free(v, n);
	return OD_OK;
}

static void alerts(shift_ctx *c)
{
	report_section *s = report_section_add(c->r, "alerts", _("Alerts from monitoring"));
	c->repeats = journal_window_count(c->ctx->db, "INC-", "alert", c->slot->start, c->until);
	char buf[64];
	snprintf(buf, sizeof buf, "%lld", (long long)(c->alerts + c->repeats));
	report_field(s, "received", _("received"), buf);
	snprintf(buf, sizeof buf, "%lld", (long long)c->alerts);
	report_field(s, "opened", _("opened incidents"), buf);
	snprintf(buf, sizeof buf, "%lld", (long long)c->repeats);
	report_field(s, "folded", _("folded into incidents"), buf);
}

/* --- changes, inspections and problems ----------------------------------- */

static time_t value_time(const record *rec, const char *field)
{
	time_t t = 0;
	const char *v = record_value(rec, field);
	if (v[0] && clock_parse(v, &t, NULL) != OD_OK)
		t = 0;
	return t;
}

static void more(report_section *s, int64_t total, size_t shown)
{
	if (total > (int64_t)shown)
		report_text(s, _("... and %lld more"), (long long)(total - (int64_t)shown));
}

/* One row per change: its window, type (an emergency change says so by
 * its type's name), state, implementer and title. */
static void change_rows(shift_ctx *c, report_section *s, const record *v, size_t n)
{
	static const char *const keys[] = {"ref", "window", "type", "state", "implementer", "title"};
	const char *heads[] = {_("ref"),   C_("change", "window"), _("type"),
			       _("state"), _("implementer"), _("title")};
	report_block *b = report_table(s, 6, keys, heads);
	for (size_t i = 0; i < n; i++) {
		char ref[32], a[40], z[40], window[96];
		record_ref(&change_kind, v[i].id, ref, sizeof ref);
		snprintf(window, sizeof window, "%s - %s",
			 when(c, value_time(&v[i], "start"), a, sizeof a),
			 when(c, value_time(&v[i], "end"), z, sizeof z));
		char *who = report_person(c->ctx->db, record_value(&v[i], "implementer"));
		const char *row[] = {ref,
				     window,
				     report_item_name(c->ctx->rules, &v[i], "type"),
				     record_state_name(c->ctx->rules, &change_kind, v[i].state),
				     who,
				     record_value(&v[i], "title")};
		report_row(b, row);
		free(who);
	}
}

/* The changes whose window overlaps the shift, in any state, and the open
 * ones starting in the next hours, which the next shift takes over. */
static od_status changes(shift_ctx *c, od_error *err)
{
	report_section *s = report_section_add(c->r, "changes", _("Changes"));
	record *v;
	size_t n;
	od_status st = change_calendar(c->ctx->db, c->ctx->rules, c->slot->start, c->until, true,
				       REPORT_LIST_MAX, &v, &n, err);
	if (st != OD_OK)
		return st;
	c->changes = change_calendar_count(c->ctx->db, c->ctx->rules, c->slot->start, c->until);
	report_text(s, _("In the shift's window:"));
	if (!n)
		empty(s, _("none"));
	else
		change_rows(c, s, v, n);
	more(s, c->changes, n);
	record_list_free(v, n);
	st = change_starting(c->ctx->db, c->as_of, c->as_of + REPORT_DUE_AHEAD, REPORT_LIST_MAX, &v,
			     &n, err);
	if (st != OD_OK)
		return st;
	c->changes_due = (int64_t)n;
	report_text(s, _("Starting in the next %d hours:"), REPORT_DUE_AHEAD / 3600);
	if (!n)
		empty(s, _("none"));
	else
		change_rows(c, s, v, n);
	if (n == REPORT_LIST_MAX)
		report_text(s, _("(the first %d are shown)"), REPORT_LIST_MAX);
	record_list_free(v, n);
	return OD_OK;
}

static const char *template_name(const rules *r, const char *id)
{
	const rules_inspection *t = rules_inspection_find(r, id);
	return t ? t->name : id;
}

static const char *item_text(const rules *r, const char *template_id, const char *item)
{
	const rules_inspection *t = rules_inspection_find(r, template_id);
	const rules_inspect_item *it = t ? rules_inspect_item_find(t, item) : NULL;
	return it ? it->text : item;
}

/* The runs recorded during the shift with their abnormal readings and the
 * incidents those went to, and the rounds overdue at its end. */
static od_status inspections(shift_ctx *c, od_error *err)
{
	const rules *ru = c->ctx->rules;
	report_section *s = report_section_add(c->r, "inspections", _("Inspections"));
	inspect_run *v;
	size_t n;
	od_status st = inspect_runs_between(c->ctx->db, c->slot->start, c->until, REPORT_LIST_MAX,
					    &v, &n, err);
	if (st != OD_OK)
		return st;
	c->runs = inspect_runs_count(c->ctx->db, c->slot->start, c->until);
	report_text(s, _("Runs recorded during the shift:"));
	if (!n) {
		empty(s, _("none"));
	} else {
		static const char *const keys[] = {"ref", "at", "template", "ci", "by", "abnormal"};
		const char *heads[] = {_("ref"), _("time"), _("template"),
				       _("CI"),  _("by"),   _("abnormal")};
		report_block *b = report_table(s, 6, keys, heads);
		for (size_t i = 0; i < n; i++) {
			char ref[32], t[40], count[24];
			record_ref(&record_kind_inspection, v[i].id, ref, sizeof ref);
			snprintf(count, sizeof count, "%lld", (long long)v[i].abnormal);
			char *by = report_person(c->ctx->db, v[i].by);
			const char *row[] = {ref, when(c, v[i].finished, t, sizeof t),
					     template_name(ru, v[i].template_id), v[i].tag, by, count};
			report_row(b, row);
			free(by);
		}
		more(s, c->runs, n);
	}
	report_block *bad = NULL;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < v[i].nreadings; k++) {
			const inspect_reading_row *x = &v[i].readings[k];
			if (!inspect_level_bad(x->level))
				continue;
			if (!bad) {
				report_text(s, _("Abnormal readings:"));
				static const char *const keys[] = {"ref", "ci", "item", "value", "level",
								   "incident"};
				const char *heads[] = {_("ref"),   _("CI"),    _("item"),
						       _("value"), _("level"), _("incident")};
				bad = report_table(s, 6, keys, heads);
			}
			char ref[32], inc[32] = "-";
			record_ref(&record_kind_inspection, v[i].id, ref, sizeof ref);
			if (x->incident)
				incident_ref(x->incident, inc, sizeof inc);
			const char *row[] = {ref,
					     v[i].tag,
					     item_text(ru, v[i].template_id, x->item),
					     x->value,
					     inspect_level_name(x->level),
					     inc};
			report_row(bad, row);
		}
	inspect_run_list_free(v, n);

	c->overdue = inspect_due_count(c->ctx->db, c->until, true);
	report_text(s, _("Rounds overdue at the end of the shift: %lld%s"), (long long)c->overdue,
		    c->overdue >= 1000 ? "+" : "");
	inspect_due_filter df = {.now = c->until, .overdue_only = true, .limit = 5};
	inspect_due_row *d;
	size_t nd;
	if ((st = inspect_due_list(c->ctx->db, &df, &d, &nd, err)) != OD_OK)
		return st;
	if (nd) {
		static const char *const keys[] = {"template", "ci", "location", "overdue", "last_done"};
		const char *heads[] = {_("template"), _("CI"), _("location"), _("overdue since"),
				       _("last done")};
		report_block *b = report_table(s, 5, keys, heads);
		for (size_t i = 0; i < nd; i++) {
			char t1[40], t2[40];
			const char *row[] = {template_name(ru, d[i].template_id), d[i].tag,
					     d[i].location[0] ? d[i].location : "-",
					     when(c, d[i].overdue, t1, sizeof t1),
					     d[i].last_done ? when(c, d[i].last_done, t2, sizeof t2)
							    : _("never")};
			report_row(b, row);
		}
		more(s, c->overdue, nd);
	}
	inspect_due_free(d, nd);
	return OD_OK;
}

/* Problems opened or moved to another state during the shift, oldest
 * first, and the recurring incidents no open problem covers at its end. */
static od_status problems(shift_ctx *c, od_error *err)
{
	const rules *ru = c->ctx->rules;
	report_section *s = report_section_add(c->r, "problems", _("Problems"));
	journal_window_entry *cv = NULL, *sv = NULL;
	size_t nc = 0, ns = 0;
	od_status st = journal_window(c->ctx->db, "PRB-", "create", c->slot->start, c->until,
				      REPORT_LIST_MAX, &cv, &nc, err);
	if (st == OD_OK)
		st = journal_window(c->ctx->db, "PRB-", "state", c->slot->start, c->until,
				    REPORT_LIST_MAX, &sv, &ns, err);
	if (st != OD_OK) {
		journal_window_free(cv, nc);
		return st;
	}
	c->problems = journal_window_count(c->ctx->db, "PRB-", "create", c->slot->start, c->until);
	c->moves = journal_window_count(c->ctx->db, "PRB-", "state", c->slot->start, c->until);
	report_text(s, _("Opened or moved during the shift:"));
	static const char *const keys[] = {"ref", "at", "state", "by", "title"};
	const char *heads[] = {_("ref"), _("time"), _("state"), _("by"), _("title")};
	report_block *b = NULL;
	size_t i = 0, j = 0, shown = 0;
	/* the two windows merged by time, as the journal wrote them */
	while ((i < nc || j < ns) && shown < REPORT_LIST_MAX) {
		bool created = j >= ns || (i < nc && (cv[i].at < sv[j].at ||
						      (cv[i].at == sv[j].at && cv[i].id < sv[j].id)));
		const journal_window_entry *e = created ? &cv[i++] : &sv[j++];
		int64_t id;
		record rec = {0};
		if (record_parse_ref_of(&problem_kind, e->record, &id, NULL) != OD_OK ||
		    record_get(c->ctx->db, &problem_kind, id, &rec, NULL) != OD_OK)
			continue;
		if (!b)
			b = report_table(s, 5, keys, heads);
		char t[40];
		/* a new problem is in the workflow's initial state: "opened" says it */
		const char *what = created ? _("opened") : record_state_name(ru, &problem_kind, e->state);
		char *by = report_person(c->ctx->db, e->actor);
		const char *row[] = {e->record, when(c, e->at, t, sizeof t), what, by,
				     record_value(&rec, "title")};
		report_row(b, row);
		free(by);
		record_clear(&rec);
		shown++;
	}
	if (!b)
		empty(s, _("none"));
	more(s, c->problems + c->moves, shown);
	journal_window_free(cv, nc);
	journal_window_free(sv, ns);

	recurrence_candidate *rv;
	size_t nr;
	if ((st = recurrence_candidates(c->ctx->db, ru, c->until, REPORT_LIST_MAX, &rv, &nr, err)) !=
	    OD_OK)
		return st;
	c->recurring = (int64_t)nr;
	report_text(s, _("Recurring incidents no open problem covers:"));
	if (!nr) {
		empty(s, _("none"));
	} else {
		static const char *const rkeys[] = {"by", "key", "count", "incidents"};
		const char *rheads[] = {_("grouped by"), _("which"), _("incidents"), _("refs")};
		report_block *rb = report_table(s, 4, rkeys, rheads);
		for (size_t k = 0; k < nr && k < REPORT_LIST_MAX; k++) {
			char count[24];
			strbuf refs = {0};
			snprintf(count, sizeof count, "%zu", rv[k].n);
			for (size_t x = 0; x < rv[k].n && x < 8; x++)
				sb_addf(&refs, "%sINC-%lld", x ? " " : "", (long long)rv[k].incidents[x]);
			if (rv[k].n > 8)
				sb_add(&refs, " ...");
			const char *by = strcmp(rv[k].rule->by.id, "ci") == 0 ? _("CI") : _("category");
			char which[256];
			snprintf(which, sizeof which, "%s (%s)", rv[k].key, rv[k].name);
			const char *row[] = {by, which, count, refs.buf};
			report_row(rb, row);
			sb_free(&refs);
		}
	}
	recurrence_candidates_free(rv, nr);
	return OD_OK;
}

static od_status handover(shift_ctx *c, od_error *err)
{
	report_section *s = report_section_add(c->r, "handover", _("Handover"));
	handover_note *v;
	size_t n;
	od_status st = handover_notes(c->ctx->db, c->slot, &v, &n, err);
	if (st != OD_OK)
		return st;
	if (!n) {
		empty(s, _("no handover notes"));
	} else {
		static const char *const keys[] = {"at", "author", "text", "follow_up", "due"};
		const char *heads[] = {_("time"), _("by"), _("note"), _("follow-up"), _("by when")};
		report_block *b = report_table(s, 5, keys, heads);
		for (size_t i = 0; i < n; i++) {
			char t[40], d[40];
			char *by = report_person(c->ctx->db, v[i].author);
			char *fu = v[i].follow_up[0] ? report_person(c->ctx->db, v[i].follow_up)
						    : xstrdup("");
			const char *row[] = {when(c, v[i].at, t, sizeof t), by, v[i].text, fu,
					     v[i].due ? when(c, v[i].due, d, sizeof d) : ""};
			report_row(b, row);
			free(by);
			free(fu);
		}
	}
	handover_notes_free(v, n);
	handover_ack ack = {0};
	char t[40];
	if (handover_ack_get(c->ctx->db, c->slot, &ack, NULL) == OD_OK) {
		char *who = report_person(c->ctx->db, ack.incoming);
		char buf[512];
		snprintf(buf, sizeof buf, _("acknowledged by %s at %s"), who,
			 clock_format(ack.at, t, sizeof t));
		report_field(s, "ack", _("acknowledgement"), buf);
		free(who);
	} else {
		report_field(s, "ack", _("acknowledgement"), _("not acknowledged yet"));
	}
	handover_ack_clear(&ack);
	return OD_OK;
}

static char *slot_people(const od_ctx *ctx, const shift_slot *slot, od_error *err, od_status *st)
{
	char **v = NULL;
	size_t n = 0;
	*st = roster_slot_people(ctx->db, slot, &v, &n, err);
	if (*st != OD_OK)
		return NULL;
	char *s = report_people(ctx->db, v, n);
	roster_logins_free(v, n);
	return s;
}

/* The shift lead: whoever on the shift holds the rules' manager role. */
static char *shift_lead(const od_ctx *ctx, const shift_slot *slot)
{
	const rules_role *mgr = rules_manager_role(ctx->rules);
	roster_duty d = {0};
	strbuf sb = {0};
	if (mgr && roster_on_duty(ctx->db, slot, &d, NULL) == OD_OK)
		for (size_t i = 0; i < d.npresent; i++)
			if (staff_has_role(&d.present[i], mgr->id)) {
				char *p = report_person(ctx->db, d.present[i].login);
				sb_addf(&sb, "%s%s", sb.len ? ", " : "", p);
				free(p);
			}
	roster_duty_clear(&d);
	if (!sb.len)
		sb_add(&sb, "");
	return sb_take(&sb);
}

static od_status next_shift(shift_ctx *c, const shift_slot *next, bool have_next, od_error *err)
{
	report_section *s = report_section_add(c->r, "next", _("Next shift"));
	if (!have_next) {
		empty(s, _("none"));
		return OD_OK;
	}
	roster_duty d = {0};
	od_status st = roster_on_duty(c->ctx->db, next, &d, err);
	if (st != OD_OK)
		return st;
	char t1[40], t2[40], buf[256];
	snprintf(buf, sizeof buf, "%s %s (%s)  %s - %s", next->day, next->shift->name,
		 next->shift->id, clock_format(next->start, t1, sizeof t1),
		 clock_format(next->end, t2, sizeof t2) + 11);
	report_field(s, "shift", _("shift"), buf);
	if (!d.npresent && !d.nabsent) {
		report_field(s, "people", _("on duty"), _("nobody is rostered"));
	} else {
		static const char *const keys[] = {"login", "name", "phone", "status"};
		const char *heads[] = {_("login"), C_("person", "name"), _("phone"), _("status")};
		report_block *b = report_table(s, 4, keys, heads);
		for (size_t i = 0; i < d.npresent; i++) {
			const char *row[] = {d.present[i].login, d.present[i].name, d.present[i].phone,
					     _("on duty")};
			report_row(b, row);
		}
		for (size_t i = 0; i < d.nabsent; i++) {
			const char *row[] = {d.absent[i].login, d.absent[i].name,
					     d.absent[i].phone ? d.absent[i].phone : "", _("away")};
			report_row(b, row);
		}
	}
	roster_duty_clear(&d);
	return OD_OK;
}

od_status report_shift(const od_ctx *ctx, const shift_slot *slot, time_t as_of, report **out,
		       od_error *err)
{
	*out = NULL;
	char subject[160], t1[40], t2[40];
	snprintf(subject, sizeof subject, "%s %s (%s)", slot->day, slot->shift->name, slot->shift->id);
	report *r = report_begin(ctx, "shift", _("Shift handover report (值班交接班报告)"), subject,
				 as_of, err);
	if (!r)
		return OD_DB;
	shift_ctx c = {.ctx = ctx, .slot = slot, .as_of = as_of,
		       .until = as_of < slot->end ? as_of : slot->end, .r = r};
	shift_slot next;
	bool have_next = roster_slot_next(ctx->rules, slot->start, &next);
	od_status st = OD_OK;
	char *outgoing = slot_people(ctx, slot, err, &st);
	char *incoming = st == OD_OK && have_next ? slot_people(ctx, &next, err, &st) : xstrdup("-");
	char *lead = shift_lead(ctx, slot);
	char buf[256];
	snprintf(buf, sizeof buf, "%s (%s)", slot->shift->name, slot->shift->id);
	report_head(r, "shift", _("shift"), buf);
	report_head(r, "day", _("date"), slot->day);
	snprintf(buf, sizeof buf, "%s - %s", clock_format(slot->start, t1, sizeof t1),
		 clock_format(slot->end, t2, sizeof t2));
	report_head(r, "window", _("window"), buf);
	report_head(r, "timezone", _("time zone"), ctx->rules->site.timezone.id);
	report_head(r, "outgoing", _("outgoing (交班)"), outgoing ? outgoing : "-");
	report_head(r, "incoming", _("incoming (接班)"), incoming ? incoming : "-");
	report_head(r, "lead", _("shift lead (值班长)"), lead);
	snprintf(buf, sizeof buf, "%lld:%s", (long long)r->audit_id, r->audit_hash);
	report_head(r, "audit_head", _("audit head"), buf);
	free(outgoing);
	free(incoming);
	free(lead);

	/* the summary comes first but is counted from the parts below; its
	 * section is made now and filled at the end */
	report_section_add(r, "summary", _("Summary"));
	breach *bv = NULL;
	size_t nb = 0;
	if (st == OD_OK)
		st = duty_log(&c, err);
	if (st == OD_OK)
		st = opened(&c, err);
	if (st == OD_OK)
		st = resolved(&c, err);
	if (st == OD_OK)
		st = still_open(&c, &bv, &nb, err);
	if (st == OD_OK)
		st = sla_part(&c, bv, nb, err);
	for (size_t i = 0; i < nb; i++) {
		free(bv[i].summary);
		free(bv[i].owner);
	}
	free(bv);
	if (st == OD_OK) {
		alerts(&c);
		st = changes(&c, err);
	}
	if (st == OD_OK)
		st = inspections(&c, err);
	if (st == OD_OK)
		st = problems(&c, err);
	if (st == OD_OK)
		st = handover(&c, err);
	if (st == OD_OK)
		st = next_shift(&c, &next, have_next, err);
	if (st != OD_OK) {
		report_free(r);
		return st;
	}
	report_text(&r->sections[0],
		    _("%lld duty log entries; incidents: %lld opened, %lld resolved, %lld closed, "
		      "%lld%s still open; %lld%s SLA breaches; %lld alerts (%lld folded into open "
		      "incidents)."),
		    (long long)c.entries, (long long)c.opened, (long long)c.resolved,
		    (long long)c.closed, (long long)c.open,
		    /* the open queue is read one page deep */
		    c.open == REPORT_LIST_MAX ? "+" : "", (long long)c.breaches,
		    c.open == REPORT_LIST_MAX ? "+" : "",
		    (long long)(c.alerts + c.repeats), (long long)c.repeats);
	report_text(&r->sections[0],
		    _("Changes: %lld in the shift's window, %lld%s starting in the next %d hours. "
		      "Inspections: %lld runs, %lld%s rounds overdue. Problems: %lld opened, %lld "
		      "state changes, %lld recurring groups that no open problem covers."),
		    (long long)c.changes, (long long)c.changes_due,
		    c.changes_due == REPORT_LIST_MAX ? "+" : "", REPORT_DUE_AHEAD / 3600,
		    (long long)c.runs, (long long)c.overdue, c.overdue >= 1000 ? "+" : "",
		    (long long)c.problems, (long long)c.moves, (long long)c.recurring);
	report_section *sig = report_section_add(r, "signatures", _("Signatures"));
	const char *labels[] = {_("交班人 (outgoing)"), _("接班人 (incoming)"), _("值班长 (shift lead)")};
	report_signatures(sig, labels, 3);
	*out = r;
	return OD_OK;
}
