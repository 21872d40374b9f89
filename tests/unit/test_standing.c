/* The stored SLA standing and the listings that read it, checked against
 * the slow references on a few thousand incidents with random histories
 * (priority changes, pauses, resolutions, reopenings, comments): stored
 * due and at-risk moments against the clocks replayed from the journal,
 * before and after the calendar changes; the queue's order and every
 * filter against a plain sort of the whole table; search for terms of one,
 * two, three and more characters, frequent and rare, against a substring
 * scan; and the plan of every listing query: it walks an index in the
 * order it shows, or reads a short match list, and never sorts the queue. */
#include "unit.h"

#include "opsdesk/incident.h"

enum { INCIDENTS = 2600 };

static unsigned seed = 20261204;

static unsigned rnd(unsigned n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 8) % n;
}

static const char *const words[] = {"核心交换机", "数据库服务器", "打印机", "Mail网关", "视频会议",
				    "存储阵列", "防火墙", "OA系统"};
static const char *const symptoms[] = {"端口故障", "连接缓慢", "无法登录", "告警",
				       "卡纸", "无声音"};
static const char *const levels[] = {"high", "medium", "low"};

static void must(od_status s, const od_error *err, const char *what)
{
	if (s != OD_OK)
		fail_msg("%s: %s", what, err->msg);
}

/* One incident's random history, from time t on. */
static void live(fixture *f, int64_t id, time_t t)
{
	od_error err = {0};
	const od_ctx *ctx = &f->ctx;
	static const char *const people[] = {"boss", "wang", "li"};
	int steps = (int)rnd(7);
	for (int k = 0; k < steps; k++) {
		t += 60 * (1 + rnd(100));
		clock_pin(t);
		incident inc;
		must(incident_get(ctx->db, id, &inc, &err), &err, "get");
		const char *st = inc.state;
		od_status s = OD_OK;
		unsigned what = rnd(6);
		if (what == 0) {
			char text[64];
			snprintf(text, sizeof text, "现场检查%s #%u", symptoms[rnd(5)], rnd(1000));
			s = incident_comment(ctx, id, text, &err);
		} else if (what == 1 && inc.open) {
			incident_fields e = {.impact = levels[rnd(3)], .urgency = levels[rnd(3)]};
			s = incident_edit(ctx, id, inc.version, &e, &err);
		} else if (strcmp(st, "new") == 0 || (strcmp(st, "assigned") == 0 && rnd(2))) {
			const incident_set set[] = {{"assignee", people[rnd(3)]}};
			s = incident_transition(ctx, id, "assign", NULL, set, 1, 0, &err);
		} else if (strcmp(st, "assigned") == 0) {
			s = incident_transition(ctx, id, "start", NULL, NULL, 0, 0, &err);
		} else if (strcmp(st, "in_progress") == 0) {
			if (rnd(2)) {
				const incident_set set[] = {{"note", "等用户回复"}};
				s = incident_transition(ctx, id, "wait", NULL, set, 1, 0, &err);
			} else {
				const incident_set set[] = {{"cause", "配置错误"},
							    {"resolution", "已修正"},
							    {"recovery_test", "业务恢复"}};
				s = incident_transition(ctx, id, "resolve", NULL, set, 3, 0, &err);
			}
		} else if (strcmp(st, "waiting_user") == 0) {
			s = incident_transition(ctx, id, "resume", NULL, NULL, 0, 0, &err);
		} else if (strcmp(st, "resolved") == 0) {
			s = incident_transition(ctx, id, rnd(3) ? "close" : "reopen", NULL, NULL, 0, 0,
						&err);
		}
		incident_clear(&inc);
		if (s != OD_OK && s != OD_INVALID && s != OD_DENIED)
			fail_msg("history of INC-%lld: %s", (long long)id, err.msg);
	}
}

