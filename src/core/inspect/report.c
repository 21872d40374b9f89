/* The reports of inspections, built as report data (report.h) and so
 * printable at 80 columns, as HTML or JSON: one run (its readings, open
 * issues, opinion, review and signature lines), a period (completion per
 * template and location, abnormal readings by CI and by item, the rounds
 * overdue), and a CI's inspection history with the trend of its numeric
 * readings drawn in plain characters. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect_private.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/record.h"
#include "opsdesk/report_build.h"



static const char *level_shown(inspect_level l)
{
	return l == LEVEL_NORMAL ? _("normal") : inspect_level_name(l);
}

od_status inspect_report_run(const od_ctx *ctx, int64_t id, time_t as_of, report **out,
			     od_error *err)
{
	*out = NULL;
	inspect_run run;
	od_status s = inspect_run_get(ctx->db, id, &run, err);
	if (s != OD_OK)
		return s;
	char ref[32], t[40], buf[256];
	snprintf(ref, sizeof ref, "INS-%" PRId64, id);
	const rules_inspection *tp = rules_inspection_find(ctx->rules, run.template_id);
	report *r = report_begin(ctx, "inspection", _("Inspection report (巡检记录)"), ref, as_of,
				 err);
	if (!r) {
		inspect_run_clear(&run);
		return OD_DB;
	}
	report_head(r, "ref", _("ref"), ref);
	snprintf(buf, sizeof buf, "%s (%s)", tp ? tp->name : run.template_id, run.template_id);
	report_head(r, "template", _("template"), buf);
	report_head(r, "ci", _("CI"), run.tag);
	report_head(r, "location", _("location"), run.location[0] ? run.location : "-");
	report_head(r, "state", _("state"),
		    record_state_name(ctx->rules, &record_kind_inspection, run.state));

	report_section *f = report_section_add(r, "run", _("The round"));
	char *who = report_person(ctx->db, run.by);
	report_field(f, "inspector", _("inspector"), who);
	free(who);
	report_field(f, "started", _("started"), report_time(run.started, t, sizeof t));
	report_field(f, "finished", _("finished"), report_time(run.finished, t, sizeof t));
	long minutes = run.started && run.finished > run.started
			   ? (long)((run.finished - run.started + 59) / 60)
			   : 0;
	snprintf(buf, sizeof buf, _("%ld min"), minutes);
	report_field(f, "duration", _("duration"), buf);
	snprintf(buf, sizeof buf, "%" PRId64, run.abnormal);
	report_field(f, "abnormal", _("abnormal items"), buf);

	report_section *rs = report_section_add(r, "readings", _("Readings"));
	const char *keys[] = {"item", "reading", "range", "result", "remark", "incident"};
	const char *heads[] = {_("item"),   _("reading"), _("normal"),
			       _("result"), _("remark"),  _("incident")};
	report_block *tb = report_table(rs, 6, keys, heads);
	for (size_t i = 0; i < run.nreadings; i++) {
		const inspect_reading_row *rd = &run.readings[i];
		const rules_inspect_item *it = tp ? rules_inspect_item_find(tp, rd->item) : NULL;
		char reading[600], normal[200] = "", inc[32] = "";
		snprintf(reading, sizeof reading, "%s%s%s", rd->value, it && it->unit ? " " : "",
			 it && it->unit ? it->unit : "");
		for (size_t k = 0; it && k < it->normal.n; k++) {
			size_t used = strlen(normal);
			snprintf(normal + used, sizeof normal - used, "%s%s", k ? " " : "",
				 it->normal.v[k].text);
		}
		if (rd->incident)
			snprintf(inc, sizeof inc, "INC-%" PRId64, rd->incident);
		const char *cells[] = {it ? it->text : rd->item, reading, normal,
				       level_shown(rd->level), rd->remark, inc};
		report_row(tb, cells);
	}
	report_section *is = report_section_add(r, "issues", _("Open issues (遗留问题)"));
	report_text(is, "%s", run.issues[0] ? run.issues : _("(none)"));
	report_section *op = report_section_add(r, "opinion", _("Opinion and recommendations"));
	report_text(op, "%s", run.opinion[0] ? run.opinion : _("(none)"));
	report_section *rv = report_section_add(r, "review", _("Review"));
	if (run.locked) {
		char *by = report_person(ctx->db, run.reviewed_by);
		report_field(rv, "reviewed_by", _("reviewed by"), by);
		free(by);
		report_field(rv, "reviewed", _("reviewed"), report_time(run.reviewed, t, sizeof t));
		report_field(rv, "comment", _("comment"), run.review);
	} else {
		report_text(rv, "%s", _("(not reviewed yet)"));
	}
	record_link_entry *links;
	size_t nlinks;
	if (record_links(ctx->db, ref, &links, &nlinks, NULL) == OD_OK) {
		if (nlinks) {
			report_section *ls = report_section_add(r, "links", _("Linked records"));
			for (size_t i = 0; i < nlinks; i++)
				report_field(ls, links[i].role, links[i].role, links[i].ref);
		}
		record_links_free(links, nlinks);
	}
	report_section *sg = report_section_add(r, "sign", _("Signatures"));
	const char *labels[] = {_("inspector"), _("reviewer")};
	report_signatures(sg, labels, 2);
	inspect_run_clear(&run);
	*out = r;
	return OD_OK;
}

/* --- a period ----------------------------------------------------------------------- */

