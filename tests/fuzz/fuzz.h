/* Shared set-up of the fuzz targets (libFuzzer): the built-in rules and an
 * in-memory database whose first manager is "boss", made once per process.
 * Each target feeds one input to one parser of the core. */
#ifndef OPSDESK_FUZZ_H
#define OPSDESK_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/clock.h"
#include "opsdesk/context.h"
#include "opsdesk/db.h"
#include "opsdesk/diag.h"
#include "opsdesk/rules.h"
#include "opsdesk/staff.h"

static od_ctx fuzz_ctx;

/* The context, set up on first use; aborts when that fails, since every
 * input would then be untested. */
static inline const od_ctx *fuzz_context(void)
{
	if (fuzz_ctx.db)
		return &fuzz_ctx;
	diag_list d = {0};
	rules *r = rules_load_embedded(&d);
	diag_free(&d);
	od_error err;
	bool added;
	if (!r || db_open(":memory:", true, &fuzz_ctx.db, &err) != OD_OK)
		abort();
	clock_set_zone(r->site.timezone.id);
	fuzz_ctx.rules = r;
	fuzz_ctx.login = "boss";
	if (staff_bootstrap(&fuzz_ctx, "Boss", &added, &err) != OD_OK)
		abort();
	return &fuzz_ctx;
}

/* The input as a NUL-terminated string (a NUL inside ends it early, as it
 * would for text read from a file by the faces). Caller frees. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
