/* The service review of a month or a quarter: SLA attainment per priority,
 * mean times to respond and resolve, breaches, major incidents, the
 * availability of each CI from its incidents' outage times, the top
 * categories and CIs. Incidents recorded in the period are read one at a
 * time through the created index; what is kept grows with the rules'
 * priorities and categories and the CIs named, not with the incidents. */
#include "opsdesk/report_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/change.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/inspect.h"
#include "opsdesk/journal.h"
#include "opsdesk/problem.h"
#include "opsdesk/rating.h"
#include "opsdesk/recurrence.h"
#include "opsdesk/request.h"
#include "opsdesk/xalloc.h"

od_status report_period_parse(const char *text, bool quarter, time_t now, report_period *out,
			      od_error *err)
{
	int year, part;
	char tail;
	int first, months;
	if (quarter) {
		if (sscanf(text, "%4dQ%1d%c", &year, &part, &tail) != 2 || part < 1 || part > 4 ||
		    strlen(text) != 6)
			return od_fail(err, OD_USAGE, _("--quarter: '%s' is not a quarter such as 2026Q4"),
				       text);
		first = (part - 1) * 3 + 1;
		months = 3;
	} else {
		if (sscanf(text, "%4d-%2d%c", &year, &part, &tail) != 2 || part < 1 || part > 12 ||
		    strlen(text) != 7)
			return od_fail(err, OD_USAGE, _("--month: '%s' is not a month such as 2026-11"),
				       text);
		first = part;
		months = 1;
	}
	char a[32], b[32];
	int end_month = first + months, end_year = year;
	if (end_month > 12) {
		end_month -= 12;
		end_year++;
	}
	snprintf(a, sizeof a, "%04d-%02d-01 00:00", year, first);
	snprintf(b, sizeof b, "%04d-%02d-01 00:00", end_year, end_month);
	if (clock_parse(a, &out->from, err) != OD_OK || clock_parse(b, &out->to, err) != OD_OK)
		return OD_USAGE;
	snprintf(out->name, sizeof out->name, "%s", text);
	if (out->from > now)
		return od_fail(err, OD_INVALID, _("%s has not begun yet; a review covers what has happened"),
			       text);
	return OD_OK;
}

typedef struct per_priority {
	int64_t count, resp_met, resp_missed, res_met, res_missed;
	int64_t resp_n, res_n;
	double resp_minutes, res_minutes; /* wall-clock, summed */
} per_priority;

typedef struct tally {
	char *key;
	int64_t count;
	int64_t outage; /* seconds, within the period */
} tally;

typedef struct row {
	char ref[32];
	char *priority, *what, *summary, *extra;
} row;

typedef struct review {
	const od_ctx *ctx;
	const report_period *p;
	time_t as_of;
	int64_t total;
	per_priority *prio; /* one per rules priority, then one for unknown */
	tally *cats, *cis;
	size_t ncats, ncis;
	row *breaches, *majors;
	size_t nbreaches, nmajors;
	int64_t more_breaches, more_majors;
} review;

static size_t priority_index(const rules *r, const char *id)
{
	for (size_t i = 0; i < r->priorities.n; i++)
		if (strcmp(r->priorities.v[i].id, id) == 0)
			return i;
	return r->priorities.n;
}

static tally *tally_of(tally **v, size_t *n, const char *key)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].key, key) == 0)
			return &(*v)[i];
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	tally *t = &(*v)[(*n)++];
	*t = (tally){xstrdup(key), 0, 0};
	return t;
}

static void add_row(row **v, size_t *n, int64_t *more, const incident *inc, const char *what,
		    const char *extra)
{
	if (*n >= REPORT_LIST_MAX) {
		(*more)++;
		return;
	}
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	row *x = &(*v)[(*n)++];
	incident_ref(inc->id, x->ref, sizeof x->ref);
	x->priority = xstrdup(inc->priority);
	x->what = xstrdup(what);
	x->summary = xstrdup(inc->summary);
	x->extra = xstrdup(extra ? extra : "");
}

static void rows_free(row *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].priority);
		free(v[i].what);
		free(v[i].summary);
		free(v[i].extra);
	}
	free(v);
}

/* A clock counts as met or missed once it has stopped or run out;
 * one still running within its target is not judged yet. */
static void judge(const sla_clock *k, int64_t *met, int64_t *missed)
{
	if (k->standing == SLA_MET)
		(*met)++;
	else if (k->standing == SLA_BREACHED)
		(*missed)++;
}

