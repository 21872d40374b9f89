/* Handover at shift change: the people on duty keep notes during their
 * shift (items to follow up, with who and by when), and the incoming person
 * acknowledges the handover, which records the time and both sides. */
#ifndef OPSDESK_HANDOVER_H
#define OPSDESK_HANDOVER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/context.h"
#include "opsdesk/roster.h"
#include "opsdesk/status.h"

enum { HANDOVER_TEXT_MAX = 2000 };

typedef struct handover_note {
	int64_t id;
	char *author, *text;
	time_t at;
	char *follow_up; /* login, or "" */
	time_t due;      /* 0: none */
} handover_note;

typedef struct handover_ack {
	char *outgoing; /* logins, comma-separated */
	char *incoming;
	time_t at; /* 0: not acknowledged */
} handover_ack;

/* A note on slot: by someone rostered on it, or by roster.manage. */
od_status handover_note_add(const od_ctx *ctx, const shift_slot *slot, const char *text,
			    const char *follow_up, time_t due, int64_t *id, od_error *err);
od_status handover_notes(od_db *db, const shift_slot *slot, handover_note **out, size_t *n,
			 od_error *err);
void handover_notes_free(handover_note *v, size_t n);
/* The incoming person (rostered on the slot that follows) acknowledges
 * slot's handover, once. roster.manage may acknowledge too. */
od_status handover_acknowledge(const od_ctx *ctx, const shift_slot *slot, od_error *err);
/* OD_NOT_FOUND when not acknowledged yet. */
od_status handover_ack_get(od_db *db, const shift_slot *slot, handover_ack *out, od_error *err);
void handover_ack_clear(handover_ack *a);
/* OD_OK for someone rostered on slot or a holder of roster.manage;
 * otherwise OD_DENIED saying what (a "handover note", a "duty log entry")
 * they may not write. */
od_status handover_require_on(const od_ctx *ctx, const shift_slot *slot, const char *what,
			      od_error *err);
/* The journal name of a slot's handover: "handover:DAY/SHIFT". */
void handover_record_ref(const shift_slot *slot, char *buf, size_t len);

#endif
