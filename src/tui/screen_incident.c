/* One incident: every field, both SLA clocks and the journal, scrolled as
 * one page; t takes a workflow action, c comments, a assigns, e edits. Also
 * the intake form. Each form remembers the version it was opened on, so a
 * save over another session's newer change is refused and nothing typed is
 * lost. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/journal.h"
#include "opsdesk/journal_line.h"
#include "opsdesk/problem.h"
#include "opsdesk/kb.h"
#include "opsdesk/roster.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"
#include "opsdesk/tui_draw.h"
#include "opsdesk/tui_report.h"
#include "opsdesk/tui_form.h"
#include "opsdesk/tui_incident.h"
#include "opsdesk/tui_kb.h"
#include "opsdesk/tui_pick.h"
#include "opsdesk/tui_record.h"
#include "opsdesk/xalloc.h"

typedef struct line {
	char *text;
	tui_style style;
	bool wrap; /* a journal line: wrapped by display width, not cut */
} line;

typedef struct incident_page {
	int64_t id;
	incident inc;
	bool loaded;
	line *lines;
	size_t n, cap;
	int scroll, page;
} incident_page;

/* What a form on the incident screen remembers. */
typedef struct record_form {
	int64_t id;
	bool assigning;  /* the action form, opened by a (assign) */
	char *confirmed; /* the off-duty assignee the user was told of */
	int64_t article; /* resolving with this knowledge-base article; 0: none */
} record_form;

static const char *name_in(const rules_item *items, size_t n, const char *id)
{
	const rules_item *it = rules_item_find(items, n, id);
	return it ? it->name : id;
}

static void add_line(incident_page *rc, tui_style st, const char *text)
{
	if (rc->n == rc->cap) {
		rc->cap = rc->cap ? rc->cap * 2 : 64;
		rc->lines = xrealloc(rc->lines, rc->cap * sizeof *rc->lines);
	}
	rc->lines[rc->n++] = (line){xstrdup(text), st, false};
}

static void add_wrapped(incident_page *rc, tui_style st, const char *text)
{
	add_line(rc, st, text);
	rc->lines[rc->n - 1].wrap = true;
}

/* A labelled value; text of several lines continues indented. */
static void add_field(incident_page *rc, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	bool first = true;
	for (const char *p = value; *p || first;) {
		size_t len = strcspn(p, "\n");
		char *part = xstrndup(p, len);
		char *text = xasprintf("%-12s%s", first ? label : "", part);
		/* the label is ASCII-padded by printf; Chinese labels are padded by cells */
		if (first && text_width(label) != (int)strlen(label)) {
			free(text);
			char *fit = text_fit(label, 12, false);
			text = xasprintf("%s%s", fit, part);
			free(fit);
		}
		add_line(rc, ST_NORMAL, text);
		free(text);
		free(part);
		first = false;
		p += len;
		if (*p == '\n')
			p++;
		else
			break;
	}
}

static void clock_text(const sla_clock *c, const char *label, incident_page *rc)
{
	char due[32], text[200];
	static const char *const words[] = {N_("on time"), N_("AT RISK"), N_("BREACHED"), N_("met")};
	const char *word = c->paused && !c->stopped ? _("paused") : _(words[c->standing]);
	if (c->stopped)
		snprintf(text, sizeof text, _("%s, stopped %s (%lld of %lld min)"), word,
			 clock_format(c->stopped, due, sizeof due), (long long)c->used, (long long)c->target);
	else if (c->paused)
		snprintf(text, sizeof text, _("%s (%lld of %lld min used)"), word, (long long)c->used,
			 (long long)c->target);
	else
		snprintf(text, sizeof text, _("%s, due %s (%lld of %lld min used)"), word,
			 clock_format(c->due, due, sizeof due), (long long)c->used, (long long)c->target);
	char *l = xasprintf("%s%s", label, text);
	add_line(rc, c->standing == SLA_BREACHED ? ST_ERROR : c->standing == SLA_AT_RISK ? ST_WARN : ST_NORMAL,
		 l);
	free(l);
}

static void free_lines(incident_page *rc)
{
	for (size_t k = 0; k < rc->n; k++)
		free(rc->lines[k].text);
	free(rc->lines);
	rc->lines = NULL;
	rc->n = rc->cap = 0;
}

/* A value of a journal line as people know it: a login as the person's
 * name, a category, channel or level id as the rules name it. */
