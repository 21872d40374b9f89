/* Screen 1, the dashboard: what the centre has so far, at a glance. It
 * only reads; its keys open the roster's forms for what it shows (pending
 * swaps, the handover), which write through the core. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/access.h"
#include "opsdesk/audit.h"
#include "opsdesk/clock.h"
#include "opsdesk/db.h"
#include "opsdesk/dutylog.h"
#include "opsdesk/handover.h"
#include "opsdesk/i18n.h"
#include "opsdesk/inspect.h"
#include "opsdesk/incident.h"
#include "opsdesk/roster.h"
#include "opsdesk/staff.h"
#include "opsdesk/swap.h"
#include "opsdesk/problem.h"
#include "opsdesk/recurrence.h"
#include "opsdesk/tui_app.h"
#include "opsdesk/tui_draw.h"
#include "opsdesk/tui_form.h"
#include "opsdesk/tui_roster.h"
#include "opsdesk/xalloc.h"

enum { WATCH_MAX = 8, NOTES_SHOWN = 3, ROW_MAX_LINES = 3, CAND_SHOWN = 2, PROBLEMS_COUNTED = 100 };

/* An open incident whose clock needs attention. */
typedef struct watched {
	char *line;
	bool breached;
} watched;

typedef struct dashboard {
	staff_member me;
	bool on_staff;
	int64_t active, inactive, audit_entries;
	time_t audit_newest;
	int64_t open, at_risk, breached;
	int64_t rounds_due, rounds_overdue; /* inspection rounds, capped by the core */
	watched watch[WATCH_MAX];
	int nwatch;
	char *duty_now, *duty_next; /* NULL: the rules define no shifts */
	bool nobody_now;
	bool approver; /* holds roster.approve, so sees the swap requests */
	size_t nswaps; /* pending */
	char *swaps[WATCH_MAX];
	int nswap_lines;
	/* the handover: the shift that ended last and whether the incoming
	 * people acknowledged it; the notes kept on the shift on duty now */
	char *handover_in; /* NULL: no shift has ended */
	bool ack_pending;
	size_t nnotes;
	char *notes[NOTES_SHOWN];
	int nnote_lines;
	/* problems: the open ones (counted up to PROBLEMS_COUNTED) and the
	 * recurring incidents no open problem covers */
	size_t problems_open;
	size_t ncand;
	char *cand[CAND_SHOWN];
} dashboard;

static void clear_watch(dashboard *d)
{
	for (int i = 0; i < d->nwatch; i++)
		free(d->watch[i].line);
	d->nwatch = 0;
}

static void clear_duty(dashboard *d)
{
	free(d->duty_now);
	free(d->duty_next);
	d->duty_now = d->duty_next = NULL;
	for (int i = 0; i < d->nswap_lines; i++)
		free(d->swaps[i]);
	d->nswap_lines = 0;
	d->nswaps = 0;
	free(d->handover_in);
	d->handover_in = NULL;
	for (int i = 0; i < d->nnote_lines; i++)
		free(d->notes[i]);
	d->nnote_lines = 0;
	d->nnotes = 0;
}

/* The handover lines: who took over the shift that ended, and the notes
 * of the shift on duty now. */
static void load_handover(dashboard *d, od_ctx *ctx)
{
	time_t now = clock_now();
	shift_slot slot;
	if (roster_slot_prev(ctx->rules, now, &slot)) {
		handover_ack ack = {0};
		char when[32];
		d->ack_pending = handover_ack_get(ctx->db, &slot, &ack, NULL) != OD_OK;
		if (d->ack_pending)
			d->handover_in = xasprintf(_("%s (%s) %s: not acknowledged yet  (a: acknowledge)"),
						   slot.shift->name, slot.shift->id, slot.day + 5);
		else {
			char *who = staff_name_of(ctx->db, ack.incoming);
			d->handover_in = xasprintf(_("%s (%s) %s: acknowledged by %s at %s"),
						   slot.shift->name, slot.shift->id, slot.day + 5, who,
						   clock_format(ack.at, when, sizeof when) + 5);
			free(who);
		}
		handover_ack_clear(&ack);
	}
	handover_note *v;
	size_t n;
	if (!roster_slot_at(ctx->rules, now, &slot) ||
	    handover_notes(ctx->db, &slot, &v, &n, NULL) != OD_OK)
		return;
	d->nnotes = n;
	/* the newest notes matter most at shift change */
	for (size_t i = n > NOTES_SHOWN ? n - NOTES_SHOWN : 0; i < n; i++) {
		char at[32];
		clock_format(v[i].at, at, sizeof at);
		char *who = staff_name_of(ctx->db, v[i].author);
		/* TRANSLATORS: a handover note on the dashboard: time, author, text */
		d->notes[d->nnote_lines++] = xasprintf(_("%s %s: %s"), at + 11, who, v[i].text);
		free(who);
	}
	handover_notes_free(v, n);
}