static int setup(void **state)
{
	if (fixture_setup(state) != 0)
		return -1;
	fixture *f = *state;
	unit_add_staff(f, "wang", "王工", "system_engineer");
	unit_add_staff(f, "li", "李工", "network_engineer");
	od_error err = {0};
	time_t t0 = 1793520000; /* 2026-11-01 16:00 +08:00, a month of history */
	for (int i = 0; i < INCIDENTS; i++) {
		time_t t = t0 + (time_t)i * 900;
		clock_pin(t);
		char summary[128];
		/* 端口故障 is frequent, 无声音 rare; Mail in both cases */
		unsigned w = rnd(8), s = i % 50 == 0 ? 5 : rnd(5);
		snprintf(summary, sizeof summary, "%s%s%s", words[w], i % 9 ? "端口故障" : "",
			 symptoms[s]);
		incident_fields in = {.summary = summary,
				      .description = i % 7 ? "第3号楼机房" : "MAIL queue stuck",
				      .impact = levels[rnd(3)],
				      .urgency = levels[rnd(3)]};
		int64_t id;
		must(incident_create(&f->ctx, &in, &id, &err), &err, "create");
		live(f, id, t);
	}
	/* after every event of every history */
	clock_pin(t0 + (time_t)INCIDENTS * 900 + 86400);
	return 0;
}

/* --- helpers ------------------------------------------------------------------- */

typedef struct ids {
	int64_t *v;
	size_t n;
} ids;