static char *value_name(od_ctx *ctx, const char *field, const char *value)
{
	const rules *r = ctx->rules;
	if (!*value || strcmp(value, "(empty)") == 0)
		return xstrdup(value);
	if (strcmp(field, "assignee") == 0) {
		char *name = staff_name_of(ctx->db, value);
		char *both = strcmp(name, value) == 0 ? xstrdup(value)
						      : xasprintf("%s (%s)", name, value);
		free(name);
		return both;
	}
	const rules_item *items = NULL;
	size_t n = 0;
	if (strcmp(field, "category") == 0)
		items = r->categories.v, n = r->categories.n;
	else if (strcmp(field, "channel") == 0)
		items = r->channels.v, n = r->channels.n;
	else if (strcmp(field, "impact") == 0)
		items = r->impact.v, n = r->impact.n;
	else if (strcmp(field, "urgency") == 0)
		items = r->urgency.v, n = r->urgency.n;
	return xstrdup(items ? name_in(items, n, value) : value);
}

/* The first line of a journal entry with ids shown as names: its parts
 * are "field: value" or "field: old -> new", joined by "; ", as the core
 * writes them. Caller frees. */
static char *journal_names(od_ctx *ctx, const char *text)
{
	strbuf sb = {0};
	sb_add(&sb, "");
	for (const char *p = text; *p;) {
		const char *end = strstr(p, "; ");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *part = xstrndup(p, len);
		char *colon = strstr(part, ": ");
		if (colon) {
			*colon = '\0';
			const char *value = colon + 2;
			char *arrow = strstr(value, " -> ");
			if (arrow) {
				char *old = xstrndup(value, (size_t)(arrow - value));
				char *a = value_name(ctx, part, old), *b = value_name(ctx, part, arrow + 4);
				sb_addf(&sb, "%s%s: %s -> %s", sb.len ? "; " : "", part, a, b);
				free(old);
				free(a);
				free(b);
			} else {
				char *v = value_name(ctx, part, value);
				sb_addf(&sb, "%s%s: %s", sb.len ? "; " : "", part, v);
				free(v);
			}
		} else {
			sb_addf(&sb, "%s%s", sb.len ? "; " : "", part);
		}
		free(part);
		p += len + (end ? 2 : 0);
	}
	return sb_take(&sb);
}

