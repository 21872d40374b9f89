/* The roster's actions as forms: each gathers what the CLI's options give
 * and calls the same core function, so the checks and messages are the
 * CLI's; a refusal naming a field ("with: ...") shows under that field. */
#include "opsdesk/tui_roster.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/access.h"
#include "opsdesk/clock.h"
#include "opsdesk/handover.h"
#include "opsdesk/i18n.h"
#include "opsdesk/roster.h"
#include "opsdesk/staff.h"
#include "opsdesk/swap.h"
#include "opsdesk/text.h"
#include "opsdesk/tui_form.h"
#include "opsdesk/xalloc.h"

/* Shifts are offered from today for this many days: a swap is asked for
 * ahead of time, rarely more than a few weeks. */
enum { AHEAD_DAYS = 42 };

/* --- shift choices ---------------------------------------------------------- */

typedef struct choices {
	tui_choice *v;
	size_t n;
} choices;

static void choices_add(choices *c, char *value, char *label)
{
	c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
	c->v[c->n++] = (tui_choice){value, label};
}

static void choices_free(choices *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].value);
		free(c->v[i].label);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

/* "2026-11-23 D 白班" for a slot's value "2026-11-23/D". */
static char *slot_label(const rules *r, const char *day, const char *code)
{
	const rules_shift *sh = rules_shift_find(r, code);
	return xasprintf("%s %s %s", day, code, sh ? sh->name : "");
}

/* login's shifts from first for days days, as "DAY/SHIFT" choices. */
static void shifts_of(od_ctx *ctx, const char *login, const char *first, int days, choices *out)
{
	char last[ROSTER_DAY_LEN];
	roster_day_add(last, first, days - 1);
	roster_entry *e = NULL;
	size_t n = 0;
	if (!login || !*login || roster_range(ctx->db, ctx->rules, first, last, &e, &n, NULL) != OD_OK)
		return;
	for (size_t i = 0; i < n; i++)
		if (strcmp(e[i].login, login) == 0)
			choices_add(out, xasprintf("%s/%s", e[i].day, e[i].shift),
				    slot_label(ctx->rules, e[i].day, e[i].shift));
	roster_entries_free(e, n);
}

static void today(char out[ROSTER_DAY_LEN])
{
	roster_day_of(clock_now(), out);
}

static tui_field *form_field(tui_form *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].key, key) == 0)
			return &f->fields[i];
	return NULL;
}

/* A value "DAY/SHIFT" of a choice into its parts; false for "". */
static bool split_value(const char *value, char day[ROSTER_DAY_LEN], const char **shift)
{
	const char *slash = strchr(value, '/');
	if (!slash || (size_t)(slash - value) >= ROSTER_DAY_LEN)
		return false;
	memcpy(day, value, (size_t)(slash - value));
	day[slash - value] = '\0';
	*shift = slash + 1;
	return true;
}

/* --- swap request ------------------------------------------------------------- */

typedef struct swap_form {
	od_ctx *ctx;
	char *with_seen; /* the colleague whose shifts "back" offers */
} swap_form;

static void swap_form_free(void *owner)
{
	swap_form *sf = owner;
	free(sf->with_seen);
	free(sf);
}

/* The shifts offered back follow the colleague chosen. */
static void swap_on_change(tui_form *f, void *owner)
{
	swap_form *sf = owner;
	char *with = tui_form_value(f, "with");
	if (sf->with_seen && strcmp(with, sf->with_seen) == 0) {
		free(with);
		return;
	}
	free(sf->with_seen);
	sf->with_seen = with;
	char first[ROSTER_DAY_LEN];
	today(first);
	choices c = {0};
	shifts_of(sf->ctx, with, first, AHEAD_DAYS, &c);
	tui_field *back = form_field(f, "back");
	if (back)
		tui_field_replace_choices(back, c.v, c.n);
	choices_free(&c);
}

