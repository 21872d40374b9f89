/* The shift (handover) report: what happened on one shift and what the
 * next one takes over, to be signed by 交班人, 接班人 and 值班长. Each part
 * reads the shift's window of time through an index: incidents by created,
 * the journal by time, the open queue by its order (one page), dues by the
 * due index. */
#include "opsdesk/report_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/clock.h"
#include "opsdesk/dutylog.h"
#include "opsdesk/handover.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/journal.h"
#include "opsdesk/xalloc.h"

typedef struct shift_ctx {
	const od_ctx *ctx;
	const shift_slot *slot;
	time_t as_of, until; /* until: the end of what happened, min(end, as_of) */
	report *r;
	int64_t opened, resolved, closed, open, breaches, alerts, repeats, entries;
} shift_ctx;

static const char *hhmm(time_t t, char *buf, size_t len)
{
	char full[40];
	clock_format(t, full, sizeof full);
	snprintf(buf, len, "%s", full + 11);
	return buf;
}

/* Times on the shift's own day show as HH:MM, others in full. */
static const char *when(const shift_ctx *c, time_t t, char *buf, size_t len)
{
	char full[40];
	clock_format(t, full, sizeof full);
	if (strncmp(full, c->slot->day, 10) == 0)
		return hhmm(t, buf, len);
	snprintf(buf, len, "%s", full + 5);
	return buf;
}

static const char *priority_name(const rules *r, const char *id)
{
	for (size_t i = 0; i < r->priorities.n; i++)
		if (strcmp(r->priorities.v[i].id, id) == 0)
			return r->priorities.v[i].name;
	return id;
}

static const rules_state *state_of(const rules *r, const char *id)
{
	const rules_workflow *w = &r->workflows.incident;
	for (size_t i = 0; i < w->states.n; i++)
		if (strcmp(w->states.v[i].id, id) == 0)
			return &w->states.v[i];
	return NULL;
}

static void empty(report_section *s, const char *what)
{
	report_text(s, "%s", what);
}

static od_status duty_log(shift_ctx *c, od_error *err)
{
	report_section *s = report_section_add(c->r, "duty_log", _("Duty log (值班记录)"));
	dutylog_entry *v;
	size_t n;
	od_status st = dutylog_list(c->ctx->db, c->slot, &v, &n, err);
	if (st != OD_OK)
		return st;
	c->entries = (int64_t)n;
	if (!n) {
		empty(s, _("none"));
		return OD_OK;
	}
	static const char *const keys[] = {"id", "at", "category", "author", "text"};
	const char *heads[] = {_("No."), _("time"), _("category"), _("by"), _("entry")};
	report_block *b = report_table(s, 5, keys, heads);
	for (size_t i = 0; i < n; i++) {
		char id[24], t[40], text[DUTYLOG_TEXT_MAX * 4 + 64];
		snprintf(id, sizeof id, "%lld", (long long)v[i].id);
		if (v[i].corrects)
			snprintf(text, sizeof text, _("(corrects %lld) %s"), (long long)v[i].corrects,
				 v[i].text);
		else
			snprintf(text, sizeof text, "%s", v[i].text);
		char *by = report_person(c->ctx->db, v[i].author);
		const char *row[] = {id, when(c, v[i].at, t, sizeof t),
				     dutylog_category_name(c->ctx->rules, v[i].category), by, text};
		report_row(b, row);
		free(by);
	}
	dutylog_entries_free(v, n);
	return OD_OK;
}

static od_status opened(shift_ctx *c, od_error *err)
{
	report_section *s = report_section_add(c->r, "opened", _("Incidents opened"));
	incident *v;
	size_t n;
	od_status st = incident_created_between(c->ctx->db, c->slot->start, c->until,
						REPORT_LIST_MAX, &v, &n, err);
	if (st != OD_OK)
		return st;
	c->opened = incident_count_created_between(c->ctx->db, c->slot->start, c->until);
	for (size_t i = 0; i < n; i++)
		if (v[i].alert_source[0])
			c->alerts++;
	if (!n) {
		empty(s, _("none"));
		incident_list_free(v, n);
		return OD_OK;
	}
	static const char *const keys[] = {"ref", "at", "priority", "summary", "assignee", "state"};
	const char *heads[] = {_("ref"), _("time"), _("priority"), _("summary"), _("owner"), _("state")};
	report_block *b = report_table(s, 6, keys, heads);
	for (size_t i = 0; i < n; i++) {
		char ref[32], t[40];
		incident_ref(v[i].id, ref, sizeof ref);
		char *owner = report_person(c->ctx->db, v[i].assignee);
		const char *row[] = {ref, when(c, v[i].created, t, sizeof t),
				     priority_name(c->ctx->rules, v[i].priority), v[i].summary, owner,
				     incident_state_name(c->ctx->rules, v[i].state)};
		report_row(b, row);
		free(owner);
	}
	if (c->opened > (int64_t)n)
		report_text(s, _("... and %lld more"), (long long)(c->opened - (int64_t)n));
	incident_list_free(v, n);
	return OD_OK;
}