/* How many rounds of t fall due per CI in [from, to). */
static int64_t expected_rounds(const rules *r, const rules_inspection *t, time_t from, time_t to)
{
	if (t->frequency.kind == FREQ_EVERY)
		return (to - from) / ((time_t)t->frequency.every * 60);
	int64_t n = 0;
	inspect_due_times d = inspect_next_due(r, t, 0, from);
	time_t at = d.due >= from ? d.due : inspect_next_due(r, t, d.due ? d.due : from, from).due;
	while (at && at < to && n < 100000) {
		n++;
		at = inspect_next_due(r, t, at, at).due;
	}
	return n;
}

/* One row of completion: the CIs of a template at a location (from the
 * stored due rows), the rounds due in the window and those done. */
typedef struct completion {
	const char *template_id, *location;
	int64_t cis, expected, done;
} completion;

static od_status completion_each(const od_ctx *ctx, time_t from, time_t to,
				 void (*fn)(const completion *c, void *arg), void *arg,
				 od_error *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "SELECT d.template, d.location, count(*),"
				   "  (SELECT count(*) FROM inspection i INDEXED BY inspection_by_ci_template"
				   "    WHERE i.ci = d.asset_id AND i.template = d.template"
				   "      AND i.created >= ?1 AND i.created < ?2)"
				   " FROM inspect_due d GROUP BY d.template, d.location"
				   " ORDER BY d.template, d.location",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, (int64_t)from);
	sqlite3_bind_int64(st, 2, (int64_t)to);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const rules_inspection *t = rules_inspection_find(ctx->rules, db_text(st, 0));
		completion c = {db_text(st, 0), db_text(st, 1), sqlite3_column_int64(st, 2), 0,
				sqlite3_column_int64(st, 3)};
		c.expected = t ? c.cis * expected_rounds(ctx->rules, t, from, to) : 0;
		fn(&c, arg);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OD_OK : db_error(ctx->db, _("inspection completion"), err);
}

static void completion_row(const completion *c, void *arg)
{
	char n1[24], n2[24], n3[24], rate[24];
	snprintf(n1, sizeof n1, "%" PRId64, c->cis);
	snprintf(n2, sizeof n2, "%" PRId64, c->expected);
	snprintf(n3, sizeof n3, "%" PRId64, c->done);
	if (c->expected)
		snprintf(rate, sizeof rate, "%.0f%%",
			 100.0 * (double)(c->done < c->expected ? c->done : c->expected) /
			     (double)c->expected);
	else
		snprintf(rate, sizeof rate, "-");
	const char *cells[] = {c->template_id, c->location[0] ? c->location : "-", n1, n2, n3, rate};
	report_row(arg, cells);
}