static void record_reload(void *self, tui_app *app)
{
	incident_page *rc = self;
	od_ctx *ctx = tui_ctx(app);
	const rules *r = ctx->rules;
	free_lines(rc);
	incident_clear(&rc->inc);
	od_error err;
	rc->loaded = incident_get(ctx->db, rc->id, &rc->inc, &err) == OD_OK;
	if (!rc->loaded) {
		add_line(rc, ST_ERROR, err.msg);
		return;
	}
	incident *inc = &rc->inc;
	char ref[32], when[32], buf[512];
	incident_ref(inc->id, ref, sizeof ref);
	snprintf(buf, sizeof buf, "%s  %s", ref, inc->summary);
	add_line(rc, ST_TITLE, buf);
	snprintf(buf, sizeof buf, "%s  %s  %s %s / %s %s", incident_state_name(r, inc->state), inc->priority,
		 _("impact"), name_in(r->impact.v, r->impact.n, inc->impact), _("urgency"),
		 name_in(r->urgency.v, r->urgency.n, inc->urgency));
	add_field(rc, _("State"), buf);
	char *assignee = value_name(ctx, "assignee", inc->assignee);
	add_field(rc, _("Assignee"), *inc->assignee ? assignee : _("(nobody)"));
	free(assignee);
	add_field(rc, _("Category"), name_in(r->categories.v, r->categories.n, inc->category));
	add_field(rc, _("CI"), inc->ci);
	snprintf(buf, sizeof buf, "%s  %s  %s  (%s)", inc->reporter, inc->department, inc->contact,
		 name_in(r->channels.v, r->channels.n, inc->channel));
	add_field(rc, _("Reporter"), buf);
	add_field(rc, _("Occurred"), clock_format(inc->occurred, when, sizeof when));
	sla_result sla;
	if (incident_sla(ctx->db, r, inc, clock_now(), &sla, &err) == OD_OK) {
		clock_text(&sla.response, _("Response    "), rc);
		clock_text(&sla.resolution, _("Resolution  "), rc);
	}
	add_field(rc, _("Description"), inc->description);
	add_field(rc, _("Scope"), inc->scope);
	add_field(rc, _("Expectation"), inc->expectation);
	add_field(rc, _("Cause"), inc->cause);
	add_field(rc, _("Resolution"), inc->resolution);
	add_field(rc, _("Recovery"), inc->recovery_test);
	add_field(rc, _("Review"), inc->review);
	if (inc->alert_count)
		add_field(rc, _("Alerts"), (snprintf(buf, sizeof buf, "%s/%s x%lld", inc->alert_source,
						     inc->alert_key, (long long)inc->alert_count),
					    buf));
	/* the problem behind it, the change that caused it, the round that found it */
	record_link_entry *links;
	size_t nl;
	if (record_links(ctx->db, ref, &links, &nl, NULL) == OD_OK) {
		strbuf all = {0};
		for (size_t i = 0; i < nl; i++)
			sb_addf(&all, "%s%s (%s)", i ? ", " : "", links[i].ref, links[i].role);
		add_field(rc, _("Links"), all.buf ? all.buf : "");
		sb_free(&all);
		record_links_free(links, nl);
	}
	/* the known way round it, for whoever handles it now */
	record *prb;
	size_t np;
	if (problem_of_incident(ctx->db, inc->id, &prb, &np, NULL) == OD_OK) {
		for (size_t i = 0; i < np; i++) {
			snprintf(buf, sizeof buf, "PRB-%lld %s (%s)", (long long)prb[i].id,
				 record_value(&prb[i], "title"),
				 record_state_name(ctx->rules, &problem_kind, prb[i].state));
			add_field(rc, _("Problem"), buf);
			add_field(rc, _("Workaround"), record_value(&prb[i], "workaround"));
		}
		record_list_free(prb, np);
	}
	/* a major incident on a CI an emergency plan covers: the plan to follow */
	record *plans;
	size_t nplans;
	if (kb_plans_for_incident(ctx, inc->id, &plans, &nplans, NULL) == OD_OK) {
		if (nplans) {
			add_line(rc, ST_NORMAL, "");
			add_line(rc, ST_HEADER, _("Emergency plans (K: the knowledge base)"));
		}
		for (size_t i = 0; i < nplans; i++) {
			snprintf(buf, sizeof buf, "KB-%lld  %s", (long long)plans[i].id,
				 record_value(&plans[i], "title"));
			add_line(rc, ST_WARN, buf);
			add_field(rc, _("Trigger"), record_value(&plans[i], "trigger"));
			add_field(rc, C_("plan", "Steps"), record_value(&plans[i], "steps"));
			add_field(rc, _("RTO/RPO"), record_value(&plans[i], "recovery_targets"));
		}
		record_list_free(plans, nplans);
	}
	add_line(rc, ST_NORMAL, "");
	add_line(rc, ST_HEADER, _("Journal"));
	journal_entry *j;
	size_t nj;
	if (journal_list(ctx->db, ref, &j, &nj, NULL) == OD_OK) {
		for (size_t k = 0; k < nj; k++) {
			char *who = staff_name_of(ctx->db, j[k].actor);
			if (strcmp(who, j[k].actor) != 0)
				snprintf(buf, sizeof buf, "%s  %s (%s)",
					 clock_format(j[k].at, when, sizeof when), who, j[k].actor);
			else
				snprintf(buf, sizeof buf, "%s  %s", clock_format(j[k].at, when, sizeof when),
					 j[k].actor);
			free(who);
			add_line(rc, ST_DIM, buf);
			/* the entry in this reader's language, from its data */
			char *shown = journal_line_render(ctx->db, r, ref, &j[k]);
			bool first = true;
			for (const char *p = shown; *p;) {
				size_t len = strcspn(p, "\n");
				char *raw = xstrndup(p, len);
				/* the first line says what changed; the rest is the note */
				char *part = first ? journal_names(ctx, raw) : xstrdup(raw);
				free(raw);
				first = false;
				char *text = xasprintf("  %s", part);
				add_wrapped(rc, ST_NORMAL, text);
				free(text);
				free(part);
				p += len + (p[len] == '\n');
			}
			free(shown);
		}
		journal_entries_free(j, nj);
	}
}

static void *record_new(int64_t id)
{
	incident_page *rc = xcalloc(1, sizeof *rc);
	rc->id = id;
	return rc;
}

static void record_close(void *self)
{
	incident_page *rc = self;
	free_lines(rc);
	incident_clear(&rc->inc);
	free(rc);
}

/* Draws text (a journal line, "  " and its words) wrapped at width from
 * row on, the rows from scroll to scroll + height in view; w NULL only
 * counts. Returns the rows it takes. */
