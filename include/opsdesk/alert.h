/* Alerts from monitoring. The first alert for a source and key opens an
 * incident (impact and urgency from the rules' severity mapping, so the
 * priority comes from the matrix); repeats while it is open are counted in
 * its journal instead of opening duplicates; a recovery adds a note, or
 * resolves it when the rules say so. */
#ifndef OPSDESK_ALERT_H
#define OPSDESK_ALERT_H

#include <stdbool.h>
#include <stdint.h>

#include "opsdesk/context.h"
#include "opsdesk/status.h"

typedef struct alert_input {
	char *source, *key, *severity, *summary, *description, *ci;
	bool recovery;
} alert_input;

typedef enum alert_outcome {
	ALERT_OPENED,    /* a new incident */
	ALERT_REPEATED,  /* counted on the open incident */
	ALERT_NOTED,     /* a recovery written to the open incident */
	ALERT_RESOLVED,  /* a recovery that resolved it */
	ALERT_IGNORED,   /* a recovery with no open incident */
} alert_outcome;

/* Reads one JSON object {"source", "key", "severity", "summary",
 * "description", "ci", "status": "problem"|"recovery"} through SQLite's
 * JSON functions. Messages name the field. Free with alert_input_clear. */
od_status alert_from_json(od_db *db, const char *json, alert_input *out, od_error *err);
void alert_input_clear(alert_input *in);

od_status alert_submit(const od_ctx *ctx, const alert_input *in, alert_outcome *outcome,
		       int64_t *incident_id, int64_t *count, od_error *err);

#endif
