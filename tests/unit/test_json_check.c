/* json_check.c: RFC 8259 JSON accepted, everything else refused with what
 * is wrong and where, including what Debian's SQLite 3.40 takes for valid. */
#include "unit.h"

#include "opsdesk/json_check.h"

static void accepted(const char *text)
{
	char why[160];
	if (!json_check(text, why, sizeof why))
		fail_msg("refused %s: %s", text, why);
}

static void refused(const char *text, const char *reason)
{
	char why[160];
	if (json_check(text, why, sizeof why))
		fail_msg("accepted %s", text);
	if (!strstr(why, reason))
		fail_msg("%s: said '%s', not '%s'", text, why, reason);
}

static void valid_json_is_accepted(void **state)
{
	(void)state;
	accepted("{}");
	accepted("[]");
	accepted(" {\"a\" : [1, -2.5e+3, 0, 0.1E2, true, false, null, \"x\"]}\n");
	accepted("\"中文\"");
	accepted("{\"summary\":\"核心交换机端口 down\",\"n\":{\"m\":[[]]}}");
	accepted("\"\\u4e2d\\ud83d\\ude00\\n\\\"\\\\\\/\"");
	accepted("0");
}

static void what_sqlite_340_takes_for_json_is_refused(void **state)
{
	(void)state;
	refused("{{\"source\":\"zTk\",\"e\":\"\"}:\"x\",\"summary\":\"端口\"}",
		"an object's key is not a string at byte 1");
	refused("{\"a\":1,[1]:2}", "an object's key is not a string at byte 7");
	refused("{\"a\":\"\xf3ummary\"}", "invalid UTF-8 in a string at byte 6");
	refused("\"\xc0\xaf\"", "invalid UTF-8");  /* an overlong '/' */
	refused("\"\xed\xa0\x80\"", "invalid UTF-8"); /* a surrogate as UTF-8 */
}

static void malformed_json_is_refused(void **state)
{
	(void)state;
	refused("", "no JSON value");
	refused("{\"a\":1}x", "more after the JSON value at byte 7");
	refused("{\"a\":1,}", "an object's key is not a string");
	refused("[1,]", "not a JSON value");
	refused("{\"a\" 1}", "a key without ':'");
	refused("[1 2]", "expected ',' or ']'");
	refused("\"abc", "a string is not closed");
	refused("\"a\tb\"", "a control character in a string");
	refused("\"\\x\"", "an unknown escape");
	refused("\"\\u12\"", "four hex digits");
	refused("\"\\ud83d\"", "half a surrogate pair");
	refused("\"\\ude00\"", "half a surrogate pair");
	refused("01", "more after the JSON value");
	refused("-", "a number without its digits");
	refused("1.", "a number without its digits");
	refused("1e", "a number without its digits");
	refused("tru", "not a JSON value");
	refused("NaN", "not a JSON value");
}

static void nesting_is_bounded(void **state)
{
	(void)state;
	char deep[2 * (JSON_CHECK_DEPTH + 2) + 1];
	size_t n = 0;
	for (int i = 0; i <= JSON_CHECK_DEPTH; i++)
		deep[n++] = '[';
	for (int i = 0; i <= JSON_CHECK_DEPTH; i++)
		deep[n++] = ']';
	deep[n] = '\0';
	accepted(deep);
	char deeper[2 * (JSON_CHECK_DEPTH + 2) + 1];
	n = 0;
	for (int i = 0; i <= JSON_CHECK_DEPTH + 1; i++)
		deeper[n++] = '[';
	for (int i = 0; i <= JSON_CHECK_DEPTH + 1; i++)
		deeper[n++] = ']';
	deeper[n] = '\0';
	refused(deeper, "nested too deep");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(valid_json_is_accepted),
	    cmocka_unit_test(what_sqlite_340_takes_for_json_is_refused),
	    cmocka_unit_test(malformed_json_is_refused),
	    cmocka_unit_test(nesting_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
