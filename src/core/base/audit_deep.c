/* The deep audit check (see audit_deep.h). It is the auditor of the other
 * modules' tables: it reads them, never writes them, and keeps its work in
 * the connection's temporary schema (not the database file). Each table's
 * "what it should hold" is the fold of the audit details in entry order: a
 * change set {"field":[old,new]} sets field to new; a creation gives plain
 * values or ["", value]; a roster entry gives a person-day's shifts. */
#include "opsdesk/audit_deep.h"

#include <stdlib.h>

#include "opsdesk/i18n.h"
#include "opsdesk/xalloc.h"

/* The work tables, made afresh for each check. */
static const char setup_sql[] =
	"DROP TABLE IF EXISTS temp.deep_expect;"
	"DROP TABLE IF EXISTS temp.deep_current;"
	"CREATE TEMP TABLE deep_expect(record TEXT NOT NULL, field TEXT NOT NULL, value,"
	"  PRIMARY KEY (record, field)) WITHOUT ROWID;"
	"CREATE TEMP TABLE deep_current(record TEXT NOT NULL, field TEXT NOT NULL, value,"
	"  PRIMARY KEY (record, field)) WITHOUT ROWID;";
static const char teardown_sql[] =
	"DROP TABLE IF EXISTS temp.deep_expect;"
	"DROP TABLE IF EXISTS temp.deep_current;";

/* A detail that is not JSON (the chain would have said so, unless it was
 * rewritten) is read as no change at all. */
#define DETAIL "CASE WHEN json_valid(a.detail) THEN a.detail ELSE '{}' END"
/* A list of shift codes ("N,D") in one order, whatever order it was
 * written in: split through a JSON array (one of a single string when the
 * codes hold a quote), sorted, joined again. */
#define SORTED_CODES(x)                                                                    \
	"(SELECT coalesce(group_concat(value, ','), '') FROM (SELECT value FROM json_each("     \
	"  CASE WHEN json_valid('[\"' || replace(" x ", ',', '\",\"') || '\"]')"             \
	"       THEN '[\"' || replace(" x ", ',', '\",\"') || '\"]' ELSE json_array(" x ") END)" \
	"  WHERE value <> '' ORDER BY value))"

/* What the history says, in entry order so the newest value wins. An
 * incident starts in the workflow's initial state (?1), which its creation
 * entry need not repeat. */
static const char *const expect_sql[] = {
	"INSERT OR REPLACE INTO temp.deep_expect(record, field, value)"
	" SELECT record, 'state', ?1 FROM audit WHERE op = 'incident.new' ORDER BY id",
	"INSERT OR REPLACE INTO temp.deep_expect(record, field, value)"
	" SELECT a.record, j.key,"
	"   CASE j.type WHEN 'array' THEN json_extract(j.value, '$[1]') ELSE j.value END"
	" FROM audit a, json_each(" DETAIL ") j"
	" WHERE a.op GLOB 'staff.*' OR a.op GLOB 'asset.*' OR a.op GLOB 'incident.*'"
	" ORDER BY a.id, j.id",
	"INSERT OR REPLACE INTO temp.deep_expect(record, field, value)"
	" SELECT a.record, json_extract(" DETAIL ", '$.login'),"
	"   " SORTED_CODES("json_extract(" DETAIL ", '$.to')")
	" FROM audit a WHERE a.record GLOB 'roster:*'"
	"   AND json_type(" DETAIL ", '$.login') = 'text' AND json_type(" DETAIL ", '$.to') = 'text'"
	" ORDER BY a.id",
};

/* What the tables hold, as the same (record, field, value) rows. */
static const char *const current_sql[] = {
	"INSERT INTO temp.deep_current(record, field, value)"
	" SELECT 'staff:' || s.login, j.key, j.value FROM staff s, json_each(json_object("
	"   'login', s.login, 'name', s.name, 'phone', s.phone, 'team', s.team, 'email', s.email,"
	"   'deputy', s.deputy, 'note', s.note,"
	"   'active', CASE s.active WHEN 1 THEN 'yes' ELSE 'no' END,"
	"   'roles', (SELECT coalesce(group_concat(role, ','), '') FROM"
	"             (SELECT role FROM staff_role WHERE staff_id = s.id ORDER BY role)))) j",
	"INSERT INTO temp.deep_current(record, field, value)"
	" SELECT 'asset:' || t.tag, j.key, j.value FROM asset t, json_each(json_object("
	"   'tag', t.tag, 'name', t.name, 'class', t.class, 'model', t.model, 'serial', t.serial,"
	"   'location', t.location, 'ip', t.ip, 'responsible', t.responsible,"
	"   'purchased', t.purchased, 'warranty_end', t.warranty_end, 'status', t.status,"
	"   'note', t.note)) j",
	"INSERT INTO temp.deep_current(record, field, value)"
	" SELECT 'INC-' || i.id, j.key, j.value FROM incident i, json_each(json_object("
	"   'summary', i.summary, 'description', i.description, 'reporter', i.reporter,"
	"   'department', i.department, 'contact', i.contact, 'channel', i.channel,"
	"   'category', i.category, 'impact', i.impact, 'urgency', i.urgency,"
	"   'priority', i.priority, 'scope', i.scope, 'expectation', i.expectation,"
	"   'state', i.state, 'assignee', i.assignee, 'cause', i.cause,"
	"   'resolution', i.resolution, 'recovery_test', i.recovery_test, 'review', i.review,"
	"   'ci', coalesce((SELECT tag FROM asset WHERE id = i.asset_id), ''))) j",
	"INSERT INTO temp.deep_current(record, field, value)"
	" SELECT 'roster:' || day, login, group_concat(shift, ',')"
	" FROM (SELECT day, login, shift FROM roster ORDER BY day, login, shift)"
	" GROUP BY day, login",
};

