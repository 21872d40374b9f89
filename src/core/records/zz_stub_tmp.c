/* TEMPORARY: stands in for src/core/records/record.c until the lead lands it on main; removed at that merge. */
#include "opsdesk/xalloc.h"
#include "opsdesk/record.h"
#include <stdio.h>
od_status record_create(const od_ctx *c, const record_kind *k, const record_set *v, size_t n, int64_t *id, od_error *e){(void)c;(void)k;(void)v;(void)n;(void)id;return od_fail(e,OD_DB,"stub");}
od_status record_get(od_db *d, const record_kind *k, int64_t id, record *o, od_error *e){(void)d;(void)k;(void)id;(void)o;return od_fail(e,OD_DB,"stub");}
void record_clear(record *r){(void)r;}
const char *record_value(const record *r, const char *f){(void)r;(void)f;return "";}
od_status record_note_op(const od_ctx *c, const record *r, const char *op, const char *jk, const char *t, const char *d, const char *de, od_error *e){(void)c;(void)r;(void)op;(void)jk;(void)t;(void)d;(void)de;return od_fail(e,OD_DB,"stub");}
od_status record_link(const od_ctx *c, const char *f, const char *fr, const char *t, const char *tr, bool in, od_error *e){(void)c;(void)f;(void)fr;(void)t;(void)tr;(void)in;return od_fail(e,OD_DB,"stub");}
od_status record_links(od_db *d, const char *r, record_link_entry **o, size_t *n, od_error *e){(void)d;(void)r;*o=NULL;*n=0;return od_fail(e,OD_DB,"stub");}
void record_links_free(record_link_entry *v, size_t n){(void)v;(void)n;}
od_status record_transition(const od_ctx *c, const record_kind *k, int64_t id, const char *t, const char *no, const record_set *s, size_t n, int64_t ev, od_error *e){(void)c;(void)k;(void)id;(void)t;(void)no;(void)s;(void)n;(void)ev;return od_fail(e,OD_DB,"stub");}
od_status record_json(const od_ctx *c, const record *r, strbuf *o, od_error *e){(void)c;(void)r;(void)o;return od_fail(e,OD_DB,"stub");}
void record_ref(const record_kind *k, int64_t id, char *b, size_t l){snprintf(b,l,"%s-%lld",k->prefix,(long long)id);}
od_status record_parse_ref(const char *r, const record_kind **k, int64_t *id, od_error *e){(void)r;*k=NULL;*id=0;return od_fail(e,OD_USAGE,"stub");}
const char *record_state_name(const rules *r, const record_kind *k, const char *s){(void)r;(void)k;return s;}
