/* Service requests (服务请求, REQ-n): a record kind whose type comes from
 * the catalogue in the rules (requests.types). The type gives the
 * request its own form fields (kept in request_field), its approval
 * steps (taken with the workflow's approve transition, one per step, and
 * kept in request_approval) and its SLA targets (computed by sla.c with
 * the type's targets and calendar). */
#ifndef OPSDESK_REQUEST_H
#define OPSDESK_REQUEST_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/context.h"
#include "opsdesk/record.h"
#include "opsdesk/sla.h"
#include "opsdesk/status.h"
#include "opsdesk/xalloc.h"

extern const record_kind request_kind;

/* A new request: values are the kind's own fields (type, title,
 * description, requester, contact, channel, assignee), extra the type's
 * fields from the catalogue. Every value is checked first and the
 * message names the field; nothing is stored when one is refused. The
 * record, its type's fields, the journal and the audit entry are written
 * in one transaction. */
od_status request_create(const od_ctx *ctx, const record_set *values, size_t n,
			 const record_set *extra, size_t nextra, int64_t *id, od_error *err);

/* One of the type's fields as stored. */
typedef struct request_value {
	char *field, *value;
} request_value;

/* The type's fields of request id, in the catalogue's order of the type
 * (fields the catalogue no longer has come last). Caller frees with
 * request_values_free. */
od_status request_values(const od_ctx *ctx, const record *rec, request_value **out, size_t *n,
			 od_error *err);
void request_values_free(request_value *v, size_t n);

/* An approval step as it stands. */
typedef struct request_step {
	const rules_approval_step *step; /* from the catalogue */
	char *decision;                  /* "approved", "rejected" or "" (pending) */
	char *by;
	time_t at;
} request_step;

/* The type's approval steps of rec with what was decided. Caller frees
 * with request_steps_free. */
od_status request_steps(const od_ctx *ctx, const record *rec, request_step **out, size_t *n,
			od_error *err);
void request_steps_free(request_step *v, size_t n);

/* The request's response and fulfilment clocks at now, from its journal,
 * with its type's targets. */
od_status request_sla(const od_ctx *ctx, const record *rec, time_t now, sla_result *out,
		      od_error *err);

/* Appends to out the members (each as ,"key":value) of the request's own:
 * its type's name, its fields, its approval steps and its SLA clocks at
 * now. */
od_status request_json_extra(const od_ctx *ctx, const record *rec, time_t now, strbuf *out,
			     od_error *err);

/* Figures of the requests recorded in [from, to), as of as_of, per type
 * of the catalogue (then one for types it no longer has). */
typedef struct request_figures {
	int64_t count;
	int64_t fulfilled; /* in a resolved state (fulfilled, closed); a final state that is
			    * not resolved (rejected, cancelled) ended it unfulfilled */
	int64_t resp_met, resp_missed, res_met, res_missed;
} request_figures;
/* out has r->requests.types.n + 1 entries (caller frees). */
od_status request_figures_of(const od_ctx *ctx, time_t from, time_t to, time_t as_of,
			     request_figures **out, od_error *err);

/* "text", "long" ... of a catalogue field, as a record_field for the
 * generic checks (id and label point into f). */
record_field request_field_decl(const rules_request_field *f);

#endif