static od_status swap_submit(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	(void)owner;
	od_ctx *ctx = tui_ctx(app);
	char *mine = tui_form_value(f, "shift"), *with = tui_form_value(f, "with"),
	     *back = tui_form_value(f, "back"), *reason = tui_form_value(f, "reason");
	char day[ROSTER_DAY_LEN], back_day[ROSTER_DAY_LEN];
	const char *shift = NULL, *back_shift = NULL;
	od_status s;
	if (!split_value(mine, day, &shift)) {
		s = od_fail(err, OD_INVALID, _("shift: choose one of your shifts"));
		goto done;
	}
	bool gives_back = split_value(back, back_day, &back_shift);
	swap_ask ask = {
		.day = day,
		.shift = shift,
		.other = with,
		.other_day = gives_back ? back_day : NULL,
		.other_shift = gives_back ? back_shift : NULL,
		.reason = reason,
	};
	int64_t id;
	if ((s = swap_request_new(ctx, &ask, &id, err)) == OD_OK)
		tui_status(app, false,
			   _("swap %lld: requested; waiting for %s to agree, then for a manager"),
			   (long long)id, with);
done:
	free(mine);
	free(with);
	free(back);
	free(reason);
	return s;
}

void tui_roster_swap_request(tui_app *app, const char *day)
{
	od_ctx *ctx = tui_ctx(app);
	od_error err;
	if (access_require_staff(ctx, &err) != OD_OK) {
		tui_status(app, true, "%s", err.msg);
		return;
	}
	char first[ROSTER_DAY_LEN];
	today(first);
	choices mine = {0};
	shifts_of(ctx, ctx->login, first, AHEAD_DAYS, &mine);
	if (!mine.n) {
		tui_status(app, true, _("You have no shift in the next %d days to swap."), AHEAD_DAYS);
		return;
	}
	/* the cursor's day picks the shift first, when it is one of yours */
	const char *pick = mine.v[0].value;
	for (size_t i = 0; day && i < mine.n; i++)
		if (strncmp(mine.v[i].value, day, strlen(day)) == 0 &&
		    mine.v[i].value[strlen(day)] == '/') {
			pick = mine.v[i].value;
			break;
		}
	swap_form *sf = xcalloc(1, sizeof *sf);
	sf->ctx = ctx;
	tui_form *f = tui_form_new(_("Request a shift swap (the colleague agrees, then a manager)"),
				   NULL, swap_submit, sf);
	f->owner_free = swap_form_free;
	f->on_change = swap_on_change;
	tui_form_choice(f, "shift", N_("Your shift"), mine.v, mine.n, pick, true);
	tui_form_person(f, "with", N_("Given to"), ctx->db, NULL, true);
	tui_form_choice(f, "back", N_("Theirs back"), NULL, 0, NULL, false);
	tui_form_text(f, "reason", N_("Reason"), "", ROSTER_REASON_MAX, true);
	choices_free(&mine);
	tui_form_open(app, f);
}

/* --- pending swaps -------------------------------------------------------------- */

static const char *const decisions[] = {"agree", "decline", "approve", "reject"};
static const char *const decision_labels[] = {
	N_("agree: I take the shift"), N_("decline: I do not take it"),
	N_("approve (operations manager)"), N_("reject (operations manager)")};

static od_status pending_submit(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	(void)owner;
	od_ctx *ctx = tui_ctx(app);
	char *which = tui_form_value(f, "swap"), *decision = tui_form_value(f, "decision"),
	     *comment = tui_form_value(f, "comment");
	int64_t id = strtoll(which, NULL, 10);
	od_status s;
	if (strcmp(decision, "agree") == 0 || strcmp(decision, "decline") == 0)
		s = swap_answer(ctx, id, strcmp(decision, "agree") == 0, *comment ? comment : NULL, err);
	else
		s = swap_decide(ctx, id, strcmp(decision, "approve") == 0, comment, err);
	if (s == OD_OK) {
		swap_request q;
		if (swap_get(ctx->db, id, &q, NULL) == OD_OK) {
			tui_status(app, false, _("swap %lld: %s"), (long long)id, swap_state_text(q.state));
			swap_request_clear(&q);
		}
	}
	free(which);
	free(decision);
	free(comment);
	return s;
}

