/* csv.c: telling UTF-8 from GB18030 and converting, reading RFC 4180 rows
 * with the line each starts on, and quoting fields so they read back the
 * same. The GB18030 bytes are written out: 李娜 is C0 EE C4 C8. */
#include "unit.h"

#include "opsdesk/csv.h"

/* --- decoding ----------------------------------------------------------- */

typedef struct decoded {
	od_status s;
	char *text;
	size_t len;
	csv_encoding used;
	diag_list d;
	od_error err;
} decoded;

static decoded decode(const char *data, size_t len, csv_encoding enc)
{
	decoded r = {0};
	r.s = csv_decode(data, len, enc, &r.text, &r.len, &r.used, &r.d, &r.err);
	return r;
}

static void decoded_free(decoded *r)
{
	free(r->text);
	diag_free(&r->d);
}

#define DECODE(lit, enc) decode(lit, sizeof lit - 1, enc)

static void decode_strips_utf8_bom(void **state)
{
	(void)state;
	decoded r = DECODE("\xef\xbb\xbf"
			   "date,shift\r\n李娜,D\r\n",
			   CSV_DETECT);
	assert_int_equal(r.s, OD_OK);
	assert_int_equal(r.used, CSV_UTF8);
	assert_string_equal(r.text, "date,shift\r\n李娜,D\r\n");
	assert_int_equal(r.len, strlen(r.text));
	decoded_free(&r);
}

static void decode_takes_plain_utf8_as_is(void **state)
{
	(void)state;
	decoded r = DECODE("date\n2026-12-01\n", CSV_DETECT);
	assert_int_equal(r.s, OD_OK);
	assert_int_equal(r.used, CSV_UTF8);
	assert_string_equal(r.text, "date\n2026-12-01\n");
	decoded_free(&r);
}

static void decode_detects_gb18030(void **state)
{
	(void)state;
	decoded r = DECODE("people\r\n\xc0\xee\xc4\xc8,\xcd\xf5\xce\xb0\r\n", CSV_DETECT);
	assert_int_equal(r.s, OD_OK);
	assert_int_equal(r.used, CSV_GB18030);
	assert_string_equal(r.text, "people\r\n李娜,王伟\r\n");
	assert_int_equal(r.d.n, 0);
	decoded_free(&r);
}

static void decode_gb18030_four_byte_and_bom(void **state)
{
	(void)state;
	/* its byte-order mark, then U+1F600 in four bytes, then no final line break */
	decoded r = DECODE("\x84\x31\x95\x33"
			   "a\n\x94\x39\xfc\x36",
			   CSV_DETECT);
	assert_int_equal(r.s, OD_OK);
	assert_int_equal(r.used, CSV_GB18030);
	assert_string_equal(r.text, "a\n\xf0\x9f\x98\x80");
	decoded_free(&r);
}

static void decode_gb18030_when_told(void **state)
{
	(void)state;
	/* plain ASCII told to be GB18030 is the same text */
	decoded r = DECODE("x,y\n", CSV_GB18030);
	assert_int_equal(r.s, OD_OK);
	assert_int_equal(r.used, CSV_GB18030);
	assert_string_equal(r.text, "x,y\n");
	decoded_free(&r);
}

static void decode_utf8_when_told_refuses_gbk_by_line(void **state)
{
	(void)state;
	decoded r = DECODE("people\n\xc0\xee\xc4\xc8\nok\n\xcd\xf5\n", CSV_UTF8);
	assert_int_equal(r.s, OD_INVALID);
	assert_null(r.text);
	assert_int_equal(r.d.n, 2);
	assert_int_equal(r.d.items[0].line, 2);
	assert_int_equal(r.d.items[1].line, 4);
	assert_starts_with(r.d.items[0].msg, "not valid UTF-8 text");
	assert_string_equal(r.err.msg,
			    "2 lines of the file are not UTF-8 text; nothing was imported");
	decoded_free(&r);
}

