/* Change requests: the kind's declaration, its risk assessment and window
 * checks, and approval by the change board. Everything generic (storing,
 * transitions, journal, audit, JSON) is record.c's; this file holds only
 * what a change adds, joining in through the kind's hooks.
 *
 * Approval runs in rounds. A round opens the first time someone votes
 * while the change is in changes.approval.state after the last round was
 * decided (so a change sent back and re-submitted starts afresh), and is
 * decided by the vote that reaches the quorum or the rejections the first
 * matching rule of changes.approval.rules asks. That vote takes the
 * approved or rejected transition in its own transaction; the same
 * transitions taken by hand are refused until the round says so. */
#include "opsdesk/change.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

static const rules_item *type_items(const rules *r, size_t *n)
{
	*n = r->changes.types.n;
	return r->changes.type_items;
}

static const rules_item *category_items(const rules *r, size_t *n)
{
	*n = r->changes.categories.n;
	return r->changes.categories.v;
}

static const rules_item *level_items(const rules *r, size_t *n)
{
	*n = r->changes.risk.levels.n;
	return r->changes.level_items;
}

enum { LINE = 200, LONG = 8000 };

/* The form's order is the regulations' order. */
static const record_field change_fields[] = {
	{"title", NULL, N_("Title"), RT_TEXT, RW_ALL, true, 0, LINE, NULL},
	{"type", NULL, N_("Type"), RT_ITEM, RW_ALL, true, 0, 0, type_items},
	{"category", NULL, N_("Category"), RT_ITEM, RW_DATA, false, 0, 0, category_items},
	{"content", NULL, N_("Content"), RT_LONG, RW_DATA, false, 0, LONG, NULL},
	{"purpose", NULL, N_("Purpose"), RT_LONG, RW_DATA, false, 0, LONG, NULL},
	{"cis", NULL, N_("CIs"), RT_CIS, RW_DATA, false, 0, 0, NULL},
	{"services", NULL, N_("Services"), RT_TEXT, RW_DATA, false, 0, LINE, NULL},
	{"impact", NULL, N_("Impact"), RT_LONG, RW_DATA, false, 0, LONG, NULL},
	{"start", "window_start", N_("Window start"), RT_TIME, RW_ALL & ~RW_SET, true, 0, 0, NULL},
	{"end", "window_end", N_("Window end"), RT_TIME, RW_ALL & ~RW_SET, true, 0, 0, NULL},
	{"outage", NULL, N_("Outage"), RT_FLAG, RW_DATA, false, 0, 0, NULL},
	{"outage_minutes", NULL, N_("Outage minutes"), RT_NUMBER, RW_DATA, false, 0, 100000, NULL},
	{"assessment", NULL, N_("Risk answers"), RT_TEXT, RW_DATA, false, 0, LINE, NULL},
	/* derived from the assessment by after_change, never given */
	{"risk", NULL, N_("Risk"), RT_ITEM, RW_LIST | RW_SHOW, false, 0, 0, level_items},
	{"plan", NULL, N_("Plan"), RT_LONG, RW_DATA, false, 0, LONG, NULL},
	{"test_plan", NULL, N_("Test plan"), RT_LONG, RW_DATA, false, 0, LONG, NULL},
	{"rollback", NULL, N_("Rollback plan"), RT_LONG, RW_DATA, false, 0, LONG, NULL},
	{"emergency_plan", NULL, N_("Emergency plan"), RT_LONG, RW_DATA, false, 0, LONG, NULL},
	{"requester", NULL, N_("Requester"), RT_LOGIN, RW_DATA, false, 0, 0, NULL},
	{"implementer", NULL, N_("Implementer"), RT_LOGIN, RW_ALL, false, 0, 0, NULL},
	{"verifier", NULL, N_("Verifier"), RT_LOGIN, RW_DATA, false, 0, 0, NULL},
	/* filled while the change goes through its workflow */
	{"override", NULL, N_("Override"), RT_TEXT, RW_SET | RW_SHOW, false, 0, LINE, NULL},
	{"result", NULL, N_("Result"), RT_LONG, RW_SET | RW_SHOW, false, 0, LONG, NULL},
	{"verification", NULL, N_("Verification"), RT_LONG, RW_SET | RW_SHOW, false, 0, LONG, NULL},
	{"report", NULL, N_("Report"), RT_LONG, RW_SET | RW_SHOW, false, 0, LONG, NULL},
	{"rollback_reason", NULL, N_("Rollback reason"), RT_LONG, RW_SET | RW_SHOW, false, 0, LONG,
	 NULL},
	{"review", NULL, N_("Review"), RT_LONG, RW_SET | RW_SHOW, false, 0, LONG, NULL},
};

