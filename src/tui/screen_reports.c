/* Screen 9, reports: the list of reports; Enter asks for the shift, the
 * incident or the period, then the report is built in the core and shown
 * in a scrolling preview at the terminal's width, from which p prints it
 * (the site's print pipeline) and w writes it to a file. Printing and
 * exporting are audited by the core; looking is not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/print.h"
#include "opsdesk/report_build.h"
#include "opsdesk/text.h"
#include "opsdesk/tui_draw.h"
#include "opsdesk/tui_form.h"
#include "opsdesk/tui_report.h"
#include "opsdesk/xalloc.h"

/* Puts "key: " before err's message, so the form shows it under that
 * field. */
static od_status under(od_error *err, od_status s, const char *key)
{
	char msg[sizeof err->msg];
	snprintf(msg, sizeof msg, "%s", err->msg);
	return od_fail(err, s, "%s: %s", key, msg);
}

/* --- the preview ---------------------------------------------------------- */

typedef struct preview {
	report *r;
	char **lines;
	size_t n;
	int width; /* what lines were laid out for */
	int scroll, page;
} preview;

static void preview_layout(preview *p, int width)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->lines[i]);
	free(p->lines);
	p->lines = NULL;
	p->n = 0;
	char *text = report_render_plain(p->r, width);
	for (char *line = text, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line) - 1;
		p->lines = xrealloc(p->lines, (p->n + 1) * sizeof *p->lines);
		p->lines[p->n++] = xstrndup(line, (size_t)(nl - line) + (*nl != '\n'));
	}
	free(text);
	p->width = width;
}

static void preview_close(void *self)
{
	preview *p = self;
	for (size_t i = 0; i < p->n; i++)
		free(p->lines[i]);
	free(p->lines);
	report_free(p->r);
	free(p);
}

static void preview_draw(void *self, tui_app *app, WINDOW *w)
{
	(void)app;
	preview *p = self;
	int h = getmaxy(w), width = getmaxx(w);
	if (width != p->width)
		preview_layout(p, width > 40 ? width - 1 : 40);
	p->page = h - 1 > 1 ? h - 1 : 1;
	int max = (int)p->n - p->page;
	if (p->scroll > max)
		p->scroll = max > 0 ? max : 0;
	for (int y = 0; y < p->page; y++) {
		size_t i = (size_t)(p->scroll + y);
		tui_put(w, y, 0, width, i < p->n ? p->lines[i] : "", ST_NORMAL);
	}
	char where[160];
	snprintf(where, sizeof where, _("lines %d-%d of %zu   p print   w write to a file   q back"),
		 p->scroll + 1, p->scroll + p->page < (int)p->n ? p->scroll + p->page : (int)p->n, p->n);
	tui_put(w, h - 1, 0, width, where, ST_DIM);
}

static od_status submit_print(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	preview *p = owner;
	od_ctx *ctx = tui_ctx(app);
	char *printer = tui_form_value(f, "printer");
	int lines = ctx->rules->site.page_lines;
	char *text = report_render_text(p->r, 80, lines);
	char said[512] = "";
	od_status s = print_text(ctx->rules, text, 80, lines, *printer ? printer : NULL, said,
				 sizeof said, err);
	if (s == OD_OK)
		s = report_record_output(ctx, p->r, "report.print", "text",
					 *printer ? printer : "(default printer)", err);
	if (s == OD_OK)
		tui_status(app, false, _("Printed: %s"), said[0] ? said : p->r->subject);
	else if (s == OD_IO) /* the printer's complaint, under the printer */
		under(err, s, "printer");
	free(text);
	free(printer);
	return s;
}

static const tui_choice formats[] = {
	{"text", "text"}, {"html", "HTML"}, {"json", "JSON"},
};