static void decode_refuses_what_is_neither(void **state)
{
	(void)state;
	/* 0xFF is never part of GB18030; line 3 alone is bad */
	decoded r = DECODE("a\n\xc0\xee\n\xff\xff\n", CSV_DETECT);
	assert_int_equal(r.s, OD_INVALID);
	assert_int_equal(r.d.n, 1);
	assert_int_equal(r.d.items[0].line, 3);
	assert_starts_with(r.d.items[0].msg, "neither UTF-8 nor GB18030");
	assert_contains(r.err.msg, "neither UTF-8 nor GB18030");
	decoded_free(&r);
}

static void decode_refuses_damaged_utf8(void **state)
{
	(void)state;
	/* mostly UTF-8 Chinese with one stray byte: not taken for GB18030 */
	decoded r = DECODE("李娜,王伟,赵敏\n欧阳明华\x80\n", CSV_DETECT);
	assert_int_equal(r.s, OD_INVALID);
	assert_int_equal(r.used, CSV_UTF8);
	assert_int_equal(r.d.n, 1);
	assert_int_equal(r.d.items[0].line, 2);
	assert_contains(r.d.items[0].msg, "damaged or mixes encodings");
	decoded_free(&r);
}

static void decode_refuses_nul_and_utf16(void **state)
{
	(void)state;
	decoded r = DECODE("a\nb\0c\n", CSV_DETECT);
	assert_int_equal(r.s, OD_INVALID);
	assert_int_equal(r.d.n, 1);
	assert_int_equal(r.d.items[0].line, 2);
	assert_string_equal(r.d.items[0].msg, "a NUL byte: this is not a text file");
	decoded_free(&r);

	r = DECODE("\xff\xfe"
		   "d\0a\0",
		   CSV_DETECT);
	assert_int_equal(r.s, OD_INVALID);
	assert_starts_with(r.d.items[0].msg, "UTF-16 text");
	decoded_free(&r);

	r = DECODE("\xc0\xee\n\x80\x00\n", CSV_GB18030);
	assert_int_equal(r.s, OD_INVALID);
	assert_int_equal(r.d.n, 1);
	assert_int_equal(r.d.items[0].line, 2);
	decoded_free(&r);
}

static void decode_gb18030_refuses_utf8_bom(void **state)
{
	(void)state;
	decoded r = DECODE("\xef\xbb\xbf"
			   "a\n",
			   CSV_GB18030);
	assert_int_equal(r.s, OD_INVALID);
	assert_contains(r.d.items[0].msg, "UTF-8 byte-order mark");
	decoded_free(&r);
}

static void decode_empty_is_empty_text(void **state)
{
	(void)state;
	decoded r = decode("", 0, CSV_DETECT);
	assert_int_equal(r.s, OD_OK);
	assert_string_equal(r.text, "");
	assert_int_equal(r.len, 0);
	decoded_free(&r);
}

static void encoding_names(void **state)
{
	(void)state;
	csv_encoding e = CSV_DETECT;
	assert_true(csv_encoding_parse("UTF-8", &e));
	assert_int_equal(e, CSV_UTF8);
	assert_true(csv_encoding_parse("gbk", &e));
	assert_int_equal(e, CSV_GB18030);
	assert_true(csv_encoding_parse("GB18030", &e));
	assert_int_equal(e, CSV_GB18030);
	assert_false(csv_encoding_parse("latin1", &e));
	assert_false(csv_encoding_parse(NULL, &e));
	assert_string_equal(csv_encoding_name(CSV_GB18030), "GB18030");
	assert_string_equal(csv_encoding_name(CSV_UTF8), "UTF-8");
}

/* --- reading rows --------------------------------------------------------- */

typedef struct rows {
	csv_row v[16];
	size_t n;
	diag_list d;
} rows;

static void read_all(const char *text, rows *out)
{
	memset(out, 0, sizeof *out);
	csv_reader rd;
	csv_reader_init(&rd, text, strlen(text));
	while (out->n < 16 && csv_next(&rd, &out->v[out->n], &out->d))
		out->n++;
}

static void rows_free(rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		csv_row_clear(&r->v[i]);
	diag_free(&r->d);
}

static void reads_rows_with_crlf_and_lf(void **state)
{
	(void)state;
	rows r;
	read_all("a,b,c\r\n1,,3\nx,y,z", &r);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.v[1].n, 3);
	assert_string_equal(r.v[1].cells[0], "1");
	assert_string_equal(r.v[1].cells[1], "");
	assert_string_equal(r.v[1].cells[2], "3");
	assert_string_equal(r.v[2].cells[2], "z");
	assert_int_equal(r.v[2].line, 3);
	assert_int_equal(r.d.n, 0);
	rows_free(&r);
}

