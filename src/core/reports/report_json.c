/* The JSON writer, for other systems: the same report with machine keys
 * beside the labels people read. */
#include "opsdesk/report.h"

#include <stdio.h>

#include "opsdesk/clock.h"
#include "opsdesk/xalloc.h"

static void fields(strbuf *sb, const report_block *b)
{
	sb_add(sb, "{");
	for (size_t r = 0; r < b->nrows; r++) {
		sb_add(sb, r ? ",\n" : "\n");
		sb_add_json(sb, b->keys[r]);
		sb_add(sb, ":{\"label\":");
		sb_add_json(sb, b->cells[r * 2]);
		sb_add(sb, ",\"value\":");
		sb_add_json(sb, b->cells[r * 2 + 1]);
		sb_add(sb, "}");
	}
	sb_add(sb, "}");
}

static void block(strbuf *sb, const report_block *b)
{
	static const char *const kinds[] = {"text", "fields", "table", "bars", "signatures"};
	sb_addf(sb, "{\"type\":\"%s\"", kinds[b->kind]);
	switch (b->kind) {
	case REPORT_TEXT:
		sb_add(sb, ",\"text\":");
		sb_add_json(sb, b->text);
		break;
	case REPORT_FIELDS:
		sb_add(sb, ",\"fields\":");
		fields(sb, b);
		break;
	case REPORT_TABLE:
		sb_add(sb, ",\"columns\":[");
		for (size_t c = 0; c < b->ncols; c++) {
			sb_add(sb, c ? ",{\"key\":" : "{\"key\":");
			sb_add_json(sb, b->keys[c]);
			sb_add(sb, ",\"label\":");
			sb_add_json(sb, b->heads[c]);
			sb_add(sb, "}");
		}
		sb_add(sb, "],\"rows\":[");
		for (size_t r = 0; r < b->nrows; r++) {
			sb_add(sb, r ? ",\n{" : "\n{");
			for (size_t c = 0; c < b->ncols; c++) {
				if (c)
					sb_add(sb, ",");
				sb_add_json(sb, b->keys[c]);
				sb_add(sb, ":");
				sb_add_json(sb, b->cells[r * b->ncols + c]);
			}
			sb_add(sb, "}");
		}
		sb_add(sb, "]");
		break;
	case REPORT_BARS:
		sb_add(sb, ",\"unit\":");
		sb_add_json(sb, b->unit);
		sb_add(sb, ",\"bars\":[");
		for (size_t r = 0; r < b->nrows; r++) {
			sb_add(sb, r ? ",{\"label\":" : "{\"label\":");
			sb_add_json(sb, b->cells[r * 2]);
			sb_addf(sb, ",\"value\":%.4g,\"shown\":", b->values[r]);
			sb_add_json(sb, b->cells[r * 2 + 1]);
			sb_add(sb, "}");
		}
		sb_add(sb, "]");
		break;
	case REPORT_SIGNATURES:
		sb_add(sb, ",\"lines\":[");
		for (size_t r = 0; r < b->nrows; r++) {
			if (r)
				sb_add(sb, ",");
			sb_add_json(sb, b->cells[r]);
		}
		sb_add(sb, "]");
		break;
	}
	sb_add(sb, "}");
}

char *report_render_json(const report *r)
{
	strbuf sb = {0};
	char asof[40];
	sb_add(&sb, "{\"report\":");
	sb_add_json(&sb, r->kind);
	sb_add(&sb, ",\"title\":");
	sb_add_json(&sb, r->title);
	sb_add(&sb, ",\"centre\":");
	sb_add_json(&sb, r->centre);
	sb_add(&sb, ",\"subject\":");
	sb_add_json(&sb, r->subject);
	sb_addf(&sb, ",\"as_of\":\"%s\",\"timezone\":", clock_format_iso(r->as_of, asof, sizeof asof));
	sb_add_json(&sb, r->zone);
	sb_addf(&sb, ",\"audit_head\":{\"entry\":%lld,\"hash\":\"%s\"},\n\"header\":",
		(long long)r->audit_id, r->audit_hash);
	fields(&sb, &r->header);
	sb_add(&sb, ",\n\"sections\":[");
	for (size_t i = 0; i < r->nsections; i++) {
		const report_section *s = &r->sections[i];
		sb_add(&sb, i ? ",\n{\"id\":" : "\n{\"id\":");
		sb_add_json(&sb, s->id);
		sb_add(&sb, ",\"title\":");
		sb_add_json(&sb, s->title);
		sb_add(&sb, ",\"blocks\":[");
		for (size_t k = 0; k < s->nblocks; k++) {
			if (k)
				sb_add(&sb, ",\n");
			block(&sb, &s->blocks[k]);
		}
		sb_add(&sb, "]}");
	}
	sb_add(&sb, "]}\n");
	return sb_take(&sb);
}