void tui_roster_swaps_pending(tui_app *app)
{
	od_ctx *ctx = tui_ctx(app);
	swap_request *v;
	size_t n;
	od_error err;
	if (swap_list(ctx->db, true, &v, &n, &err) != OD_OK) {
		tui_status(app, true, "%s", err.msg);
		return;
	}
	if (!n) {
		tui_status(app, false, "%s", _("no pending swap requests"));
		swap_requests_free(v, n);
		return;
	}
	bool approver = access_require(ctx, "roster.approve", NULL) == OD_OK;
	choices c = {0};
	const char *decision = NULL;
	for (size_t i = 0; i < n; i++) {
		const swap_request *q = &v[i];
		bool asked = strcmp(q->other, ctx->login) == 0 && strcmp(q->state, SWAP_REQUESTED) == 0;
		char *back = *q->other_day ? xasprintf(_(", back %s/%s"), q->other_day, q->other_shift)
					   : xstrdup("");
		/* the people as the screens name them */
		char *owner = staff_name_of(ctx->db, q->owner), *other = staff_name_of(ctx->db, q->other);
		choices_add(&c, xasprintf("%lld", (long long)q->id),
			    /* TRANSLATORS: a swap request to pick: number, day/shift, owner -> other,
			     * the shift back, (state): reason */
			    xasprintf(_("#%lld %s/%s %s -> %s%s (%s): %s"), (long long)q->id, q->day,
				      q->shift, owner, other, back, swap_state_text(q->state), q->reason));
		free(owner);
		free(other);
		free(back);
		/* what the first request lets this user do */
		if (i == 0)
			decision = asked ? "agree" : approver ? "approve" : NULL;
	}
	tui_choice d[4];
	for (size_t i = 0; i < 4; i++)
		d[i] = (tui_choice){(char *)decisions[i], (char *)_(decision_labels[i])};
	tui_form *f = tui_form_new(_("Pending swap requests"), NULL, pending_submit, NULL);
	tui_form_choice(f, "swap", N_("Request"), c.v, c.n, c.v[0].value, true);
	tui_form_choice(f, "decision", N_("Decision"), d, 4, decision, true);
	tui_form_text(f, "comment", N_("Comment"), "", ROSTER_REASON_MAX, false);
	choices_free(&c);
	swap_requests_free(v, n);
	tui_form_open(app, f);
}

/* --- leave ------------------------------------------------------------------------ */

static od_status leave_submit(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	(void)owner;
	od_ctx *ctx = tui_ctx(app);
	char *login = tui_form_value(f, "person"), *from = tui_form_value(f, "from"),
	     *to = tui_form_value(f, "to"), *reason = tui_form_value(f, "reason");
	int64_t id;
	roster_entry *clashes = NULL;
	size_t n = 0;
	od_status s = leave_add(ctx, login, from, *to ? to : from, reason, &id, &clashes, &n, err);
	if (s == OD_OK) {
		strbuf sb = {0};
		sb_addf(&sb, _("leave %lld: %s from %s to %s"), (long long)id, login, from,
			*to ? to : from);
		for (size_t i = 0; i < n; i++)
			sb_addf(&sb, _("; still rostered: %s %s (swap or reassign it)"), clashes[i].day,
				clashes[i].shift);
		tui_status(app, n > 0, "%s", sb.buf);
		sb_free(&sb);
	}
	roster_entries_free(clashes, n);
	free(login);
	free(from);
	free(to);
	free(reason);
	return s;
}

void tui_roster_leave_add(tui_app *app, const char *login, const char *day)
{
	od_ctx *ctx = tui_ctx(app);
	char first[ROSTER_DAY_LEN];
	if (day)
		snprintf(first, sizeof first, "%s", day);
	else
		today(first);
	tui_form *f = tui_form_new(_("Record leave"), NULL, leave_submit, NULL);
	tui_form_person(f, "person", N_("Person"), ctx->db, login ? login : ctx->login, true);
	tui_form_text(f, "from", N_("From"), first, ROSTER_DAY_LEN - 1, true);
	tui_form_text(f, "to", N_("To"), first, ROSTER_DAY_LEN - 1, false);
	tui_form_text(f, "reason", N_("Reason"), "", ROSTER_REASON_MAX, true);
	tui_form_open(app, f);
}

