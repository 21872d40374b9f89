/* Alert intake. All of one alert happens in one transaction, so two alerts
 * for the same key arriving together still open one incident. */
#include "opsdesk/alert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/access.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/journal.h"
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

od_status alert_from_json(od_db *db, const char *json, alert_input *out, od_error *err)
{
	memset(out, 0, sizeof *out);
	static const char *const fields[] = {"source", "key", "severity", "summary",
					     "description", "ci", "status"};
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT json_valid(?1), json_type(?1),"
				   "  json_type(?1, '$.' || ?2), json_extract(?1, '$.' || ?2)",
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
		{"summary", in->summary, INCIDENT_SUMMARY_MAX, !in->recovery},
		{"description", in->description, INCIDENT_TEXT_MAX, false},
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
static int64_t open_incident(od_db *db, const alert_input *in, int64_t *count)
{
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT id, alert_count FROM incident"
				   " WHERE open AND alert_source = ?1 AND alert_key = ?2",
				   NULL);
	int64_t id = 0;
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, in->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		*count = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return id;
}

static od_status repeat(const od_ctx *ctx, int64_t id, const alert_input *in, int64_t *count,
			od_error *err)
{
	/* a repeat is no edit of the record: the version stays, so nobody's
	 * open form is refused because monitoring spoke again */
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "UPDATE incident SET alert_count = alert_count + 1 WHERE id = ?1", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	od_status s = db_step_done(ctx->db, st, err);
	if (s != OD_OK)
		return s;
	++*count;
	char ref[32];
	incident_ref(id, ref, sizeof ref);
	char *text = xasprintf(_("alert repeated (%lld times): %s [%s]"), (long long)*count,
			       in->summary ? in->summary : "", in->severity ? in->severity : "");
	char *detail = xasprintf("{\"alert_count\":%lld}", (long long)*count);
	s = journal_record_op(ctx, "incident.alert", ref, "alert", text, NULL, detail, err);
	free(text);
	free(detail);
	return s;
}

static od_status recover(const od_ctx *ctx, int64_t id, const alert_input *in,
			 alert_outcome *outcome, od_error *err)
{
	const rules_alerts *a = &ctx->rules->alerts;
	char *text = xasprintf(_("monitoring reports recovery: %s"), in->summary ? in->summary : in->key);
	od_status s;
	if (a->on_recovery.id && strcmp(a->on_recovery.id, "resolve") == 0) {
		/* the rules' transition, with what it requires taken from the alert */
		const incident_set sets[] = {
			{"cause", text}, {"resolution", text}, {"recovery_test", text}};
		s = incident_transition(ctx, id, a->resolve_with.id, text, sets, 3, 0, err);
		*outcome = ALERT_RESOLVED;
	} else {
		char ref[32];
		incident_ref(id, ref, sizeof ref);
		s = journal_record_op(ctx, "incident.alert", ref, "alert", text, NULL,
				      "{\"recovery\":true}", err);
		*outcome = ALERT_NOTED;
	}
	free(text);
	return s;
}

od_status alert_submit(const od_ctx *ctx, const alert_input *in, alert_outcome *outcome,
		       int64_t *incident_id, int64_t *count, od_error *err)
{
	*incident_id = 0;
	*count = 0;
	od_status s = access_require_staff(ctx, err);
	if (s == OD_OK)
		s = check_input(ctx, in, err);
	if (s != OD_OK)
		return s;
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	int64_t id = open_incident(ctx->db, in, count);
	if (id && in->recovery) {
		s = recover(ctx, id, in, outcome, err);
	} else if (id) {
		s = repeat(ctx, id, in, count, err);
		*outcome = ALERT_REPEATED;
	} else if (in->recovery) {
		*outcome = ALERT_IGNORED;
	} else {
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
		s = incident_create(ctx, &f, &id, err);
		*count = 1;
		*outcome = ALERT_OPENED;
	}
	*incident_id = id;
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}