static void completion_sum(const completion *c, void *arg)
{
	inspect_figures *f = arg;
	f->due += c->expected;
	f->done += c->done < c->expected ? c->done : c->expected;
}

od_status inspect_period_figures(const od_ctx *ctx, time_t from, time_t to, time_t as_of,
				 inspect_figures *out, od_error *err)
{
	*out = (inspect_figures){0};
	od_status s = completion_each(ctx, from, to, completion_sum, out, err);
	if (s != OD_OK)
		return s;
	out->runs = inspect_runs_count(ctx->db, from, to);
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "SELECT count(*), count(DISTINCT incident) FROM inspect_reading"
				   " INDEXED BY inspect_reading_bad"
				   " WHERE level <> 'normal' AND at >= ?1 AND at < ?2",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, (int64_t)from);
	sqlite3_bind_int64(st, 2, (int64_t)to);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->abnormal = sqlite3_column_int64(st, 0);
		out->incidents = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	out->overdue = inspect_due_count(ctx->db, as_of, true);
	return OD_OK;
}

od_status inspect_report_period(const od_ctx *ctx, time_t from, time_t to, time_t as_of,
				report **out, od_error *err)
{
	*out = NULL;
	char a[40], b[40], subject[100];
	snprintf(subject, sizeof subject, "%s - %s", report_time(from, a, sizeof a),
		 report_time(to, b, sizeof b));
	report *r = report_begin(ctx, "inspection-period", _("Inspection period report"), subject,
				 as_of, err);
	if (!r)
		return OD_DB;
	report_head(r, "from", _("from"), a);
	report_head(r, "to", _("to"), b);

	/* completion: rounds done in the window against those due, per template
	 * and location */
	report_section *cs = report_section_add(r, "completion", _("Completion by template and location"));
	const char *ckeys[] = {"template", "location", "cis", "expected", "done", "rate"};
	const char *cheads[] = {_("template"), _("location"), _("CIs"),
				_("due"),      _("done"),     _("rate")};
	report_block *ct = report_table(cs, 6, ckeys, cheads);
	od_status s = completion_each(ctx, from, to, completion_row, ct, err);
	sqlite3_stmt *st;

	/* abnormal readings in the window, walking their (at) index */
	const char *groups[][3] = {
	    {"by_ci", N_("Abnormal readings by CI"),
	     "SELECT tag, count(*), group_concat(DISTINCT item) FROM inspect_reading"
	     " INDEXED BY inspect_reading_bad WHERE level <> 'normal' AND at >= ?1 AND at < ?2"
	     " GROUP BY tag ORDER BY count(*) DESC, tag"},
	    {"by_item", N_("Abnormal readings by item"),
	     "SELECT template || '.' || item, count(*), group_concat(DISTINCT tag)"
	     " FROM inspect_reading INDEXED BY inspect_reading_bad"
	     " WHERE level <> 'normal' AND at >= ?1 AND at < ?2"
	     " GROUP BY template, item ORDER BY count(*) DESC, template, item"},
	};
	for (int g = 0; g < 2 && s == OD_OK; g++) {
		report_section *gs = report_section_add(r, groups[g][0], _(groups[g][1]));
		const char *keys[] = {"what", "count", "which"};
		const char *heads[] = {g ? _("item") : _("CI"), _("abnormal"),
				       g ? _("CIs") : _("items")};
		report_block *gt = report_table(gs, 3, keys, heads);
		if (!(st = db_stmt(ctx->db, groups[g][2], err))) {
			s = OD_DB;
			break;
		}
		sqlite3_bind_int64(st, 1, (int64_t)from);
		sqlite3_bind_int64(st, 2, (int64_t)to);
		while (sqlite3_step(st) == SQLITE_ROW) {
			char count[24];
			snprintf(count, sizeof count, "%lld", (long long)sqlite3_column_int64(st, 1));
			const char *cells[] = {db_text(st, 0), count, db_text(st, 2)};
			report_row(gt, cells);
		}
		sqlite3_reset(st);
	}

	report_section *os = report_section_add(r, "overdue", _("Rounds overdue"));
	const char *okeys[] = {"template", "ci", "location", "due", "last_done"};
	const char *oheads[] = {_("template"), _("CI"), _("location"), _("due"), _("last done")};
	report_block *ot = report_table(os, 5, okeys, oheads);
	inspect_due_filter df = {.now = as_of, .overdue_only = true, .limit = 200};
	inspect_due_row *v = NULL;
	size_t n = 0;
	if (s == OD_OK && (s = inspect_due_list(ctx->db, &df, &v, &n, err)) == OD_OK) {
		for (size_t i = 0; i < n; i++) {
			char due[40], last[40];
			const char *cells[] = {v[i].template_id, v[i].tag,
					       v[i].location[0] ? v[i].location : "-",
					       report_time(v[i].due, due, sizeof due),
					       v[i].last_done ? report_time(v[i].last_done, last, sizeof last)
							      : _("never")};
			report_row(ot, cells);
		}
		inspect_due_free(v, n);
	}
	if (s != OD_OK) {
		report_free(r);
		return s;
	}
	*out = r;
	return OD_OK;
}