static od_status one(const incident *inc, void *arg)
{
	review *rv = arg;
	const rules *r = rv->ctx->rules;
	sla_result sla;
	od_status s = incident_sla(rv->ctx->db, r, inc, rv->as_of, &sla, NULL);
	rv->total++;
	per_priority *pp = &rv->prio[priority_index(r, inc->priority)];
	pp->count++;
	if (s == OD_OK) {
		judge(&sla.response, &pp->resp_met, &pp->resp_missed);
		judge(&sla.resolution, &pp->res_met, &pp->res_missed);
		if (sla.response.stopped) {
			pp->resp_n++;
			pp->resp_minutes += (double)(sla.response.stopped - inc->created) / 60.0;
		}
		if (sla.resolution.stopped) {
			pp->res_n++;
			pp->res_minutes += (double)(sla.resolution.stopped - inc->created) / 60.0;
		}
		if (sla.response.standing == SLA_BREACHED)
			add_row(&rv->breaches, &rv->nbreaches, &rv->more_breaches, inc, _("response"), NULL);
		if (sla.resolution.standing == SLA_BREACHED)
			add_row(&rv->breaches, &rv->nbreaches, &rv->more_breaches, inc, _("resolution"),
				NULL);
	}
	size_t pi = priority_index(r, inc->priority);
	if (pi < r->priorities.n && r->priorities.v[pi].major)
		add_row(&rv->majors, &rv->nmajors, &rv->more_majors, inc,
			incident_state_name(r, inc->state), inc->review);
	tally_of(&rv->cats, &rv->ncats, inc->category)->count++;
	if (inc->ci[0]) {
		tally *t = tally_of(&rv->cis, &rv->ncis, inc->ci);
		t->count++;
		/* the outage: from when it occurred to when it was resolved (or
		 * now), within the period */
		time_t from = inc->occurred ? inc->occurred : inc->created;
		time_t to = s == OD_OK && sla.resolution.stopped ? sla.resolution.stopped : rv->as_of;
		if (from < rv->p->from)
			from = rv->p->from;
		if (to > rv->p->to)
			to = rv->p->to;
		if (to > from)
			t->outage += to - from;
	}
	return OD_OK;
}

static int by_count(const void *a, const void *b)
{
	const tally *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void pct(char *buf, size_t len, int64_t met, int64_t missed)
{
	if (met + missed == 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f%% (%lld/%lld)", 100.0 * (double)met / (double)(met + missed),
			 (long long)met, (long long)(met + missed));
}

static void mean(char *buf, size_t len, double minutes, int64_t n)
{
	if (!n)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, _("%.0f min"), minutes / (double)n);
}

static void attainment(review *rv, report *r)
{
	const rules *ru = rv->ctx->rules;
	report_section *s = report_section_add(r, "sla", _("SLA attainment per priority"));
	static const char *const keys[] = {"priority", "incidents", "response", "resolution",
					   "mean_response", "mean_resolution"};
	const char *heads[] = {_("priority"), _("incidents"), _("response met"), _("resolution met"),
			       _("mean to respond"), _("mean to resolve")};
	report_block *b = report_table(s, 6, keys, heads);
	for (size_t i = 0; i <= ru->priorities.n; i++) {
		per_priority *pp = &rv->prio[i];
		if (i == ru->priorities.n && !pp->count)
			break;
		char n[24], a[64], c[64], m1[32], m2[32];
		snprintf(n, sizeof n, "%lld", (long long)pp->count);
		pct(a, sizeof a, pp->resp_met, pp->resp_missed);
		pct(c, sizeof c, pp->res_met, pp->res_missed);
		mean(m1, sizeof m1, pp->resp_minutes, pp->resp_n);
		mean(m2, sizeof m2, pp->res_minutes, pp->res_n);
		const char *label = i < ru->priorities.n ? ru->priorities.v[i].name : _("other");
		const char *rowv[] = {label, n, a, c, m1, m2};
		report_row(b, rowv);
	}
	report_text(s, _("A clock is met or missed once it has stopped or run out; mean times are "
			 "wall-clock minutes from recording to the first response and to resolution."));
}

