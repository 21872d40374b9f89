/* Alert intake. All of one alert happens in one transaction, so two alerts
 * for the same key arriving together still open one incident. What the
 * rules ask of a transition on monitoring's behalf (a recovery resolving,
 * a recurring fault reopening) is checked before anything is written, so a
 * transition monitoring may not take changes what is recorded and never
 * loses the alert. */
#include "opsdesk/alert.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/access.h"
#include "opsdesk/asset.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/journal.h"
#include "opsdesk/journal_line.h"
#include "opsdesk/json_check.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

enum { ALERT_TEXT_MAX = 200 };

void alert_input_clear(alert_input *in)
{
	free(in->source);
	free(in->key);
	free(in->severity);
	free(in->summary);
	free(in->description);
	free(in->ci);
	memset(in, 0, sizeof *in);
}

/* Whether a JSON string, as written (quotes and escapes), holds \u0000.
 * SQLite 3.40 cuts the decoded value short there, so the decoded text
 * cannot tell; an escaped backslash ("\\u0000") is not one. */
static bool escapes_nul(const char *raw)
{
	for (const char *p = raw; *p; p++) {
		if (*p != '\\')
			continue;
		if (p[1] == 'u' && strncmp(p + 2, "0000", 4) == 0)
			return true;
		if (p[1])
			p++; /* past the escaped character */
	}
	return false;
}

/* A NUL in a value would silently cut it short: it is refused as the
 * control character it is. Column col is the decoded value, col + 1 the
 * value as written; newer SQLite keeps the NUL in the decoded text. */
static bool holds_nul(sqlite3_stmt *st, int col)
{
	const char *text = db_text(st, col); /* text first, then its length */
	return (size_t)sqlite3_column_bytes(st, col) != strlen(text) ||
	       escapes_nul(db_text(st, col + 1));
}

od_status alert_from_json(od_db *db, const char *json, alert_input *out, od_error *err)
{
	memset(out, 0, sizeof *out);
	/* before SQLite's JSON functions, which take some text that is not
	 * JSON for valid and crash on it (json_check.h; found by make fuzz) */
	char why[160];
	if (!json_check(json, why, sizeof why))
		return od_fail(err, OD_INVALID, _("the alert is not valid JSON: %s"), why);
	static const char *const fields[] = {"source", "key", "severity", "summary",
					     "description", "ci", "status"};
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT json_valid(?1), json_type(?1),"
				   "  json_type(?1, '$.' || ?2), json_extract(?1, '$.' || ?2),"
				   "  ?1 -> ('$.' || ?2)",
				   err);
	if (!st)
		return OD_DB;
	/* validity first: the other JSON functions fail on malformed text */
	sqlite3_stmt *valid = db_stmt(db, "SELECT json_valid(?1)", err);
	if (!valid)
		return OD_DB;
	sqlite3_bind_text(valid, 1, json, -1, SQLITE_STATIC);
	bool ok = sqlite3_step(valid) == SQLITE_ROW && sqlite3_column_int(valid, 0);
	sqlite3_reset(valid);
	if (!ok)
		return od_fail(err, OD_INVALID, _("the alert is not valid JSON"));
	char *values[7] = {0};
	od_status s = OD_OK;
	for (int k = 0; k < 7 && s == OD_OK; k++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, fields[k], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW) {
			s = db_error(db, _("reading the alert"), err);
			break;
		}
		if (!sqlite3_column_int(st, 0))
			s = od_fail(err, OD_INVALID, _("the alert is not valid JSON"));
		else if (strcmp(db_text(st, 1), "object") != 0)
			s = od_fail(err, OD_INVALID, _("the alert must be one JSON object, not %s"),
				    db_text(st, 1));
		else if (sqlite3_column_type(st, 2) != SQLITE_NULL && strcmp(db_text(st, 2), "text") != 0)
			s = od_fail(err, OD_INVALID, _("%s: must be a string, not %s"), fields[k],
				    db_text(st, 2));
		else if (sqlite3_column_type(st, 3) != SQLITE_NULL && holds_nul(st, 3))
			s = od_fail(err, OD_INVALID,
				    _("%s: control characters are not allowed (U+%04X)"), fields[k],
				    0u);
		else if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			values[k] = xstrdup(db_text(st, 3));
	}
	sqlite3_reset(st);
	out->source = values[0];
	out->key = values[1];
	out->severity = values[2];
	out->summary = values[3];
	out->description = values[4];
	out->ci = values[5];
	if (s == OD_OK && values[6] && strcmp(values[6], "recovery") != 0 &&
	    strcmp(values[6], "problem") != 0)
		s = od_fail(err, OD_INVALID, _("status: must be problem or recovery, not '%s'"), values[6]);
	out->recovery = values[6] && strcmp(values[6], "recovery") == 0;
	free(values[6]);
	if (s != OD_OK)
		alert_input_clear(out);
	return s;
}