/* --- a CI's history ------------------------------------------------------------------ */

od_status inspect_report_ci(const od_ctx *ctx, const char *tag, time_t as_of, report **out,
			    od_error *err)
{
	*out = NULL;
	asset a = {0};
	od_status s = asset_get(ctx->db, tag, &a, err);
	if (s != OD_OK)
		return s;
	report *r = report_begin(ctx, "inspection-history", _("Inspection history"), a.tag, as_of,
				 err);
	if (!r) {
		asset_clear(&a);
		return OD_DB;
	}
	report_head(r, "ci", _("CI"), a.tag);
	report_section *rs = report_section_add(r, "runs", _("Recent runs"));
	const char *keys[] = {"ref", "template", "done", "by", "abnormal", "state"};
	const char *heads[] = {_("run"), _("template"), _("done"), _("by"), _("abnormal"), _("state")};
	report_block *tb = report_table(rs, 6, keys, heads);
	inspect_run_filter f = {.tag = a.tag, .limit = 10};
	inspect_run *runs = NULL;
	size_t n = 0;
	if ((s = inspect_run_list(ctx->db, &f, &runs, &n, err)) == OD_OK) {
		for (size_t i = 0; i < n; i++) {
			char ref[32], t[40], count[24];
			snprintf(ref, sizeof ref, "INS-%" PRId64, runs[i].id);
			snprintf(count, sizeof count, "%" PRId64, runs[i].abnormal);
			const char *cells[] = {
			    ref, runs[i].template_id, report_time(runs[i].finished, t, sizeof t),
			    runs[i].by, count,
			    record_state_name(ctx->rules, &record_kind_inspection, runs[i].state)};
			report_row(tb, cells);
		}
		inspect_run_list_free(runs, n);
	}
	/* the trend of every numeric item of the templates that apply */
	for (size_t i = 0; s == OD_OK && i < ctx->rules->inspections.n; i++) {
		const rules_inspection *t = &ctx->rules->inspections.v[i];
		if (!inspect_applies(t, &a))
			continue;
		for (size_t j = 0; s == OD_OK && j < t->items.n; j++) {
			const rules_inspect_item *it = &t->items.v[j];
			if (it->kind_id != INSPECT_NUMBER && it->kind_id != INSPECT_PERCENT)
				continue;
			inspect_point *pts;
			size_t np;
			if ((s = inspect_trend(ctx->db, a.tag, it->id, 20, &pts, &np, err)) != OD_OK)
				break;
			if (np) {
				char title[200];
				snprintf(title, sizeof title, _("Trend: %s (%s), last %zu readings"),
					 it->text, it->unit ? it->unit : "", np);
				report_section *ts = report_section_add(r, it->id, title);
				char *chart = inspect_trend_chart(it, pts, np, 6);
				report_text(ts, "%s", chart);
				free(chart);
			}
			free(pts);
		}
	}
	asset_clear(&a);
	if (s != OD_OK) {
		report_free(r);
		return s;
	}
	*out = r;
	return OD_OK;
}
