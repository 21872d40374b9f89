/* The hash-chained audit log. SHA-256 comes from Nettle. The hashed form of
 * an entry length-prefixes every field, so no choice of field contents can
 * make two different entries hash alike. */
#include "opsdesk/audit.h"

#include <inttypes.h>
#include <stdarg.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/xalloc.h"
#include "opsdesk/i18n.h"

static const char genesis[] = "0000000000000000000000000000000000000000000000000000000000000000";

static void hash_field(struct sha256_ctx *ctx, const char *s)
{
	char len[32];
	int n = snprintf(len, sizeof len, "%zu:", strlen(s));
	sha256_update(ctx, (size_t)n, (const uint8_t *)len);
	sha256_update(ctx, strlen(s), (const uint8_t *)s);
}

static void entry_hash(int64_t id, int64_t at, const char *actor, const char *op,
		       const char *record, const char *detail, const char *prev, char out[65])
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	char num[32];
	snprintf(num, sizeof num, "%" PRId64, id);
	hash_field(&ctx, num);
	snprintf(num, sizeof num, "%" PRId64, at);
	hash_field(&ctx, num);
	hash_field(&ctx, actor);
	hash_field(&ctx, op);
	hash_field(&ctx, record);
	hash_field(&ctx, detail);
	hash_field(&ctx, prev);
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_digest(&ctx, sizeof digest, digest);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

od_status audit_append(od_db *db, time_t at, const char *actor, const char *op,
		       const char *record, const char *detail, od_error *err)
{
	sqlite3_stmt *last = db_stmt(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", err);
	if (!last)
		return OD_DB;
	int64_t id = 1;
	char prev[65];
	snprintf(prev, sizeof prev, "%s", genesis);
	int rc = sqlite3_step(last);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(last, 0) + 1;
		snprintf(prev, sizeof prev, "%s", db_text(last, 1));
	}
	sqlite3_reset(last);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, _("reading the audit log"), err);

	char hash[65];
	entry_hash(id, (int64_t)at, actor, op, record, detail, prev, hash);
	sqlite3_stmt *ins = db_stmt(db,
				    "INSERT INTO audit(id, at, actor, op, record, detail, prev, hash)"
				    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
				    err);
	if (!ins)
		return OD_DB;
	sqlite3_bind_int64(ins, 1, id);
	sqlite3_bind_int64(ins, 2, (int64_t)at);
	sqlite3_bind_text(ins, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, op, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, record, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 6, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 7, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 8, hash, -1, SQLITE_STATIC);
	od_status s = db_step_done(db, ins, err);
	if (s != OD_OK)
		return s;
	/* the head lets verify notice entries cut off the end of the chain */
	sqlite3_stmt *head = db_stmt(db,
				     "INSERT INTO meta(key, value) VALUES ('audit_head', ?1)"
				     " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
				     err);
	if (!head)
		return OD_DB;
	char value[96];
	snprintf(value, sizeof value, "%" PRId64 ":%s", id, hash);
	sqlite3_bind_text(head, 1, value, -1, SQLITE_TRANSIENT);
	return db_step_done(db, head, err);
}

static void entry_read(sqlite3_stmt *st, void *item)
{
	audit_entry *e = item;
	e->id = sqlite3_column_int64(st, 0);
	e->at = (time_t)sqlite3_column_int64(st, 1);
	e->actor = xstrdup(db_text(st, 2));
	e->op = xstrdup(db_text(st, 3));
	e->record = xstrdup(db_text(st, 4));
	e->detail = xstrdup(db_text(st, 5));
	e->prev = xstrdup(db_text(st, 6));
	e->hash = xstrdup(db_text(st, 7));
}

static void entry_clear(void *item)
{
	audit_entry *e = item;
	free(e->actor);
	free(e->op);
	free(e->record);
	free(e->detail);
	free(e->prev);
	free(e->hash);
}

void audit_entries_free(audit_entry *v, size_t n)
{
	db_items_free(v, n, sizeof *v, entry_clear);
}

od_status audit_list(od_db *db, const audit_filter *f, audit_entry **out, size_t *n,
		     od_error *err)
{
	*out = NULL;
	*n = 0;
	/* paged by key (id), never by OFFSET */
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT id, at, actor, op, record, detail, prev, hash FROM audit"
				   " WHERE (?1 IS NULL OR record = ?1) AND (?2 IS NULL OR actor = ?2)"
				   "   AND (?3 = 0 OR id < ?3)"
				   " ORDER BY id DESC LIMIT ?4",
				   err);
	if (!st)
		return OD_DB;
	if (f->record)
		sqlite3_bind_text(st, 1, f->record, -1, SQLITE_STATIC);
	if (f->actor)
		sqlite3_bind_text(st, 2, f->actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, f->before_id);
	sqlite3_bind_int64(st, 4, f->limit > 0 ? f->limit : -1);
	return db_collect(db, st, sizeof **out, entry_read, entry_clear, (void **)out, n,
			  _("reading the audit log"), err);
}

static od_status verify_problem(audit_report *r, int64_t id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static od_status verify_problem(audit_report *r, int64_t id, const char *fmt, ...)
{
	r->bad_id = id;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->problem, sizeof r->problem, fmt, ap);
	va_end(ap);
	return OD_CONFLICT;
}

