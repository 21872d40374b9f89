/* changes.c: what an edit changed, as the journal's text and as the audit
 * entry's JSON. The JSON is read back with SQLite's own JSON functions, so
 * "valid" means what the rest of opsdesk will read. */
#include "unit.h"

#include "opsdesk/changes.h"

/* json_extract(json, path) through an in-memory SQLite, or NULL when the
 * JSON is not valid. Caller frees. */
static char *json_get(const char *json, const char *path)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(":memory:", &h), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(h,
					    "SELECT CASE WHEN json_valid(?1)"
					    " THEN coalesce(json_extract(?1, ?2), '<none>') END",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	char *out = NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return out;
}

static void assert_json_value(const char *json, const char *path, const char *want)
{
	char *got = json_get(json, path);
	if (!got)
		fail_msg("not valid JSON: %s", json);
	if (strcmp(got, want) != 0) {
		print_message("# %s at %s is '%s'\n", json, path, got);
		free(got);
		fail_msg("expected '%s'", want);
	}
	free(got);
}

static void nothing_changed(void **state)
{
	(void)state;
	changes c = {0};
	assert_false(changes_any(&c));
	assert_string_equal(changes_text(&c), "");
	assert_string_equal(changes_json(&c), "{}");
	changes_free(&c);
}

static void equal_values_are_not_changes(void **state)
{
	(void)state;
	changes c = {0};
	changes_add(&c, "name", "张三", "张三");
	changes_add(&c, "phone", NULL, ""); /* NULL is the empty string */
	assert_false(changes_any(&c));
	assert_string_equal(changes_json(&c), "{}");
	changes_free(&c);
}

static void text_lists_each_change(void **state)
{
	(void)state;
	changes c = {0};
	changes_add(&c, "name", "A", "B");
	changes_add(&c, "team", "x", "x");
	changes_add(&c, "phone", "1", "2");
	assert_true(changes_any(&c));
	assert_string_equal(changes_text(&c), "name: A -> B; phone: 1 -> 2");
	changes_free(&c);
}

static void text_shows_empty_values(void **state)
{
	(void)state;
	changes c = {0};
	changes_add(&c, "phone", "", "13800000000");
	changes_add(&c, "team", "网络组", NULL);
	assert_string_equal(changes_text(&c),
			    "phone: (empty) -> 13800000000; team: 网络组 -> (empty)");
	changes_free(&c);
}

static void json_pairs_old_and_new(void **state)
{
	(void)state;
	changes c = {0};
	changes_add(&c, "name", "A", "B");
	changes_add(&c, "phone", "", "2");
	const char *json = changes_json(&c);
	assert_string_equal(json, "{\"name\":[\"A\",\"B\"],\"phone\":[\"\",\"2\"]}");
	assert_json_value(json, "$.name[0]", "A");
	assert_json_value(json, "$.phone[1]", "2");
	/* asking again gives the same object, not one more brace */
	assert_string_equal(changes_json(&c), json);
	changes_free(&c);
}

static void json_keeps_chinese_as_utf8(void **state)
{
	(void)state;
	changes c = {0};
	changes_add(&c, "name", "张三", "张叁");
	const char *json = changes_json(&c);
	assert_string_equal(json, "{\"name\":[\"张三\",\"张叁\"]}");
	assert_json_value(json, "$.name[1]", "张叁");
	changes_free(&c);
}

static void json_escapes_quotes_and_backslashes(void **state)
{
	(void)state;
	changes c = {0};
	changes_add(&c, "team", "\"一线\"", "C:\\ops\\二线");
	const char *json = changes_json(&c);
	assert_string_equal(json, "{\"team\":[\"\\\"一线\\\"\",\"C:\\\\ops\\\\二线\"]}");
	assert_json_value(json, "$.team[0]", "\"一线\"");
	assert_json_value(json, "$.team[1]", "C:\\ops\\二线");
	changes_free(&c);
}

static void json_escapes_newlines_and_control_characters(void **state)
{
	(void)state;
	changes c = {0};
	changes_add(&c, "notes", "第一行\n第二行", "tab\there\r\x1b[0m\x7f");
	const char *json = changes_json(&c);
	assert_null(strchr(json, '\n'));
	assert_null(strchr(json, 0x1b));
	assert_string_equal(json,
			    "{\"notes\":[\"第一行\\n第二行\",\"tab\\there\\r\\u001b[0m\\u007f\"]}");
	assert_json_value(json, "$.notes[0]", "第一行\n第二行");
	assert_json_value(json, "$.notes[1]", "tab\there\r\x1b[0m\x7f");
	changes_free(&c);
}

static void json_escapes_field_names_too(void **state)
{
	(void)state;
	changes c = {0};
	changes_add(&c, "odd\"field", "a", "b");
	char *whole = json_get(changes_json(&c), "$");
	assert_non_null(whole); /* valid JSON */
	free(whole);
	assert_string_equal(changes_json(&c), "{\"odd\\\"field\":[\"a\",\"b\"]}");
	changes_free(&c);
}

static void free_resets_for_reuse(void **state)
{
	(void)state;
	changes c = {0};
	changes_add(&c, "name", "A", "B");
	(void)changes_json(&c);
	changes_free(&c);
	assert_false(changes_any(&c));
	changes_add(&c, "phone", "1", "2");
	assert_string_equal(changes_text(&c), "phone: 1 -> 2");
	assert_string_equal(changes_json(&c), "{\"phone\":[\"1\",\"2\"]}");
	changes_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(nothing_changed),
	    cmocka_unit_test(equal_values_are_not_changes),
	    cmocka_unit_test(text_lists_each_change),
	    cmocka_unit_test(text_shows_empty_values),
	    cmocka_unit_test(json_pairs_old_and_new),
	    cmocka_unit_test(json_keeps_chinese_as_utf8),
	    cmocka_unit_test(json_escapes_quotes_and_backslashes),
	    cmocka_unit_test(json_escapes_newlines_and_control_characters),
	    cmocka_unit_test(json_escapes_field_names_too),
	    cmocka_unit_test(free_resets_for_reuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
