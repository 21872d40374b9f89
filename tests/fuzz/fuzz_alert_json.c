/* Fuzz target: an alert from monitoring as one JSON object. */
#include "fuzz.h"
#include "opsdesk/alert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const od_ctx *ctx = fuzz_context();
	char *json = fuzz_text(data, size);
	alert_input in;
	od_error err;
	memset(&in, 0, sizeof in);
	if (alert_from_json(ctx->db, json, &in, &err) == OD_OK) {
		alert_result res;
		memset(&res, 0, sizeof res);
		alert_submit(ctx, &in, &res, &err);
	}
	alert_input_clear(&in);
	free(json);
	return 0;
}