static void rows_part(report *r, const char *id, const char *title, const row *v, size_t n,
		      int64_t more, const char *what_head, const char *extra_head)
{
	report_section *s = report_section_add(r, id, title);
	if (!n) {
		report_text(s, "%s", _("none"));
		return;
	}
	const char *keys[] = {"ref", "priority", "what", "summary", "review"};
	const char *heads[] = {_("ref"), _("priority"), what_head, _("summary"), extra_head};
	report_block *b = report_table(s, extra_head ? 5 : 4, keys, heads);
	for (size_t i = 0; i < n; i++) {
		const char *rowv[] = {v[i].ref, v[i].priority, v[i].what, v[i].summary, v[i].extra};
		report_row(b, rowv);
	}
	if (more)
		report_text(s, _("... and %lld more"), (long long)more);
}

static void availability(review *rv, report *r)
{
	report_section *s = report_section_add(r, "availability", _("Availability per CI"));
	if (!rv->ncis) {
		report_text(s, "%s", _("none: no incident of the period names a CI"));
		return;
	}
	static const char *const keys[] = {"ci", "incidents", "outage", "availability"};
	const char *heads[] = {_("CI"), _("incidents"), _("outage"), _("availability")};
	report_block *b = report_table(s, 4, keys, heads);
	double span = (double)(rv->p->to - rv->p->from);
	for (size_t i = 0; i < rv->ncis; i++) {
		const tally *t = &rv->cis[i];
		char n[24], o[32], a[32];
		snprintf(n, sizeof n, "%lld", (long long)t->count);
		snprintf(o, sizeof o, _("%lld min"), (long long)(t->outage / 60));
		double av = t->outage >= span ? 0 : 100.0 * (1.0 - (double)t->outage / span);
		snprintf(a, sizeof a, "%.3f%%", av);
		const char *rowv[] = {t->key, n, o, a};
		report_row(b, rowv);
	}
	report_text(s, _("Outage: from when each incident occurred to its resolution, within the "
			 "period; availability is the rest of the period."));
}

static void top(report *r, const char *id, const char *title, tally *v, size_t n)
{
	report_section *s = report_section_add(r, id, title);
	if (!n) {
		report_text(s, "%s", _("none"));
		return;
	}
	report_block *b = report_bars(s, _("incidents recorded in the period"));
	for (size_t i = 0; i < n && i < 10; i++) {
		char shown[24];
		snprintf(shown, sizeof shown, "%lld", (long long)v[i].count);
		report_bar(b, v[i].key, (double)v[i].count, shown);
	}
}

/* Service requests recorded in the period, per type of the catalogue:
 * how many, how many fulfilled, and their SLA attainment. */
static od_status requests(review *rv, report *r, od_error *err)
{
	const rules *ru = rv->ctx->rules;
	report_section *s = report_section_add(r, "requests", _("Service requests"));
	request_figures *f = NULL;
	od_status st = request_figures_of(rv->ctx, rv->p->from, rv->p->to, rv->as_of, &f, err);
	if (st != OD_OK)
		return st;
	int64_t total = 0;
	for (size_t i = 0; i <= ru->requests.types.n; i++)
		total += f[i].count;
	if (!total) {
		report_text(s, "%s", _("none: no service request was recorded in the period"));
		free(f);
		return OD_OK;
	}
	static const char *const keys[] = {"type", "requests", "fulfilled", "response", "resolution"};
	const char *heads[] = {_("type"), _("requests"), _("fulfilled"), _("response met"),
			       _("fulfilment met")};
	report_block *b = report_table(s, 5, keys, heads);
	for (size_t i = 0; i <= ru->requests.types.n; i++) {
		if (!f[i].count)
			continue;
		char n[24], done[24], a[64], c[64];
		snprintf(n, sizeof n, "%lld", (long long)f[i].count);
		snprintf(done, sizeof done, "%lld", (long long)f[i].fulfilled);
		pct(a, sizeof a, f[i].resp_met, f[i].resp_missed);
		pct(c, sizeof c, f[i].res_met, f[i].res_missed);
		const char *label = i < ru->requests.types.n ? ru->requests.types.v[i].name : _("other");
		const char *rowv[] = {label, n, done, a, c};
		report_row(b, rowv);
	}
	free(f);
	report_text(s, _("Requests recorded in the period with their own SLA targets from the "
			 "catalogue; rejected and cancelled ones are not judged."));
	return OD_OK;
}

/* Ratings made in the period, per kind, and the low ones with what the
 * reporter said (rating.c reads them through its time indexes). */
