/* Satisfaction (满意度): after an incident or a service request is closed,
 * how satisfied its reporter was, 1 to 5 with a note, recorded once by
 * the operator after the follow-up call (permission satisfaction.record)
 * or by the reporter themselves when the record names their login. Shown
 * on the record and summed up in the service review. Owns the rating
 * table. */
#ifndef OPSDESK_RATING_H
#define OPSDESK_RATING_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/context.h"
#include "opsdesk/status.h"
#include "opsdesk/xalloc.h"

enum { RATING_NOTE_MAX = 2000 };

typedef struct rating {
	char *ref, *kind; /* "INC-3", "incident" */
	int score;        /* 1 to 5 */
	char *note, *by;
	char *via; /* "operator" or "reporter" */
	time_t at;
} rating;

/* Rates the closed record ref with score (1-5) and note (may be NULL):
 * the rating, its journal entry on the record and the audit entry in one
 * transaction. Refused when ref is open, not an incident or a request,
 * already rated, or the user is neither the operator the rules allow nor
 * the record's reporter. */
od_status rating_add(const od_ctx *ctx, const char *ref, int score, const char *note,
		     od_error *err);
/* The rating of ref; OD_NOT_FOUND when it has none. */
od_status rating_get(od_db *db, const char *ref, rating *out, od_error *err);
void rating_clear(rating *r);
/* Appends ,"rating":{...} (or ,"rating":null) for ref. */
od_status rating_json(od_db *db, const char *ref, strbuf *out, od_error *err);

/* The ratings of kind made in [from, to): how many of each score. */
typedef struct rating_summary {
	int64_t count, sum;
	int64_t by_score[6]; /* [1] .. [5] */
} rating_summary;
od_status rating_summarize(od_db *db, const char *kind, time_t from, time_t to,
			   rating_summary *out, od_error *err);
/* The low ratings (1 or 2) made in [from, to), oldest first, at most max,
 * with *more set to how many more there are. Caller frees with
 * rating_list_free. */
od_status rating_low(od_db *db, time_t from, time_t to, size_t max, rating **out, size_t *n,
		     int64_t *more, od_error *err);
void rating_list_free(rating *v, size_t n);

#endif