static int wrapped_rows(WINDOW *w, int scroll, const char *text, int width, int row, int height)
{
	int n = 0;
	const char *p = text;
	do {
		int indent = n ? 4 : 0;
		const char *end = width - indent > 0 ? tui_wrap_end(p, width - indent) : p + strlen(p);
		int y = row + n - scroll;
		if (w && y >= 0 && y < height) {
			char *part = xasprintf("%*s%.*s", indent, "", (int)(end - p), p);
			tui_put(w, y, 1, width, part, ST_NORMAL);
			free(part);
		}
		n++;
		p = end;
		while (*p == ' ' && n)
			p++;
	} while (*p);
	return n;
}

static void record_draw(void *self, tui_app *app, WINDOW *w)
{
	(void)app;
	incident_page *rc = self;
	int h = getmaxy(w), width = getmaxx(w);
	rc->page = h - 1;
	/* a journal line takes as many rows as it wraps to; its further rows
	 * are indented under its text */
	int total = 0;
	for (size_t k = 0; k < rc->n; k++)
		total += rc->lines[k].wrap ? wrapped_rows(NULL, 0, rc->lines[k].text, width - 2, 0, h)
					   : 1;
	int max = total - (h - 1);
	if (rc->scroll > max)
		rc->scroll = max > 0 ? max : 0;
	int row = 0;
	for (size_t k = 0; k < rc->n && row - rc->scroll < h - 1; k++) {
		const line *l = &rc->lines[k];
		if (!l->wrap) {
			if (row >= rc->scroll)
				tui_put(w, row - rc->scroll, 1, width - 2, l->text, l->style);
			row++;
			continue;
		}
		row += wrapped_rows(w, rc->scroll, l->text, width - 2, row, h - 1);
	}
	tui_put(w, h - 1, 1, width - 2, _("t action   c comment   a assign   e edit   q back"), ST_DIM);
}

/* --- forms ---------------------------------------------------------------------- */

static tui_form *refetch(tui_form *f, void *owner, tui_app *app);

static void record_form_free(void *owner)
{
	record_form *o = owner;
	if (o)
		free(o->confirmed);
	free(owner);
}

static record_form *form_owner(int64_t id, bool assigning)
{
	record_form *o = xmalloc(sizeof *o);
	*o = (record_form){id, assigning, NULL, 0};
	return o;
}

static tui_choice *item_choices(const rules_item *items, size_t n)
{
	tui_choice *c = xcalloc(n ? n : 1, sizeof *c);
	for (size_t k = 0; k < n; k++)
		c[k] = (tui_choice){items[k].id, items[k].name};
	return c;
}

static void add_item_choice(tui_form *f, const char *key, const char *label, const rules_item *items,
			    size_t n, const char *value)
{
	tui_choice *c = item_choices(items, n);
	tui_form_choice(f, key, label, c, n, value, true);
	free(c);
}

/* The priority the matrix gives, shown as impact and urgency change. */
static void show_priority(tui_form *f, void *owner)
{
	(void)owner;
	char *impact = tui_form_value(f, "impact"), *urgency = tui_form_value(f, "urgency");
	const rules *r = f->rules;
	const rules_priority *p = r ? rules_priority_for(r, impact, urgency) : NULL;
	char *text = p ? xasprintf("%s %s", p->id, p->name) : xstrdup("");
	tui_form_set_text(f, "priority", text);
	free(text);
	free(impact);
	free(urgency);
}

