/* Shared set-up for the core's unit tests (cmocka): a temporary database
 * with the built-in rules and a first manager, deleted afterwards. */
#ifndef OPSDESK_TEST_UNIT_H
#define OPSDESK_TEST_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opsdesk/clock.h"
#include "opsdesk/context.h"
#include "opsdesk/db.h"
#include "opsdesk/diag.h"
#include "opsdesk/rules.h"
#include "opsdesk/staff.h"

typedef struct fixture {
	char dir[64];
	char path[128];
	rules *rules;
	od_ctx ctx;
} fixture;

static inline int fixture_teardown(void **state)
{
	fixture *f = *state;
	if (!f)
		return 0;
	db_close(f->ctx.db);
	rules_free(f->rules);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	int rc = f->dir[0] && system(cmd) != 0 ? -1 : 0;
	free(f);
	*state = NULL;
	return rc;
}

/* A new database whose first manager is "boss"; on failure whatever was
 * made so far is removed. */
static inline int fixture_setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	*state = f;
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/opsdesk-unit.XXXXXX");
	if (!mkdtemp(f->dir)) {
		f->dir[0] = '\0';
		fixture_teardown(state);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
	diag_list d = {0};
	f->rules = rules_load_embedded(&d);
	diag_free(&d);
	od_error err;
	bool added = false;
	if (!f->rules || db_open(f->path, true, &f->ctx.db, &err) != OD_OK) {
		fixture_teardown(state);
		return -1;
	}
	clock_set_zone("Asia/Shanghai");
	clock_pin(1795222800); /* 2026-11-21 09:00 +08:00 */
	f->ctx.rules = f->rules;
	f->ctx.login = "boss";
	if (staff_bootstrap(&f->ctx, "老板", &added, &err) != OD_OK || !added) {
		fixture_teardown(state);
		return -1;
	}
	return 0;
}

/* The first column of the first row of sql (a literal) through opsdesk's
 * own connection, or -1. */
static inline int64_t unit_int(od_db *db, const char *sql)
{
	od_error err = {0};
	sqlite3_stmt *st = db_stmt(db, sql, &err);
	if (!st)
		fail_msg("%s: %s", sql, err.msg);
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return v;
}

/* Adds a person with one role as the fixture's user, or fails the test. */
static inline void unit_add_staff(const fixture *f, const char *login, const char *name,
				  const char *role)
{
	const char *roles[] = {role};
	staff_fields sf = {.name = name, .roles = roles, .nroles = 1};
	od_error err = {0};
	if (staff_add(&f->ctx, login, &sf, &err) != OD_OK)
		fail_msg("adding %s: %s", login, err.msg);
}

static inline void assert_starts_with(const char *msg, const char *prefix)
{
	if (strncmp(msg, prefix, strlen(prefix)) != 0)
		fail_msg("'%s' does not start with '%s'", msg, prefix);
}

static inline void assert_contains(const char *msg, const char *part)
{
	if (!strstr(msg, part))
		fail_msg("'%s' does not contain '%s'", msg, part);
}

/* The fixture's context, acting as another login. */
static inline od_ctx acting_as(const fixture *f, const char *login)
{
	od_ctx c = f->ctx;
	c.login = login;
	return c;
}

#endif