/* Incidents that entered a resolved or a final state during the shift. */
static od_status resolved(shift_ctx *c, od_error *err)
{
	report_section *s = report_section_add(c->r, "resolved", _("Incidents resolved and closed"));
	journal_window_entry *v;
	size_t n;
	od_status st = journal_window(c->ctx->db, "INC-", "state", c->slot->start, c->until, 0, &v,
				      &n, err);
	if (st != OD_OK)
		return st;
	static const char *const keys[] = {"ref", "at", "state", "by", "summary"};
	const char *heads[] = {_("ref"), _("time"), _("state"), _("by"), _("summary")};
	report_block *b = NULL;
	size_t shown = 0;
	for (size_t i = 0; i < n && st == OD_OK; i++) {
		const rules_state *state = state_of(c->ctx->rules, v[i].state);
		if (!state || !(state->resolved || state->final))
			continue;
		if (state->final)
			c->closed++;
		else
			c->resolved++;
		if (shown >= REPORT_LIST_MAX)
			continue;
		int64_t id;
		incident inc;
		if (incident_parse_ref(v[i].record, &id, NULL) != OD_OK ||
		    incident_get(c->ctx->db, id, &inc, NULL) != OD_OK)
			continue;
		if (!b)
			b = report_table(s, 5, keys, heads);
		char t[40];
		char *by = report_person(c->ctx->db, v[i].actor);
		const char *row[] = {v[i].record, when(c, v[i].at, t, sizeof t), state->name, by,
				     inc.summary};
		report_row(b, row);
		free(by);
		incident_clear(&inc);
		shown++;
	}
	if (!b)
		empty(s, _("none"));
	else if (c->resolved + c->closed > (int64_t)shown)
		report_text(s, _("... and %lld more"),
			    (long long)(c->resolved + c->closed - (int64_t)shown));
	journal_window_free(v, n);
	return st;
}

static void next_step(const incident *inc, char *buf, size_t len)
{
	char t[40];
	if (inc->response_due)
		snprintf(buf, len, _("respond by %s"), clock_format(inc->response_due, t, sizeof t) + 5);
	else if (inc->resolution_due)
		snprintf(buf, len, _("resolve by %s"), clock_format(inc->resolution_due, t, sizeof t) + 5);
	else
		snprintf(buf, len, "%s", _("clock paused"));
}

/* A clock that ran out during the shift (between its start and until). */
static bool breached_in(const shift_ctx *c, const sla_clock *k)
{
	return k->standing == SLA_BREACHED && !k->stopped && k->due >= c->slot->start &&
	       k->due < c->until;
}

typedef struct breach {
	char ref[32];
	char clock[64];
	time_t at;
	char *summary, *owner;
} breach;