/* The intake and edit forms share their fields. */
static void incident_fields_form(tui_form *f, od_ctx *ctx, const incident *inc)
{
	const rules *r = ctx->rules;
	f->rules = r;
	tui_form_text(f, "summary", N_("Summary"), inc ? inc->summary : "", INCIDENT_SUMMARY_MAX, true);
	tui_form_multiline(f, "description", N_("Description"), inc ? inc->description : "",
			   INCIDENT_TEXT_MAX, 3, false);
	tui_form_text(f, "reporter", N_("Reporter"), inc ? inc->reporter : ctx->login,
		      INCIDENT_SHORT_MAX, true);
	tui_form_text(f, "department", N_("Department"), inc ? inc->department : "",
		      INCIDENT_SHORT_MAX, false);
	tui_form_text(f, "contact", N_("Contact"), inc ? inc->contact : "", INCIDENT_SHORT_MAX, false);
	add_item_choice(f, "channel", N_("Channel"), r->channels.v, r->channels.n,
			inc ? inc->channel
			    : (r->defaults.channel.id ? r->defaults.channel.id
						      : r->channels.n ? r->channels.v[0].id : NULL));
	tui_form_datetime(f, "occurred", N_("Occurred"), inc ? inc->occurred : clock_now(), true);
	tui_pick_asset(f, "ci", N_("CI"), ctx->db, inc ? inc->ci : "", false);
	add_item_choice(f, "category", N_("Category"), r->categories.v, r->categories.n,
			inc ? inc->category
			    : (r->defaults.category.id ? r->defaults.category.id
						       : r->categories.n ? r->categories.v[0].id : NULL));
	add_item_choice(f, "impact", N_("Impact"), r->impact.v, r->impact.n,
			inc ? inc->impact : r->defaults.impact.id);
	add_item_choice(f, "urgency", N_("Urgency"), r->urgency.v, r->urgency.n,
			inc ? inc->urgency : r->defaults.urgency.id);
	tui_form_shown(f, "priority", N_("Priority"), "");
	tui_form_multiline(f, "scope", N_("Scope"), inc ? inc->scope : "", INCIDENT_TEXT_MAX, 2, false);
	tui_form_text(f, "expectation", N_("Expectation"), inc ? inc->expectation : "",
		      INCIDENT_TEXT_MAX, false);
	f->on_change = show_priority;
}

/* The form's values; the caller frees each string with free_values. */
typedef struct form_values {
	char *v[13];
} form_values;

static const char *const field_keys[13] = {"summary",  "description", "reporter", "department",
					   "contact",  "channel",     "occurred", "ci",
					   "category", "impact",      "urgency",  "scope",
					   "expectation"};

static incident_fields read_fields(tui_form *f, form_values *fv)
{
	for (int k = 0; k < 13; k++)
		fv->v[k] = tui_form_value(f, field_keys[k]);
	return (incident_fields){
		.summary = fv->v[0], .description = fv->v[1], .reporter = fv->v[2],
		.department = fv->v[3], .contact = fv->v[4], .channel = fv->v[5],
		.occurred = fv->v[6], .ci = fv->v[7], .category = fv->v[8], .impact = fv->v[9],
		.urgency = fv->v[10], .scope = fv->v[11], .expectation = fv->v[12],
	};
}

static void free_values(form_values *fv)
{
	for (int k = 0; k < 13; k++)
		free(fv->v[k]);
}

static od_status submit_intake(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	(void)owner;
	form_values fv;
	incident_fields fields = read_fields(f, &fv);
	int64_t id;
	od_status s = incident_create(tui_ctx(app), &fields, &id, err);
	free_values(&fv);
	if (s == OD_OK)
		tui_status(app, false, _("Recorded INC-%lld."), (long long)id);
	return s;
}

void tui_incident_intake(tui_app *app)
{
	tui_form *f = tui_form_new(_("New incident"), "incidents.new", submit_intake, NULL);
	incident_fields_form(f, tui_ctx(app), NULL);
	tui_form_open(app, f);
}

static od_status submit_edit(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	record_form *o = owner;
	form_values fv;
	incident_fields fields = read_fields(f, &fv);
	od_status s = incident_edit(tui_ctx(app), o->id, f->version, &fields, err);
	free_values(&fv);
	if (s == OD_OK)
		tui_status(app, false, _("Saved INC-%lld."), (long long)o->id);
	return s;
}

static od_status submit_comment(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	record_form *o = owner;
	char *text = tui_form_value(f, "comment");
	od_status s = incident_comment(tui_ctx(app), o->id, text, err);
	free(text);
	return s;
}

/* Fields an action may ask for, beyond the note. */
static const char *const action_fields[] = {"assignee", "category", "cause", "resolution",
					    "recovery_test", "review"};

/* Giving the incident to someone neither on duty nor on call for the next
 * shift is asked once: the first save says so under the field, a second
 * save with the same person goes ahead. */
static od_status confirm_assignee(record_form *o, const incident_set *sets, size_t n,
				  tui_app *app, od_error *err)
{
	const od_ctx *ctx = tui_ctx(app);
	for (size_t k = 0; k < n; k++) {
		const char *login = sets[k].value;
		if (strcmp(sets[k].field, "assignee") != 0 ||
		    (o->confirmed && strcmp(o->confirmed, login) == 0) ||
		    roster_available(ctx->db, ctx->rules, login, clock_now()))
			continue;
		free(o->confirmed);
		o->confirmed = xstrdup(login);
		return od_fail(err, OD_INVALID,
			       _("assignee: %s is neither on duty nor on call for the next shift; "
				 "save again to assign anyway"),
			       login);
	}
	return OD_OK;
}