/* "白班 (D) 11-21 08:00 to 20:00: 李娜 (lina), 王伟 (wangwei)"; people on
 * leave or deactivated are named as not on duty. *nobody (when not NULL)
 * says whether no one is. */
static char *slot_line(od_ctx *ctx, const shift_slot *slot, bool *nobody)
{
	char from[32], to[32];
	clock_format(slot->start, from, sizeof from);
	clock_format(slot->end, to, sizeof to);
	strbuf sb = {0};
	/* the end's day only when it is another day than the start's */
	sb_addf(&sb, _("%s (%s) %s to %s: "), slot->shift->name, slot->shift->id, from + 5,
		strncmp(from, to, 10) == 0 ? to + 11 : to + 5);
	roster_duty duty;
	if (roster_on_duty(ctx->db, slot, &duty, NULL) != OD_OK)
		memset(&duty, 0, sizeof duty);
	for (size_t i = 0; i < duty.npresent; i++)
		sb_addf(&sb, "%s%s (%s)", i ? _(", ") : "", duty.present[i].name, duty.present[i].login);
	for (size_t i = 0; i < duty.nabsent; i++)
		sb_addf(&sb, "%s%s (%s%s)", duty.npresent + i ? _(", ") : "", duty.absent[i].name,
			duty.absent[i].login, _(", not on duty: on leave or deactivated"));
	if (!duty.npresent && !duty.nabsent)
		sb_add(&sb, _("nobody rostered"));
	size_t counted = duty.npresent;
	roster_duty_clear(&duty);
	if (nobody)
		*nobody = counted == 0;
	return sb_take(&sb);
}

static void load_duty(dashboard *d, od_ctx *ctx)
{
	clear_duty(d);
	time_t now = clock_now();
	shift_slot slot;
	if (roster_slot_at(ctx->rules, now, &slot))
		d->duty_now = slot_line(ctx, &slot, &d->nobody_now);
	if (roster_slot_next(ctx->rules, now, &slot))
		d->duty_next = slot_line(ctx, &slot, NULL);
	load_handover(d, ctx);
	d->approver = access_require(ctx, "roster.approve", NULL) == OD_OK;
	swap_request *v;
	size_t n;
	if (swap_list(ctx->db, true, &v, &n, NULL) != OD_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		const swap_request *q = &v[i];
		/* an approver sees them all; others the ones they are part of */
		if (!d->approver && strcmp(q->other, ctx->login) != 0 &&
		    strcmp(q->owner, ctx->login) != 0)
			continue;
		if (d->nswaps++ >= WATCH_MAX)
			continue;
		char *back = *q->other_day
				 ? xasprintf(_(" (for %s/%s)"), q->other_day + 5, q->other_shift)
				 : xstrdup("");
		char *owner = staff_name_of(ctx->db, q->owner), *other = staff_name_of(ctx->db, q->other);
		char *state = strcmp(q->state, SWAP_AGREED) == 0
				  ? xstrdup(_("agreed, waiting for approval"))
				  : xasprintf(_("waiting for %s to agree"), other);
		d->swaps[d->nswap_lines++] =
		    /* TRANSLATORS: a pending swap: number, day/shift, owner -> other, what it waits for */
		    xasprintf(_("#%lld %s/%s %s -> %s%s: %s"), (long long)q->id, q->day + 5, q->shift,
			      owner, other, back, state);
		free(owner);
		free(other);
		free(back);
		free(state);
	}
	swap_requests_free(v, n);
}