od_status audit_verify(od_db *db, audit_report *report, od_error *err)
{
	memset(report, 0, sizeof *report);
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT id, at, actor, op, record, detail, prev, hash FROM audit"
				   " ORDER BY id",
				   err);
	if (!st)
		return OD_DB;
	char expect_prev[65];
	snprintf(expect_prev, sizeof expect_prev, "%s", genesis);
	int64_t expect_id = 1;
	od_status s = OD_OK;
	int rc;
	while (s == OD_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *prev = db_text(st, 6), *hash = db_text(st, 7);
		char want[65];
		entry_hash(id, sqlite3_column_int64(st, 1), db_text(st, 2), db_text(st, 3),
			   db_text(st, 4), db_text(st, 5), prev, want);
		if (id != expect_id)
			s = verify_problem(report, expect_id,
					   _("entry %lld is missing (the next entry is %lld): "
					     "entries were deleted"),
					   (long long)expect_id, (long long)id);
		else if (strcmp(prev, expect_prev) != 0)
			s = verify_problem(report, id,
					   _("entry %lld does not follow the entry before it: "
					     "entries were deleted or reordered"),
					   (long long)id);
		else if (strcmp(hash, want) != 0)
			s = verify_problem(report, id, _("entry %lld does not match its hash: it was edited"),
					   (long long)id);
		else
			report->checked++;
		snprintf(expect_prev, sizeof expect_prev, "%s", hash);
		expect_id = id + 1;
	}
	sqlite3_reset(st);
	if (s != OD_OK)
		return s;
	if (rc != SQLITE_DONE)
		return db_error(db, _("reading the audit log"), err);

	/* the newest entry must be the one the head remembers */
	sqlite3_stmt *head = db_stmt(db, "SELECT value FROM meta WHERE key = 'audit_head'", err);
	if (!head)
		return OD_DB;
	char stored[128] = "";
	if (sqlite3_step(head) == SQLITE_ROW)
		snprintf(stored, sizeof stored, "%s", db_text(head, 0));
	sqlite3_reset(head);
	char actual[128] = "";
	if (report->checked > 0)
		snprintf(actual, sizeof actual, "%" PRId64 ":%s", expect_id - 1, expect_prev);
	if (!stored[0] && actual[0])
		return verify_problem(report, 0,
				      _("the entries are intact, but the record of the newest entry "
					"(audit_head in the meta table) was deleted, so entries cut "
					"off the end could not be noticed"));
	if (strcmp(stored, actual) != 0) {
		return verify_problem(report, expect_id,
				      _("the log ends before entry %lld, the newest one written: "
				      "entries were cut off the end"),
				      strtoll(stored, NULL, 10));
	}

	sqlite3_stmt *trig = db_stmt(db,
				     "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
				     " AND name IN ('audit_no_update', 'audit_no_delete')",
				     err);
	if (!trig)
		return OD_DB;
	int triggers = sqlite3_step(trig) == SQLITE_ROW ? sqlite3_column_int(trig, 0) : 0;
	sqlite3_reset(trig);
	if (triggers != 2)
		return verify_problem(report, 0,
				      _("the entries are intact, but the triggers that keep the log "
				      "append-only were removed"));
	return OD_OK;
}

int64_t audit_count(od_db *db, time_t *newest)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*), max(at) FROM audit", NULL);
	int64_t n = 0;
	*newest = 0;
	if (st && sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int64(st, 0);
		*newest = (time_t)sqlite3_column_int64(st, 1);
	}
	if (st)
		sqlite3_reset(st);
	return n;
}

od_status audit_head(od_db *db, int64_t *id, char hash[65], od_error *err)
{
	*id = 0;
	hash[0] = '\0';
	sqlite3_stmt *st = db_stmt(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", err);
	if (!st)
		return OD_DB;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		snprintf(hash, 65, "%s", db_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return OD_OK;
	if (rc == SQLITE_DONE)
		return od_fail(err, OD_NOT_FOUND, _("the audit log is empty: run 'opsdesk init'"));
	return db_error(db, _("reading the audit log"), err);
}

bool audit_anchor_parse(const char *text, audit_anchor *out)
{
	/* N:HASH, N a positive entry number, HASH 64 lower-case hex digits */
	const char *p = text;
	int64_t n = 0;
	if (*p < '1' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (n > (INT64_MAX - (*p - '0')) / 10)
			return false;
		n = n * 10 + (*p - '0');
	}
	if (*p++ != ':')
		return false;
	size_t len = 0;
	for (; p[len]; len++)
		if (!((p[len] >= '0' && p[len] <= '9') || (p[len] >= 'a' && p[len] <= 'f')))
			return false;
	if (len != 64)
		return false;
	out->id = n;
	memcpy(out->hash, p, 65);
	return true;
}

od_status audit_verify_anchors(od_db *db, const audit_anchor *v, size_t n, audit_report *report,
			       od_error *err)
{
	/* the chain first: an anchor vouches for an entry, and through its
	 * hash for every entry before it, only if the chain links them */
	od_status s = audit_verify(db, report, err);
	if (s != OD_OK)
		return s;
	sqlite3_stmt *st = db_stmt(db, "SELECT hash FROM audit WHERE id = ?1", err);
	if (!st)
		return OD_DB;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, v[i].id);
		int rc = sqlite3_step(st);
		char have[65] = "";
		if (rc == SQLITE_ROW)
			snprintf(have, sizeof have, "%s", db_text(st, 0));
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_error(db, _("reading the audit log"), err);
		if (rc == SQLITE_DONE)
			return verify_problem(report, v[i].id,
					      _("anchor %lld:%.12s...: the log has no entry %lld; "
						"entries were removed and the log was rewritten"),
					      (long long)v[i].id, v[i].hash, (long long)v[i].id);
		if (strcmp(have, v[i].hash) != 0)
			return verify_problem(report, v[i].id,
					      _("anchor %lld:%.12s...: entry %lld now has the hash "
						"%.12s...: the log up to entry %lld was rewritten"),
					      (long long)v[i].id, v[i].hash, (long long)v[i].id, have,
					      (long long)v[i].id);
		report->anchors++;
	}
	return OD_OK;
}