static const rules_alert_severity *severity_find(const rules *r, const char *id)
{
	for (size_t k = 0; id && k < r->alerts.severities.n; k++)
		if (strcmp(r->alerts.severities.v[k].id, id) == 0)
			return &r->alerts.severities.v[k];
	return NULL;
}

static od_status check_input(const od_ctx *ctx, const alert_input *in, od_error *err)
{
	const struct {
		const char *field, *value;
		size_t max;
		bool required;
	} texts[] = {
		{"source", in->source, 64, true},
		{"key", in->key, ALERT_TEXT_MAX, true},
		{"severity", in->severity, 64, false},
		{"summary", in->summary, INCIDENT_SUMMARY_MAX, !in->recovery},
		{"description", in->description, INCIDENT_TEXT_MAX, false},
		{"ci", in->ci, ASSET_TAG_MAX, false},
	};
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
		if (!texts[k].value && !texts[k].required)
			continue;
		od_status s = text_check(texts[k].field, texts[k].value, texts[k].max,
					 strcmp(texts[k].field, "description") == 0, texts[k].required,
					 err);
		if (s != OD_OK)
			return s;
	}
	if (!in->recovery && !severity_find(ctx->rules, in->severity)) {
		strbuf known = {0};
		for (size_t k = 0; k < ctx->rules->alerts.severities.n; k++)
			sb_addf(&known, "%s%s", k ? ", " : "", ctx->rules->alerts.severities.v[k].id);
		od_fail(err, OD_INVALID, _("severity: '%s' is not in the rules' alerts (known: %s)"),
			in->severity ? in->severity : "", known.buf ? known.buf : "");
		sb_free(&known);
		return OD_INVALID;
	}
	return OD_OK;
}

/* The open incident for this source and key, or 0. */
static int64_t open_incident(od_db *db, const alert_input *in)
{
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT id FROM incident"
				   " WHERE open AND alert_source = ?1 AND alert_key = ?2",
				   NULL);
	int64_t id = 0;
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, in->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

static const rules_state *state_of(const rules *r, const char *id)
{
	const rules_workflow *w = &r->workflows.incident;
	for (size_t k = 0; k < w->states.n; k++)
		if (strcmp(w->states.v[k].id, id) == 0)
			return &w->states.v[k];
	return NULL;
}

static const rules_transition *transition_of(const rules *r, const char *id)
{
	const rules_workflow *w = &r->workflows.incident;
	for (size_t k = 0; id && k < w->transitions.n; k++)
		if (strcmp(w->transitions.v[k].id, id) == 0)
			return &w->transitions.v[k];
	return NULL;
}

/* A state the resolution clock stops in without the incident being over. */
static bool is_resolved(const rules *r, const char *state)
{
	const rules_state *st = state_of(r, state);
	return st && st->resolved && !st->final;
}

static bool leaves(const rules_transition *t, const char *state)
{
	for (size_t k = 0; k < t->from.n; k++)
		if (strcmp(t->from.v[k].id, state) == 0)
			return true;
	return false;
}