static od_status submit_export(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	preview *p = owner;
	od_ctx *ctx = tui_ctx(app);
	char *path = tui_form_value(f, "file"), *fmt = tui_form_value(f, "format");
	report_format rf = REPORT_FORMAT_TEXT;
	od_status s = report_format_parse(fmt, &rf, err);
	char *data = NULL;
	if (s == OD_OK) {
		data = rf == REPORT_FORMAT_HTML   ? report_render_html(p->r)
		       : rf == REPORT_FORMAT_JSON ? report_render_json(p->r)
						  : report_render_text(p->r, 80, ctx->rules->site.page_lines);
		s = report_write_file(path, data, strlen(data), err);
	}
	if (s == OD_OK)
		s = report_record_output(ctx, p->r, "report.export", fmt, path, err);
	if (s == OD_OK)
		tui_status(app, false, _("Wrote %s."), path);
	else if (s == OD_IO)
		under(err, s, "file");
	free(data);
	free(path);
	free(fmt);
	return s;
}

static tui_reaction preview_key(void *self, tui_app *app, tui_key k)
{
	preview *p = self;
	if (!k.func && k.ch == 27)
		return TUI_CLOSE;
	switch (tui_action_for("report", k)) {
	case A_PRINT: {
		tui_form *f = tui_form_new(_("Print the report"), NULL, submit_print, p);
		tui_form_text(f, "printer", N_("Printer"), "", 127, false);
		tui_form_open(app, f);
		return TUI_HANDLED;
	}
	case A_EXPORT: {
		tui_form *f = tui_form_new(_("Write the report to a file"), NULL, submit_export, p);
		char *name = xasprintf("%s-report.txt", p->r->kind);
		tui_form_text(f, "file", N_("File"), name, 1000, true);
		tui_form_choice(f, "format", N_("Format"), formats, 3, "text", true);
		free(name);
		tui_form_open(app, f);
		return TUI_HANDLED;
	}
	default: break;
	}
	switch (tui_action_for("list", k)) {
	case A_UP: if (p->scroll > 0) p->scroll--; return TUI_HANDLED;
	case A_DOWN: p->scroll++; return TUI_HANDLED;
	case A_PAGE_UP: p->scroll = p->scroll > p->page ? p->scroll - p->page : 0; return TUI_HANDLED;
	case A_PAGE_DOWN: p->scroll += p->page; return TUI_HANDLED;
	case A_FIRST: p->scroll = 0; return TUI_HANDLED;
	case A_LAST: p->scroll = (int)p->n; return TUI_HANDLED;
	default: return TUI_NOT_MINE;
	}
}

static const tui_screen_ops preview_screen = {
	.title = N_("Report"),
	.number = -1,
	.context = "report",
	.close = preview_close,
	.draw = preview_draw,
	.key = preview_key,
};

void tui_report_preview(tui_app *app, report *r)
{
	preview *p = xcalloc(1, sizeof *p);
	p->r = r;
	tui_push(app, &preview_screen, p);
}

void tui_report_incident(tui_app *app, int64_t id)
{
	report *r;
	od_error err;
	if (report_incident(tui_ctx(app), id, clock_now(), &r, &err) != OD_OK) {
		tui_status(app, true, "%s", err.msg);
		return;
	}
	tui_report_preview(app, r);
}

/* --- screen 9: the list of reports ------------------------------------------ */

typedef enum kind { SHIFT, INCIDENT, MONTH, QUARTER, NKINDS } kind;

static const struct {
	const char *name, *what, *label;
} kinds[NKINDS] = {
	[SHIFT] = {N_("Shift handover report (值班交接班报告)"),
		   N_("a shift: duty log, incidents, SLA, alerts, handover, next shift, signatures"),
		   N_("Shift")},
	[INCIDENT] = {N_("Incident report (故障报告)"),
		      N_("one incident: fields, timeline, cause, resolution, review, sign-off"),
		      N_("Incident")},
	[MONTH] = {N_("Monthly service review"),
		   N_("a month: SLA attainment, breaches, major incidents, availability, top lists"),
		   N_("Month")},
	[QUARTER] = {N_("Quarterly service review"), N_("the same for a quarter"),
		     N_("Quarter")},
};

typedef struct reports {
	int sel;
	report *pending; /* built by the form, shown once the form has closed */
} reports;

static void *reports_open(tui_app *app)
{
	(void)app;
	return xcalloc(1, sizeof(reports));
}

static void reports_close(void *self)
{
	reports *rs = self;
	report_free(rs->pending);
	free(rs);
}

/* After the form closes the screen is reloaded: the report it built is
 * shown then, above this screen. */
