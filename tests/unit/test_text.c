/* text.c: UTF-8 validation, field checks, display widths in terminal cells,
 * fitting text into columns and neutralising control characters. Widths
 * come from wcwidth, so main() runs under C.UTF-8 as the program does. */
#include "unit.h"

#include <locale.h>

#include "opsdesk/text.h"

/* --- text_valid_utf8 ------------------------------------------------------- */

static void utf8_accepts_ascii_and_chinese(void **state)
{
	(void)state;
	assert_true(text_valid_utf8(""));
	assert_true(text_valid_utf8("plain ASCII"));
	assert_true(text_valid_utf8("服务器宕机，机房 3 楼"));
	assert_true(text_valid_utf8("\xc2\xa0 \xf0\x9f\x98\x80")); /* U+00A0, U+1F600 */
	assert_true(text_valid_utf8("\xf4\x8f\xbf\xbf"));          /* U+10FFFF, the last */
}

static void utf8_refuses_overlong_forms(void **state)
{
	(void)state;
	assert_false(text_valid_utf8("\xc0\xaf")); /* '/' in two bytes */
	assert_false(text_valid_utf8("\xc1\xbf"));
	assert_false(text_valid_utf8("\xe0\x80\xaf"));     /* '/' in three bytes */
	assert_false(text_valid_utf8("\xe0\x9f\xbf"));     /* U+07FF in three bytes */
	assert_false(text_valid_utf8("\xf0\x80\x80\xaf")); /* '/' in four bytes */
	assert_false(text_valid_utf8("\xf0\x8f\xbf\xbf")); /* U+FFFF in four bytes */
}

static void utf8_refuses_surrogates(void **state)
{
	(void)state;
	assert_false(text_valid_utf8("\xed\xa0\x80")); /* U+D800 */
	assert_false(text_valid_utf8("\xed\xbf\xbf")); /* U+DFFF */
	assert_true(text_valid_utf8("\xed\x9f\xbf"));  /* U+D7FF, just below */
	assert_true(text_valid_utf8("\xee\x80\x80"));  /* U+E000, just above */
}

static void utf8_refuses_truncated_sequences(void **state)
{
	(void)state;
	assert_false(text_valid_utf8("\xe4\xb8")); /* 中 without its last byte */
	assert_false(text_valid_utf8("ab\xe4\xb8"));
	assert_false(text_valid_utf8("\xe4\xb8x")); /* cut short by ASCII */
	assert_false(text_valid_utf8("\xf0\x9f\x98"));
	assert_false(text_valid_utf8("\xc3"));
	assert_false(text_valid_utf8("\x80"));             /* a lone continuation byte */
	assert_false(text_valid_utf8("\xf4\x90\x80\x80")); /* past U+10FFFF */
	assert_false(text_valid_utf8("\xf5\x80\x80\x80"));
	assert_false(text_valid_utf8("\xff"));
}

static void next_decodes_and_replaces_bad_bytes(void **state)
{
	(void)state;
	const char *p = "中a\xff"
			"b";
	assert_int_equal(text_next(&p), 0x4e2d);
	assert_int_equal(text_next(&p), 'a');
	assert_int_equal(text_next(&p), 0xfffd); /* one byte at a time */
	assert_int_equal(text_next(&p), 'b');
	assert_int_equal(text_next(&p), 0);
}

static void encode_round_trips(void **state)
{
	(void)state;
	const wchar_t cps[] = {'A', 0xe9, 0x4e2d, 0x1f600};
	const size_t lens[] = {1, 2, 3, 4};
	for (size_t i = 0; i < 4; i++) {
		char buf[5] = {0};
		assert_int_equal(text_encode(cps[i], buf), lens[i]);
		const char *p = buf;
		assert_int_equal(text_next(&p), cps[i]);
		assert_int_equal(*p, '\0');
	}
}

/* --- text_check ------------------------------------------------------------ */

static void check_accepts_chinese(void **state)
{
	(void)state;
	od_error err = {0};
	assert_int_equal(text_check("title", "核心交换机端口故障", 64, false, true, &err), OD_OK);
}

static void check_refuses_invalid_utf8_naming_field(void **state)
{
	(void)state;
	od_error err = {0};
	assert_int_equal(text_check("title", "ab\xc0\xaf", 64, false, true, &err), OD_INVALID);
	assert_string_equal(err.msg, "title: not valid UTF-8 text");
}

static void check_refuses_control_chars_naming_field(void **state)
{
	(void)state;
	od_error err = {0};
	assert_int_equal(text_check("summary", "red \x1b[31m alert", 64, true, false, &err),
			 OD_INVALID);
	assert_int_equal(err.code, OD_INVALID);
	assert_true(strncmp(err.msg, "summary: ", 9) == 0);
	assert_non_null(strstr(err.msg, "control"));
	assert_non_null(strstr(err.msg, "U+001B"));
	/* C1 controls (CSI as U+009B) and DEL, too */
	assert_int_equal(text_check("summary",
				    "a\xc2\x9b"
				    "31m",
				    64, false, false, &err),
			 OD_INVALID);
	assert_non_null(strstr(err.msg, "U+009B"));
	assert_int_equal(text_check("summary", "a\x7f", 64, false, false, &err), OD_INVALID);
}