static od_status submit_action(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	record_form *o = owner;
	char *action = tui_form_value(f, "action"), *note = tui_form_value(f, "note");
	incident_set sets[6];
	char *values[6];
	size_t n = 0;
	for (int k = 0; k < 6; k++) {
		values[k] = tui_form_value(f, action_fields[k]);
		if (*values[k] && !tui_form_is_hidden(f, action_fields[k]))
			sets[n++] = (incident_set){action_fields[k], values[k]};
	}
	od_status s = *action ? confirm_assignee(o, sets, n, app, err)
			      : od_fail(err, OD_INVALID, _("action: choose one"));
	if (s == OD_OK && o->article)
		s = kb_resolve_incident(tui_ctx(app), o->id, o->article, action, note, sets, n,
					f->version, err);
	else if (s == OD_OK)
		s = incident_transition(tui_ctx(app), o->id, action, note, sets, n, f->version, err);
	if (s == OD_OK && o->article)
		tui_status(app, false, _("INC-%lld: %s with KB-%lld, linked."), (long long)o->id, action,
			   (long long)o->article);
	for (int k = 0; k < 6; k++)
		free(values[k]);
	free(action);
	free(note);
	return s;
}

/* Shows what the chosen action needs, as it changes. */
static void show_needs(tui_form *f, void *owner)
{
	(void)owner;
	char *action = tui_form_value(f, "action");
	const rules_workflow *w = &f->rules->workflows.incident;
	strbuf needs = {0};
	for (size_t k = 0; k < w->transitions.n; k++) {
		const rules_transition *t = &w->transitions.v[k];
		if (strcmp(t->id, action) != 0)
			continue;
		for (size_t j = 0; j < t->requires.n; j++)
			sb_addf(&needs, "%s%s", needs.len ? ", " : "", t->requires.v[j].id);
		for (size_t j = 0; j < t->requires_if_major.n; j++)
			sb_addf(&needs, "%s%s%s", needs.len ? ", " : "", t->requires_if_major.v[j].id,
				_(" (if major)"));
	}
	tui_form_set_text(f, "needs", needs.buf ? needs.buf : _("nothing more"));
	sb_free(&needs);
	/* only the fields the chosen action requires (or, for a major
	 * incident, requires then) are shown; the note always is */
	const rules_transition *chosen = NULL;
	for (size_t k = 0; k < w->transitions.n; k++)
		if (strcmp(w->transitions.v[k].id, action) == 0)
			chosen = &w->transitions.v[k];
	for (size_t k = 0; k < sizeof action_fields / sizeof *action_fields; k++) {
		bool used = false;
		for (size_t j = 0; chosen && j < chosen->requires.n; j++)
			used |= strcmp(chosen->requires.v[j].id, action_fields[k]) == 0;
		for (size_t j = 0; chosen && j < chosen->requires_if_major.n; j++)
			used |= strcmp(chosen->requires_if_major.v[j].id, action_fields[k]) == 0;
		tui_form_hide(f, action_fields[k], !used);
	}
	free(action);
}

/* The action form on inc (NULL when no action is open to the user,
 * with why on the status line). */
