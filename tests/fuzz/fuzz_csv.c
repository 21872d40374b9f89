/* Fuzz target: CSV as spreadsheets save it (encodings, quoting), read row
 * by row, and the asset register's import of it. */
#include "fuzz.h"
#include "opsdesk/asset.h"
#include "opsdesk/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const od_ctx *ctx = fuzz_context();
	diag_list d = {0};
	od_error err;
	char *text;
	size_t len;
	csv_encoding used;
	if (csv_decode((const char *)data, size, CSV_DETECT, &text, &len, &used, &d, &err) == OD_OK) {
		csv_reader c;
		csv_row row = {0};
		csv_reader_init(&c, text, len);
		/* the reader hands each row over: the caller clears it */
		while (csv_next(&c, &row, &d))
			csv_row_clear(&row);
		csv_row_clear(&row);
		free(text);
	}
	diag_free(&d);
	asset_import_counts counts;
	asset_import_csv(ctx, (const char *)data, size, &counts, &d, &err);
	diag_free(&d);
	return 0;
}