static od_status still_open(shift_ctx *c, breach **bv, size_t *nb, od_error *err)
{
	report_section *s = report_section_add(c->r, "open", _("Incidents still open"));
	incident_filter f = {.now = c->as_of, .limit = REPORT_LIST_MAX, .sort = INCIDENT_BY_QUEUE};
	incident *v;
	size_t n;
	od_status st = incident_list(c->ctx->db, &f, &v, &n, err);
	if (st != OD_OK)
		return st;
	c->open = (int64_t)n;
	if (!n) {
		empty(s, _("none"));
		incident_list_free(v, n);
		return OD_OK;
	}
	static const char *const keys[] = {"ref", "priority", "state", "assignee", "summary", "next"};
	const char *heads[] = {_("ref"), _("priority"), _("state"), _("owner"), _("summary"),
			       _("next step")};
	report_block *b = report_table(s, 6, keys, heads);
	for (size_t i = 0; i < n; i++) {
		char ref[32], next[96];
		incident_ref(v[i].id, ref, sizeof ref);
		next_step(&v[i], next, sizeof next);
		char *owner = report_person(c->ctx->db, v[i].assignee);
		const char *row[] = {ref, priority_name(c->ctx->rules, v[i].priority),
				     incident_state_name(c->ctx->rules, v[i].state), owner,
				     v[i].summary, next};
		report_row(b, row);
		sla_result sla;
		if (incident_sla(c->ctx->db, c->ctx->rules, &v[i], c->as_of, &sla, NULL) == OD_OK) {
			const sla_clock *k[] = {&sla.response, &sla.resolution};
			const char *names[] = {_("response"), _("resolution")};
			for (int j = 0; j < 2; j++) {
				if (!breached_in(c, k[j]))
					continue;
				*bv = xrealloc(*bv, (*nb + 1) * sizeof **bv);
				breach *x = &(*bv)[(*nb)++];
				snprintf(x->ref, sizeof x->ref, "%s", ref);
				snprintf(x->clock, sizeof x->clock, "%s", names[j]);
				x->at = k[j]->due;
				x->summary = xstrdup(v[i].summary);
				x->owner = xstrdup(owner);
			}
		}
		free(owner);
	}
	if (n == REPORT_LIST_MAX)
		report_text(s, _("(the %d most urgent are shown)"), REPORT_LIST_MAX);
	incident_list_free(v, n);
	return OD_OK;
}

static od_status sla_part(shift_ctx *c, breach *bv, size_t nb, od_error *err)
{
	report_section *s = report_section_add(c->r, "sla", _("SLA breaches and what falls due"));
	c->breaches = (int64_t)nb;
	report_text(s, _("Breached during the shift:"));
	if (!nb) {
		empty(s, _("none"));
	} else {
		static const char *const keys[] = {"ref", "clock", "at", "assignee", "summary"};
		const char *heads[] = {_("ref"), _("clock"), _("breached at"), _("owner"), _("summary")};
		report_block *b = report_table(s, 5, keys, heads);
		for (size_t i = 0; i < nb; i++) {
			char t[40];
			const char *row[] = {bv[i].ref, bv[i].clock, when(c, bv[i].at, t, sizeof t),
					     bv[i].owner, bv[i].summary};
			report_row(b, row);
		}
	}
	incident *v;
	size_t n;
	od_status st = incident_due_between(c->ctx->db, c->as_of, c->as_of + REPORT_DUE_AHEAD,
					    REPORT_LIST_MAX, &v, &n, err);
	if (st != OD_OK)
		return st;
	report_text(s, _("Resolution due in the next %d hours:"), REPORT_DUE_AHEAD / 3600);
	if (!n) {
		empty(s, _("none"));
	} else {
		static const char *const keys[] = {"ref", "due", "priority", "assignee", "summary"};
		const char *heads[] = {_("ref"), _("due"), _("priority"), _("owner"), _("summary")};
		report_block *b = report_table(s, 5, keys, heads);
		for (size_t i = 0; i < n; i++) {
			char ref[32], t[40];
			incident_ref(v[i].id, ref, sizeof ref);
			char *owner = report_person(c->ctx->db, v[i].assignee);
			const char *row[] = {ref, when(c, v[i].resolution_due, t, sizeof t),
					     priority_name(c->ctx->rules, v[i].priority), owner,
					     v[i].summary};
			report_row(b, row);
			free(owner);
		}
	}
	incident_list_free(v, n);
	return OD_OK;
}

static void alerts(shift_ctx *c)
{
	report_section *s = report_section_add(c->r, "alerts", _("Alerts from monitoring"));
	c->repeats = journal_window_count(c->ctx->db, "INC-", "alert", c->slot->start, c->until);
	char buf[64];
	snprintf(buf, sizeof buf, "%lld", (long long)(c->alerts + c->repeats));
	report_field(s, "received", _("received"), buf);
	snprintf(buf, sizeof buf, "%lld", (long long)c->alerts);
	report_field(s, "opened", _("opened incidents"), buf);
	snprintf(buf, sizeof buf, "%lld", (long long)c->repeats);
	report_field(s, "folded", _("folded into incidents"), buf);
}

/* Processes opsdesk does not carry yet say so, rather than look empty. */
static void not_yet(shift_ctx *c, const char *id, const char *title, const char *why)
{
	report_section *s = report_section_add(c->r, id, title);
	report_text(s, "%s", why);
}