/* The SLA standing of the open incidents: the counts from the stored
 * standing's indexes, and the most urgent of those at risk or breached,
 * one screenful, with their clocks replayed from the journal. */
static void watch_incidents(dashboard *d, od_ctx *ctx)
{
	clear_watch(d);
	d->open = d->at_risk = d->breached = 0;
	time_t now = clock_now();
	d->rounds_due = inspect_due_count(ctx->db, now, false);
	d->rounds_overdue = inspect_due_count(ctx->db, now, true);
	incident_counts counts;
	if (incident_standing_counts(ctx->db, now, &counts, NULL) != OD_OK)
		return;
	d->open = counts.open;
	d->at_risk = counts.at_risk;
	d->breached = counts.breached;
	incident_filter f = {.now = now, .attention = true, .limit = WATCH_MAX};
	incident *v;
	size_t n;
	if (incident_list(ctx->db, &f, &v, &n, NULL) != OD_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		sla_result sla;
		if (incident_sla(ctx->db, ctx->rules, &v[i], now, &sla, NULL) != OD_OK)
			continue;
		const sla_clock *clocks[] = {&sla.response, &sla.resolution};
		static const char *const names[] = {N_("response"), N_("resolution")};
		int worst = -1;
		for (int c = 0; c < 2; c++) {
			if (clocks[c]->stopped || clocks[c]->paused)
				continue;
			if (clocks[c]->standing == SLA_BREACHED ||
			    (clocks[c]->standing == SLA_AT_RISK && worst < 0))
				worst = c;
		}
		if (worst < 0)
			continue;
		bool breached = clocks[worst]->standing == SLA_BREACHED;
		char due[32];
		clock_format(clocks[worst]->due, due, sizeof due);
		d->watch[d->nwatch].line = xasprintf(
			"%s INC-%lld %s %s %s %s  %s", breached ? "!" : "*", (long long)v[i].id,
			v[i].priority, _(names[worst]), breached ? _("was due") : _("due"), due + 5,
			v[i].summary);
		d->watch[d->nwatch++].breached = breached;
	}
	incident_list_free(v, n);
}

static void clear_problems(dashboard *d)
{
	for (size_t i = 0; i < d->ncand && i < CAND_SHOWN; i++)
		free(d->cand[i]);
	d->ncand = 0;
}

static void load_problems(dashboard *d, od_ctx *ctx)
{
	clear_problems(d);
	d->problems_open = (size_t)record_count_open(ctx->db, &problem_kind, PROBLEMS_COUNTED);
	recurrence_candidate *c;
	size_t n;
	if (recurrence_candidates(ctx->db, ctx->rules, clock_now(), 10, &c, &n, NULL) != OD_OK)
		return;
	d->ncand = n;
	for (size_t i = 0; i < n && i < CAND_SHOWN; i++)
		d->cand[i] = strcmp(c[i].rule->by.id, "ci") == 0
				     ? xasprintf(_("%zu incidents on %s %s"), c[i].n, c[i].key, c[i].name)
				     : xasprintf(_("%zu incidents in %s"), c[i].n, c[i].name);
	recurrence_candidates_free(c, n);
}

static void dash_reload(void *self, tui_app *app)
{
	dashboard *d = self;
	od_ctx *ctx = tui_ctx(app);
	staff_member_clear(&d->me);
	d->on_staff = staff_get(ctx->db, ctx->login, &d->me, NULL) == OD_OK;
	staff_member *v;
	size_t n;
	d->active = d->inactive = 0;
	if (staff_list(ctx->db, true, &v, &n, NULL) == OD_OK) {
		for (size_t i = 0; i < n; i++)
			*(v[i].active ? &d->active : &d->inactive) += 1;
		staff_list_free(v, n);
	}
	d->audit_entries = audit_count(ctx->db, &d->audit_newest);
	watch_incidents(d, ctx);
	load_duty(d, ctx);
	if (record_workflow(ctx->rules, &problem_kind)->initial.id)
		load_problems(d, ctx);
}

static void *dash_open(tui_app *app)
{
	dashboard *d = xcalloc(1, sizeof *d);
	dash_reload(d, app);
	return d;
}