static bool is_major(const rules *r, const char *priority)
{
	for (size_t k = 0; k < r->priorities.n; k++)
		if (strcmp(r->priorities.v[k].id, priority) == 0)
			return r->priorities.v[k].major;
	return false;
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

static const incident_set *offered(const incident_set *v, size_t n, const char *field)
{
	for (size_t k = 0; k < n; k++)
		if (strcmp(v[k].field, field) == 0)
			return &v[k];
	return NULL;
}

/* Whether the core would let the acting account take t on inc now (its
 * state, and the account's roles or assignment). */
static bool account_may(const od_ctx *ctx, const incident *inc, const rules_transition *t)
{
	size_t max = ctx->rules->workflows.incident.transitions.n;
	const rules_transition **v = xcalloc(max ? max : 1, sizeof *v);
	size_t n = incident_actions(ctx, inc, v, max);
	bool found = false;
	for (size_t k = 0; k < n && !found; k++)
		found = v[k] == t;
	free(v);
	return found;
}

/* Whether monitoring can take t on inc now, giving a note and, of the
 * fields t requires that the record lacks, only what offer holds. Yes: sets
 * gets those (it has room for noffer). No: why names the rule in the way.
 * Checked before anything is written, so a refusal changes what the alert
 * records instead of rolling the alert back. */
static bool can_take(const od_ctx *ctx, const incident *inc, const rules_transition *t,
		     const incident_set *offer, size_t noffer, incident_set *sets, size_t *nsets,
		     char *why, size_t len)
{
	const rules *r = ctx->rules;
	strbuf list = {0};
	*nsets = 0;
	if (!leaves(t, inc->state)) {
		for (size_t k = 0; k < t->from.n; k++)
			sb_addf(&list, "%s%s", k ? ", " : "",
				incident_state_name(r, t->from.v[k].id));
		snprintf(why, len, _("the rules allow '%s' (%s) only from %s, and INC-%lld is %s"),
			 t->id, t->name, list.buf ? list.buf : "", (long long)inc->id,
			 incident_state_name(r, inc->state));
		sb_free(&list);
		return false;
	}
	if (!account_may(ctx, inc, t)) {
		for (size_t k = 0; k < t->roles.n; k++) {
			const rules_role *role = rules_role_find(r, t->roles.v[k].id);
			sb_addf(&list, "%s%s", k ? "、" : "",
				role ? role->name : t->roles.v[k].id);
		}
		snprintf(why, len, _("the rules give '%s' (%s) to %s%s, not to %s"), t->id, t->name,
			 list.buf ? list.buf : "", t->assignee_may ? _(" and the assignee") : "",
			 ctx->login);
		sb_free(&list);
		return false;
	}
	const rules_refs *lists[] = {&t->requires,
				     is_major(r, inc->priority) ? &t->requires_if_major : NULL};
	for (int l = 0; l < 2 && lists[l]; l++) {
		for (size_t k = 0; k < lists[l]->n; k++) {
			const char *field = lists[l]->v[k].id;
			if (strcmp(field, "note") == 0 || !blank(incident_field_value(inc, field)) ||
			    offered(sets, *nsets, field))
				continue;
			const incident_set *o = offered(offer, noffer, field);
			if (!o) {
				snprintf(why, len,
					 _("'%s' (%s) requires %s, which an alert cannot give"),
					 t->id, t->name, field);
				return false;
			}
			sets[(*nsets)++] = *o;
		}
	}
	return true;
}

/* Counts one more alert on the incident. A count is no edit of the
 * record: the version stays, so nobody's open form is refused because
 * monitoring spoke again. */
static od_status count_alert(const od_ctx *ctx, const incident *inc, int64_t *count,
			      od_error *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "UPDATE incident SET alert_count = alert_count + 1"
				   " WHERE id = ?1",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, inc->id);
	od_status s = db_step_done(ctx->db, st, err);
	if (s == OD_OK) /* inc was read in this transaction */
		*count = inc->alert_count + 1;
	return s;
}

static od_status journal_alert(const od_ctx *ctx, int64_t id, const journal_line *text,
			       const char *detail, od_error *err)
{
	char ref[32];
	incident_ref(id, ref, sizeof ref);
	return journal_line_op(ctx, "incident.alert", ref, "alert", text, NULL, NULL, NULL, detail,
			       err);
}

