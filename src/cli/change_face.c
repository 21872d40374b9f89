/* What a change and a release add to the generic show (cli_record.c):
 * a change's approval round, the conflicts of its window and its steps; a
 * release's changes with their states. Registered in cli_record_faces.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/change.h"
#include "opsdesk/cli_change.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/release.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

void cli_change_conflicts_json(strbuf *sb, const change_conflict *v, size_t n)
{
	sb_add(sb, "[");
	for (size_t i = 0; i < n; i++) {
		sb_addf(sb, "%s{\"kind\":\"%s\",\"blocks\":%s,\"other\":", i ? "," : "", v[i].kind,
			v[i].blocks ? "true" : "false");
		sb_add_json(sb, v[i].other);
		sb_add(sb, ",\"reason\":");
		sb_add_json(sb, v[i].reason);
		sb_add(sb, "}");
	}
	sb_add(sb, "]");
}

static void tally_json(strbuf *sb, const rules *r, const change_tally *t)
{
	char at[40];
	sb_addf(sb, "{\"round\":%d,\"voting\":%s,\"outcome\":\"%s\",\"votes\":[", t->round,
		t->voting ? "true" : "false", t->outcome);
	for (size_t i = 0; i < t->nvotes; i++) {
		sb_add(sb, i ? ",{\"voter\":" : "{\"voter\":");
		sb_add_json(sb, t->votes[i].voter);
		sb_addf(sb, ",\"vote\":\"%s\",\"note\":", t->votes[i].vote);
		sb_add_json(sb, t->votes[i].note);
		sb_addf(sb, ",\"at\":\"%s\"}", clock_format_iso(t->votes[i].at, at, sizeof at));
	}
	sb_add(sb, "],\"may_vote\":[");
	for (size_t i = 0; i < t->nmay; i++) {
		sb_add(sb, i ? "," : "");
		sb_add_json(sb, t->may[i]);
	}
	char *needs = change_tally_needs(r, t);
	sb_add(sb, "],\"needed\":");
	sb_add_json(sb, needs);
	sb_add(sb, "}");
	free(needs);
}

static void steps_json(strbuf *sb, const change_step *v, size_t n)
{
	char a[40], b[40];
	sb_add(sb, "[");
	for (size_t i = 0; i < n; i++) {
		sb_addf(sb, "%s{\"step\":%d,\"text\":", i ? "," : "", v[i].seq);
		sb_add_json(sb, v[i].text);
		if (v[i].started)
			sb_addf(sb, ",\"started\":\"%s\",\"ended\":\"%s\"",
				clock_format_iso(v[i].started, a, sizeof a),
				clock_format_iso(v[i].ended, b, sizeof b));
		sb_add(sb, ",\"deviation\":");
		sb_add_json(sb, v[i].deviation);
		sb_add(sb, ",\"result\":");
		sb_add_json(sb, v[i].result);
		sb_add(sb, ",\"done_by\":");
		sb_add_json(sb, v[i].done_by);
		sb_add(sb, "}");
	}
	sb_add(sb, "]");
}

/* The parts of a change show adds; false (with nothing to free) when one
 * cannot be read, which the show then leaves out. */
typedef struct change_parts {
	change_tally tally;
	change_conflict *cf;
	size_t ncf;
	change_step *steps;
	size_t nsteps;
} change_parts;

static bool parts_get(cli_env *env, const record *rec, change_parts *p)
{
	memset(p, 0, sizeof *p);
	if (change_tally_get(&env->ctx, rec, &p->tally, NULL) != OD_OK)
		return false;
	if ((rec->open && change_conflicts(&env->ctx, rec, &p->cf, &p->ncf, NULL) != OD_OK) ||
	    change_steps(env->ctx.db, rec->id, &p->steps, &p->nsteps, NULL) != OD_OK) {
		change_tally_clear(&p->tally);
		change_conflicts_free(p->cf, p->ncf);
		return false;
	}
	return true;
}

static void parts_clear(change_parts *p)
{
	change_tally_clear(&p->tally);
	change_conflicts_free(p->cf, p->ncf);
	change_steps_free(p->steps, p->nsteps);
}

void cli_change_json_more(cli_env *env, const record *rec, strbuf *sb)
{
	change_parts p;
	if (!parts_get(env, rec, &p))
		return;
	sb_add(sb, ",\"approval\":");
	tally_json(sb, env->rules, &p.tally);
	sb_add(sb, ",\"conflicts\":");
	cli_change_conflicts_json(sb, p.cf, p.ncf);
	sb_add(sb, ",\"steps\":");
	steps_json(sb, p.steps, p.nsteps);
	parts_clear(&p);
}

