/* Running a notification command from the rules: an argument list with
 * {placeholders}, executed without a shell (so no field content can become
 * a command), with the caller's own user and group (never a setgid
 * installation's group), no standard input, and a time limit. */
#ifndef OPSDESK_NOTIFY_H
#define OPSDESK_NOTIFY_H

#include <stddef.h>

#include "opsdesk/rules.h"
#include "opsdesk/status.h"

typedef struct notify_value {
	const char *name, *value;
} notify_value;

/* The argument list with every {name} replaced by its value (an unknown
 * name is left as written). NULL-terminated; free with notify_free. */
char **notify_expand(const rules_refs *command, const notify_value *values, size_t n);
void notify_free(char **argv);

/* Runs argv and waits up to timeout seconds (then kills it). OD_OK when it
 * exited 0; otherwise OD_IO with a message saying how it ended. */
od_status notify_run(char *const *argv, int timeout, od_error *err);

#endif
