/* One status enum for the whole program, and the error record that carries
 * the message naming the field, the rule or the file:line:column. The core
 * fills it; the faces decide how to show it. */
#ifndef OPSDESK_STATUS_H
#define OPSDESK_STATUS_H

typedef enum od_status {
	OD_OK = 0,
	OD_USAGE,     /* bad command line */
	OD_CONFIG,    /* bad rules or settings */
	OD_INVALID,   /* a value was refused */
	OD_NOT_FOUND,
	OD_DENIED,    /* the acting user may not do this */
	OD_CONFLICT,  /* someone else changed the record first, or it exists */
	OD_DB,        /* storage failed */
	OD_IO,
} od_status;

typedef struct od_error {
	od_status code;
	char msg[1024];
} od_error;

/* Fills err (when not NULL) and returns code, so callers can
 * `return od_fail(err, OD_INVALID, "...")`. */
od_status od_fail(od_error *err, od_status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

const char *od_status_name(od_status code);

/* The command line's exit status for a status: 0, 1 refused/failed, 2 usage
 * or configuration. */
int od_exit_code(od_status code);

#endif