static od_status repeat(const od_ctx *ctx, const incident *inc, const alert_input *in,
			alert_result *out, od_error *err)
{
	od_status s = count_alert(ctx, inc, &out->count, err);
	if (s != OD_OK)
		return s;
	char count[24];
	snprintf(count, sizeof count, "%lld", (long long)out->count);
	const journal_line text = {"alert.repeat", {count, in->summary, in->severity}, NULL};
	char *detail = xasprintf("{\"alert_count\":%lld}", (long long)out->count);
	s = journal_alert(ctx, inc->id, &text, detail, err);
	free(detail);
	out->outcome = ALERT_REPEATED;
	return s;
}

/* The first transition monitoring may take from inc's resolved state back
 * to one where the resolution clock runs again, or NULL with why. */
static const rules_transition *reopen_transition(const od_ctx *ctx, const incident *inc,
						 char *why, size_t len)
{
	const rules *r = ctx->rules;
	const rules_workflow *w = &r->workflows.incident;
	bool any = false;
	for (size_t k = 0; k < w->transitions.n; k++) {
		const rules_transition *t = &w->transitions.v[k];
		const rules_state *to = state_of(r, t->to.id);
		if (!leaves(t, inc->state) || !to || to->final || to->resolved || to->pauses_sla)
			continue;
		char reason[1024];
		size_t nsets;
		if (can_take(ctx, inc, t, NULL, 0, NULL, &nsets, reason, sizeof reason)) {
			why[0] = '\0';
			return t;
		}
		if (!any) /* the first candidate's reason stands for them all */
			snprintf(why, len, "%s", reason);
		any = true;
	}
	if (!any)
		snprintf(why, len,
			 _("the rules have no transition from %s back to an unresolved state"),
			 incident_state_name(r, inc->state));
	return NULL;
}

/* A problem alert for an incident that was resolved: the fault is back.
 * It is recorded as such, and the incident reopened when the workflow lets
 * monitoring do it; otherwise the journal asks for it by hand. */
static od_status recurred(const od_ctx *ctx, const incident *inc, const alert_input *in,
			  alert_result *out, od_error *err)
{
	od_status s = count_alert(ctx, inc, &out->count, err);
	if (s != OD_OK)
		return s;
	const rules_transition *t = reopen_transition(ctx, inc, out->why, sizeof out->why);
	char count[24];
	snprintf(count, sizeof count, "%lld", (long long)out->count);
	const journal_line text = {t ? "alert.came_back" : "alert.came_back.by_hand",
				   {in->summary, in->severity, count, out->why}, NULL};
	strbuf detail = {0};
	sb_addf(&detail, "{\"alert_count\":%lld,\"came_back\":true,\"reopen\":",
		(long long)out->count);
	sb_add_json(&detail, t ? t->id : "");
	sb_add(&detail, "}");
	s = journal_alert(ctx, inc->id, &text, detail.buf, err);
	sb_free(&detail);
	const char *note = _("reopened by monitoring: the fault came back");
	if (s == OD_OK && t)
		s = incident_transition(ctx, inc->id, t->id, note, NULL, 0, 0, err);
	out->outcome = t ? ALERT_REOPENED : ALERT_RECURRED;
	return s;
}

/* Resolves inc for a recovery with the rules' resolve_with transition when
 * monitoring may take it. Of the fields it requires, only those still
 * empty are filled, and with what monitoring knows: that the service
 * recovered, not why it failed. *resolved false (with why) when it may
 * not; that is no error. */
static od_status resolve(const od_ctx *ctx, const incident *inc, const alert_input *in,
			 const char *note, bool *resolved, char *why, size_t len, od_error *err)
{
	*resolved = false;
	const rules_transition *t = transition_of(ctx->rules, ctx->rules->alerts.resolve_with.id);
	if (!t) {
		snprintf(why, len, _("alerts.resolve_with names no transition of the workflow"));
		return OD_OK;
	}
	char when[32];
	clock_format(clock_now(), when, sizeof when);
	char *alert = in->summary ? xasprintf("%s %s: %s", in->source, in->key, in->summary)
				  : xasprintf("%s %s", in->source, in->key);
	char *cause = xasprintf(_("not yet diagnosed (monitoring reported recovery: %s, at %s)"),
				alert, when);
	char *resolution = xasprintf(
		_("resolved by monitoring's recovery alert %s at %s; cause not yet diagnosed"),
		alert, when);
	char *test = xasprintf(_("monitoring reported recovery: %s, at %s"), alert, when);
	const incident_set offer[] = {
		{"cause", cause}, {"resolution", resolution}, {"recovery_test", test}};
	incident_set sets[3];
	size_t nsets;
	od_status s = OD_OK;
	*resolved = can_take(ctx, inc, t, offer, 3, sets, &nsets, why, len);
	if (*resolved)
		s = incident_transition(ctx, inc->id, t->id, note, sets, nsets, 0, err);
	free(alert);
	free(cause);
	free(resolution);
	free(test);
	return s;
}