static void reads_quoted_fields(void **state)
{
	(void)state;
	rows r;
	read_all("\"李娜, 王伟\",\"say \"\"hi\"\"\",\"two\r\nlines\"\nnext,row\n", &r);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[0].cells[0], "李娜, 王伟");
	assert_string_equal(r.v[0].cells[1], "say \"hi\"");
	assert_string_equal(r.v[0].cells[2], "two\nlines");
	assert_int_equal(r.v[0].line, 1);
	assert_int_equal(r.v[1].line, 3); /* the quoted line break counts */
	assert_string_equal(r.v[1].cells[1], "row");
	rows_free(&r);
}

static void blank_lines_are_blank_rows(void **state)
{
	(void)state;
	rows r;
	read_all("a\n\n\"\"\nb\n", &r);
	assert_int_equal(r.n, 4);
	assert_true(csv_row_blank(&r.v[1]));
	assert_true(csv_row_blank(&r.v[2])); /* "" is an empty field too */
	assert_false(csv_row_blank(&r.v[3]));
	rows_free(&r);
}

static void bad_quoting_is_reported_by_line_and_reading_goes_on(void **state)
{
	(void)state;
	rows r;
	read_all("ok\n5\" disk,x\n\"a\"b,y\nfine\n\"never closed\nz\n", &r);
	assert_int_equal(r.n, 5);
	assert_true(r.v[1].bad);
	assert_true(r.v[2].bad);
	assert_false(r.v[3].bad);
	assert_string_equal(r.v[3].cells[0], "fine");
	assert_true(r.v[4].bad);
	assert_int_equal(r.d.n, 3);
	assert_int_equal(r.d.items[0].line, 2);
	assert_starts_with(r.d.items[0].msg, "a quote inside an unquoted field");
	assert_int_equal(r.d.items[1].line, 3);
	assert_starts_with(r.d.items[1].msg, "text after the closing quote");
	assert_int_equal(r.d.items[2].line, 5);
	assert_starts_with(r.d.items[2].msg, "a quoted field starts here and is never closed");
	rows_free(&r);
}

/* --- writing ------------------------------------------------------------ */

static void fields_are_quoted_only_when_needed(void **state)
{
	(void)state;
	strbuf sb = {0};
	const char *in[] = {"李娜、王伟", "a,b", "say \"hi\"", "two\nlines", " pad", ""};
	for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
		sb_add(&sb, i ? "," : "");
		csv_add_field(&sb, in[i]);
	}
	assert_string_equal(sb.buf,
			    "李娜、王伟,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" pad\",");
	rows r;
	read_all(sb.buf, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].n, sizeof in / sizeof *in);
	for (size_t i = 0; i < sizeof in / sizeof *in; i++)
		assert_string_equal(r.v[0].cells[i], in[i]);
	rows_free(&r);
	sb_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(decode_strips_utf8_bom),
	    cmocka_unit_test(decode_takes_plain_utf8_as_is),
	    cmocka_unit_test(decode_detects_gb18030),
	    cmocka_unit_test(decode_gb18030_four_byte_and_bom),
	    cmocka_unit_test(decode_gb18030_when_told),
	    cmocka_unit_test(decode_utf8_when_told_refuses_gbk_by_line),
	    cmocka_unit_test(decode_refuses_what_is_neither),
	    cmocka_unit_test(decode_refuses_damaged_utf8),
	    cmocka_unit_test(decode_refuses_nul_and_utf16),
	    cmocka_unit_test(decode_gb18030_refuses_utf8_bom),
	    cmocka_unit_test(decode_empty_is_empty_text),
	    cmocka_unit_test(encoding_names),
	    cmocka_unit_test(reads_rows_with_crlf_and_lf),
	    cmocka_unit_test(reads_quoted_fields),
	    cmocka_unit_test(blank_lines_are_blank_rows),
	    cmocka_unit_test(bad_quoting_is_reported_by_line_and_reading_goes_on),
	    cmocka_unit_test(fields_are_quoted_only_when_needed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
