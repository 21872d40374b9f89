/* Status codes: their names and what they mean to the command line. */
#include "opsdesk/status.h"

#include <stdarg.h>
#include <stdio.h>

od_status od_fail(od_error *err, od_status code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
		err->code = code;
	}
	return code;
}

const char *od_status_name(od_status code)
{
	switch (code) {
	case OD_OK: return "ok";
	case OD_USAGE: return "usage";
	case OD_CONFIG: return "configuration";
	case OD_INVALID: return "invalid";
	case OD_NOT_FOUND: return "not found";
	case OD_DENIED: return "not permitted";
	case OD_CONFLICT: return "conflict";
	case OD_DB: return "database";
	case OD_IO: return "i/o";
	}
	return "unknown";
}

int od_exit_code(od_status code)
{
	switch (code) {
	case OD_OK: return 0;
	case OD_USAGE:
	case OD_CONFIG: return 2;
	default: return 1;
	}
}