static void dash_close(void *self)
{
	dashboard *d = self;
	staff_member_clear(&d->me);
	clear_watch(d);
	clear_duty(d);
	clear_problems(d);
	free(d);
}

/* A labelled line; a long value (the names on duty) wraps onto the next
 * lines instead of being cut. Returns the lines it took. */
static int row(WINDOW *w, int y, const char *label, const char *value, tui_style st)
{
	int width = getmaxx(w);
	tui_put(w, y, 2, 14, label, ST_HEADER);
	return tui_put_wrapped(w, y, 17, width - 18, ROW_MAX_LINES, value, st);
}

static void dash_draw(void *self, tui_app *app, WINDOW *w)
{
	dashboard *d = self;
	od_ctx *ctx = tui_ctx(app);
	int width = getmaxx(w), y = 0;
	tui_put(w, y++, 2, width - 4, ctx->rules->site.name, ST_TITLE);
	tui_hline(w, y++, 2, width - 4);

	char buf[512];
	if (d->on_staff) {
		char *roles = staff_role_names(ctx->rules, &d->me, "、");
		snprintf(buf, sizeof buf, "%s (%s)  %s%s", d->me.name, ctx->login, roles,
			 d->me.active ? "" : _("  (deactivated: read only)"));
		free(roles);
	} else {
		snprintf(buf, sizeof buf, _("%s: not on the staff list, so read only"), ctx->login);
	}
	y += row(w, y, _("You"), buf, d->on_staff && d->me.active ? ST_NORMAL : ST_ERROR);

	if (d->duty_now)
		y += row(w, y, _("On duty now"), d->duty_now, d->nobody_now ? ST_WARN : ST_NORMAL);
	if (d->duty_next)
		y += row(w, y, _("Next shift"), d->duty_next, ST_NORMAL);
	if (d->approver || d->nswaps) {
		snprintf(buf, sizeof buf, _("%zu pending  (p: act on them)"), d->nswaps);
		y += row(w, y, _("Swap requests"), buf, d->nswaps ? ST_WARN : ST_NORMAL);
		for (int i = 0; i < d->nswap_lines; i++)
			tui_put(w, y++, 17, width - 18, d->swaps[i], ST_NORMAL);
	}
	if (d->handover_in)
		y += row(w, y, _("Handed over"), d->handover_in, d->ack_pending ? ST_WARN : ST_NORMAL);
	if (d->duty_now) {
		snprintf(buf, sizeof buf,
			 ngettext("%zu note on this shift  (n: write one)",
				  "%zu notes on this shift  (n: write one)", (unsigned long)d->nnotes),
			 d->nnotes);
		y += row(w, y, _("Handover"), buf, ST_NORMAL);
		for (int i = 0; i < d->nnote_lines; i++)
			tui_put(w, y++, 17, width - 18, d->notes[i], ST_NORMAL);
	}

	snprintf(buf, sizeof buf, _("%lld open: %lld at risk, %lld breached  (screen 2)"),
		 (long long)d->open, (long long)d->at_risk, (long long)d->breached);
	y += row(w, y, _("Incidents"), buf, d->breached ? ST_ERROR : d->at_risk ? ST_WARN : ST_NORMAL);
	for (int i = 0; i < d->nwatch; i++)
		tui_put(w, y++, 17, width - 18, d->watch[i].line, d->watch[i].breached ? ST_ERROR : ST_WARN);
	snprintf(buf, sizeof buf, _("%lld due, %lld overdue  (screen 5)"), (long long)d->rounds_due,
		 (long long)d->rounds_overdue);
	y += row(w, y, _("Inspections"), buf, d->rounds_overdue ? ST_ERROR : ST_NORMAL);

	if (record_workflow(ctx->rules, &problem_kind)->initial.id) {
		snprintf(buf, sizeof buf,
			 d->ncand ? _("%zu%s open, %zu recurring without a problem  (screen 6, c)")
				  : _("%zu%s open, no recurring incidents  (screen 6)"),
			 d->problems_open, d->problems_open >= PROBLEMS_COUNTED ? "+" : "", d->ncand);
		y += row(w, y, _("Problems"), buf, d->ncand ? ST_WARN : ST_NORMAL);
		for (size_t i = 0; i < d->ncand && i < CAND_SHOWN; i++)
			tui_put(w, y++, 17, width - 18, d->cand[i], ST_WARN);
	}

	snprintf(buf, sizeof buf, _("%lld active, %lld deactivated  (screen 0)"),
		 (long long)d->active, (long long)d->inactive);
	y += row(w, y, _("Staff"), buf, ST_NORMAL);

	char when[32] = "-";
	if (d->audit_newest)
		clock_format(d->audit_newest, when, sizeof when);
	snprintf(buf, sizeof buf,
		 ngettext("%lld entry, newest %s  (opsdesk audit verify)",
			  "%lld entries, newest %s  (opsdesk audit verify)",
			  (unsigned long)d->audit_entries),
		 (long long)d->audit_entries, when);
	y += row(w, y, _("Audit log"), buf, ST_NORMAL);

	snprintf(buf, sizeof buf, _("%s (schema %d)"), db_path(ctx->db), db_schema_version());
	y += row(w, y, _("Database"), buf, ST_DIM);
	snprintf(buf, sizeof buf, _("%zu roles, %zu priorities, %zu incident states; time zone %s"),
		 ctx->rules->roles.n, ctx->rules->priorities.n,
		 ctx->rules->workflows.incident.states.n, ctx->rules->site.timezone.id);
	y += row(w, y, _("Rules"), buf, ST_DIM);
	y++;
	tui_put(w, y++, 2, width - 4,
		_("l writes in the duty log."),
		ST_DIM);
}

