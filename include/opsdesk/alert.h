/* Alerts from monitoring. The first alert for a source and key opens an
 * incident (impact and urgency from the rules' severity mapping, so the
 * priority comes from the matrix); repeats while it is open are counted in
 * its journal instead of opening duplicates; a problem alert for an
 * incident that was resolved records that the fault came back and reopens
 * it when the workflow lets monitoring; a recovery adds a note, or resolves
 * it when the rules say so and monitoring may. An alert that is taken is
 * always recorded, whatever the workflow allows. */
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
	ALERT_OPENED,     /* a new incident */
	ALERT_REPEATED,   /* counted on the open incident */
	ALERT_REOPENED,   /* the fault came back after resolution: reopened */
	ALERT_RECURRED,   /* the fault came back after resolution; not reopened (why) */
	ALERT_NOTED,      /* a recovery written to the open incident */
	ALERT_RESOLVED,   /* a recovery that resolved it */
	ALERT_UNRESOLVED, /* a recovery noted; on_recovery: resolve could not be (why) */
	ALERT_IGNORED,    /* a recovery with no open incident */
} alert_outcome;

typedef struct alert_result {
	alert_outcome outcome;
	int64_t incident_id; /* 0 when ignored */
	int64_t count;       /* alerts counted on the incident */
	char why[1024];      /* ALERT_RECURRED, ALERT_UNRESOLVED: the rule in the way */
} alert_result;

/* Reads one JSON object {"source", "key", "severity", "summary",
 * "description", "ci", "status": "problem"|"recovery"} through SQLite's
 * JSON functions. Messages name the field. Free with alert_input_clear. */
od_status alert_from_json(od_db *db, const char *json, alert_input *out, od_error *err);
void alert_input_clear(alert_input *in);

/* Takes one alert in one transaction. OD_OK whenever the alert was
 * recorded, including when the rules' transition could not be taken. */
od_status alert_submit(const od_ctx *ctx, const alert_input *in, alert_result *out,
		       od_error *err);

#endif