static tui_form *action_form(tui_app *app, const incident *inc, bool assigning, int64_t article)
{
	od_ctx *ctx = tui_ctx(app);
	const rules_transition *acts[32];
	size_t n = incident_actions(ctx, inc, acts, 32);
	tui_choice *c = xcalloc(n ? n : 1, sizeof *c);
	size_t m = 0;
	for (size_t k = 0; k < n; k++) {
		bool assigns = false;
		for (size_t j = 0; j < acts[k]->requires.n; j++)
			assigns |= strcmp(acts[k]->requires.v[j].id, "assignee") == 0;
		if (!assigning || assigns)
			c[m++] = (tui_choice){acts[k]->id, acts[k]->name};
	}
	/* resolving with an article: the first action that asks for a resolution */
	const char *first = m ? c[0].value : NULL;
	bool resolves = false;
	for (size_t k = 0; article && k < n && !resolves; k++)
		for (size_t j = 0; j < acts[k]->requires.n && !resolves; j++)
			if (strcmp(acts[k]->requires.v[j].id, "resolution") == 0) {
				first = acts[k]->id;
				resolves = true;
			}
	if (m == 0 || (article && !resolves)) {
		tui_status(app, true,
			   article ? _("No action that resolves is open to you in this state.")
			   : assigning ? _("No action that assigns is open to you in this state.")
				       : _("No action is open to you in this state."));
		free(c);
		return NULL;
	}
	record art = {0};
	bool have_art = article && record_get(ctx->db, &kb_kind, article, &art, NULL) == OD_OK;
	const char *cause = inc->cause, *resolution = inc->resolution;
	if (have_art) {
		if (*record_value(&art, "cause"))
			cause = record_value(&art, "cause");
		if (*record_value(&art, "solution"))
			resolution = record_value(&art, "solution");
	}
	char ref[32], *title;
	incident_ref(inc->id, ref, sizeof ref);
	title = article ? xasprintf(_("%s: resolve with KB-%lld"), ref, (long long)article)
			: xasprintf(assigning ? _("Assign %s") : _("Action on %s"), ref);
	/* a resolution from an article is not kept as a draft: the article is */
	char *draft = article ? NULL
			      : xasprintf(assigning ? "incidents.assign:%s" : "incidents.action:%s", ref);
	record_form *owner = form_owner(inc->id, assigning);
	owner->article = article;
	tui_form *f = tui_form_new(title, draft, submit_action, owner);
	f->version = inc->version;
	free(title);
	free(draft);
	f->owner_free = record_form_free;
	f->refetch = refetch;
	f->rules = ctx->rules;
	tui_form_choice(f, "action", N_("Action"), c, m, first, true);
	free(c);
	tui_form_shown(f, "needs", N_("Needs"), "");
	tui_form_person(f, "assignee", N_("Assignee"), ctx->db, inc->assignee, false);
	if (!assigning) {
		add_item_choice(f, "category", N_("Category"), ctx->rules->categories.v,
				ctx->rules->categories.n, inc->category);
		tui_form_multiline(f, "cause", N_("Cause"), cause, INCIDENT_TEXT_MAX, 2, false);
		tui_form_multiline(f, "resolution", N_("Resolution"), resolution, INCIDENT_TEXT_MAX, 2,
				   false);
		tui_form_multiline(f, "recovery_test", N_("Recovery test"), inc->recovery_test,
				   INCIDENT_TEXT_MAX, 2, false);
		tui_form_multiline(f, "review", N_("Review"), inc->review, INCIDENT_TEXT_MAX, 2, false);
	}
	tui_form_multiline(f, "note", N_("Note"), "", INCIDENT_TEXT_MAX, 2, false);
	f->on_change = show_needs;
	if (have_art)
		record_clear(&art);
	return f;
}

static void open_action(incident_page *rc, tui_app *app, bool assigning)
{
	tui_form *f = action_form(app, &rc->inc, assigning, 0);
	if (f)
		tui_form_open(app, f);
}

static void open_comment(incident_page *rc, tui_app *app)
{
	char ref[32];
	incident_ref(rc->id, ref, sizeof ref);
	char *title = xasprintf(_("Comment on %s"), ref);
	char *draft = xasprintf("incidents.comment:%s", ref);
	tui_form *f = tui_form_new(title, draft, submit_comment, form_owner(rc->id, false));
	f->owner_free = record_form_free;
	tui_form_multiline(f, "comment", N_("Comment"), "", INCIDENT_TEXT_MAX, 6, true);
	tui_form_open(app, f);
	free(title);
	free(draft);
}

static tui_form *edit_form(tui_app *app, const incident *inc)
{
	char ref[32];
	incident_ref(inc->id, ref, sizeof ref);
	char *title = xasprintf(_("Edit %s"), ref);
	char *draft = xasprintf("incidents.edit:%s", ref);
	tui_form *f = tui_form_new(title, draft, submit_edit, form_owner(inc->id, false));
	f->version = inc->version;
	f->owner_free = record_form_free;
	f->refetch = refetch;
	incident_fields_form(f, tui_ctx(app), inc);
	free(title);
	free(draft);
	return f;
}

static void open_edit(incident_page *rc, tui_app *app)
{
	tui_form_open(app, edit_form(app, &rc->inc));
}

/* The incident screen's forms built again over the incident as it is now, for a
 * save refused because another session changed it. */