/* --- risk ------------------------------------------------------------------ */

od_status change_risk_score(const rules *r, const char *assessment, int *score, od_error *err)
{
	*score = 0;
	char *copy = xstrdup(assessment ? assessment : "");
	od_status s = OD_OK;
	for (char *save, *id = strtok_r(copy, ", ", &save); id; id = strtok_r(NULL, ", ", &save)) {
		const rules_risk_question *q = NULL;
		for (size_t i = 0; i < r->changes.risk.questions.n && !q; i++)
			if (strcmp(r->changes.risk.questions.v[i].id, id) == 0)
				q = &r->changes.risk.questions.v[i];
		if (!q) {
			strbuf known = {0};
			for (size_t i = 0; i < r->changes.risk.questions.n; i++)
				sb_addf(&known, "%s%s", i ? ", " : "", r->changes.risk.questions.v[i].id);
			s = od_fail(err, OD_INVALID, _("assessment: '%s' is not a risk question (known: %s)"),
				    id, known.buf ? known.buf : _("none"));
			sb_free(&known);
			break;
		}
		/* a question named twice counts once */
		bool seen = false;
		for (char *p = copy; p < id && !seen; p += strlen(p) + 1)
			seen = strcmp(p, id) == 0;
		if (!seen)
			*score += q->weight;
	}
	free(copy);
	return s;
}

const char *change_risk_of(const rules *r, const char *assessment)
{
	int score;
	if (change_risk_score(r, assessment, &score, NULL) != OD_OK)
		return "";
	const rules_risk_level *l = rules_risk_level_for(r, score);
	return l ? l->id : "";
}

/* --- the hooks --------------------------------------------------------------- */

static time_t value_time(const record *rec, const char *field)
{
	time_t t = 0;
	const char *v = record_value(rec, field);
	if (v[0] && clock_parse(v, &t, NULL) != OD_OK)
		t = 0;
	return t;
}

/* The window in order and no longer than the rules allow; the assessment's
 * questions known. */
static od_status validate(const od_ctx *ctx, const record *rec, od_error *err)
{
	time_t start = value_time(rec, "start"), end = value_time(rec, "end");
	if (start && end && end <= start)
		return od_fail(err, OD_INVALID, _("end: the window ends (%s) before it starts (%s)"),
			       record_value(rec, "end"), record_value(rec, "start"));
	int max = ctx->rules->changes.max_window;
	if (start && end && max > 0 && (end - start) / 60 > max)
		return od_fail(err, OD_INVALID,
			       _("end: the window is longer than changes.max_window (%d hours)"),
			       max / 60);
	int score;
	return change_risk_score(ctx->rules, record_value(rec, "assessment"), &score, err);
}

/* The risk level follows the assessment. */
static od_status after_change(const od_ctx *ctx, int64_t id, const char *op, const char *text,
			      od_error *err)
{
	(void)op, (void)text;
	record rec;
	od_status s = record_get(ctx->db, &change_kind, id, &rec, err);
	if (s != OD_OK)
		return s;
	const char *risk = change_risk_of(ctx->rules, record_value(&rec, "assessment"));
	if (strcmp(risk, record_value(&rec, "risk")) != 0) {
		sqlite3_stmt *st = db_stmt(ctx->db, "UPDATE change SET risk = ?2 WHERE id = ?1", err);
		if (!st)
			s = OD_DB;
		else {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_text(st, 2, risk, -1, SQLITE_STATIC);
			s = db_step_done(ctx->db, st, err);
		}
	}
	record_clear(&rec);
	return s;
}