/* --- the duty log entry line (l) ------------------------------------------ */

static od_status submit_log(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	(void)owner;
	char *text = tui_form_value(f, "text"), *category = tui_form_value(f, "category");
	int64_t id;
	shift_slot slot;
	od_status s = dutylog_add(tui_ctx(app), text, category && *category ? category : NULL, 0, 0, &id, &slot,
				  err);
	if (s == OD_OK)
		tui_status(app, false, _("Duty log entry %lld on %s %s."), (long long)id, slot.day,
			   slot.shift->id);
	else if (strncmp(err->msg, "text:", 5) != 0 && strncmp(err->msg, "category:", 9) != 0)
	{
		char msg[sizeof err->msg]; /* shown under the entry */
		snprintf(msg, sizeof msg, "%s", err->msg);
		od_fail(err, s, "text: %s", msg);
	}
	free(text);
	free(category);
	return s;
}

static void open_log_entry(tui_app *app)
{
	const rules *r = tui_ctx(app)->rules;
	tui_form *f = tui_form_new(_("Duty log entry"), NULL, submit_log, NULL);
	tui_form_text(f, "text", N_("Entry"), "", DUTYLOG_TEXT_MAX, true);
	size_t n = r->duty_log.categories.n;
	if (n) {
		tui_choice *c = xcalloc(n, sizeof *c);
		for (size_t i = 0; i < n; i++)
			c[i] = (tui_choice){r->duty_log.categories.v[i].id, r->duty_log.categories.v[i].name};
		tui_form_choice(f, "category", N_("Category"), c, n, c[0].value, true);
		free(c);
	}
	tui_form_open(app, f);
}

static tui_reaction dash_key(void *self, tui_app *app, tui_key k)
{
	(void)self;
	switch (tui_action_for("dashboard", k)) {
	case A_SWAPS_PENDING: tui_roster_swaps_pending(app); return TUI_HANDLED;
	case A_HANDOVER_NOTE: tui_roster_handover_note(app); return TUI_HANDLED;
	case A_HANDOVER_ACK: tui_roster_handover_ack(app); return TUI_HANDLED;
	case A_LOG_ENTRY: open_log_entry(app); return TUI_HANDLED;
	default: return TUI_NOT_MINE;
	}
}

const tui_screen_ops screen_dashboard = {
	.title = N_("Dashboard"),
	.number = 1,
	.context = "dashboard",
	.open = dash_open,
	.close = dash_close,
	.reload = dash_reload,
	.draw = dash_draw,
	.key = dash_key,
};
