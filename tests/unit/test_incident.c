/* The incident core's listing: every sort order paged by key gives the
 * same rows, in the same order, as one read, with none twice or missing. */
#include "unit.h"

#include "opsdesk/incident.h"

static int64_t new_incident(fixture *f, const char *summary, const char *impact, const char *urgency,
		      time_t at)
{
	clock_pin(at);
	incident_fields in = {.summary = summary, .impact = impact, .urgency = urgency};
	int64_t id = 0;
	od_error err = {0};
	if (incident_create(&f->ctx, &in, &id, &err) != OD_OK)
		fail_msg("recording %s: %s", summary, err.msg);
	return id;
}

static int setup(void **state)
{
	if (fixture_setup(state) != 0)
		return -1;
	fixture *f = *state;
	static const char *const levels[] = {"high", "medium", "low"};
	/* eleven incidents of mixed priorities, some recorded in the same second */
	for (int i = 0; i < 11; i++) {
		char summary[64];
		snprintf(summary, sizeof summary, "第%d号故障", i);
		new_incident(f, summary, levels[i % 3], levels[(i / 3) % 3], 1795222800 + (i / 2) * 600);
	}
	/* one closed: cancelled from new */
	od_error err;
	const incident_set note[] = {{"note", "重复报告"}};
	if (incident_transition(&f->ctx, 4, "cancel", NULL, note, 1, 0, &err) != OD_OK)
		fail_msg("cancel: %s", err.msg);
	return 0;
}

static void pages_match_one_read(fixture *f, incident_sort sort, bool closed)
{
	incident_filter all = {.sort = sort, .include_closed = closed, .now = clock_now()};
	incident *v;
	size_t n;
	od_error err;
	assert_int_equal(incident_list(f->ctx.db, &all, &v, &n, &err), OD_OK);
	assert_int_equal(n, closed ? 11 : 10);

	size_t seen = 0;
	incident_filter page = all;
	page.limit = 2;
	for (;;) {
		incident *p;
		size_t pn;
		assert_int_equal(incident_list(f->ctx.db, &page, &p, &pn, &err), OD_OK);
		for (size_t i = 0; i < pn; i++, seen++) {
			assert_true(seen < n);
			assert_int_equal(p[i].id, v[seen].id);
		}
		if (pn)
			incident_filter_after(&page, &p[pn - 1]);
		incident_list_free(p, pn);
		if (pn < 2)
			break;
	}
	assert_int_equal(seen, n);
	incident_list_free(v, n);
}

static void the_queue_pages_by_key(void **state)
{
	pages_match_one_read(*state, INCIDENT_BY_QUEUE, false);
	pages_match_one_read(*state, INCIDENT_BY_QUEUE, true);
}

static void newest_first_pages_by_key(void **state)
{
	pages_match_one_read(*state, INCIDENT_BY_NEWEST, true);
}

static void due_soonest_pages_by_key(void **state)
{
	pages_match_one_read(*state, INCIDENT_BY_DUE, true);
}

static void the_queue_is_most_urgent_then_oldest(void **state)
{
	fixture *f = *state;
	incident_filter all = {.now = clock_now()};
	incident *v;
	size_t n;
	assert_int_equal(incident_list(f->ctx.db, &all, &v, &n, NULL), OD_OK);
	for (size_t i = 1; i < n; i++) {
		int a = atoi(v[i - 1].priority + 1), b = atoi(v[i].priority + 1);
		assert_true(a < b || (a == b && v[i - 1].created <= v[i].created));
	}
	incident_list_free(v, n);
}

static void due_soonest_puts_stopped_clocks_last(void **state)
{
	fixture *f = *state;
	incident_filter all = {.sort = INCIDENT_BY_DUE, .include_closed = true, .now = clock_now()};
	incident *v;
	size_t n;
	assert_int_equal(incident_list(f->ctx.db, &all, &v, &n, NULL), OD_OK);
	assert_int_equal(v[n - 1].id, 4); /* the cancelled one has no due time */
	for (size_t i = 1; i + 1 < n; i++)
		assert_true(v[i - 1].resolution_due <= v[i].resolution_due);
	incident_list_free(v, n);
}

/* Impact, urgency and category move the priority and the clocks: only
 * the holders of incident.regrade change them; other fields any staff. */
static void a_regrade_needs_its_permission(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "wang", "王工", "system_engineer");
	unit_add_staff(f, "zhao", "赵值班", "duty_operator");
	od_ctx as_wang = f->ctx, as_zhao = f->ctx;
	as_wang.login = "wang";
	as_zhao.login = "zhao";
	od_error err = {0};
	incident_fields regrade = {.impact = "high", .urgency = "high"};
	assert_int_equal(incident_edit(&as_wang, 2, 0, &regrade, &err), OD_DENIED);
	assert_starts_with(err.msg, "'incident.regrade' is not permitted for you");
	incident_fields other = {.category = "server"};
	assert_int_equal(incident_edit(&as_wang, 2, 0, &other, &err), OD_DENIED);
	incident_fields text = {.description = "补充: 3号机柜"};
	assert_int_equal(incident_edit(&as_wang, 2, 0, &text, &err), OD_OK);
	assert_int_equal(incident_edit(&as_zhao, 2, 0, &regrade, &err), OD_OK);
	incident inc;
	assert_int_equal(incident_get(f->ctx.db, 2, &inc, &err), OD_OK);
	assert_string_equal(inc.priority, "P1");
	incident_clear(&inc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(the_queue_pages_by_key, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(a_regrade_needs_its_permission, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(newest_first_pages_by_key, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(due_soonest_pages_by_key, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(the_queue_is_most_urgent_then_oldest, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(due_soonest_puts_stopped_clocks_last, setup,
						fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