static bool ref_in(const rules_refs *refs, const char *id)
{
	for (size_t i = 0; id && i < refs->n; i++)
		if (strcmp(refs->v[i].id, id) == 0)
			return true;
	return false;
}

/* A transition some types name is for those types only. */
static od_status check_type_transition(const od_ctx *ctx, const record *rec,
				       const rules_transition *t, od_error *err)
{
	const rules_changes *c = &ctx->rules->changes;
	bool restricted = false;
	for (size_t i = 0; i < c->types.n; i++)
		restricted |= ref_in(&c->types.v[i].transitions, t->id);
	if (!restricted)
		return OD_OK;
	const rules_change_type *mine = rules_change_type_find(ctx->rules, record_value(rec, "type"));
	if (mine && ref_in(&mine->transitions, t->id))
		return OD_OK;
	strbuf types = {0};
	for (size_t i = 0; i < c->types.n; i++)
		if (ref_in(&c->types.v[i].transitions, t->id))
			sb_addf(&types, "%s%s", types.buf ? ", " : "", c->types.v[i].id);
	od_status s = od_fail(err, OD_DENIED,
			      _("'%s' is only for changes of type %s (this one is %s; see changes.types)"),
			      t->id, types.buf, record_value(rec, "type"));
	sb_free(&types);
	return s;
}

static const char *policy_name(const rules *r, const char *kind)
{
	const rules_conflicts *k = &r->changes.conflicts;
	const rules_ref *ref = strcmp(kind, "same_ci") == 0	 ? &k->same_ci
			       : strcmp(kind, "freeze") == 0	 ? &k->freeze
			       : strcmp(kind, "off_duty") == 0 ? &k->off_duty
							       : &k->outside_window;
	return ref->id ? ref->id : "block";
}

/* On the transitions that check the calendar: a blocking conflict refuses,
 * the others need an override reason (given now or already recorded). */
static od_status check_calendar(const od_ctx *ctx, const record *rec, const record_set *sets,
				size_t nsets, od_error *err)
{
	change_conflict *v;
	size_t n;
	od_status s = change_conflicts(ctx, rec, &v, &n, err);
	if (s != OD_OK)
		return s;
	const char *override = record_set_find(sets, nsets, "override");
	if (!override)
		override = record_value(rec, "override");
	for (size_t i = 0; i < n && s == OD_OK; i++) {
		if (v[i].blocks)
			s = od_fail(err, OD_CONFLICT, _("conflict (%s, changes.conflicts.%s: %s): %s"),
				    v[i].kind, v[i].kind, policy_name(ctx->rules, v[i].kind),
				    v[i].reason);
		else if (!override[0])
			s = od_fail(err, OD_CONFLICT,
				    _("override: conflict (%s) needs an override reason (--set override=TEXT): %s"),
				    v[i].kind, v[i].reason);
	}
	change_conflicts_free(v, n);
	return s;
}

static od_status latest_round(od_db *db, int64_t id, int *round, char outcome[16], od_error *err);

/* The decided transitions follow the round the deciding vote just closed. */
static bool round_allows(const od_ctx *ctx, const record *rec, const char *outcome)
{
	int round;
	char got[16];
	return latest_round(ctx->db, rec->id, &round, got, NULL) == OD_OK &&
	       strcmp(got, outcome) == 0;
}