static od_status satisfaction(review *rv, report *r, od_error *err)
{
	report_section *s = report_section_add(r, "satisfaction", _("User satisfaction"));
	static const char *const kinds[] = {"incident", "request"};
	const char *labels[] = {_("incidents"), _("service requests")};
	rating_summary sum[2];
	int64_t total = 0;
	for (int k = 0; k < 2; k++) {
		od_status st = rating_summarize(rv->ctx->db, kinds[k], rv->p->from, rv->p->to, &sum[k],
						err);
		if (st != OD_OK)
			return st;
		total += sum[k].count;
	}
	if (!total) {
		report_text(s, "%s", _("none: no rating was recorded in the period"));
		return OD_OK;
	}
	static const char *const keys[] = {"kind", "rated", "mean", "s5", "s4", "s3", "s2", "s1"};
	const char *heads[] = {_("records"), _("rated"), _("mean"), "5", "4", "3", "2", "1"};
	report_block *b = report_table(s, 8, keys, heads);
	for (int k = 0; k < 2; k++) {
		char cells[8][32];
		const char *rowv[8];
		snprintf(cells[1], sizeof cells[1], "%lld", (long long)sum[k].count);
		if (sum[k].count)
			snprintf(cells[2], sizeof cells[2], "%.2f",
				 (double)sum[k].sum / (double)sum[k].count);
		else
			snprintf(cells[2], sizeof cells[2], "-");
		for (int score = 5; score >= 1; score--)
			snprintf(cells[8 - score], sizeof cells[0], "%lld",
				 (long long)sum[k].by_score[score]);
		rowv[0] = labels[k];
		for (int c = 1; c < 8; c++)
			rowv[c] = cells[c];
		report_row(b, rowv);
	}
	rating *low = NULL;
	size_t nlow = 0;
	int64_t more = 0;
	od_status st = rating_low(rv->ctx->db, rv->p->from, rv->p->to, 10, &low, &nlow, &more, err);
	if (st != OD_OK)
		return st;
	if (nlow) {
		static const char *const lkeys[] = {"ref", "score", "note"};
		const char *lheads[] = {_("ref"), _("score"), _("what the reporter said")};
		report_block *lb = report_table(s, 3, lkeys, lheads);
		for (size_t i = 0; i < nlow; i++) {
			char score[8];
			snprintf(score, sizeof score, "%d", low[i].score);
			const char *rowv[] = {low[i].ref, score, low[i].note};
			report_row(lb, rowv);
		}
		if (more)
			report_text(s, _("... and %lld more"), (long long)more);
	}
	rating_list_free(low, nlow);
	report_text(s, _("Ratings (1 very dissatisfied to 5 very satisfied) recorded in the period, "
			 "after the follow-up call or by the reporter; the low ones with what was said."));
	return OD_OK;
}

/* --- changes, inspections and problems --------------------------------------- */

/* How a change's state ends it: succeeded (a resolved state: completed,
 * closed), failed (a final state that is not resolved and that the
 * workflow never enters from its initial state: rolled back, failed), or
 * neither (still open, or withdrawn before it was carried out: a final
 * state entered from the initial one, cancelled). Read from the rules. */
typedef enum change_end { CHANGE_OPEN, CHANGE_SUCCEEDED, CHANGE_FAILED } change_end;

static change_end change_end_of(const rules_workflow *w, const rules_state *st)
{
	if (!st)
		return CHANGE_OPEN;
	if (st->resolved)
		return CHANGE_SUCCEEDED;
	if (!st->final)
		return CHANGE_OPEN;
	for (size_t i = 0; i < w->transitions.n; i++) {
		const rules_transition *t = &w->transitions.v[i];
		if (!t->to.id || strcmp(t->to.id, st->id) != 0)
			continue;
		for (size_t k = 0; k < t->from.n; k++)
			if (w->initial.id && strcmp(t->from.v[k].id, w->initial.id) == 0)
				return CHANGE_OPEN;
	}
	return CHANGE_FAILED;
}

typedef struct change_figures {
	const rules *r;
	const rules_workflow *w;
	bool judged; /* the workflow marks a state resolved: outcomes can be told */
	int64_t total;
	int64_t *types;  /* ntypes + 1 (other), three each: count, succeeded, failed */
	int64_t *states; /* nstates + 1 (other) */
} change_figures;

