/* Fuzz target: a roster file (CSV of date, shift, people) imported. */
#include "fuzz.h"
#include "opsdesk/roster_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const od_ctx *ctx = fuzz_context();
	diag_list d = {0};
	od_error err;
	roster_import_result res;
	memset(&res, 0, sizeof res);
	roster_import_csv(ctx, (const char *)data, size, CSV_DETECT, "fuzz", &res, &d, &err);
	diag_free(&d);
	return 0;
}