od_status change_may_transition(const od_ctx *ctx, const record *rec, const rules_transition *t,
				const char *note, const record_set *sets, size_t nsets,
				od_error *err)
{
	(void)note;
	const rules_changes *c = &ctx->rules->changes;
	od_status s = check_type_transition(ctx, rec, t, err);
	if (s != OD_OK)
		return s;
	const char *approved = c->approval.approved.id, *rejected = c->approval.rejected.id;
	if (approved && strcmp(t->id, approved) == 0 && !round_allows(ctx, rec, "approved"))
		return od_fail(err, OD_DENIED,
			       _("'%s' is taken by the votes: the approval is not reached yet (opsdesk change vote)"),
			       t->id);
	if (rejected && strcmp(t->id, rejected) == 0 && !round_allows(ctx, rec, "rejected"))
		return od_fail(err, OD_DENIED,
			       _("'%s' is taken by the votes: the change has not been rejected (opsdesk change vote)"),
			       t->id);
	const rules_change_type *type = rules_change_type_find(ctx->rules, record_value(rec, "type"));
	if (type && type->review && c->review_before.id && strcmp(t->id, c->review_before.id) == 0) {
		const char *review = record_set_find(sets, nsets, "review");
		if (!review)
			review = record_value(rec, "review");
		if (!review[0])
			return od_fail(err, OD_INVALID,
				       _("review: a change of type %s needs its after-the-fact review before '%s' (--set review=TEXT)"),
				       type->id, t->id);
	}
	if (ref_in(&c->conflicts.check_on, t->id))
		return check_calendar(ctx, rec, sets, nsets, err);
	return OD_OK;
}

const record_kind change_kind = {
	.name = "change",
	.prefix = "CHG",
	.table = "change",
	.noun = N_("change"),
	.fields = change_fields,
	.nfields = sizeof change_fields / sizeof change_fields[0],
	.title_field = "title",
	.assignee_field = "implementer",
	.validate = validate,
	.may_transition = change_may_transition,
	.after_change = after_change,
};

/* --- approval ---------------------------------------------------------------- */

static const char *requester_of(const record *rec)
{
	const char *r = record_value(rec, "requester");
	return r[0] ? r : rec->created_by;
}

static bool in_approval(const rules *r, const record *rec)
{
	const char *state = r->changes.approval.state.id;
	return state && strcmp(rec->state, state) == 0;
}