static void ids_free(ids *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Every row of the filter, read a page of 37 at a time by key. */
static ids list_paged(fixture *f, incident_filter fl)
{
	ids out = {0};
	fl.limit = 37;
	od_error err = {0};
	for (;;) {
		incident *v;
		size_t n;
		must(incident_list(f->ctx.db, &fl, &v, &n, &err), &err, "list");
		out.v = realloc(out.v, (out.n + n + 1) * sizeof *out.v);
		for (size_t i = 0; i < n; i++)
			out.v[out.n++] = v[i].id;
		if (n)
			incident_filter_after(&fl, &v[n - 1]);
		incident_list_free(v, n);
		if (n < 37)
			return out;
	}
}

/* The ids a plain query over the whole table gives (sql a literal; ?1 a
 * text, ?2 a time). */
static ids reference(fixture *f, const char *sql, const char *text, time_t t)
{
	od_error err = {0};
	sqlite3_stmt *st = db_stmt(f->ctx.db, sql, &err);
	if (!st)
		fail_msg("%s: %s", sql, err.msg);
	if (text)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (int64_t)t);
	ids out = {0};
	while (sqlite3_step(st) == SQLITE_ROW) {
		out.v = realloc(out.v, (out.n + 1) * sizeof *out.v);
		out.v[out.n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return out;
}

static void assert_same(ids *got, ids *want, const char *what)
{
	if (got->n != want->n)
		fail_msg("%s: %zu rows, the reference has %zu", what, got->n, want->n);
	for (size_t i = 0; i < got->n; i++)
		if (got->v[i] != want->v[i])
			fail_msg("%s: row %zu is INC-%lld, the reference has INC-%lld", what, i,
				 (long long)got->v[i], (long long)want->v[i]);
	ids_free(got);
	ids_free(want);
}

#define QUEUE_ORDER " ORDER BY open DESC, priority_rank, created, id"

/* --- the stored standing ---------------------------------------------------------- */

/* Each open incident's stored figures are those its journal gives now. */
static void assert_stored_is_replayed(fixture *f)
{
	od_error err = {0};
	sqlite3_stmt *st = db_stmt(f->ctx.db,
				   "SELECT id, coalesce(sla_due, 0), coalesce(sla_risk, 0),"
				   " coalesce(response_due, 0), coalesce(resolution_due, 0)"
				   " FROM incident WHERE open = 1 ORDER BY id",
				   &err);
	size_t checked = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		incident inc;
		must(incident_get(f->ctx.db, id, &inc, &err), &err, "get");
		sla_result sla;
		must(incident_sla(f->ctx.db, f->ctx.rules, &inc, clock_now(), &sla, &err), &err,
		     "sla");
		time_t due = 0, risk = 0;
		const sla_clock *c[] = {&sla.response, &sla.resolution};
		time_t each[2] = {0, 0};
		for (int k = 0; k < 2; k++) {
			if (c[k]->stopped || c[k]->paused)
				continue;
			each[k] = c[k]->due;
			if (!due || c[k]->due < due)
				due = c[k]->due;
			if (!risk || c[k]->risk < risk)
				risk = c[k]->risk;
		}
		if (sqlite3_column_int64(st, 1) != due || sqlite3_column_int64(st, 2) != risk ||
		    sqlite3_column_int64(st, 3) != each[0] || sqlite3_column_int64(st, 4) != each[1])
			fail_msg("INC-%lld: stored due %lld risk %lld, replayed due %lld risk %lld",
				 (long long)id, (long long)sqlite3_column_int64(st, 1),
				 (long long)sqlite3_column_int64(st, 2), (long long)due,
				 (long long)risk);
		/* and the standing read from them is the replayed one */
		sla_standing worst = sla_worst_running(&sla);
		assert_int_equal(due && due <= clock_now(), worst == SLA_BREACHED);
		assert_int_equal(risk && risk <= clock_now(), worst != SLA_ON_TIME);
		incident_clear(&inc);
		checked++;
	}
	sqlite3_reset(st);
	assert_true(checked > 300);
}

static void stored_standing_is_the_replayed_one(void **state)
{
	fixture *f = *state;
	assert_stored_is_replayed(f);
	/* a week later nothing was written, and still nothing differs */
	clock_pin(clock_now() + 7 * 86400);
	assert_stored_is_replayed(f);
}

static void a_changed_calendar_is_caught_up_with(void **state)
{
	fixture *f = *state;
	bool refreshed = true;
	od_error err = {0};
	must(incident_sla_refresh(&f->ctx, NULL, &err), &err, "refresh");
	must(incident_sla_refresh(&f->ctx, &refreshed, &err), &err, "refresh");
	assert_false(refreshed); /* the same rules again: nothing to do */

	size_t len;
	const char *text = rules_embedded_text(&len);
	char *changed = malloc(len + 64);
	const char *mark = strstr(text, "holidays: [2026-01-01");
	assert_non_null(mark);
	size_t head = (size_t)(mark - text) + strlen("holidays: [");
	memcpy(changed, text, head);
	size_t n = head + (size_t)sprintf(changed + head, "2026-11-30, 2026-12-01, ");
	memcpy(changed + n, text + head, len - head);
	n += len - head;
	diag_list d = {0};
	rules *r2 = rules_parse(changed, n, &d);
	free(changed);
	if (!r2)
		fail_msg("the changed rules: %s", d.n ? d.items[0].msg : "?");
	diag_free(&d);
	f->ctx.rules = r2;
	must(incident_sla_refresh(&f->ctx, &refreshed, &err), &err, "refresh");
	assert_true(refreshed);
	assert_stored_is_replayed(f);
	must(incident_sla_refresh(&f->ctx, &refreshed, &err), &err, "refresh");
	assert_false(refreshed);
	f->ctx.rules = f->rules;
	rules_free(r2);
}

static void breached_and_at_risk_are_the_replayed_ones(void **state)
{
	fixture *f = *state;
	incident_filter b = {.now = clock_now(), .breached = true};
	ids got = list_paged(f, b);
	ids want = reference(f,
			     "SELECT id FROM incident WHERE open = 1 AND sla_due <= ?2" QUEUE_ORDER,
			     NULL, clock_now());
	assert_true(want.n > 0);
	assert_same(&got, &want, "breached");
	incident_filter a = {.now = clock_now(), .attention = true};
	got = list_paged(f, a);
	want = reference(f, "SELECT id FROM incident WHERE open = 1 AND sla_risk <= ?2" QUEUE_ORDER,
			 NULL, clock_now());
	assert_same(&got, &want, "at risk or breached");
	/* the counts agree with the lists */
	incident_counts c;
	od_error err = {0};
	must(incident_standing_counts(f->ctx.db, clock_now(), &c, &err), &err, "counts");
	assert_int_equal(c.open, unit_int(f->ctx.db, "SELECT count(*) FROM incident WHERE open = 1"));
	got = list_paged(f, b);
	assert_int_equal(c.breached, got.n);
	ids_free(&got);
	got = list_paged(f, a);
	assert_int_equal(c.at_risk + c.breached, got.n);
	ids_free(&got);
}

/* --- order and filters -------------------------------------------------------------- */

static void the_orders_are_those_of_a_plain_sort(void **state)
{
	fixture *f = *state;
	time_t now = clock_now();
	struct {
		incident_filter f;
		const char *sql;
	} cases[] = {
	    {{.now = now}, "SELECT id FROM incident WHERE open = 1" QUEUE_ORDER},
	    {{.now = now, .include_closed = true}, "SELECT id FROM incident" QUEUE_ORDER},
	    {{.now = now, .state = "in_progress", .include_closed = true},
	     "SELECT id FROM incident WHERE state = 'in_progress'" QUEUE_ORDER},
	    {{.now = now, .priority = "P2"},
	     "SELECT id FROM incident WHERE open = 1 AND priority = 'P2'" QUEUE_ORDER},
	    {{.now = now, .assignee = "wang"},
	     "SELECT id FROM incident WHERE open = 1 AND assignee = 'wang'" QUEUE_ORDER},
	    {{.now = now, .assignee = ""},
	     "SELECT id FROM incident WHERE open = 1 AND assignee = ''" QUEUE_ORDER},
	    {{.now = now, .sort = INCIDENT_BY_NEWEST},
	     "SELECT id FROM incident WHERE open = 1 ORDER BY created DESC, id DESC"},
	    {{.now = now, .sort = INCIDENT_BY_NEWEST, .include_closed = true},
	     "SELECT id FROM incident ORDER BY created DESC, id DESC"},
	    {{.now = now, .sort = INCIDENT_BY_DUE},
	     "SELECT id FROM incident WHERE open = 1"
	     " ORDER BY coalesce(resolution_due, 9223372036854775807), id"},
	    {{.now = now, .sort = INCIDENT_BY_DUE, .include_closed = true},
	     "SELECT id FROM incident ORDER BY coalesce(resolution_due, 9223372036854775807), id"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		ids got = list_paged(f, cases[k].f);
		ids want = reference(f, cases[k].sql, NULL, now);
		assert_true(want.n > 0);
		assert_same(&got, &want, cases[k].sql);
	}
}

/* --- search --------------------------------------------------------------------------- */

static void search_finds_what_a_substring_scan_finds(void **state)
{
	fixture *f = *state;
	/* one to four characters and more; frequent (more matches than a
	 * short list holds) and rare; ASCII letters in either case */
	const char *terms[] = {"故", "卡", "m", "端口", "声音", "oa", "Ma", "mail", "3号楼", "无声音", "端口故障",
			       "MAIL queue", "核心交换机端口", "现场检查卡纸", "不存在的词"};
	for (size_t k = 0; k < sizeof terms / sizeof *terms; k++) {
		for (int closed = 0; closed < 2; closed++) {
			incident_filter fl = {.now = clock_now(), .search = terms[k],
					      .include_closed = closed};
			ids got = list_paged(f, fl);
			ids want = reference(
			    f,
			    closed ? "SELECT i.id FROM incident i JOIN incident_text t ON t.rowid = i.id"
				     " WHERE instr(lower(i.summary), lower(?1))"
				     " OR instr(lower(i.description), lower(?1))"
				     " OR instr(lower(t.journal), lower(?1))" QUEUE_ORDER
				   : "SELECT i.id FROM incident i JOIN incident_text t ON t.rowid = i.id"
				     " WHERE i.open = 1 AND (instr(lower(i.summary), lower(?1))"
				     " OR instr(lower(i.description), lower(?1))"
				     " OR instr(lower(t.journal), lower(?1)))" QUEUE_ORDER,
			    terms[k], 0);
			char what[96];
			snprintf(what, sizeof what, "search '%s'%s", terms[k], closed ? " --all" : "");
			assert_same(&got, &want, what);
		}
	}
	/* the data has both kinds of term */
	assert_true(unit_int(f->ctx.db, "SELECT count(*) FROM incident_text"
				       " WHERE incident_text MATCH '\"端口故障\"'") > 2000);
	assert_true(unit_int(f->ctx.db, "SELECT count(*) FROM incident_text"
				       " WHERE incident_text MATCH '\"无声音\"'") < 200);
}

/* --- query plans ----------------------------------------------------------------------- */

typedef struct captured {
	char *sql[16];
	int n;
} captured;

static int capture(unsigned type, void *data, void *p, void *x)
{
	(void)x;
	captured *c = data;
	if (type == SQLITE_TRACE_STMT && c->n < 16) {
		char *sql = sqlite3_expanded_sql(p);
		if (sql && strstr(sql, "FROM incident") && strncmp(sql, "SELECT i.id", 11) == 0)
			c->sql[c->n++] = strdup(sql);
		sqlite3_free(sql);
	}
	return 0;
}

/* The plan of every listing query the filter runs: no temporary sort
 * unless it reads a short match list, and no scan of the table. */
static void assert_plan_of(fixture *f, incident_filter fl, bool may_sort_matches, bool must_seek)
{
	sqlite3 *h = sqlite3_db_handle(db_stmt(f->ctx.db, "SELECT 1", NULL));
	captured c = {0};
	sqlite3_trace_v2(h, SQLITE_TRACE_STMT, capture, &c);
	fl.limit = 50;
	incident *v;
	size_t n;
	assert_int_equal(incident_list(f->ctx.db, &fl, &v, &n, NULL), OD_OK);
	incident_list_free(v, n);
	sqlite3_trace_v2(h, 0, NULL, NULL);
	assert_true(c.n > 0);
	for (int k = 0; k < c.n; k++) {
		char *eqp = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", c.sql[k]);
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_prepare_v2(h, eqp, -1, &st, NULL), SQLITE_OK);
		bool from_matches = false, seeks = false;
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *line = (const char *)sqlite3_column_text(st, 3);
			seeks |= strncmp(line, "SEARCH i ", 9) == 0;
			if (strstr(line, "VIRTUAL TABLE") || strstr(line, "incident_sla"))
				from_matches = true;
			if ((strstr(line, "TEMP B-TREE") && !(may_sort_matches && from_matches)) ||
			    strcmp(line, "SCAN i") == 0)
				fail_msg("%s\n  plans: %s", c.sql[k], line);
		}
		sqlite3_finalize(st);
		if (must_seek && !seeks)
			fail_msg("%s\n  walks from the start instead of seeking to the key", c.sql[k]);
		sqlite3_free(eqp);
		free(c.sql[k]);
	}
}

