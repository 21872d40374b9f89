/* The HTML writer: one self-contained file (no scripts, no fetched
 * resources) with a stylesheet for A4 paper, for a browser or an office
 * that prints from a PC. Every string from the report is escaped. */
#include "opsdesk/report.h"

#include <stdio.h>
#include <stdlib.h>

#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/xalloc.h"

static void esc(strbuf *sb, const char *s)
{
	for (const char *p = s ? s : ""; *p; p++) {
		switch (*p) {
		case '&': sb_add(sb, "&amp;"); break;
		case '<': sb_add(sb, "&lt;"); break;
		case '>': sb_add(sb, "&gt;"); break;
		case '"': sb_add(sb, "&quot;"); break;
		case '\'': sb_add(sb, "&#39;"); break;
		case '\n': sb_add(sb, "<br>"); break;
		default: sb_addn(sb, p, 1);
		}
	}
}

static const char style[] =
	"<style>\n"
	"body{font-family:\"Noto Sans CJK SC\",\"WenQuanYi Zen Hei\",\"Microsoft YaHei\",sans-serif;"
	"font-size:11pt;margin:1.5em;color:#000}\n"
	"h1{font-size:16pt;text-align:center;margin:0.2em 0}\n"
	"p.centre,p.subject{text-align:center;margin:0.2em 0}\n"
	"h2{font-size:12pt;border-bottom:1px solid #000;margin-top:1.2em}\n"
	"table{border-collapse:collapse;width:100%;margin:0.4em 0}\n"
	"th,td{border:1px solid #555;padding:2px 4px;text-align:left;vertical-align:top}\n"
	"th{background:#eee}\n"
	"table.fields th{width:22%}\n"
	".bar{background:#333;height:0.9em;display:inline-block}\n"
	"td.chart{width:60%}\n"
	"table.sign td{border:none;padding:1.2em 4px 0.2em}\n"
	"span.line{display:inline-block;border-bottom:1px solid #000;width:14em}\n"
	"footer{margin-top:1.5em;font-size:9pt;color:#333}\n"
	"@page{size:A4;margin:15mm}\n"
	"@media print{body{margin:0}h2{break-after:avoid}table.sign{break-inside:avoid}"
	"tr{break-inside:avoid}}\n"
	"</style>\n";

static void fields(strbuf *sb, const report_block *b)
{
	sb_add(sb, "<table class=\"fields\">\n");
	for (size_t r = 0; r < b->nrows; r++) {
		sb_add(sb, "<tr><th>");
		esc(sb, b->cells[r * 2]);
		sb_add(sb, "</th><td>");
		esc(sb, b->cells[r * 2 + 1]);
		sb_add(sb, "</td></tr>\n");
	}
	sb_add(sb, "</table>\n");
}

static void table(strbuf *sb, const report_block *b)
{
	sb_add(sb, "<table>\n<tr>");
	for (size_t c = 0; c < b->ncols; c++) {
		sb_add(sb, "<th>");
		esc(sb, b->heads[c]);
		sb_add(sb, "</th>");
	}
	sb_add(sb, "</tr>\n");
	for (size_t r = 0; r < b->nrows; r++) {
		sb_add(sb, "<tr>");
		for (size_t c = 0; c < b->ncols; c++) {
			sb_add(sb, "<td>");
			esc(sb, b->cells[r * b->ncols + c]);
			sb_add(sb, "</td>");
		}
		sb_add(sb, "</tr>\n");
	}
	sb_add(sb, "</table>\n");
}

/* A CSS bar chart: each bar's width is its share of the largest value. */
static void bars(strbuf *sb, const report_block *b)
{
	double max = 0;
	for (size_t r = 0; r < b->nrows; r++)
		max = b->values[r] > max ? b->values[r] : max;
	sb_add(sb, "<table class=\"chart\">\n");
	for (size_t r = 0; r < b->nrows; r++) {
		sb_add(sb, "<tr><th>");
		esc(sb, b->cells[r * 2]);
		int pct = max > 0 ? (int)(b->values[r] / max * 100 + 0.5) : 0;
		sb_addf(sb, "</th><td class=\"chart\"><span class=\"bar\" style=\"width:%d%%\"></span></td><td>",
			pct);
		esc(sb, b->cells[r * 2 + 1]);
		sb_add(sb, "</td></tr>\n");
	}
	sb_add(sb, "</table>\n");
	if (b->unit && *b->unit) {
		sb_add(sb, "<p>");
		esc(sb, b->unit);
		sb_add(sb, "</p>\n");
	}
}

static void signatures(strbuf *sb, const report_block *b)
{
	sb_add(sb, "<table class=\"sign\">\n");
	for (size_t r = 0; r < b->nrows; r++) {
		sb_add(sb, "<tr><td>");
		esc(sb, b->cells[r]);
		sb_add(sb, "</td><td><span class=\"line\"></span></td><td>");
		esc(sb, _("date/time"));
		sb_add(sb, "</td><td><span class=\"line\"></span></td></tr>\n");
	}
	sb_add(sb, "</table>\n");
}

char *report_render_html(const report *r)
{
	strbuf sb = {0};
	sb_add(&sb, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	esc(&sb, r->title);
	sb_add(&sb, " ");
	esc(&sb, r->subject);
	sb_add(&sb, "</title>\n");
	sb_add(&sb, style);
	sb_add(&sb, "</head>\n<body>\n<p class=\"centre\">");
	esc(&sb, r->centre);
	sb_add(&sb, "</p>\n<h1>");
	esc(&sb, r->title);
	sb_add(&sb, "</h1>\n<p class=\"subject\">");
	esc(&sb, r->subject);
	sb_add(&sb, "</p>\n");
	fields(&sb, &r->header);
	for (size_t i = 0; i < r->nsections; i++) {
		const report_section *s = &r->sections[i];
		sb_addf(&sb, "<section id=\"%s\">\n<h2>%zu. ", s->id, i + 1);
		esc(&sb, s->title);
		sb_add(&sb, "</h2>\n");
		for (size_t k = 0; k < s->nblocks; k++) {
			const report_block *b = &s->blocks[k];
			switch (b->kind) {
			case REPORT_TEXT:
				sb_add(&sb, "<p>");
				esc(&sb, b->text);
				sb_add(&sb, "</p>\n");
				break;
			case REPORT_FIELDS: fields(&sb, b); break;
			case REPORT_TABLE: table(&sb, b); break;
			case REPORT_BARS: bars(&sb, b); break;
			case REPORT_SIGNATURES: signatures(&sb, b); break;
			}
		}
		sb_add(&sb, "</section>\n");
	}
	char asof[40];
	sb_add(&sb, "<footer>");
	char line[256];
	snprintf(line, sizeof line, _("as of %s %s, audit %lld:%s"),
		 clock_format(r->as_of, asof, sizeof asof), r->zone, (long long)r->audit_id,
		 r->audit_hash);
	esc(&sb, line);
	sb_add(&sb, "</footer>\n</body>\n</html>\n");
	return sb_take(&sb);
}