/* The latest round: its number and outcome (0 and "" when none). */
static od_status latest_round(od_db *db, int64_t id, int *round, char outcome[16], od_error *err)
{
	*round = 0;
	outcome[0] = 0;
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT round, outcome FROM change_round WHERE change_id = ?1"
				   " ORDER BY round DESC LIMIT 1",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*round = sqlite3_column_int(st, 0);
		snprintf(outcome, 16, "%s", db_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? OD_OK : db_error(db, "change_round", err);
}

static void vote_read(sqlite3_stmt *st, void *item)
{
	change_vote *v = item;
	v->voter = xstrdup(db_text(st, 0));
	v->vote = xstrdup(db_text(st, 1));
	v->note = xstrdup(db_text(st, 2));
	v->at = (time_t)sqlite3_column_int64(st, 3);
}

static void vote_clear(void *item)
{
	change_vote *v = item;
	free(v->voter);
	free(v->vote);
	free(v->note);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Counts the approvals against the rule's needs: a person counts once,
 * for the first need of theirs still short, so an ops manager who is also
 * on the board does not fill two places. */
static void count(const od_ctx *ctx, change_tally *t, staff_member *staff, size_t nstaff)
{
	const rules_approval *a = t->rule;
	for (size_t i = 0; i < t->nvotes; i++) {
		const change_vote *v = &t->votes[i];
		const staff_member *m = NULL;
		for (size_t j = 0; j < nstaff && !m; j++)
			if (strcmp(staff[j].login, v->voter) == 0)
				m = &staff[j];
		if (!m)
			continue;
		if (strcmp(v->vote, "reject") == 0) {
			t->rejections++;
			continue;
		}
		if (strcmp(v->vote, "approve") != 0)
			continue;
		for (size_t k = 0; k < a->needs.n; k++)
			if (t->got[k] < a->needs.v[k].votes && staff_has_role(m, a->needs.v[k].role.id)) {
				t->got[k]++;
				break;
			}
	}
	(void)ctx;
}

static bool entitled(const rules_approval *a, const staff_member *m)
{
	for (size_t k = 0; a && k < a->needs.n; k++)
		if (staff_has_role(m, a->needs.v[k].role.id))
			return true;
	return false;
}

od_status change_tally_get(const od_ctx *ctx, const record *rec, change_tally *out, od_error *err)
{
	memset(out, 0, sizeof *out);
	out->outcome = "";
	char outcome[16];
	od_status s = latest_round(ctx->db, rec->id, &out->round, outcome, err);
	if (s != OD_OK)
		return s;
	out->voting = in_approval(ctx->rules, rec);
	out->outcome = strcmp(outcome, "approved") == 0	  ? "approved"
		       : strcmp(outcome, "rejected") == 0 ? "rejected"
							  : "";
	/* in the approval state with no round yet, or back in it after a
	 * decided round: the next vote opens a new one, so nothing is
	 * counted yet */
	bool fresh = out->voting && (out->round == 0 || out->outcome[0]);
	if (fresh) {
		out->round++;
		out->outcome = "";
	}
	out->rule = rules_approval_for(ctx->rules, record_value(rec, "type"),
				       record_value(rec, "risk"));
	if (!fresh && out->round) {
		sqlite3_stmt *st = db_stmt(ctx->db,
					   "SELECT voter, vote, note, at FROM change_vote"
					   " WHERE change_id = ?1 AND round = ?2 ORDER BY id",
					   err);
		if (!st)
			return OD_DB;
		sqlite3_bind_int64(st, 1, rec->id);
		sqlite3_bind_int(st, 2, out->round);
		void *v;
		if ((s = db_collect(ctx->db, st, sizeof(change_vote), vote_read, vote_clear, &v,
				    &out->nvotes, "change_vote", err)) != OD_OK)
			return s;
		out->votes = v;
	}
	if (!out->rule)
		return OD_OK;
	out->got = xcalloc(out->rule->needs.n + 1, sizeof *out->got);
	staff_member *staff;
	size_t nstaff;
	if ((s = staff_list(ctx->db, false, &staff, &nstaff, err)) != OD_OK) {
		change_tally_clear(out);
		return s;
	}
	count(ctx, out, staff, nstaff);
	const char *requester = requester_of(rec), *implementer = record_value(rec, "implementer");
	out->may = xcalloc(nstaff + 1, sizeof *out->may);
	for (size_t j = 0; out->voting && !out->outcome[0] && j < nstaff; j++) {
		const staff_member *m = &staff[j];
		bool voted = false;
		for (size_t i = 0; i < out->nvotes && !voted; i++)
			voted = strcmp(out->votes[i].voter, m->login) == 0;
		if (!voted && entitled(out->rule, m) && strcmp(m->login, requester) != 0 &&
		    strcmp(m->login, implementer) != 0)
			out->may[out->nmay++] = xstrdup(m->login);
	}
	qsort(out->may, out->nmay, sizeof *out->may, cmp_str);
	staff_list_free(staff, nstaff);
	return OD_OK;
}

void change_tally_clear(change_tally *t)
{
	if (!t)
		return;
	db_items_free(t->votes, t->nvotes, sizeof *t->votes, vote_clear);
	free(t->got);
	for (size_t i = 0; i < t->nmay; i++)
		free(t->may[i]);
	free(t->may);
	memset(t, 0, sizeof *t);
	t->outcome = "";
}

char *change_tally_needs(const rules *r, const change_tally *t)
{
	(void)r;
	strbuf sb = {0};
	sb_add(&sb, "");
	for (size_t k = 0; t->rule && k < t->rule->needs.n; k++) {
		int short_by = t->rule->needs.v[k].votes - t->got[k];
		if (short_by > 0)
			sb_addf(&sb, "%s%d × %s", sb.len ? ", " : "", short_by,
				t->rule->needs.v[k].role.id);
	}
	return sb_take(&sb);
}

static bool quorum(const change_tally *t)
{
	for (size_t k = 0; t->rule && k < t->rule->needs.n; k++)
		if (t->got[k] < t->rule->needs.v[k].votes)
			return false;
	return t->rule != NULL;
}

static od_status open_round(od_db *db, int64_t id, int round, od_error *err)
{
	sqlite3_stmt *st = db_stmt(db,
				   "INSERT INTO change_round(change_id, round, opened) VALUES (?1, ?2, ?3)",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, round);
	sqlite3_bind_int64(st, 3, (int64_t)clock_now());
	return db_step_done(db, st, err);
}

static od_status decide_round(od_db *db, int64_t id, int round, const char *outcome, od_error *err)
{
	sqlite3_stmt *st = db_stmt(db,
				   "UPDATE change_round SET outcome = ?3, decided = ?4"
				   " WHERE change_id = ?1 AND round = ?2 AND outcome = ''",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, round);
	sqlite3_bind_text(st, 3, outcome, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (int64_t)clock_now());
	od_status s = db_step_done(db, st, err);
	if (s == OD_OK && db_changes(db) != 1)
		s = od_fail(err, OD_CONFLICT, _("the approval round was decided meanwhile"));
	return s;
}

static od_status insert_vote(const od_ctx *ctx, int64_t id, int round, const char *vote,
			     const char *note, od_error *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "INSERT INTO change_vote(change_id, round, voter, vote, note, at)"
				   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, round);
	sqlite3_bind_text(st, 3, ctx->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, vote, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, note ? note : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (int64_t)clock_now());
	return db_step_done(ctx->db, st, err);
}

/* Everything a vote must pass, on the record as it is inside the
 * transaction. */
static od_status may_vote(const od_ctx *ctx, const record *rec, const change_tally *t,
			  od_error *err)
{
	char ref[32];
	record_ref(&change_kind, rec->id, ref, sizeof ref);
	if (!t->voting)
		return od_fail(err, OD_CONFLICT, _("%s is not awaiting approval (it is %s)"), ref,
			       record_state_name(ctx->rules, &change_kind, rec->state));
	if (!t->rule)
		return od_fail(err, OD_CONFIG,
			       _("%s: no rule of changes.approval.rules is for type %s with risk %s"),
			       ref, record_value(rec, "type"), record_value(rec, "risk"));
	if (strcmp(ctx->login, requester_of(rec)) == 0)
		return od_fail(err, OD_DENIED,
			       _("nobody approves their own change: you requested %s"), ref);
	if (strcmp(ctx->login, record_value(rec, "implementer")) == 0)
		return od_fail(err, OD_DENIED,
			       _("nobody approves their own change: you implement %s"), ref);
	for (size_t i = 0; i < t->nvotes; i++)
		if (strcmp(t->votes[i].voter, ctx->login) == 0)
			return od_fail(err, OD_CONFLICT,
				       _("you already voted %s on %s in this round (a vote is not changed)"),
				       t->votes[i].vote, ref);
	staff_member me;
	od_status s = staff_get(ctx->db, ctx->login, &me, err);
	if (s != OD_OK)
		return s;
	bool ok = me.active && entitled(t->rule, &me);
	staff_member_clear(&me);
	if (ok)
		return OD_OK;
	strbuf roles = {0};
	for (size_t k = 0; k < t->rule->needs.n; k++)
		sb_addf(&roles, "%s%s", k ? ", " : "", t->rule->needs.v[k].role.id);
	s = od_fail(err, OD_DENIED, _("%s is not entitled to vote on %s (votes: %s)"), ctx->login,
		    ref, roles.buf);
	sb_free(&roles);
	return s;
}

od_status change_vote_cast(const od_ctx *ctx, int64_t id, const char *vote, const char *note,
			   od_error *err)
{
	if (!vote || (strcmp(vote, "approve") != 0 && strcmp(vote, "reject") != 0 &&
		      strcmp(vote, "abstain") != 0))
		return od_fail(err, OD_USAGE, _("vote: '%s' is not approve, reject or abstain"),
			       vote ? vote : "");
	od_status s;
	if (note && (s = text_check("note", note, CHANGE_NOTE_MAX, true, false, err)) != OD_OK)
		return s;
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	record rec = {0};
	change_tally t = {0};
	t.outcome = "";
	bool have_rec = false;
	if ((s = record_get(ctx->db, &change_kind, id, &rec, err)) != OD_OK)
		goto done;
	have_rec = true;
	if ((s = change_tally_get(ctx, &rec, &t, err)) != OD_OK)
		goto done;
	if ((s = may_vote(ctx, &rec, &t, err)) != OD_OK)
		goto done;
	int latest;
	char outcome[16];
	if ((s = latest_round(ctx->db, id, &latest, outcome, err)) != OD_OK)
		goto done;
	if (latest < t.round && (s = open_round(ctx->db, id, t.round, err)) != OD_OK)
		goto done;
	if ((s = insert_vote(ctx, id, t.round, vote, note, err)) != OD_OK)
		goto done;
	strbuf text = {0}, data = {0};
	sb_addf(&text, "%s (round %d)", vote, t.round);
	if (note && note[0])
		sb_addf(&text, ": %s", note);
	sb_addf(&data, "{\"vote\":\"%s\",\"round\":%d,\"note\":", vote, t.round);
	sb_add_json(&data, note ? note : "");
	sb_add(&data, "}");
	s = record_note_op(ctx, &rec, "vote", "vote", text.buf, data.buf, data.buf, err);
	sb_free(&text);
	sb_free(&data);
	if (s != OD_OK)
		goto done;
	/* count again with this vote */
	int round = t.round;
	change_tally_clear(&t);
	record_clear(&rec);
	have_rec = false;
	if ((s = record_get(ctx->db, &change_kind, id, &rec, err)) != OD_OK)
		goto done;
	have_rec = true;
	if ((s = change_tally_get(ctx, &rec, &t, err)) != OD_OK)
		goto done;
	const char *decided = quorum(&t)		     ? "approved"
			      : t.rejections >= t.rule->rejects ? "rejected"
								 : NULL;
	if (decided) {
		const rules_changes *c = &ctx->rules->changes;
		const char *tr = decided[0] == 'a' ? c->approval.approved.id : c->approval.rejected.id;
		char why[96];
		snprintf(why, sizeof why, "%s (round %d)", decided, round);
		if ((s = decide_round(ctx->db, id, round, decided, err)) == OD_OK)
			s = record_transition(ctx, &change_kind, id, tr, why, NULL, 0, 0, err);
	}
done:
	change_tally_clear(&t);
	if (have_rec)
		record_clear(&rec);
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}

/* --- an incident from a change ------------------------------------------------------ */

od_status change_open_incident(const od_ctx *ctx, int64_t id, const char *summary,
			       const char *impact, const char *urgency, int64_t *inc_id,
			       od_error *err)
{
	record rec;
	od_status s = record_get(ctx->db, &change_kind, id, &rec, err);
	if (s != OD_OK)
		return s;
	char ref[32], iref[32];
	record_ref(&change_kind, id, ref, sizeof ref);
	char **tags = NULL;
	size_t n = 0;
	if ((s = record_cis(ctx->db, &rec, "cis", &tags, &n, err)) != OD_OK) {
		record_clear(&rec);
		return s;
	}
	char *title = summary && summary[0] ? xstrdup(summary)
					    : xasprintf("%s: %s", ref, record_value(&rec, "title"));
	char *text = xasprintf(_("opened from change %s (%s)"), ref,
			       record_state_name(ctx->rules, &change_kind, rec.state));
	incident_fields f = {.summary = title, .description = text, .ci = n ? tags[0] : "",
			     .impact = impact, .urgency = urgency};
	if ((s = db_begin(ctx->db, err)) == OD_OK) {
		s = incident_create(ctx, &f, inc_id, err);
		if (s == OD_OK) {
			snprintf(iref, sizeof iref, "INC-%lld", (long long)*inc_id);
			s = record_link(ctx, ref, "incident", iref, "change", true, err);
		}
		od_status e = db_end(ctx->db, s == OD_OK, err);
		if (s == OD_OK)
			s = e;
	}
	free(title);
	free(text);
	record_strings_free(tags, n);
	record_clear(&rec);
	return s;
}