static od_status cancel_submit(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	(void)owner;
	char *which = tui_form_value(f, "leave"), *reason = tui_form_value(f, "reason");
	int64_t id = strtoll(which, NULL, 10);
	od_status s = leave_cancel(tui_ctx(app), id, reason, err);
	if (s == OD_OK)
		tui_status(app, false, _("leave %lld: cancelled"), (long long)id);
	free(which);
	free(reason);
	return s;
}

void tui_roster_leave_cancel(tui_app *app, const char *login)
{
	od_ctx *ctx = tui_ctx(app);
	const char *who = login ? login : ctx->login;
	leave_entry *v;
	size_t n;
	od_error err;
	if (leave_list(ctx->db, who, NULL, NULL, &v, &n, &err) != OD_OK) {
		tui_status(app, true, "%s", err.msg);
		return;
	}
	if (!n) {
		tui_status(app, false, _("%s has no leave recorded."), who);
		leave_entries_free(v, n);
		return;
	}
	choices c = {0};
	for (size_t i = 0; i < n; i++)
		choices_add(&c, xasprintf("%lld", (long long)v[i].id),
			    xasprintf("#%lld %s .. %s  %s", (long long)v[i].id, v[i].first, v[i].last,
				      v[i].reason));
	char *title = xasprintf(_("Cancel leave of %s"), who);
	tui_form *f = tui_form_new(title, NULL, cancel_submit, NULL);
	free(title);
	tui_form_choice(f, "leave", N_("Leave"), c.v, c.n, c.v[0].value, true);
	tui_form_text(f, "reason", N_("Reason"), "", ROSTER_REASON_MAX, false);
	choices_free(&c);
	leave_entries_free(v, n);
	tui_form_open(app, f);
}

/* --- reassignment on someone's behalf --------------------------------------------- */

typedef struct reassign_form {
	char *owner;
} reassign_form;

static void reassign_free(void *owner)
{
	reassign_form *rf = owner;
	free(rf->owner);
	free(rf);
}

static od_status reassign_submit(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	reassign_form *rf = owner;
	od_ctx *ctx = tui_ctx(app);
	char *which = tui_form_value(f, "shift"), *to = tui_form_value(f, "with"),
	     *reason = tui_form_value(f, "reason");
	char day[ROSTER_DAY_LEN];
	const char *shift = NULL;
	od_status s;
	if (!split_value(which, day, &shift)) {
		s = od_fail(err, OD_INVALID, _("shift: choose one"));
	} else {
		swap_ask ask = {.owner = rf->owner, .day = day, .shift = shift, .other = to,
				.reason = reason};
		int64_t id;
		if ((s = swap_request_new(ctx, &ask, &id, err)) == OD_OK)
			tui_status(app, false, _("swap %lld: %s/%s reassigned from %s to %s"),
				   (long long)id, day, shift, rf->owner, to);
	}
	free(which);
	free(to);
	free(reason);
	return s;
}

void tui_roster_reassign(tui_app *app, const char *login, const char *day)
{
	od_ctx *ctx = tui_ctx(app);
	od_error err;
	if (access_require(ctx, "roster.manage", &err) != OD_OK) {
		tui_status(app, true, "%s", err.msg);
		return;
	}
	choices c = {0};
	shifts_of(ctx, login, day, 1, &c);
	if (!c.n) {
		tui_status(app, true, _("%s has no shift on %s to reassign."), login, day);
		return;
	}
	reassign_form *rf = xcalloc(1, sizeof *rf);
	rf->owner = xstrdup(login);
	/* the person as the screens name them */
	char *name = staff_name_of(ctx->db, login);
	char *title = xasprintf(_("Reassign a shift of %s on their behalf"), name);
	free(name);
	tui_form *f = tui_form_new(title, NULL, reassign_submit, rf);
	free(title);
	f->owner_free = reassign_free;
	tui_form_choice(f, "shift", N_("Shift"), c.v, c.n, c.v[0].value, true);
	tui_form_person(f, "with", N_("Given to"), ctx->db, NULL, true);
	tui_form_text(f, "reason", N_("Reason"), "", ROSTER_REASON_MAX, true);
	choices_free(&c);
	tui_form_open(app, f);
}

