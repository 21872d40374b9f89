/* Staff records. Roles live in staff_role; a person's record reference in
 * journal and audit is "staff:LOGIN". The last active holder of the
 * manager role cannot be deactivated or lose the role, so the centre never
 * locks itself out. */
#include "opsdesk/staff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/access.h"
#include "opsdesk/changes.h"
#include "opsdesk/clock.h"
#include "opsdesk/identity.h"
#include "opsdesk/journal.h"
#include "opsdesk/journal_line.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"
#include "opsdesk/i18n.h"

/* The columns member_read expects, in its order; callers add the WHERE. */
#define STAFF_SELECT                                                                      \
	"SELECT s.id, s.login, s.name, s.phone, s.team, s.active, s.version, s.created,"  \
	"       s.updated, s.updated_by,"                                                 \
	"       (SELECT group_concat(role, ',') FROM"                                     \
	"          (SELECT role FROM staff_role WHERE staff_id = s.id ORDER BY role)),"  \
	"       s.email, s.deputy, s.note"                                                \
	"  FROM staff s"

void staff_record_ref(const char *login, char *buf, size_t len)
{
	snprintf(buf, len, "staff:%s", login);
}

bool staff_has_role(const staff_member *m, const char *role)
{
	for (size_t i = 0; i < m->nroles; i++)
		if (strcmp(m->roles[i], role) == 0)
			return true;
	return false;
}

char *staff_role_names(const rules *r, const staff_member *m, const char *sep)
{
	strbuf sb = {0};
	for (size_t i = 0; i < r->roles.n; i++)
		if (staff_has_role(m, r->roles.v[i].id))
			sb_addf(&sb, "%s%s", sb.len ? sep : "", r->roles.v[i].name);
	for (size_t i = 0; i < m->nroles; i++)
		if (!rules_role_find(r, m->roles[i]))
			sb_addf(&sb, "%s%s", sb.len ? sep : "", m->roles[i]);
	return sb_take(&sb);
}

void staff_member_clear(staff_member *m)
{
	if (!m)
		return;
	free(m->login);
	free(m->name);
	free(m->phone);
	free(m->team);
	free(m->updated_by);
	free(m->email);
	free(m->deputy);
	free(m->note);
	for (size_t i = 0; i < m->nroles; i++)
		free(m->roles[i]);
	free(m->roles);
	memset(m, 0, sizeof *m);
}

static void member_clear(void *item)
{
	staff_member_clear(item);
}

void staff_list_free(staff_member *v, size_t n)
{
	db_items_free(v, n, sizeof *v, member_clear);
}

static void split_roles(const char *csv, staff_member *m)
{
	if (!*csv)
		return;
	size_t cap = 1;
	for (const char *p = csv; *p; p++)
		cap += *p == ',';
	m->roles = xcalloc(cap, sizeof *m->roles);
	for (const char *p = csv; *p;) {
		size_t len = strcspn(p, ",");
		m->roles[m->nroles++] = xstrndup(p, len);
		p += len + (p[len] == ',');
	}
}

static void member_read(sqlite3_stmt *st, void *item)
{
	staff_member *m = item;
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(st, 0);
	m->login = xstrdup(db_text(st, 1));
	m->name = xstrdup(db_text(st, 2));
	m->phone = xstrdup(db_text(st, 3));
	m->team = xstrdup(db_text(st, 4));
	m->active = sqlite3_column_int(st, 5) != 0;
	m->version = sqlite3_column_int64(st, 6);
	m->created = (time_t)sqlite3_column_int64(st, 7);
	m->updated = (time_t)sqlite3_column_int64(st, 8);
	m->updated_by = xstrdup(db_text(st, 9));
	split_roles(db_text(st, 10), m);
	m->email = xstrdup(db_text(st, 11));
	m->deputy = xstrdup(db_text(st, 12));
	m->note = xstrdup(db_text(st, 13));
}

