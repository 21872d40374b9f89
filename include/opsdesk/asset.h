/* The asset (CI, configuration item) register: tag, name, class, model,
 * serial, location, IP address, who is responsible, purchase and warranty
 * dates, status and a note. Classes and statuses come from the rules
 * (ci_classes, ci_statuses). Every change is permission-checked
 * (asset.manage), versioned, journalled and audited as "asset:TAG". */
#ifndef OPSDESK_ASSET_H
#define OPSDESK_ASSET_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/context.h"
#include "opsdesk/diag.h"
#include "opsdesk/rules.h"
#include "opsdesk/status.h"

enum {
	ASSET_TAG_MAX = 32,
	ASSET_NAME_MAX = 64,
	ASSET_MODEL_MAX = 64,
	ASSET_SERIAL_MAX = 64,
	ASSET_LOCATION_MAX = 128,
	ASSET_IP_MAX = 45, /* the longest IPv6 text form, with an IPv4 tail */
	ASSET_DATE_MAX = 10,
	ASSET_NOTE_MAX = 2000,
	/* bytes of "asset:TAG" with its NUL: a tag's characters take up to 4 bytes */
	ASSET_REF_SIZE = sizeof "asset:" + 4 * ASSET_TAG_MAX,
};

typedef struct asset {
	int64_t id;
	char *tag, *name;
	char *class_id; /* a ci_classes id */
	char *model, *serial, *location, *ip;
	char *responsible;              /* a staff login, or "" */
	char *responsible_name;         /* that person's name; "" when none or unknown */
	char *purchased, *warranty_end; /* YYYY-MM-DD, or "" */
	char *status;                   /* a ci_statuses id */
	char *note;                     /* may span lines */
	int64_t version;
	time_t created, updated;
	char *updated_by;
} asset;

/* Values for add and edit. For edit, NULL leaves a field as it is; for
 * add, NULL is empty, except status, which defaults to the rules' first. */
typedef struct asset_fields {
	const char *name, *class_id, *model, *serial, *location, *ip, *responsible, *purchased,
	    *warranty_end, *status, *note;
} asset_fields;

typedef struct asset_filter {
	const char *class_id; /* NULL or "": any */
	const char *status;   /* NULL or "": any */
	/* NULL or "": all; else items whose tag, name, location, IP, serial or
	 * model contains it (ASCII letters without regard to case) */
	const char *search;
	/* keyed paging, in tag order: only tags after this one (NULL: from the
	 * first), at most limit items (0: all) */
	const char *after_tag;
	int limit;
} asset_filter;

typedef struct asset_import_counts {
	size_t added, updated, unchanged;
} asset_import_counts;

/* The journal and audit name of an item: "asset:TAG"; buf holds
 * ASSET_REF_SIZE bytes. */
void asset_record_ref(const char *tag, char *buf, size_t len);

od_status asset_add(const od_ctx *ctx, const char *tag, const asset_fields *f, od_error *err);
/* expected_version: the version the user saw (0: whatever is current). A
 * newer version in the database refuses the save with OD_CONFLICT and a
 * message saying who changed what. An edit that changes nothing writes
 * nothing. */
od_status asset_edit(const od_ctx *ctx, const char *tag, int64_t expected_version,
		     const asset_fields *f, od_error *err);

/* Adds or updates items from CSV text (RFC 4180, UTF-8, with or without a
 * byte-order mark): the first row names the columns (tag, name and class
 * required; the others of asset_fields optional, in any order). A row whose
 * tag exists updates that item; an empty status cell means the default (a
 * new item) or no change. All rows or none: every bad row goes into diags
 * with its line, its message naming the field first ("name: must not be
 * empty"), and then nothing is written and the result is OD_INVALID. A
 * diag's col is the CSV column of a header problem, else 0. */
od_status asset_import_csv(const od_ctx *ctx, const char *data, size_t len,
			   asset_import_counts *counts, diag_list *diags, od_error *err);

od_status asset_get(od_db *db, const char *tag, asset *out, od_error *err);
/* In tag order. The caller frees with asset_list_free. */
od_status asset_list(od_db *db, const asset_filter *filter, asset **out, size_t *n, od_error *err);
/* For a picker: items whose tag or name contains text (ASCII letters
 * without regard to case; "" matches all), an exact tag first, then tags
 * that start with text, then the rest in tag order; at most limit. */
od_status asset_find(od_db *db, const char *text, int limit, asset **out, size_t *n, od_error *err);
void asset_clear(asset *a);
void asset_list_free(asset *v, size_t n);

/* OD_OK when id is a class (status) in the rules; otherwise OD_INVALID with
 * a message naming the field and listing the known ids. */
od_status asset_check_class(const rules *r, const char *id, od_error *err);
od_status asset_check_status(const rules *r, const char *id, od_error *err);
/* The name the rules give a class (status) id, or the id itself when the
 * rules no longer know it. */
const char *asset_class_name(const rules *r, const char *id);
const char *asset_status_name(const rules *r, const char *id);

/* The id of the asset with this tag (0 for ""); OD_INVALID naming field
 * when there is none. */
od_status asset_id_of(od_db *db, const char *field, const char *tag, int64_t *id, od_error *err);
/* The tag of the asset with this id ("" when none). Caller frees. */
char *asset_tag_of(od_db *db, int64_t id);

#endif
