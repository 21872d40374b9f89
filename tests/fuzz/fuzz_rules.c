/* Fuzz target: the rules loader (YAML events, limits, every check). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_list d = {0};
	rules *r = rules_parse((const char *)data, size, &d);
	/* accepted or not: a list of problems or rules, never both missing */
	if (!r && d.n == 0)
		abort();
	rules_free(r);
	diag_free(&d);
	return 0;
}