static od_status handover(shift_ctx *c, od_error *err)
{
	report_section *s = report_section_add(c->r, "handover", _("Handover"));
	handover_note *v;
	size_t n;
	od_status st = handover_notes(c->ctx->db, c->slot, &v, &n, err);
	if (st != OD_OK)
		return st;
	if (!n) {
		empty(s, _("no handover notes"));
	} else {
		static const char *const keys[] = {"at", "author", "text", "follow_up", "due"};
		const char *heads[] = {_("time"), _("by"), _("note"), _("follow-up"), _("by when")};
		report_block *b = report_table(s, 5, keys, heads);
		for (size_t i = 0; i < n; i++) {
			char t[40], d[40];
			char *by = report_person(c->ctx->db, v[i].author);
			char *fu = v[i].follow_up[0] ? report_person(c->ctx->db, v[i].follow_up)
						    : xstrdup("");
			const char *row[] = {when(c, v[i].at, t, sizeof t), by, v[i].text, fu,
					     v[i].due ? when(c, v[i].due, d, sizeof d) : ""};
			report_row(b, row);
			free(by);
			free(fu);
		}
	}
	handover_notes_free(v, n);
	handover_ack ack = {0};
	char t[40];
	if (handover_ack_get(c->ctx->db, c->slot, &ack, NULL) == OD_OK) {
		char *who = report_person(c->ctx->db, ack.incoming);
		char buf[512];
		snprintf(buf, sizeof buf, _("acknowledged by %s at %s"), who,
			 clock_format(ack.at, t, sizeof t));
		report_field(s, "ack", _("acknowledgement"), buf);
		free(who);
	} else {
		report_field(s, "ack", _("acknowledgement"), _("not acknowledged yet"));
	}
	handover_ack_clear(&ack);
	return OD_OK;
}

static char *slot_people(const od_ctx *ctx, const shift_slot *slot, od_error *err, od_status *st)
{
	char **v = NULL;
	size_t n = 0;
	*st = roster_slot_people(ctx->db, slot, &v, &n, err);
	if (*st != OD_OK)
		return NULL;
	char *s = report_people(ctx->db, v, n);
	roster_logins_free(v, n);
	return s;
}

/* The shift lead: whoever on the shift holds the rules' manager role. */
static char *shift_lead(const od_ctx *ctx, const shift_slot *slot)
{
	const rules_role *mgr = rules_manager_role(ctx->rules);
	roster_duty d = {0};
	strbuf sb = {0};
	if (mgr && roster_on_duty(ctx->db, slot, &d, NULL) == OD_OK)
		for (size_t i = 0; i < d.npresent; i++)
			if (staff_has_role(&d.present[i], mgr->id)) {
				char *p = report_person(ctx->db, d.present[i].login);
				sb_addf(&sb, "%s%s", sb.len ? ", " : "", p);
				free(p);
			}
	roster_duty_clear(&d);
	if (!sb.len)
		sb_add(&sb, "");
	return sb_take(&sb);
}

static od_status next_shift(shift_ctx *c, const shift_slot *next, bool have_next, od_error *err)
{
	report_section *s = report_section_add(c->r, "next", _("Next shift"));
	if (!have_next) {
		empty(s, _("none"));
		return OD_OK;
	}
	roster_duty d = {0};
	od_status st = roster_on_duty(c->ctx->db, next, &d, err);
	if (st != OD_OK)
		return st;
	char t1[40], t2[40], buf[256];
	snprintf(buf, sizeof buf, "%s %s (%s)  %s - %s", next->day, next->shift->name,
		 next->shift->id, clock_format(next->start, t1, sizeof t1),
		 clock_format(next->end, t2, sizeof t2) + 11);
	report_field(s, "shift", _("shift"), buf);
	if (!d.npresent && !d.nabsent) {
		report_field(s, "people", _("on duty"), _("nobody is rostered"));
	} else {
		static const char *const keys[] = {"login", "name", "phone", "status"};
		const char *heads[] = {_("login"), C_("person", "name"), _("phone"), _("status")};
		report_block *b = report_table(s, 4, keys, heads);
		for (size_t i = 0; i < d.npresent; i++) {
			const char *row[] = {d.present[i].login, d.present[i].name, d.present[i].phone,
					     _("on duty")};
			report_row(b, row);
		}
		for (size_t i = 0; i < d.nabsent; i++) {
			const char *row[] = {d.absent[i].login, d.absent[i].name,
					     d.absent[i].phone ? d.absent[i].phone : "", _("away")};
			report_row(b, row);
		}
	}
	roster_duty_clear(&d);
	return OD_OK;
}