od_status staff_get(od_db *db, const char *login, staff_member *out, od_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db,
				   STAFF_SELECT " WHERE s.login = ?1",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		member_read(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return OD_OK;
	if (rc == SQLITE_DONE)
		return od_fail(err, OD_NOT_FOUND, _("no staff member with login '%s'"), login);
	return db_error(db, _("reading staff"), err);
}

od_status staff_list(od_db *db, bool include_inactive, staff_member **out, size_t *n,
		     od_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db,
				   STAFF_SELECT " WHERE ?1 OR s.active ORDER BY s.active DESC, s.login",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int(st, 1, include_inactive);
	return db_collect(db, st, sizeof **out, member_read, member_clear, (void **)out, n,
			  _("reading staff"), err);
}

int64_t staff_count(od_db *db)
{
	return db_scalar(db, "SELECT count(*) FROM staff", -1);
}

/* --- validation ------------------------------------------------------------ */

static od_status check_phone(const char *phone, od_error *err)
{
	od_status s = text_check("phone", phone, STAFF_PHONE_MAX, false, false, err);
	if (s != OD_OK)
		return s;
	/* digits and the separators people write; 转 marks an extension */
	for (const char *p = phone; *p;) {
		wchar_t c = text_next(&p);
		if (!((c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '-' || c == '(' ||
		      c == ')' || c == '#' || c == ',' || c == 0x8f6c /* 转 */))
			return od_fail(err, OD_INVALID,
				       _("phone: '%s' is not a phone number (digits, spaces, + - ( ) # and 转)"),
				       phone);
	}
	return OD_OK;
}

static od_status check_roles(const rules *r, const char *const *roles, size_t n, od_error *err)
{
	if (n == 0)
		return od_fail(err, OD_INVALID, _("roles: a staff member needs at least one role"));
	for (size_t i = 0; i < n; i++) {
		if (!rules_role_find(r, roles[i])) {
			strbuf known = {0};
			for (size_t k = 0; k < r->roles.n; k++)
				sb_addf(&known, "%s%s", k ? ", " : "", r->roles.v[k].id);
			od_fail(err, OD_INVALID, _("roles: '%s' is not a role in the rules (known: %s)"),
				roles[i], known.buf);
			sb_free(&known);
			return OD_INVALID;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(roles[i], roles[j]) == 0)
				return od_fail(err, OD_INVALID, _("roles: '%s' is given twice"), roles[i]);
	}
	return OD_OK;
}

static od_status check_email(const char *email, od_error *err)
{
	od_status s = text_check("email", email, STAFF_EMAIL_MAX, false, false, err);
	if (s != OD_OK || !*email)
		return s;
	const char *at = strchr(email, '@');
	if (!at || at == email || !at[1] || strchr(at + 1, '@') || strpbrk(email, " \t") ||
	    !strchr(at + 1, '.'))
		return od_fail(err, OD_INVALID, _("email: '%s' is not an e-mail address"), email);
	return OD_OK;
}

/* A deputy is another active member of staff, or nobody. */
od_status staff_require_active(od_db *db, const char *field, const char *login, od_error *err)
{
	staff_member m;
	if (staff_get(db, login, &m, NULL) != OD_OK)
		return od_fail(err, OD_INVALID, _("%s: no staff member with login '%s'"), field, login);
	bool active = m.active;
	staff_member_clear(&m);
	if (!active)
		return od_fail(err, OD_INVALID, _("%s: '%s' is deactivated"), field, login);
	return OD_OK;
}

static od_status check_deputy(od_db *db, const char *login, const char *deputy, od_error *err)
{
	if (!*deputy)
		return OD_OK;
	if (login && strcmp(login, deputy) == 0)
		return od_fail(err, OD_INVALID, _("deputy: a person cannot be their own deputy"));
	return staff_require_active(db, "deputy", deputy, err);
}

static od_status check_fields(const rules *r, const staff_fields *f, bool adding, od_error *err)
{
	od_status s = OD_OK;
	if (adding || f->name)
		s = text_check("name", f->name, STAFF_NAME_MAX, false, true, err);
	if (s == OD_OK && f->phone)
		s = check_phone(f->phone, err);
	if (s == OD_OK && f->team)
		s = text_check("team", f->team, STAFF_TEAM_MAX, false, false, err);
	if (s == OD_OK && f->email)
		s = check_email(f->email, err);
	if (s == OD_OK && f->note)
		s = text_check("note", f->note, STAFF_NOTE_MAX, true, false, err);
	if (s == OD_OK && (adding || f->roles))
		s = check_roles(r, f->roles, f->nroles, err);
	return s;
}

/* --- writing --------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Roles as one sorted, comma-separated string, for comparing and journals. */
static char *roles_csv(const char *const *roles, size_t n)
{
	const char **sorted = xcalloc(n ? n : 1, sizeof *sorted);
	memcpy(sorted, roles, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_str);
	strbuf sb = {0};
	for (size_t i = 0; i < n; i++)
		sb_addf(&sb, "%s%s", i ? "," : "", sorted[i]);
	free(sorted);
	return sb_take(&sb);
}

static od_status write_roles(const od_ctx *ctx, int64_t id, const char *const *roles, size_t n,
			     od_error *err)
{
	sqlite3_stmt *del = db_stmt(ctx->db, "DELETE FROM staff_role WHERE staff_id = ?1", err);
	if (!del)
		return OD_DB;
	sqlite3_bind_int64(del, 1, id);
	od_status s = db_step_done(ctx->db, del, err);
	for (size_t i = 0; s == OD_OK && i < n; i++) {
		sqlite3_stmt *ins = db_stmt(ctx->db,
					    "INSERT INTO staff_role(staff_id, role) VALUES (?1, ?2)", err);
		if (!ins)
			return OD_DB;
		sqlite3_bind_int64(ins, 1, id);
		sqlite3_bind_text(ins, 2, roles[i], -1, SQLITE_STATIC);
		s = db_step_done(ctx->db, ins, err);
	}
	return s;
}

static od_status insert_member(const od_ctx *ctx, const char *login, const staff_fields *f,
			       const char *op, od_error *err)
{
	time_t now = clock_now();
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "INSERT INTO staff(login, name, phone, team, created, updated, updated_by,"
				   "                  email, deputy, note)"
				   " VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9)",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->phone ? f->phone : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->team ? f->team : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (int64_t)now);
	sqlite3_bind_text(st, 6, ctx->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, f->email ? f->email : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, f->deputy ? f->deputy : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, f->note ? f->note : "", -1, SQLITE_STATIC);
	od_status s = check_deputy(ctx->db, login, f->deputy ? f->deputy : "", err);
	if (s == OD_OK)
		s = db_step_done(ctx->db, st, err);
	if (s == OD_CONFLICT)
		return od_fail(err, OD_CONFLICT, _("login: a staff member with login '%s' already exists"), login);
	if (s != OD_OK)
		return s;
	int64_t id = db_last_rowid(ctx->db);
	if ((s = write_roles(ctx, id, f->roles, f->nroles, err)) != OD_OK)
		return s;

	char *roles = roles_csv(f->roles, f->nroles);
	changes c = {0};
	changes_add(&c, "login", "", login);
	changes_add(&c, "name", "", f->name);
	changes_add(&c, "phone", "", f->phone);
	changes_add(&c, "team", "", f->team);
	changes_add(&c, "email", "", f->email);
	changes_add(&c, "deputy", "", f->deputy);
	changes_add(&c, "note", "", f->note);
	changes_add(&c, "roles", "", roles);
	char ref[96];
	staff_record_ref(login, ref, sizeof ref);
	s = journal_changes_op(ctx, op, ref, "created", "person", &c, NULL, changes_json(&c), err);
	changes_free(&c);
	free(roles);
	return s;
}

od_status staff_add(const od_ctx *ctx, const char *login, const staff_fields *f, od_error *err)
{
	od_status s = access_require(ctx, "staff.manage", err);
	if (s != OD_OK)
		return s;
	if (!identity_valid_login(login ? login : ""))
		return od_fail(err, OD_INVALID,
			       _("login: '%s' is not a valid login (lower-case letters, digits, '_', '.', '-'; "
			       "at most 32; starting with a letter or '_')"),
			       login ? login : "");
	if ((s = check_fields(ctx->rules, f, true, err)) != OD_OK)
		return s;
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	s = insert_member(ctx, login, f, "staff.add", err);
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}

od_status staff_bootstrap(const od_ctx *ctx, const char *name, bool *added, od_error *err)
{
	*added = false;
	const rules_role *manager = rules_manager_role(ctx->rules);
	if (!manager)
		return od_fail(err, OD_CONFIG, _("the rules mark no role as manager"));
	od_status s = db_begin(ctx->db, err);
	if (s != OD_OK)
		return s;
	/* counted inside the write transaction, so two inits cannot both bootstrap */
	if (staff_count(ctx->db) == 0) {
		const char *roles[] = {manager->id};
		staff_fields f = {.name = name && *name ? name : ctx->login, .roles = roles, .nroles = 1};
		s = text_check("name", f.name, STAFF_NAME_MAX, false, true, err);
		if (s != OD_OK)
			f.name = ctx->login;
		s = insert_member(ctx, ctx->login, &f, "staff.bootstrap", err);
		*added = s == OD_OK;
	}
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}

/* Refuses a change that would leave the centre with no active manager. */
static od_status keep_a_manager(const od_ctx *ctx, const staff_member *cur, bool stays_active,
				bool keeps_role, od_error *err)
{
	const rules_role *manager = rules_manager_role(ctx->rules);
	if (!manager || !cur->active || !staff_has_role(cur, manager->id) ||
	    (stays_active && keeps_role))
		return OD_OK;
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "SELECT count(*) FROM staff s JOIN staff_role r ON r.staff_id = s.id"
				   " WHERE s.active AND r.role = ?1 AND s.id <> ?2",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, manager->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, cur->id);
	int others = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (others == 0)
		return od_fail(err, OD_DENIED,
			       _("'%s' is the last active %s: give the role to someone else first"),
			       cur->login, manager->name);
	return OD_OK;
}