static void reports_reload(void *self, tui_app *app)
{
	reports *rs = self;
	if (rs->pending) {
		report *r = rs->pending;
		rs->pending = NULL;
		tui_report_preview(app, r);
	}
}

static void reports_draw(void *self, tui_app *app, WINDOW *w)
{
	(void)app;
	reports *rs = self;
	int width = getmaxx(w);
	tui_put(w, 0, 2, width - 4, _("Reports: Enter asks for the shift, incident or period and shows the report."),
		ST_DIM);
	for (int i = 0; i < NKINDS; i++) {
		tui_style st = i == rs->sel ? ST_SELECTED : ST_NORMAL;
		tui_put(w, 2 + i * 3, 2, width - 4, _(kinds[i].name), st);
		tui_put(w, 3 + i * 3, 4, width - 6, _(kinds[i].what), ST_DIM);
	}
}

static od_status submit_params(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	reports *rs = owner;
	od_ctx *ctx = tui_ctx(app);
	char *v = tui_form_value(f, "what");
	od_status s = OD_OK;
	time_t now = clock_now();
	report *r = NULL;
	if (rs->sel == SHIFT) {
		shift_slot slot;
		if ((s = roster_slot_parse(ctx->rules, v, &slot, err)) != OD_OK)
			under(err, s, "what");
		else if (slot.start > now)
			s = od_fail(err, OD_INVALID, _("what: shift %s/%s has not begun yet"), slot.day,
				    slot.shift->id);
		else
			s = report_shift(ctx, &slot, now < slot.end ? now : slot.end, &r, err);
	} else if (rs->sel == INCIDENT) {
		int64_t id;
		if ((s = incident_parse_ref(v, &id, err)) != OD_OK ||
		    (s = report_incident(ctx, id, now, &r, err)) != OD_OK)
			under(err, s, "what");
	} else {
		report_period p;
		if ((s = report_period_parse(v, rs->sel == QUARTER, now, &p, err)) != OD_OK)
			under(err, s, "what");
		else
			s = report_review(ctx, &p, p.to < now ? p.to : now, &r, err);
	}
	free(v);
	if (s == OD_OK)
		rs->pending = r;
	return s;
}

/* What the form offers first: the shift on duty (or just ended), this
 * month, this quarter. */
static void default_value(tui_app *app, int sel, char *buf, size_t len)
{
	const rules *r = tui_ctx(app)->rules;
	time_t now = clock_now();
	char t[40];
	clock_format(now, t, sizeof t);
	shift_slot slot;
	if (sel == SHIFT && (roster_slot_at(r, now, &slot) || roster_slot_prev(r, now, &slot)))
		snprintf(buf, len, "%s/%s", slot.day, slot.shift->id);
	else if (sel == MONTH)
		snprintf(buf, len, "%.7s", t);
	else if (sel == QUARTER)
		snprintf(buf, len, "%.4sQ%d", t, (atoi(t + 5) - 1) / 3 + 1);
	else if (sel == INCIDENT)
		snprintf(buf, len, "INC-");
	else
		buf[0] = '\0';
}

static tui_reaction reports_key(void *self, tui_app *app, tui_key k)
{
	reports *rs = self;
	switch (tui_action_for("list", k)) {
	case A_UP: if (rs->sel > 0) rs->sel--; return TUI_HANDLED;
	case A_DOWN: if (rs->sel < NKINDS - 1) rs->sel++; return TUI_HANDLED;
	case A_FIRST: rs->sel = 0; return TUI_HANDLED;
	case A_LAST: rs->sel = NKINDS - 1; return TUI_HANDLED;
	case A_OPEN: {
		char value[64];
		default_value(app, rs->sel, value, sizeof value);
		tui_form *f = tui_form_new(_(kinds[rs->sel].name), NULL, submit_params, rs);
		tui_form_text(f, "what", kinds[rs->sel].label, value, 40, true);
		tui_form_open(app, f);
		return TUI_HANDLED;
	}
	default: return TUI_NOT_MINE;
	}
}

const tui_screen_ops screen_reports = {
	.title = N_("Reports"),
	.number = 9,
	.open = reports_open,
	.close = reports_close,
	.reload = reports_reload,
	.draw = reports_draw,
	.key = reports_key,
};
