/* The knowledge base (KB-n), a record kind (record.h): articles (symptom,
 * cause, solution steps, what they apply to, keywords, author, reviewer)
 * and emergency plans (应急预案: an article of the rules' plan type, with
 * a trigger, roles and contacts, steps, recovery targets and the CIs it
 * covers). Every edit of an article's content keeps a new version in
 * kb_version; the text before it stays readable. Search is the record
 * mechanism's (record_text, trigram; a substring for short terms). An
 * incident is resolved with an article in one transaction: the
 * transition, with the article's solution and cause, and the link. */
#ifndef OPSDESK_KB_H
#define OPSDESK_KB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/context.h"
#include "opsdesk/xalloc.h" /* record.h uses strbuf */
#include "opsdesk/record.h"
#include "opsdesk/status.h"

extern const record_kind kb_kind;

/* The types of article: the rules' knowledge_base.types, else article
 * and plan. */
const rules_item *kb_types(const rules *r, size_t *n);
/* The type id that is an emergency plan ("plan" unless the rules say). */
const char *kb_plan_type(const rules *r);
bool kb_is_plan(const rules *r, const record *rec);

/* A new article: type defaults to article (the first type that is not
 * the plan type), author to the acting user. */
od_status kb_create(const od_ctx *ctx, const record_set *values, size_t n, int64_t *id,
		    od_error *err);

/* --- versions ----------------------------------------------------------------- */

typedef struct kb_version {
	int64_t version;
	char *by;
	time_t at;
	char *title;
	char *fields; /* JSON object: every content field as it was */
} kb_version;

/* The number of content versions of the article (0: none yet). */
int64_t kb_version_count(od_db *db, int64_t id);
/* Every version of the article, newest first. */
od_status kb_history(od_db *db, int64_t id, kb_version **out, size_t *n, od_error *err);
/* One version; OD_NOT_FOUND naming it when there is no such version. */
od_status kb_version_get(od_db *db, int64_t id, int64_t version, kb_version *out,
			 od_error *err);
/* The record as it was at that version: rec's values replaced by the
 * version's (rec as record_get read it). */
void kb_version_apply(od_db *db, const kb_version *v, record *rec);
void kb_version_clear(kb_version *v);
void kb_versions_free(kb_version *v, size_t n);

/* --- emergency plans ---------------------------------------------------------- */

/* The plans in force (in knowledge_base.published) that cover the asset:
 * named among the plan's CIs, or its class among applies_ci_classes;
 * newest first, at most limit. */
od_status kb_plans_for_ci(const od_ctx *ctx, const char *tag, int limit, record **out, size_t *n,
			  od_error *err);
/* The plans to show on an incident: its CI's, when its priority is major;
 * none otherwise. */
od_status kb_plans_for_incident(const od_ctx *ctx, int64_t incident_id, record **out, size_t *n,
				od_error *err);

/* --- finding articles for an incident ------------------------------------ */

/* The search term drawn from text (an incident's summary) that finds an
 * article: the whole text when it does, else its pieces (split at spaces,
 * punctuation and digits), longest first, else the runs within them, the
 * longest first down to 3 characters; NULL when none finds one. At most
 * KB_SUGGEST_TRIES searches of one row each. Caller frees. */
enum { KB_SUGGEST_TRIES = 60 };
char *kb_suggest_term(od_db *db, const char *text);

/* --- resolving with an article ---------------------------------------------- */

/* The incident's transition (resolve) with the article's solution as
 * resolution and its cause as cause, unless sets give them, and the
 * link incident -> article (roles "article" and "incident"), in one
 * transaction. A retired article (a final state) is refused. */
od_status kb_resolve_incident(const od_ctx *ctx, int64_t incident_id, int64_t kb_id,
			      const char *transition, const char *note, const record_set *sets,
			      size_t n, int64_t expected_version, od_error *err);

#endif