/* Explains a stale save: who saved what since the version the user saw. */
static od_status stale(const od_ctx *ctx, const staff_member *cur, int64_t expected, od_error *err)
{
	char ref[96], when[32];
	staff_record_ref(cur->login, ref, sizeof ref);
	journal_entry last = {0};
	od_error ignored;
	bool have = journal_last(ctx->db, ref, &last, &ignored) == OD_OK;
	/* what changed, in this user's language */
	char *what = have ? journal_line_render(ctx->db, ctx->rules, ref, &last)
			  : xstrdup(_("no details"));
	od_fail(err, OD_CONFLICT,
		_("%s was changed by %s at %s after you opened it (%s); your version %lld is now %lld, "
		"so your save was not applied: reopen it and apply your change again"),
		ref, cur->updated_by, clock_format(cur->updated, when, sizeof when),
		what, (long long)expected, (long long)cur->version);
	free(what);
	journal_entry_clear(&last);
	return OD_CONFLICT;
}

/* Applies changes to one member: the shared body of edit and (de)activate. */
static od_status update_member(const od_ctx *ctx, const char *login, int64_t expected,
			       const staff_fields *f, int set_active, const char *op, od_error *err)
{
	staff_member cur = {0};
	char *old_roles = NULL, *new_roles = NULL;
	changes c = {0};
	od_status s = staff_get(ctx->db, login, &cur, err);
	if (s != OD_OK)
		goto done;
	if (expected > cur.version) {
		s = od_fail(err, OD_INVALID, _("expected version: staff:%s is at version %lld; version %lld does not exist"),
			    login, (long long)cur.version, (long long)expected);
		goto done;
	}
	if (expected > 0 && cur.version != expected) {
		s = stale(ctx, &cur, expected, err);
		goto done;
	}
	bool active = set_active < 0 ? cur.active : set_active == 1;
	const char *manager = rules_manager_role(ctx->rules) ? rules_manager_role(ctx->rules)->id : "";
	bool keeps_role = true;
	if (f->roles) {
		keeps_role = false;
		for (size_t i = 0; i < f->nroles; i++)
			keeps_role |= strcmp(f->roles[i], manager) == 0;
	}
	if ((s = keep_a_manager(ctx, &cur, active, keeps_role, err)) != OD_OK)
		goto done;
	if (f->deputy && strcmp(f->deputy, cur.deputy) != 0 &&
	    (s = check_deputy(ctx->db, login, f->deputy, err)) != OD_OK)
		goto done;

	old_roles = roles_csv((const char *const *)cur.roles, cur.nroles);
	new_roles = f->roles ? roles_csv(f->roles, f->nroles) : xstrdup(old_roles);
	changes_add(&c, "name", cur.name, f->name ? f->name : cur.name);
	changes_add(&c, "phone", cur.phone, f->phone ? f->phone : cur.phone);
	changes_add(&c, "team", cur.team, f->team ? f->team : cur.team);
	changes_add(&c, "email", cur.email, f->email ? f->email : cur.email);
	changes_add(&c, "deputy", cur.deputy, f->deputy ? f->deputy : cur.deputy);
	changes_add(&c, "note", cur.note, f->note ? f->note : cur.note);
	changes_add(&c, "roles", old_roles, new_roles);
	changes_add(&c, "active", cur.active ? "yes" : "no", active ? "yes" : "no");
	if (!changes_any(&c))
		goto done; /* nothing to save is not an error, and writes nothing */

	sqlite3_stmt *st = db_stmt(ctx->db,
				   "UPDATE staff SET name = ?1, phone = ?2, team = ?3, active = ?4,"
				   "  version = version + 1, updated = ?5, updated_by = ?6,"
				   "  email = ?9, deputy = ?10, note = ?11"
				   " WHERE id = ?7 AND version = ?8",
				   err);
	if (!st) {
		s = OD_DB;
		goto done;
	}
	sqlite3_bind_text(st, 1, f->name ? f->name : cur.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->phone ? f->phone : cur.phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->team ? f->team : cur.team, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, active);
	sqlite3_bind_int64(st, 5, (int64_t)clock_now());
	sqlite3_bind_text(st, 6, ctx->login, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, cur.id);
	sqlite3_bind_int64(st, 8, cur.version);
	sqlite3_bind_text(st, 9, f->email ? f->email : cur.email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, f->deputy ? f->deputy : cur.deputy, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, f->note ? f->note : cur.note, -1, SQLITE_STATIC);
	if ((s = db_step_done(ctx->db, st, err)) != OD_OK)
		goto done;
	if (f->roles && strcmp(old_roles, new_roles) != 0 &&
	    (s = write_roles(ctx, cur.id, f->roles, f->nroles, err)) != OD_OK)
		goto done;
	char ref[96];
	staff_record_ref(login, ref, sizeof ref);
	s = journal_changes_op(ctx, op, ref, "changed", "person", &c, NULL, changes_json(&c), err);
done:
	changes_free(&c);
	free(old_roles);
	free(new_roles);
	staff_member_clear(&cur);
	return s;
}

od_status staff_edit(const od_ctx *ctx, const char *login, int64_t expected_version,
		     const staff_fields *f, od_error *err)
{
	od_status s = access_require(ctx, "staff.manage", err);
	if (s != OD_OK)
		return s;
	if ((s = check_fields(ctx->rules, f, false, err)) != OD_OK)
		return s;
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	s = update_member(ctx, login, expected_version, f, -1, "staff.edit", err);
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}

od_status staff_set_active(const od_ctx *ctx, const char *login, bool active,
			   int64_t expected_version, od_error *err)
{
	od_status s = access_require(ctx, "staff.manage", err);
	if (s != OD_OK)
		return s;
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	staff_fields none = {0};
	s = update_member(ctx, login, expected_version, &none, active ? 1 : 0,
			  active ? "staff.activate" : "staff.deactivate", err);
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}

char *staff_name_of(od_db *db, const char *login)
{
	staff_member m;
	if (!login || !*login || staff_get(db, login, &m, NULL) != OD_OK)
		return xstrdup(login ? login : "");
	char *name = xstrdup(*m.name ? m.name : login);
	staff_member_clear(&m);
	return name;
}