od_status report_shift(const od_ctx *ctx, const shift_slot *slot, time_t as_of, report **out,
		       od_error *err)
{
	*out = NULL;
	char subject[160], t1[40], t2[40];
	snprintf(subject, sizeof subject, "%s %s (%s)", slot->day, slot->shift->name, slot->shift->id);
	report *r = report_begin(ctx, "shift", _("Shift handover report (值班交接班报告)"), subject,
				 as_of, err);
	if (!r)
		return OD_DB;
	shift_ctx c = {.ctx = ctx, .slot = slot, .as_of = as_of,
		       .until = as_of < slot->end ? as_of : slot->end, .r = r};
	shift_slot next;
	bool have_next = roster_slot_next(ctx->rules, slot->start, &next);
	od_status st = OD_OK;
	char *outgoing = slot_people(ctx, slot, err, &st);
	char *incoming = st == OD_OK && have_next ? slot_people(ctx, &next, err, &st) : xstrdup("-");
	char *lead = shift_lead(ctx, slot);
	char buf[256];
	snprintf(buf, sizeof buf, "%s (%s)", slot->shift->name, slot->shift->id);
	report_head(r, "shift", _("shift"), buf);
	report_head(r, "day", _("date"), slot->day);
	snprintf(buf, sizeof buf, "%s - %s", clock_format(slot->start, t1, sizeof t1),
		 clock_format(slot->end, t2, sizeof t2));
	report_head(r, "window", _("window"), buf);
	report_head(r, "timezone", _("time zone"), ctx->rules->site.timezone.id);
	report_head(r, "outgoing", _("outgoing (交班)"), outgoing ? outgoing : "-");
	report_head(r, "incoming", _("incoming (接班)"), incoming ? incoming : "-");
	report_head(r, "lead", _("shift lead (值班长)"), lead);
	snprintf(buf, sizeof buf, "%lld:%s", (long long)r->audit_id, r->audit_hash);
	report_head(r, "audit_head", _("audit head"), buf);
	free(outgoing);
	free(incoming);
	free(lead);

	/* the summary comes first but is counted from the parts below; its
	 * section is made now and filled at the end */
	report_section_add(r, "summary", _("Summary"));
	breach *bv = NULL;
	size_t nb = 0;
	if (st == OD_OK)
		st = duty_log(&c, err);
	if (st == OD_OK)
		st = opened(&c, err);
	if (st == OD_OK)
		st = resolved(&c, err);
	if (st == OD_OK)
		st = still_open(&c, &bv, &nb, err);
	if (st == OD_OK)
		st = sla_part(&c, bv, nb, err);
	for (size_t i = 0; i < nb; i++) {
		free(bv[i].summary);
		free(bv[i].owner);
	}
	free(bv);
	if (st == OD_OK) {
		alerts(&c);
		not_yet(&c, "changes", _("Changes"),
			_("none: changes are not recorded in opsdesk yet"));
		not_yet(&c, "inspections", _("Inspections"),
			_("none: inspections are not recorded in opsdesk yet"));
		st = handover(&c, err);
	}
	if (st == OD_OK)
		st = next_shift(&c, &next, have_next, err);
	if (st != OD_OK) {
		report_free(r);
		return st;
	}
	report_text(&r->sections[0],
		    _("%lld duty log entries; incidents: %lld opened, %lld resolved, %lld closed, "
		      "%lld%s still open; %lld%s SLA breaches; %lld alerts (%lld folded into open "
		      "incidents)."),
		    (long long)c.entries, (long long)c.opened, (long long)c.resolved,
		    (long long)c.closed, (long long)c.open,
		    /* the open queue is read one page deep */
		    c.open == REPORT_LIST_MAX ? "+" : "", (long long)c.breaches,
		    c.open == REPORT_LIST_MAX ? "+" : "",
		    (long long)(c.alerts + c.repeats), (long long)c.repeats);
	report_section *sig = report_section_add(r, "signatures", _("Signatures"));
	const char *labels[] = {_("交班人 (outgoing)"), _("接班人 (incoming)"), _("值班长 (shift lead)")};
	report_signatures(sig, labels, 3);
	*out = r;
	return OD_OK;
}