static void check_newline_only_when_multiline(void **state)
{
	(void)state;
	od_error err = {0};
	assert_int_equal(text_check("name", "张\n三", 64, false, false, &err), OD_INVALID);
	assert_true(strncmp(err.msg, "name: ", 6) == 0);
	assert_int_equal(text_check("description", "第一行\n第二行\n\t缩进", 64, true, false, &err),
			 OD_OK);
	/* a carriage return is a control character even in multiline text */
	assert_int_equal(text_check("description", "a\r\nb", 64, true, false, &err), OD_INVALID);
}

static void check_counts_code_points_not_bytes(void **state)
{
	(void)state;
	od_error err = {0};
	char buf[256] = "";
	for (int i = 0; i < 10; i++)
		strcat(buf, "中"); /* 10 code points, 30 bytes */
	assert_int_equal(text_check("name", buf, 10, false, true, &err), OD_OK);
	strcat(buf, "a");
	assert_int_equal(text_check("name", buf, 10, false, true, &err), OD_INVALID);
	assert_string_equal(err.msg, "name: too long (11 characters, at most 10)");
}

static void check_required_refuses_blank(void **state)
{
	(void)state;
	od_error err = {0};
	assert_int_equal(text_check("name", "", 64, false, true, &err), OD_INVALID);
	assert_string_equal(err.msg, "name: must not be empty");
	assert_int_equal(text_check("name", NULL, 64, false, true, &err), OD_INVALID);
	assert_int_equal(text_check("name", "   ", 64, false, true, &err), OD_INVALID);
	assert_string_equal(err.msg, "name: must not be empty");
	/* U+3000, the ideographic space a Chinese input method types */
	assert_int_equal(text_check("name", "\xe3\x80\x80\xe3\x80\x80", 64, false, true, &err),
			 OD_INVALID);
	assert_string_equal(err.msg, "name: must not be empty");
	assert_int_equal(text_check("notes", " \n\t ", 64, true, true, &err), OD_INVALID);
	/* optional fields may be empty */
	assert_int_equal(text_check("team", "", 64, false, false, &err), OD_OK);
	assert_int_equal(text_check("name", "\xe3\x80\x80张", 64, false, true, &err), OD_OK);
}

/* --- widths ---------------------------------------------------------------- */

static void width_counts_cells(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width(NULL), 0);
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("中文"), 4);
	assert_int_equal(text_width("P1 紧急"), 7);
	assert_int_equal(text_width("\xe3\x80\x80"), 2); /* ideographic space */
	assert_int_equal(text_width("e\xcc\x81"), 1);    /* e + combining acute */
}

static void width_of_control_chars_is_one(void **state)
{
	(void)state;
	assert_int_equal(text_char_width(0x1b), 1);
	assert_int_equal(text_char_width('\n'), 1);
	assert_int_equal(text_char_width(0x9b), 1);
	assert_int_equal(text_width("a\x1b[1mb"), 6); /* ESC shown as one '?' */
	assert_int_equal(text_width("a\tb"), 3);
}

/* --- text_fit -------------------------------------------------------------- */

static void fit_pads_short_text(void **state)
{
	(void)state;
	char *s = text_fit("ab", 5, false);
	assert_string_equal(s, "ab   ");
	free(s);
	s = text_fit("中文", 6, false);
	assert_string_equal(s, "中文  ");
	assert_int_equal(text_width(s), 6);
	free(s);
}

static void fit_right_aligns(void **state)
{
	(void)state;
	char *s = text_fit("42", 5, true);
	assert_string_equal(s, "   42");
	free(s);
	s = text_fit("高", 4, true);
	assert_string_equal(s, "  高");
	free(s);
}

static void fit_exact_width_is_not_cut(void **state)
{
	(void)state;
	char *s = text_fit("中文ab", 6, false);
	assert_string_equal(s, "中文ab");
	free(s);
}

static void fit_cuts_with_tilde(void **state)
{
	(void)state;
	char *s = text_fit("abcdefgh", 5, false);
	assert_string_equal(s, "abcd~");
	free(s);
	s = text_fit("中文中文", 5, false); /* 8 cells into 5 */
	assert_string_equal(s, "中文~");
	assert_int_equal(text_width(s), 5);
	free(s);
}

static void fit_never_draws_half_a_wide_char(void **state)
{
	(void)state;
	/* 4 cells: room for 3 before the '~'; the second 中 would straddle the
	 * edge, so it is left out and the column padded */
	char *s = text_fit("中文中文", 4, false);
	assert_string_equal(s, "中~ ");
	assert_int_equal(text_width(s), 4);
	free(s);
	s = text_fit("a中文", 3, false);
	assert_string_equal(s, "a~ ");
	free(s);
	s = text_fit("中文", 1, false);
	assert_string_equal(s, "~");
	free(s);
	s = text_fit("中文中文", 4, true);
	assert_string_equal(s, " 中~");
	free(s);
}