/* A recovery: a note, or with on_recovery: resolve the incident resolved
 * when monitoring may do it, else a note saying why it was not. Either
 * way the recovery is recorded. */
static od_status recover(const od_ctx *ctx, const incident *inc, const alert_input *in,
			 alert_result *out, od_error *err)
{
	const rules *r = ctx->rules;
	char *note = xasprintf(_("monitoring reports recovery: %s"),
			       in->summary ? in->summary : in->key);
	bool resolving =
		r->alerts.on_recovery.id && strcmp(r->alerts.on_recovery.id, "resolve") == 0;
	out->outcome = ALERT_NOTED;
	if (resolving && !is_resolved(r, inc->state)) {
		bool resolved;
		od_status s = resolve(ctx, inc, in, note, &resolved, out->why, sizeof out->why, err);
		if (s != OD_OK || resolved) {
			out->outcome = ALERT_RESOLVED;
			free(note);
			return s;
		}
		out->outcome = ALERT_UNRESOLVED;
	}
	const journal_line text = {out->outcome == ALERT_UNRESOLVED ? "alert.recovered.unresolved"
								    : "alert.recovered",
				   {in->summary ? in->summary : in->key, out->why}, NULL};
	strbuf detail = {0};
	sb_add(&detail, "{\"recovery\":true");
	if (out->outcome == ALERT_UNRESOLVED) {
		sb_add(&detail, ",\"not_resolved\":");
		sb_add_json(&detail, out->why);
	}
	sb_add(&detail, "}");
	od_status s = journal_alert(ctx, inc->id, &text, detail.buf, err);
	sb_free(&detail);
	free(note);
	return s;
}

static od_status open_new(const od_ctx *ctx, const alert_input *in, alert_result *out,
			  od_error *err)
{
	const rules *r = ctx->rules;
	const rules_alert_severity *sv = severity_find(r, in->severity);
	incident_fields f = {
		.summary = in->summary,
		.description = in->description,
		.reporter = in->source,
		.channel = r->alerts.channel.id,
		.category = r->alerts.category.id,
		.impact = sv->impact.id,
		.urgency = sv->urgency.id,
		.ci = in->ci,
		.alert_source = in->source,
		.alert_key = in->key,
	};
	out->count = 1;
	out->outcome = ALERT_OPENED;
	return incident_create(ctx, &f, &out->incident_id, err);
}

/* What the alert does to the open incident inc. */
static od_status on_open(const od_ctx *ctx, const incident *inc, const alert_input *in,
			 alert_result *out, od_error *err)
{
	if (in->recovery)
		return recover(ctx, inc, in, out, err);
	if (is_resolved(ctx->rules, inc->state))
		return recurred(ctx, inc, in, out, err);
	return repeat(ctx, inc, in, out, err);
}

od_status alert_submit(const od_ctx *ctx, const alert_input *in, alert_result *out,
		       od_error *err)
{
	memset(out, 0, sizeof *out);
	od_status s = access_require_staff(ctx, err);
	if (s == OD_OK)
		s = check_input(ctx, in, err);
	if (s != OD_OK)
		return s;
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	int64_t id = open_incident(ctx->db, in);
	if (id) {
		incident inc;
		if ((s = incident_get(ctx->db, id, &inc, err)) == OD_OK) {
			out->incident_id = id;
			out->count = inc.alert_count;
			s = on_open(ctx, &inc, in, out, err);
			incident_clear(&inc);
		}
	} else if (in->recovery) {
		out->outcome = ALERT_IGNORED;
	} else {
		s = open_new(ctx, in, out, err);
	}
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}
