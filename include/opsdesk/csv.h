/* CSV as office spreadsheets write it: the text encodings they save in
 * (UTF-8 with or without a byte-order mark, GB18030/GBK from Chinese
 * spreadsheet programs), RFC 4180 rows (quoted fields holding commas,
 * quotes and line breaks; CRLF or LF line ends), and fields written back so
 * spreadsheets read them. Shared by the importers and exporters. */
#ifndef OPSDESK_CSV_H
#define OPSDESK_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "opsdesk/diag.h"
#include "opsdesk/status.h"
#include "opsdesk/xalloc.h"

/* --- encodings ---------------------------------------------------------- */

typedef enum csv_encoding {
	CSV_DETECT,  /* a byte-order mark, else valid UTF-8, else GB18030 */
	CSV_UTF8,    /* with or without a byte-order mark */
	CSV_GB18030, /* a superset of GBK and GB2312 */
} csv_encoding;

/* "utf-8" (utf8) or "gb18030" (gbk, gb2312, cp936), any case; false for
 * anything else. */
bool csv_encoding_parse(const char *name, csv_encoding *out);
/* "UTF-8" or "GB18030" (CSV_DETECT: "detect"). */
const char *csv_encoding_name(csv_encoding e);

/* The file's bytes as UTF-8 text: *out (caller frees; NUL-terminated,
 * *out_len bytes) without a byte-order mark, *used the encoding it was in.
 * Line breaks are kept where they were, so line numbers stay the file's.
 * Every line that cannot be read goes into d (col 0) and the result is
 * OD_INVALID with a summary in err: a NUL byte, UTF-16 text, bytes that
 * are not the given encoding, or (detecting) a file that is clearly neither
 * UTF-8 nor GB18030. */
od_status csv_decode(const char *data, size_t len, csv_encoding enc, char **out, size_t *out_len,
		     csv_encoding *used, diag_list *d, od_error *err);

/* --- reading rows ------------------------------------------------------- */

typedef struct csv_row {
	int line; /* where the row starts, 1-based */
	char **cells;
	size_t n, cap;
	bool bad; /* malformed; its problem is already in the reader's diags */
} csv_row;

typedef struct csv_reader {
	const char *p, *end;
	int line;
} csv_reader;

/* Reads UTF-8 text (as csv_decode leaves it), from line 1. */
void csv_reader_init(csv_reader *c, const char *text, size_t len);
/* The next row into row (cleared first; an empty field is "", never
 * NULL). Returns false at the end of the text. A malformed row comes back
 * with bad set and its problem in d; reading goes on at the next line. */
bool csv_next(csv_reader *c, csv_row *row, diag_list *d);
/* An empty line: one empty field. */
bool csv_row_blank(const csv_row *r);
void csv_row_clear(csv_row *r);

/* --- writing ------------------------------------------------------------ */

/* Appends s as one field, in double quotes (and its quotes doubled) when it
 * holds a comma, a quote, a line break or leading or trailing spaces. */
void csv_add_field(strbuf *sb, const char *s);

#endif