static void assert_plan(fixture *f, incident_filter fl, bool may_sort_matches)
{
	assert_plan_of(f, fl, may_sort_matches, false);
}

/* A later page seeks to its key in the index of its order. */
static void assert_page_seeks(fixture *f, incident_filter fl)
{
	fl.after = true;
	fl.after_open = 1;
	fl.after_rank = 1;
	fl.after_created = clock_now() - 86400;
	fl.after_due = clock_now();
	fl.after_id = 100;
	assert_plan_of(f, fl, false, true);
}

static void every_listing_walks_an_index_in_its_order(void **state)
{
	fixture *f = *state;
	time_t now = clock_now();
	assert_plan(f, (incident_filter){.now = now}, false);
	assert_plan(f, (incident_filter){.now = now, .include_closed = true}, false);
	assert_plan(f, (incident_filter){.now = now, .state = "assigned", .include_closed = true},
		    false);
	assert_plan(f, (incident_filter){.now = now, .priority = "P3"}, false);
	assert_plan(f, (incident_filter){.now = now, .assignee = "li"}, false);
	assert_plan(f, (incident_filter){.now = now, .sort = INCIDENT_BY_NEWEST}, false);
	assert_plan(f, (incident_filter){.now = now, .sort = INCIDENT_BY_NEWEST,
					 .include_closed = true},
		    false);
	assert_plan(f, (incident_filter){.now = now, .sort = INCIDENT_BY_DUE}, false);
	assert_plan(f, (incident_filter){.now = now, .sort = INCIDENT_BY_DUE,
					 .include_closed = true},
		    false);
	assert_plan(f, (incident_filter){.now = now, .search = "端口"}, false);
	assert_plan(f, (incident_filter){.now = now, .search = "端口故障"}, false);
	assert_page_seeks(f, (incident_filter){.now = now});
	assert_page_seeks(f, (incident_filter){.now = now, .sort = INCIDENT_BY_NEWEST});
	assert_page_seeks(f, (incident_filter){.now = now, .sort = INCIDENT_BY_DUE});
	assert_page_seeks(f, (incident_filter){.now = now, .sort = INCIDENT_BY_DUE,
					       .include_closed = true});
	/* a rare term and few breaches: their short lists, sorted */
	assert_plan(f, (incident_filter){.now = now, .search = "无声音"}, true);
	assert_plan(f, (incident_filter){.now = now, .breached = true}, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(stored_standing_is_the_replayed_one),
	    cmocka_unit_test(breached_and_at_risk_are_the_replayed_ones),
	    cmocka_unit_test(the_orders_are_those_of_a_plain_sort),
	    cmocka_unit_test(search_finds_what_a_substring_scan_finds),
	    cmocka_unit_test(every_listing_walks_an_index_in_its_order),
	    cmocka_unit_test(a_changed_calendar_is_caught_up_with),
	};
	return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