/* The differences, four kinds in one list ordered by record:
 * a field that differs (for staff and assets a field the history never set
 * is empty, an active flag "yes"; an incident field its creation did not
 * record is not compared), a row with no history, a row that is gone, and
 * a roster person-day that differs (nothing rostered counts as ''). */
static const char diff_sql[] =
	"SELECT record, field, value, recorded FROM"
	" (SELECT c.record, c.field, c.value,"
	"    coalesce(e.value, CASE WHEN c.record GLOB 'INC-*' THEN c.value"
	"                      WHEN c.field = 'active' THEN 'yes' ELSE '' END) AS recorded"
	"  FROM temp.deep_current c"
	"  LEFT JOIN temp.deep_expect e ON e.record = c.record AND e.field = c.field"
	"  WHERE c.record NOT GLOB 'roster:*'"
	"    AND EXISTS (SELECT 1 FROM temp.deep_expect x WHERE x.record = c.record))"
	" WHERE value IS NOT recorded"
	" UNION ALL"
	" SELECT DISTINCT c.record, NULL, '', NULL FROM temp.deep_current c"
	" WHERE c.record NOT GLOB 'roster:*'"
	"   AND NOT EXISTS (SELECT 1 FROM temp.deep_expect x WHERE x.record = c.record)"
	" UNION ALL"
	" SELECT DISTINCT e.record, NULL, NULL, '' FROM temp.deep_expect e"
	" WHERE (e.record GLOB 'staff:*' OR e.record GLOB 'asset:*' OR e.record GLOB 'INC-*')"
	"   AND NOT EXISTS (SELECT 1 FROM temp.deep_current x WHERE x.record = e.record)"
	" UNION ALL"
	" SELECT c.record, c.field, c.value, coalesce(e.value, '') FROM temp.deep_current c"
	"  LEFT JOIN temp.deep_expect e ON e.record = c.record AND e.field = c.field"
	" WHERE c.record GLOB 'roster:*' AND c.value IS NOT coalesce(e.value, '')"
	" UNION ALL"
	" SELECT e.record, e.field, '', e.value FROM temp.deep_expect e"
	" WHERE e.record GLOB 'roster:*' AND e.value <> ''"
	"   AND NOT EXISTS (SELECT 1 FROM temp.deep_current x"
	"                   WHERE x.record = e.record AND x.field = e.field)"
	" ORDER BY 1, 2";

static void difference_read(sqlite3_stmt *st, void *item)
{
	audit_difference *d = item;
	const unsigned char *v[4];
	for (int i = 0; i < 4; i++)
		v[i] = sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : sqlite3_column_text(st, i);
	d->record = xstrdup(v[0] ? (const char *)v[0] : "");
	d->field = v[1] ? xstrdup((const char *)v[1]) : NULL;
	d->current = v[2] ? xstrdup((const char *)v[2]) : NULL;
	d->recorded = v[3] ? xstrdup((const char *)v[3]) : NULL;
}

static void difference_clear(void *item)
{
	audit_difference *d = item;
	free(d->record);
	free(d->field);
	free(d->current);
	free(d->recorded);
}

void audit_differences_free(audit_difference *v, size_t n)
{
	db_items_free(v, n, sizeof *v, difference_clear);
}

static od_status run_all(od_db *db, const char *const *sql, size_t n, const char *initial,
			 od_error *err)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = db_stmt(db, sql[i], err);
		if (!st)
			return OD_DB;
		if (sqlite3_bind_parameter_count(st) > 0)
			sqlite3_bind_text(st, 1, initial, -1, SQLITE_STATIC);
		od_status s = db_step_done(db, st, err);
		if (s != OD_OK)
			return s;
	}
	return OD_OK;
}

od_status audit_deep(od_db *db, const rules *r, audit_difference **out, size_t *n,
		     od_error *err)
{
	*out = NULL;
	*n = 0;
	/* the cached statements name the work tables, which are made anew
	 * below: create them first so the statements prepare */
	od_status s = db_exec(db, setup_sql, err);
	if (s != OD_OK)
		return s;
	const char *initial = r->workflows.incident.initial.id ? r->workflows.incident.initial.id : "";
	if ((s = run_all(db, expect_sql, sizeof expect_sql / sizeof *expect_sql, initial, err)) !=
		    OD_OK ||
	    (s = run_all(db, current_sql, sizeof current_sql / sizeof *current_sql, initial, err)) !=
		    OD_OK)
		goto done;
	sqlite3_stmt *st = db_stmt(db, diff_sql, err);
	if (!st) {
		s = OD_DB;
		goto done;
	}
	s = db_collect(db, st, sizeof **out, difference_read, difference_clear, (void **)out, n,
		       _("checking the records against the audit log"), err);
done:
	db_exec(db, teardown_sql, NULL);
	return s;
}