void cli_change_show_more(cli_env *env, const record *rec)
{
	change_parts p;
	if (!parts_get(env, rec, &p))
		return;
	const change_tally *t = &p.tally;
	strbuf sb = {0};
	char *needs = change_tally_needs(env->rules, t);
	if (!t->rule)
		sb_addf(&sb, "%s\n  %s\n", _("Approval"),
			_("no rule of changes.approval.rules matches this change"));
	else if (t->round || t->voting) {
		sb_addf(&sb, "%s\n", _("Approval"));
		sb_addf(&sb, _("  round %d%s%s\n"), t->round, t->outcome[0] ? ": " : "",
			t->outcome[0] ? t->outcome : "");
	}
	for (size_t i = 0; i < t->nvotes; i++) {
		char at[32];
		sb_addf(&sb, "  %s  %-8s %s%s%s\n", clock_format(t->votes[i].at, at, sizeof at),
			t->votes[i].vote, t->votes[i].voter, t->votes[i].note[0] ? ": " : "",
			t->votes[i].note);
	}
	if (t->voting && needs[0])
		sb_addf(&sb, _("  still needed: %s\n"), needs);
	if (t->nmay) {
		sb_add(&sb, _("  may still vote:"));
		for (size_t i = 0; i < t->nmay; i++)
			sb_addf(&sb, " %s", t->may[i]);
		sb_add(&sb, "\n");
	}
	free(needs);
	if (p.ncf) {
		sb_addf(&sb, "%s\n", _("Conflicts"));
		for (size_t i = 0; i < p.ncf; i++)
			sb_addf(&sb, "  %s %s: %s\n", p.cf[i].blocks ? _("[blocks]") : _("[override]"),
				p.cf[i].kind, p.cf[i].reason);
	}
	if (p.nsteps) {
		sb_addf(&sb, "%s\n", _("Steps"));
		for (size_t i = 0; i < p.nsteps; i++) {
			const change_step *st = &p.steps[i];
			char a1[32], b1[32];
			sb_addf(&sb, "  %d. %s", st->seq, st->text);
			if (st->started)
				sb_addf(&sb, _(" [done %s - %s by %s]"),
					clock_format(st->started, a1, sizeof a1),
					clock_format(st->ended, b1, sizeof b1), st->done_by);
			if (st->deviation[0])
				sb_addf(&sb, _("; deviation: %s"), st->deviation);
			if (st->result[0])
				sb_addf(&sb, _("; result: %s"), st->result);
			sb_add(&sb, "\n");
		}
	}
	if (sb.buf)
		cli_puts_safe(stdout, sb.buf);
	sb_free(&sb);
	parts_clear(&p);
}

/* --- releases ------------------------------------------------------------------ */

void cli_release_show_more(cli_env *env, const record *rec)
{
	record *v;
	size_t n;
	if (release_changes(env->ctx.db, rec->id, &v, &n, NULL) != OD_OK)
		return;
	strbuf sb = {0};
	sb_addf(&sb, "%s\n", _("Changes"));
	if (!n)
		sb_addf(&sb, "  %s\n", _("none yet (opsdesk release add)"));
	for (size_t i = 0; i < n; i++) {
		char ref[32];
		record_ref(&change_kind, v[i].id, ref, sizeof ref);
		char *cells[] = {
			text_fit(ref, 7, false),
			text_fit(record_state_name(env->rules, &change_kind, v[i].state), 8, false),
			text_fit(record_value(&v[i], "start"), 16, false),
		};
		sb_add(&sb, "  ");
		for (size_t c = 0; c < 3; c++) {
			sb_addf(&sb, "%s ", cells[c]);
			free(cells[c]);
		}
		sb_addf(&sb, "%s\n", record_value(&v[i], "title"));
	}
	cli_puts_safe(stdout, sb.buf);
	sb_free(&sb);
	record_list_free(v, n);
}

void cli_release_json_more(cli_env *env, const record *rec, strbuf *sb)
{
	record *v;
	size_t n;
	if (release_changes(env->ctx.db, rec->id, &v, &n, NULL) != OD_OK)
		return;
	sb_add(sb, ",\"changes\":[");
	for (size_t i = 0; i < n; i++) {
		sb_add(sb, i ? "," : "");
		record_json(&env->ctx, &v[i], sb, NULL);
	}
	sb_add(sb, "]");
	record_list_free(v, n);
}