static tui_form *refetch(tui_form *f, void *owner, tui_app *app)
{
	record_form *o = owner;
	incident inc;
	if (incident_get(tui_ctx(app)->db, o->id, &inc, NULL) != OD_OK)
		return NULL;
	tui_form *fresh = f->submit == submit_edit ? edit_form(app, &inc)
						   : action_form(app, &inc, o->assigning, o->article);
	if (fresh && fresh->on_change)
		fresh->on_change(fresh, fresh->owner);
	incident_clear(&inc);
	return fresh;
}

/* The incident as the record mechanism's kind, for its generic link form
 * (drafts "incidents.link:INC-n"). */
static const tui_record_kind incident_record = {.kind = &incident_kind, .context = "incidents"};

static void open_link(incident_page *rc, tui_app *app)
{
	record rec = {.kind = &incident_kind, .id = rc->id};
	tui_record_link_form(app, &incident_record, &rec);
}

static tui_reaction record_key(void *self, tui_app *app, tui_key k)
{
	incident_page *rc = self;
	if (!k.func && k.ch == 27)
		return TUI_CLOSE;
	if (!rc->loaded)
		return TUI_NOT_MINE;
	switch (tui_action_for("record", k)) {
	case A_TRANSITION: open_action(rc, app, false); return TUI_HANDLED;
	case A_ASSIGN: open_action(rc, app, true); return TUI_HANDLED;
	case A_COMMENT: open_comment(rc, app); return TUI_HANDLED;
	case A_EDIT: open_edit(rc, app); return TUI_HANDLED;
	case A_REPORT: tui_report_incident(app, rc->id); return TUI_HANDLED;
	case A_KB_RESOLVE: tui_kb_pick_for_incident(app, rc->id, rc->inc.summary); return TUI_HANDLED;
	case A_LINK: open_link(rc, app); return TUI_HANDLED;
	default: break;
	}
	switch (tui_action_for("list", k)) {
	case A_UP: if (rc->scroll > 0) rc->scroll--; return TUI_HANDLED;
	case A_DOWN: rc->scroll++; return TUI_HANDLED;
	case A_PAGE_UP: rc->scroll = rc->scroll > rc->page ? rc->scroll - rc->page : 0; return TUI_HANDLED;
	case A_PAGE_DOWN: rc->scroll += rc->page; return TUI_HANDLED;
	case A_FIRST: rc->scroll = 0; return TUI_HANDLED;
	case A_LAST: rc->scroll = (int)rc->n; return TUI_HANDLED;
	case A_REFRESH: return TUI_RELOAD;
	default: return TUI_NOT_MINE;
	}
}

static const tui_screen_ops record_screen = {
	.title = N_("Incident"),
	.number = -1,
	.context = "record",
	.close = record_close,
	.reload = record_reload,
	.draw = record_draw,
	.key = record_key,
};

void tui_incident_open(tui_app *app, int64_t id)
{
	incident_page *rc = record_new(id);
	record_reload(rc, app);
	tui_push(app, &record_screen, rc);
}

void tui_incident_resolve_with(tui_app *app, int64_t incident_id, int64_t kb_id)
{
	incident inc;
	od_error err;
	if (incident_get(tui_ctx(app)->db, incident_id, &inc, &err) != OD_OK) {
		tui_status(app, true, "%s", err.msg);
		return;
	}
	tui_form *f = action_form(app, &inc, false, kb_id);
	if (f) {
		tui_form_open(app, f);
		if (f->on_change)
			f->on_change(f, f->owner);
	}
	incident_clear(&inc);
}

void tui_incident_resume(tui_app *app, const char *form_id)
{
	if (strcmp(form_id, "incidents.new") == 0) {
		tui_incident_intake(app);
		return;
	}
	const char *colon = strchr(form_id, ':');
	int64_t id;
	if (!colon || incident_parse_ref(colon + 1, &id, NULL) != OD_OK)
		return;
	incident_page *rc = record_new(id);
	record_reload(rc, app);
	tui_push(app, &record_screen, rc);
	if (!rc->loaded)
		return;
	if (strncmp(form_id, "incidents.comment:", 18) == 0)
		open_comment(rc, app);
	else if (strncmp(form_id, "incidents.edit:", 15) == 0)
		open_edit(rc, app);
	else if (strncmp(form_id, "incidents.action:", 17) == 0)
		open_action(rc, app, false);
	else if (strncmp(form_id, "incidents.assign:", 17) == 0)
		open_action(rc, app, true);
	else if (strncmp(form_id, "incidents.link:", 15) == 0)
		open_link(rc, app);
}