static void fit_every_width_is_exact(void **state)
{
	(void)state;
	const char *samples[] = {"核心交换机 Core-SW01 端口 Gi0/1 故障", "a\x1b[31mb\n中",
				 "ｆｕｌｌ"};
	for (size_t i = 0; i < 3; i++)
		for (int w = 1; w <= 40; w++) {
			char *s = text_fit(samples[i], w, i == 1);
			assert_int_equal(text_width(s), w);
			free(s);
		}
}

static void fit_zero_width_is_empty(void **state)
{
	(void)state;
	char *s = text_fit("abc", 0, false);
	assert_string_equal(s, "");
	free(s);
}

static void fit_replaces_control_chars(void **state)
{
	(void)state;
	char *s = text_fit("a\x1b[2Jb\nc", 10, false);
	assert_null(strchr(s, 0x1b));
	assert_null(strchr(s, '\n'));
	assert_string_equal(s, "a?[2Jb c  ");
	free(s);
}

/* --- text_sanitize ----------------------------------------------------------- */

static void sanitize_neutralises_escape_sequences(void **state)
{
	(void)state;
	char *s = text_sanitize("\x1b]0;pwned\x07ok \x1b[31m红\x1b[0m", false);
	assert_null(strchr(s, 0x1b));
	assert_null(strchr(s, 0x07));
	assert_string_equal(s, "?]0;pwned?ok ?[31m红?[0m");
	free(s);
	/* the 8-bit CSI (U+009B) and raw invalid bytes never pass through */
	s = text_sanitize("a\xc2\x9b"
			  "2J \x9b"
			  "2J",
			  false);
	assert_null(strstr(s, "\xc2\x9b"));
	assert_string_equal(s, "a?2J \xef\xbf\xbd"
			       "2J");
	free(s);
}

static void sanitize_keeps_newlines_only_when_multiline(void **state)
{
	(void)state;
	char *s = text_sanitize("一\n二\r\n三", true);
	assert_string_equal(s, "一\n二?\n三");
	free(s);
	s = text_sanitize("一\n二", false);
	assert_string_equal(s, "一 二");
	free(s);
}

static void sanitize_replaces_unprintable_chars(void **state)
{
	(void)state;
	/* U+0378 is unassigned: wcwidth() says -1 and text_char_width counts it
	 * as a one-cell '?', so that is what must be shown (text.h) */
	assert_int_equal(text_char_width(0x378), 1);
	char shown[16], fitted[16];
	char *s = text_sanitize("a\xcd\xb8"
				"b",
				false);
	snprintf(shown, sizeof shown, "%s", s);
	free(s);
	s = text_fit("a\xcd\xb8"
		     "b",
		     3, false);
	snprintf(fitted, sizeof fitted, "%s", s);
	free(s);
	assert_string_equal(shown, "a?b");
	assert_string_equal(fitted, "a?b");
}

int main(void)
{
	if (!setlocale(LC_CTYPE, "C.UTF-8")) {
		fprintf(stderr, "test_text needs the C.UTF-8 locale\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(utf8_accepts_ascii_and_chinese),
	    cmocka_unit_test(utf8_refuses_overlong_forms),
	    cmocka_unit_test(utf8_refuses_surrogates),
	    cmocka_unit_test(utf8_refuses_truncated_sequences),
	    cmocka_unit_test(next_decodes_and_replaces_bad_bytes),
	    cmocka_unit_test(encode_round_trips),
	    cmocka_unit_test(check_accepts_chinese),
	    cmocka_unit_test(check_refuses_invalid_utf8_naming_field),
	    cmocka_unit_test(check_refuses_control_chars_naming_field),
	    cmocka_unit_test(check_newline_only_when_multiline),
	    cmocka_unit_test(check_counts_code_points_not_bytes),
	    cmocka_unit_test(check_required_refuses_blank),
	    cmocka_unit_test(width_counts_cells),
	    cmocka_unit_test(width_of_control_chars_is_one),
	    cmocka_unit_test(fit_pads_short_text),
	    cmocka_unit_test(fit_right_aligns),
	    cmocka_unit_test(fit_exact_width_is_not_cut),
	    cmocka_unit_test(fit_cuts_with_tilde),
	    cmocka_unit_test(fit_never_draws_half_a_wide_char),
	    cmocka_unit_test(fit_every_width_is_exact),
	    cmocka_unit_test(fit_zero_width_is_empty),
	    cmocka_unit_test(fit_replaces_control_chars),
	    cmocka_unit_test(sanitize_neutralises_escape_sequences),
	    cmocka_unit_test(sanitize_keeps_newlines_only_when_multiline),
	    cmocka_unit_test(sanitize_replaces_unprintable_chars),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