static od_status count_change(const record *rec, void *arg)
{
	change_figures *f = arg;
	size_t nt = f->r->changes.types.n, ns = f->w->states.n;
	size_t t = nt, k = ns;
	for (size_t i = 0; i < nt; i++)
		if (strcmp(f->r->changes.types.v[i].id, record_value(rec, "type")) == 0)
			t = i;
	for (size_t i = 0; i < ns; i++)
		if (strcmp(f->w->states.v[i].id, rec->state) == 0)
			k = i;
	change_end e = f->judged ? change_end_of(f->w, k < ns ? &f->w->states.v[k] : NULL)
				 : CHANGE_OPEN;
	f->total++;
	f->states[k]++;
	f->types[3 * t]++;
	if (e == CHANGE_SUCCEEDED)
		f->types[3 * t + 1]++;
	else if (e == CHANGE_FAILED)
		f->types[3 * t + 2]++;
	return OD_OK;
}

static void rate(char *buf, size_t len, int64_t good, int64_t bad)
{
	if (good + bad == 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f%%", 100.0 * (double)good / (double)(good + bad));
}

/* The changes whose window overlaps the period, per type and per state
 * (as they stand at as_of), and the success rate. */
static od_status changes_part(review *rv, report *r, od_error *err)
{
	const rules *ru = rv->ctx->rules;
	report_section *s = report_section_add(r, "changes", _("Changes"));
	change_figures f = {.r = ru, .w = &ru->workflows.change};
	size_t nt = ru->changes.types.n, ns = f.w->states.n;
	f.types = xcalloc(3 * (nt + 1), sizeof *f.types);
	f.states = xcalloc(ns + 1, sizeof *f.states);
	/* rules written before resolved meant success for a change mark none:
	 * then no change is judged, rather than every closed one failed */
	for (size_t i = 0; i < ns; i++)
		f.judged |= f.w->states.v[i].resolved;
	od_status st = change_each_in(rv->ctx->db, ru, rv->p->from, rv->p->to, count_change, &f, err);
	if (st != OD_OK)
		goto done;
	if (!f.total) {
		report_text(s, "%s", _("none: no change had its window in the period"));
		goto done;
	}
	int64_t good = 0, bad = 0;
	for (size_t i = 0; i <= nt; i++) {
		good += f.types[3 * i + 1];
		bad += f.types[3 * i + 2];
	}
	char buf[64], pc[24];
	snprintf(buf, sizeof buf, "%lld", (long long)f.total);
	report_field(s, "total", _("changes in the period"), buf);
	rate(pc, sizeof pc, good, bad);
	snprintf(buf, sizeof buf, "%s (%lld/%lld)", pc, (long long)good, (long long)(good + bad));
	report_field(s, "success", _("success rate"), good + bad ? buf : "-");
	static const char *const keys[] = {"type", "changes", "succeeded", "failed", "success"};
	const char *heads[] = {_("type"), _("changes"), _("succeeded"), _("failed"),
			       _("success rate")};
	report_block *b = report_table(s, 5, keys, heads);
	for (size_t i = 0; i <= nt; i++) {
		int64_t *t = &f.types[3 * i];
		if (!t[0])
			continue;
		char n[24], g[24], x[24], tr[24];
		snprintf(n, sizeof n, "%lld", (long long)t[0]);
		snprintf(g, sizeof g, "%lld", (long long)t[1]);
		snprintf(x, sizeof x, "%lld", (long long)t[2]);
		rate(tr, sizeof tr, t[1], t[2]);
		const char *label = i < nt ? ru->changes.types.v[i].name : _("other");
		const char *rowv[] = {label, n, g, x, tr};
		report_row(b, rowv);
	}
	static const char *const skeys[] = {"state", "changes"};
	const char *sheads[] = {_("state"), _("changes")};
	report_block *sb = report_table(s, 2, skeys, sheads);
	for (size_t i = 0; i <= ns; i++) {
		if (!f.states[i])
			continue;
		char n[24];
		snprintf(n, sizeof n, "%lld", (long long)f.states[i]);
		const char *rowv[] = {i < ns ? f.w->states.v[i].name : _("other"), n};
		report_row(sb, rowv);
	}
	if (!f.judged)
		report_text(s, "%s",
			    _("The change workflow of the rules marks no state resolved, so no change "
			      "is judged a success or a failure."));
	report_text(s, _("Changes whose window overlaps the period, in the state they are in now. "
			 "Succeeded: in a resolved state; failed: ended in another final state "
			 "(rolled back, failed); changes still open or withdrawn before they were "
			 "carried out (cancelled) are not judged."));
done:
	free(f.types);
	free(f.states);
	return st;
}

static void figure(report_section *s, const char *key, const char *label, int64_t v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	report_field(s, key, label, buf);
}

/* The inspection period report's own figures (inspect/report.c). */
static od_status inspections_part(review *rv, report *r, od_error *err)
{
	report_section *s = report_section_add(r, "inspections", _("Inspections"));
	time_t end = rv->p->to < rv->as_of ? rv->p->to : rv->as_of;
	inspect_figures f;
	od_status st = inspect_period_figures(rv->ctx, rv->p->from, rv->p->to, end, &f, err);
	if (st != OD_OK)
		return st;
	if (!f.runs && !f.due && !f.overdue) {
		report_text(s, "%s", _("none: no inspection round was due or recorded in the period"));
		return OD_OK;
	}
	figure(s, "runs", _("runs recorded"), f.runs);
	figure(s, "due", _("rounds due"), f.due);
	figure(s, "done", _("rounds done of those due"), f.done);
	char buf[64], pc[24];
	rate(pc, sizeof pc, f.done, f.due - f.done);
	snprintf(buf, sizeof buf, "%s (%lld/%lld)", pc, (long long)f.done, (long long)f.due);
	report_field(s, "completion", _("completion"), f.due ? buf : "-");
	figure(s, "abnormal", _("abnormal readings"), f.abnormal);
	figure(s, "incidents", _("incidents raised"), f.incidents);
	char t[40];
	snprintf(buf, sizeof buf, "%lld%s", (long long)f.overdue, f.overdue >= 1000 ? "+" : "");
	report_field(s, "overdue", _("rounds overdue"), buf);
	report_text(s, _("As in the inspection period report: rounds due per template and CI in the "
			 "period and those done; incidents opened by abnormal readings or that a "
			 "repeat reading was added to; rounds overdue at %s."),
		    clock_format(end, t, sizeof t));
	return OD_OK;
}

/* Problems opened and ended in the period, those open now with the known
 * errors among them, and the recurring incidents at the period's end. */
static od_status problems_part(review *rv, report *r, od_error *err)
{
	const rules *ru = rv->ctx->rules;
	report_section *s = report_section_add(r, "problems", _("Problems"));
	journal_window_entry *v;
	size_t n;
	od_status st = journal_window(rv->ctx->db, "PRB-", "state", rv->p->from, rv->p->to, 0, &v, &n,
				      err);
	if (st != OD_OK)
		return st;
	int64_t closed = 0, cancelled = 0;
	for (size_t i = 0; i < n; i++) {
		const rules_state *to = record_state_find(ru, &problem_kind, v[i].state);
		if (to && to->resolved)
			closed++;
		else if (to && to->final)
			cancelled++;
	}
	journal_window_free(v, n);
	record *open;
	size_t nopen;
	record_filter rf = {.limit = 1000};
	if ((st = record_list(rv->ctx->db, &problem_kind, &rf, &open, &nopen, err)) != OD_OK)
		return st;
	int64_t known = 0;
	for (size_t i = 0; i < nopen; i++)
		if (strcmp(record_value(&open[i], "known_error"), "yes") == 0)
			known++;
	record_list_free(open, nopen);
	figure(s, "opened", _("opened"),
	       journal_window_count(rv->ctx->db, "PRB-", "create", rv->p->from, rv->p->to));
	figure(s, "closed", _("closed (solved)"), closed);
	figure(s, "cancelled", _("cancelled"), cancelled);
	char buf[32];
	snprintf(buf, sizeof buf, "%zu%s", nopen, nopen == 1000 ? "+" : "");
	report_field(s, "open", _("still open"), buf);
	figure(s, "known_errors", _("known errors among them"), known);

	time_t end = rv->p->to < rv->as_of ? rv->p->to : rv->as_of;
	recurrence_candidate *c;
	size_t nc;
	if ((st = recurrence_candidates(rv->ctx->db, ru, end, 10, &c, &nc, err)) != OD_OK)
		return st;
	char t[40];
	report_text(s, _("Recurring incidents no open problem covers at %s:"),
		    clock_format(end, t, sizeof t));
	if (!nc) {
		report_text(s, "%s", _("none"));
	} else {
		static const char *const keys[] = {"by", "key", "count", "incidents"};
		const char *heads[] = {_("grouped by"), _("which"), _("incidents"), _("refs")};
		report_block *b = report_table(s, 4, keys, heads);
		for (size_t i = 0; i < nc; i++) {
			char count[24], which[256];
			strbuf refs = {0};
			snprintf(count, sizeof count, "%zu", c[i].n);
			snprintf(which, sizeof which, "%s (%s)", c[i].key, c[i].name);
			for (size_t x = 0; x < c[i].n && x < 8; x++)
				sb_addf(&refs, "%sINC-%lld", x ? " " : "", (long long)c[i].incidents[x]);
			if (c[i].n > 8)
				sb_add(&refs, " ...");
			const char *by = strcmp(c[i].rule->by.id, "ci") == 0 ? _("CI") : _("category");
			const char *rowv[] = {by, which, count, refs.buf};
			report_row(b, rowv);
			sb_free(&refs);
		}
	}
	recurrence_candidates_free(c, nc);
	return OD_OK;
}

od_status report_review(const od_ctx *ctx, const report_period *p, time_t as_of, report **out,
			od_error *err)
{
	*out = NULL;
	review rv = {.ctx = ctx, .p = p, .as_of = as_of};
	rv.prio = xcalloc(ctx->rules->priorities.n + 1, sizeof *rv.prio);
	od_status s = incident_each_created(ctx->db, p->from, p->to, one, &rv, err);
	report *r = s == OD_OK ? report_begin(ctx, "review", _("Service review (服务报告)"), p->name,
					      as_of, err)
			       : NULL;
	if (r) {
		char t1[40], t2[40], buf[256];
		report_head(r, "period", _("period"), p->name);
		snprintf(buf, sizeof buf, "%s - %s", clock_format(p->from, t1, sizeof t1),
			 clock_format(p->to, t2, sizeof t2));
		report_head(r, "window", _("window"), buf);
		report_head(r, "timezone", _("time zone"), ctx->rules->site.timezone.id);
		snprintf(buf, sizeof buf, "%lld", (long long)rv.total);
		report_head(r, "incidents", _("incidents recorded"), buf);
		snprintf(buf, sizeof buf, "%lld:%s", (long long)r->audit_id, r->audit_hash);
		report_head(r, "audit_head", _("audit head"), buf);
		attainment(&rv, r);
		rows_part(r, "breaches", _("SLA breaches"), rv.breaches, rv.nbreaches, rv.more_breaches,
			  _("clock"), NULL);
		rows_part(r, "major", _("Major incidents"), rv.majors, rv.nmajors, rv.more_majors,
			  _("state"), _("review"));
		availability(&rv, r);
		if (rv.ncats)
			qsort(rv.cats, rv.ncats, sizeof *rv.cats, by_count);
		if (rv.ncis)
			qsort(rv.cis, rv.ncis, sizeof *rv.cis, by_count);
		top(r, "categories", _("Top categories"), rv.cats, rv.ncats);
		top(r, "cis", _("Top CIs"), rv.cis, rv.ncis);
		if (s == OD_OK)
			s = changes_part(&rv, r, err);
		if (s == OD_OK)
			s = inspections_part(&rv, r, err);
		if (s == OD_OK)
			s = problems_part(&rv, r, err);
		if (s == OD_OK)
			s = requests(&rv, r, err);
		if (s == OD_OK)
			s = satisfaction(&rv, r, err);
		report_text(report_section_add(r, "improvements", _("Improvements")), "%s",
			    _("(to be written by the service manager)"));
		const char *labels[] = {_("编制 (prepared by)"), _("审核 (approved by)")};
		report_signatures(report_section_add(r, "signatures", _("Sign-off")), labels, 2);
	} else if (s == OD_OK) {
		s = OD_DB;
	}
	for (size_t i = 0; i < rv.ncats; i++)
		free(rv.cats[i].key);
	for (size_t i = 0; i < rv.ncis; i++)
		free(rv.cis[i].key);
	free(rv.cats);
	free(rv.cis);
	rows_free(rv.breaches, rv.nbreaches);
	rows_free(rv.majors, rv.nmajors);
	free(rv.prio);
	if (s != OD_OK) {
		report_free(r);
		r = NULL;
	}
	*out = r;
	return s;
}
