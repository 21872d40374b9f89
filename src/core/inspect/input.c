/* A run given as JSON (a script's or a sensor's standard input), read with
 * SQLite's own JSON functions into the same answers the command line and
 * the console give:
 *   {"template": "machine_room", "ci": "ROOM-A",
 *    "items": {"temperature": 31.5, "aircon": "pass"},
 *    "remarks": {"temperature": "..."}, "issues": "...", "opinion": "..."} */
#include <stdlib.h>
#include <string.h>

#include "inspect_private.h"
#include "opsdesk/i18n.h"
#include "opsdesk/json_check.h"

void inspect_owned_clear(inspect_owned *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free((char *)o->answers[i].item);
		free((char *)o->answers[i].value);
		free((char *)o->answers[i].remark);
	}
	free(o->answers);
	free(o->template_id);
	free(o->tag);
	free(o->issues);
	free(o->opinion);
	memset(o, 0, sizeof *o);
}

static char *text_at(od_db *db, const char *json, const char *path)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT json_extract(?1, ?2)", NULL);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	char *v = NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = xstrdup(db_text(st, 0));
	sqlite3_reset(st);
	return v;
}

od_status inspect_input_json(od_db *db, const char *json, inspect_owned *out, od_error *err)
{
	memset(out, 0, sizeof *out);
	char why[160];
	if (!json_check(json, why, sizeof why))
		return od_fail(err, OD_INVALID, _("standard input: not JSON: %s"), why);
	sqlite3_stmt *st = db_stmt(db, "SELECT json_valid(?1) AND json_type(?1) = 'object'", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	bool valid = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (!valid)
		return od_fail(err, OD_INVALID, _("standard input: not a JSON object"));
	out->template_id = text_at(db, json, "$.template");
	out->tag = text_at(db, json, "$.ci");
	out->issues = text_at(db, json, "$.issues");
	out->opinion = text_at(db, json, "$.opinion");
	if (!out->template_id || !out->tag) {
		inspect_owned_clear(out);
		return od_fail(err, OD_INVALID, _("standard input: \"template\" and \"ci\" are required"));
	}
	st = db_stmt(db,
		     "SELECT i.key, i.value, json_extract(?1, '$.remarks.\"' || i.key || '\"')"
		     " FROM json_each(?1, '$.items') AS i",
		     err);
	if (!st) {
		inspect_owned_clear(out);
		return OD_DB;
	}
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->answers = xrealloc(out->answers, (out->n + 1) * sizeof *out->answers);
		out->answers[out->n++] = (inspect_answer){
		    xstrdup(db_text(st, 0)), xstrdup(db_text(st, 1)),
		    sqlite3_column_type(st, 2) == SQLITE_NULL ? NULL : xstrdup(db_text(st, 2))};
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		inspect_owned_clear(out);
		return od_fail(err, OD_INVALID, _("standard input: \"items\" must be an object of item ids and readings"));
	}
	return OD_OK;
}