/* --- handover ---------------------------------------------------------------------- */

typedef struct note_form {
	shift_slot slot;
} note_form;

static od_status note_submit(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	note_form *nf = owner;
	char *text = tui_form_value(f, "note"), *follow = tui_form_value(f, "follow-up"),
	     *due_text = tui_form_value(f, "due");
	time_t due = 0;
	od_status s = OD_OK;
	if (*due_text && clock_parse(due_text, &due, err) != OD_OK) {
		od_error inner = *err;
		s = od_fail(err, OD_INVALID, "due: %s", inner.msg);
	}
	int64_t id;
	if (s == OD_OK &&
	    (s = handover_note_add(tui_ctx(app), &nf->slot, text, follow, due, &id, err)) == OD_OK)
		tui_status(app, false, _("handover note %lld on %s %s"), (long long)id,
			   nf->slot.day, nf->slot.shift->id);
	free(text);
	free(follow);
	free(due_text);
	return s;
}

void tui_roster_handover_note(tui_app *app)
{
	od_ctx *ctx = tui_ctx(app);
	shift_slot slot;
	if (!roster_slot_at(ctx->rules, clock_now(), &slot)) {
		tui_status(app, true, "%s", _("No shift is on duty now, so there is no handover to write."));
		return;
	}
	note_form *nf = xcalloc(1, sizeof *nf);
	nf->slot = slot;
	char *title = xasprintf(_("Handover note of %s %s %s"), slot.day, slot.shift->id,
				slot.shift->name);
	tui_form *f = tui_form_new(title, NULL, note_submit, nf);
	free(title);
	f->owner_free = free;
	tui_form_multiline(f, "note", N_("Note"), "", HANDOVER_TEXT_MAX, 4, true);
	tui_form_person(f, "follow-up", N_("Follow-up"), ctx->db, NULL, false);
	tui_form_datetime(f, "due", N_("Due"), 0, false);
	tui_form_open(app, f);
}

static shift_slot ack_slot; /* the question's subject; one question is asked at a time */

static tui_reaction ack_answer(void *self, tui_app *app, bool yes)
{
	(void)self;
	if (!yes)
		return TUI_HANDLED;
	od_ctx *ctx = tui_ctx(app);
	od_error err;
	if (handover_acknowledge(ctx, &ack_slot, &err) != OD_OK)
		tui_status(app, true, "%s", err.msg);
	else
		tui_status(app, false, _("handover of %s %s acknowledged by %s"), ack_slot.day,
			   ack_slot.shift->id, ctx->login);
	return TUI_RELOAD;
}

void tui_roster_handover_ack(tui_app *app)
{
	od_ctx *ctx = tui_ctx(app);
	if (!roster_slot_prev(ctx->rules, clock_now(), &ack_slot)) {
		tui_status(app, true, "%s", _("No shift has ended yet, so there is no handover to acknowledge."));
		return;
	}
	handover_ack done = {0};
	if (handover_ack_get(ctx->db, &ack_slot, &done, NULL) == OD_OK) {
		char when[32];
		char *who = staff_name_of(ctx->db, done.incoming);
		tui_status(app, false, _("the handover of %s/%s was acknowledged by %s at %s"),
			   ack_slot.day, ack_slot.shift->id, who, clock_format(done.at, when, sizeof when));
		free(who);
		handover_ack_clear(&done);
		return;
	}
	char *question = xasprintf(_("Acknowledge the handover of %s %s %s? (y/n)"), ack_slot.day,
				   ack_slot.shift->id, ack_slot.shift->name);
	tui_ask(app, question, ack_answer, NULL);
	free(question);
}
