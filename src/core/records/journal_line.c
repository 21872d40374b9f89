/* Journal lines as data, rendered in the reader's language
 * (include/opsdesk/journal_line.h says how they are kept). */
#include "opsdesk/journal_line.h"

#include <stdlib.h>
#include <string.h>

#include "opsdesk/dutylog.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/record.h"
#include "opsdesk/staff.h"
#include "opsdesk/swap.h"
#include "opsdesk/xalloc.h"

/* What an argument is, so a reader sees it by name:
 * t text as it is          l a login (the person's name)
 * L logins, comma separated s a shift id ("-" for none)
 * w a swap request's state  k an SLA clock (response, resolution)
 * e an escalation level id  c a duty-log category id
 * N logins, "nobody" for none
 * S a state of the entry's record's workflow
 * C H I U an incident category, channel, impact, urgency id of the rules */
typedef struct line_msg {
	const char *id;
	const char *fmt; /* English, %s only, one per type */
	const char *types;
} line_msg;

static const line_msg messages[] = {
	/* roster cells: who went from which shift to which */
	{"roster.cell", N_("%s: %s -> %s"), "lss"},
	{"roster.cell.reason", N_("%s: %s -> %s (%s)"), "lsst"},
	/* swap requests: owner day/shift -> other [, other day/shift -> owner] */
	{"swap.request", N_("requested: %s %s/%s -> %s (%s)"), "ltslt"},
	{"swap.request.back", N_("requested: %s %s/%s -> %s, %s %s/%s -> %s (%s)"), "ltslltslt"},
	{"swap.reassign", N_("reassigned on behalf of the owner: %s %s/%s -> %s (%s)"), "ltslt"},
	{"swap.reassign.back",
	 N_("reassigned on behalf of the owner: %s %s/%s -> %s, %s %s/%s -> %s (%s)"), "ltslltslt"},
	{"swap.state", N_("%s: %s %s/%s -> %s"), "wltsl"},
	{"swap.state.back", N_("%s: %s %s/%s -> %s, %s %s/%s -> %s"), "wltslltsl"},
	{"swap.state.comment", N_("%s: %s %s/%s -> %s (%s)"), "wltslt"},
	{"swap.state.back.comment", N_("%s: %s %s/%s -> %s, %s %s/%s -> %s (%s)"), "wltslltslt"},
	/* leave, on the person's journal */
	{"leave.add", N_("leave %s..%s: %s"), "ttt"},
	{"leave.cancel", N_("leave %s..%s cancelled"), "tt"},
	{"leave.cancel.reason", N_("leave %s..%s cancelled: %s"), "ttt"},
	/* handover */
	{"handover.ack", N_("handover acknowledged: %s -> %s"), "Ll"},
	/* monitoring's alerts on an incident */
	{"alert.repeat", N_("alert repeated (%s times): %s [%s]"), "ttt"},
	{"alert.came_back", N_("the fault came back after it was resolved: %s [%s] (%s alerts so far)"),
	 "ttt"},
	{"alert.came_back.by_hand",
	 N_("the fault came back after it was resolved: %s [%s] (%s alerts so far); it needs "
	    "reopening by hand: %s"),
	 "tttt"},
	{"alert.recovered", N_("monitoring reports recovery: %s"), "t"},
	{"alert.recovered.unresolved",
	 N_("monitoring reports recovery: %s; not resolved (alerts.on_recovery: resolve): %s"), "tt"},
	/* escalation levels */
	{"escalate.told", N_("%s (%s): %s clock due %s; told %s"), "etktN"},
	{"escalate.failed",
	 N_("%s (%s): notification failed, to be tried again at the next run: %s"), "ett"},
	{"escalate.unknown",
	 N_("%s (%s): the run that sent the %s notification stopped before it could record the "
	    "outcome; it is not sent again"),
	 "etk"},
	/* the duty log */
	{"dutylog.entry", N_("%s. %s [%s] %s"), "ttct"},
	{"dutylog.correction", N_("%s. %s [%s] (corrects %s) %s"), "ttctt"},
	/* an incident recorded */
	{"incident.recorded", N_("recorded: %s, priority %s (%s)"), "ttt"},
	{"incident.recorded.assigned",
	 N_("recorded: %s, priority %s (%s); assigned to %s, on duty (roster.assign)"), "tttl"},
	/* for the record mechanism: a transition, from one state to another */
	{"record.transition", N_("%s: %s -> %s"), "tSS"},
};

/* A field of a change set: its label in its context, and what its values are. */
typedef struct line_field {
	const char *context, *id, *label;
	char type;
} line_field;

static const line_field fields[] = {
	{"person", "login", NC_("person", "login"), 't'},
	{"person", "name", NC_("person", "name"), 't'},
	{"person", "phone", NC_("person", "phone"), 't'},
	{"person", "team", NC_("person", "team"), 't'},
	{"person", "email", NC_("person", "email"), 't'},
	{"person", "deputy", NC_("person", "deputy"), 'l'},
	{"person", "note", NC_("person", "note"), 't'},
	{"person", "roles", NC_("person", "roles"), 't'},
	{"person", "active", NC_("person", "active"), 't'},
	{"asset", "tag", NC_("asset", "tag"), 't'},
	{"asset", "name", NC_("asset", "name"), 't'},
	{"asset", "class", NC_("asset", "class"), 't'},
	{"asset", "model", NC_("asset", "model"), 't'},
	{"asset", "serial", NC_("asset", "serial"), 't'},
	{"asset", "location", NC_("asset", "location"), 't'},
	{"asset", "ip", NC_("asset", "ip"), 't'},
	{"asset", "responsible", NC_("asset", "responsible"), 'l'},
	{"asset", "purchased", NC_("asset", "purchased"), 't'},
	{"asset", "warranty_end", NC_("asset", "warranty_end"), 't'},
	{"asset", "status", NC_("asset", "status"), 't'},
	{"asset", "note", NC_("asset", "note"), 't'},
	{"incident", "summary", NC_("incident", "summary"), 't'},
	{"incident", "description", NC_("incident", "description"), 't'},
	{"incident", "reporter", NC_("incident", "reporter"), 't'},
	{"incident", "department", NC_("incident", "department"), 't'},
	{"incident", "contact", NC_("incident", "contact"), 't'},
	{"incident", "channel", NC_("incident", "channel"), 'H'},
	{"incident", "occurred", NC_("incident", "occurred"), 't'},
	{"incident", "ci", NC_("incident", "ci"), 't'},
	{"incident", "category", NC_("incident", "category"), 'C'},
	{"incident", "impact", NC_("incident", "impact"), 'I'},
	{"incident", "urgency", NC_("incident", "urgency"), 'U'},
	{"incident", "priority", NC_("incident", "priority"), 't'},
	{"incident", "scope", NC_("incident", "scope"), 't'},
	{"incident", "expectation", NC_("incident", "expectation"), 't'},
	{"incident", "assignee", NC_("incident", "assignee"), 'l'},
	{"incident", "cause", NC_("incident", "cause"), 't'},
	{"incident", "resolution", NC_("incident", "resolution"), 't'},
	{"incident", "recovery_test", NC_("incident", "recovery_test"), 't'},
	{"incident", "review", NC_("incident", "review"), 't'},
	{"incident", "state", NC_("incident", "state"), 'S'},
};

static const line_msg *msg_find(const char *id)
{
	for (size_t k = 0; k < sizeof messages / sizeof *messages; k++)
		if (strcmp(messages[k].id, id) == 0)
			return &messages[k];
	return NULL;
}

static const line_field *field_find(const char *context, const char *id)
{
	for (size_t k = 0; k < sizeof fields / sizeof *fields; k++)
		if (strcmp(fields[k].context, context) == 0 && strcmp(fields[k].id, id) == 0)
			return &fields[k];
	return NULL;
}

/* Whether fmt converts nothing but n strings (%s, %N$s, %%): a catalogue's
 * translation is checked again here, as a format is handed to printf. */
static bool only_strings(const char *fmt, size_t n)
{
	size_t plain = 0;
	for (const char *p = fmt; (p = strchr(p, '%')); p++) {
		p++;
		if (*p == '%')
			continue;
		if (*p >= '1' && *p <= '9') {
			char *end;
			unsigned long k = strtoul(p, &end, 10);
			if (end[0] != '$' || end[1] != 's' || k > n)
				return false;
			p = end + 1;
		} else if (*p != 's' || ++plain > n) {
			return false;
		}
	}
	return true;
}

/* fmt with the strings a: every message takes at most JOURNAL_LINE_ARGS
 * strings, so all are passed and printf reads those fmt names. */
static void add_format(strbuf *sb, const char *fmt, const char *const *a)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	sb_addf(sb, fmt, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]);
#pragma GCC diagnostic pop
}

/* The translation of m's format, or its English when the translation is
 * not one the arguments fit. */
static const char *msg_format(const line_msg *m)
{
	const char *t = _(m->fmt);
	return only_strings(t, strlen(m->types)) ? t : m->fmt;
}

/* One argument as a reader of db sees it. db NULL: as the stored text has
 * always had it, ids as they are but for the names of escalation levels and
 * states. Caller frees. */
static char *arg_name(od_db *db, const rules *r, const char *ref, char type, const char *v)
{
	bool reading = db != NULL;
	switch (type) {
	case 's':
		if (!*v)
			return xstrdup("-");
		if (r && reading) {
			const rules_shift *s = rules_shift_find(r, v);
			if (s && s->name && *s->name)
				return xstrdup(s->name);
		}
		break;
	case 'w':
		return xstrdup(swap_state_text(v));
	case 'k':
		if (strcmp(v, "response") == 0)
			return xstrdup(_("response"));
		if (strcmp(v, "resolution") == 0)
			return xstrdup(_("resolution"));
		break;
	case 'e':
		for (size_t k = 0; r && k < r->escalations.n; k++)
			if (strcmp(r->escalations.v[k].id, v) == 0)
				return xstrdup(r->escalations.v[k].name);
		break;
	case 'c':
		if (r && reading)
			return xstrdup(dutylog_category_name(r, v));
		break;
	case 'S':
		if (r) { /* the state as the workflow of the record's kind names it */
			const record_kind *kind;
			int64_t id;
			if (record_parse_ref(ref, &kind, &id, NULL) == OD_OK)
				return xstrdup(record_state_name(r, kind, v));
		}
		break;
	case 'C':
	case 'H':
	case 'I':
	case 'U':
		if (r && reading) {
			const rules_item *it =
			    type == 'C' ? rules_item_find(r->categories.v, r->categories.n, v)
			    : type == 'H' ? rules_item_find(r->channels.v, r->channels.n, v)
			    : type == 'I' ? rules_item_find(r->impact.v, r->impact.n, v)
					  : rules_item_find(r->urgency.v, r->urgency.n, v);
			if (it)
				return xstrdup(it->name);
		}
		break;
	case 'l':
		if (db && *v)
			return staff_name_of(db, v);
		break;
	case 'L':
	case 'N':
		if (!*v)
			return xstrdup(type == 'N' ? _("nobody") : "-");
		if (db) {
			strbuf sb = {0};
			sb_add(&sb, "");
			for (const char *p = v; *p;) {
				size_t len = strcspn(p, ",");
				char *login = xstrndup(p, len);
				char *name = staff_name_of(db, login);
				sb_addf(&sb, "%s%s", sb.len ? _(", ") : "", name);
				free(name);
				free(login);
				p += len + (p[len] == ',');
			}
			return sb_take(&sb);
		}
		break;
	}
	return xstrdup(v);
}

/* m with the arguments v (n of them) as a reader of db sees them. */
static void add_line(strbuf *sb, od_db *db, const rules *r, const char *ref,
		     const line_msg *m, const char *const *v, size_t n)
{
	char *named[JOURNAL_LINE_ARGS] = {0};
	const char *a[JOURNAL_LINE_ARGS];
	size_t want = strlen(m->types);
	for (size_t k = 0; k < JOURNAL_LINE_ARGS; k++) {
		named[k] = k < want ? arg_name(db, r, ref, m->types[k], k < n && v[k] ? v[k] : "")
				    : NULL;
		a[k] = named[k] ? named[k] : "";
	}
	add_format(sb, msg_format(m), a);
	for (size_t k = 0; k < JOURNAL_LINE_ARGS; k++)
		free(named[k]);
}

char *journal_line_text(const rules *r, const journal_line *line)
{
	strbuf sb = {0};
	sb_add(&sb, "");
	const line_msg *m = msg_find(line->msg);
	if (m)
		add_line(&sb, NULL, r, "", m, line->args, JOURNAL_LINE_ARGS);
	if (line->note && *line->note)
		sb_addf(&sb, "%s%s", sb.len ? "\n" : "", line->note);
	return sb_take(&sb);
}

/* data with the members more (",\"line\":{...}") added. */
static char *data_with(const char *data, const char *more)
{
	if (!data || !*data || strcmp(data, "{}") == 0)
		return xasprintf("{%s}", more + 1);
	size_t len = strlen(data);
	while (len && data[len - 1] != '}')
		len--;
	return xasprintf("%.*s%s}", (int)(len ? len - 1 : 0), data, more);
}

od_status journal_line_op(const od_ctx *ctx, const char *op, const char *ref,
			  const char *kind, const journal_line *line, changes *c,
			  const char *context, const char *data, const char *detail, od_error *err)
{
	const line_msg *m = line ? msg_find(line->msg) : NULL;
	strbuf more = {0}, text = {0};
	sb_add(&more, "");
	sb_add(&text, "");
	if (m) {
		sb_add(&more, ",\"line\":{\"msg\":");
		sb_add_json(&more, m->id);
		sb_add(&more, ",\"args\":[");
		for (size_t k = 0; k < strlen(m->types); k++) {
			sb_add(&more, k ? "," : "");
			sb_add_json(&more, line->args[k] ? line->args[k] : "");
		}
		sb_add(&more, "]");
		if (line->note && *line->note) {
			sb_add(&more, ",\"note\":");
			sb_add_json(&more, line->note);
		}
		sb_add(&more, "}");
		add_line(&text, NULL, ctx->rules, ref, m, line->args, JOURNAL_LINE_ARGS);
	}
	if (c && changes_any(c)) {
		sb_addf(&more, ",\"changes\":%s,\"fields\":", changes_json(c));
		sb_add_json(&more, context ? context : "");
		/* a workflow action's fields read as what it set */
		sb_addf(&text, "%s%s", text.len ? "; " : "",
			strcmp(kind, "state") == 0 ? changes_values(c) : changes_text(c));
	}
	if (line && line->note && *line->note)
		sb_addf(&text, "%s%s", text.len ? "\n" : "", line->note);
	char *all = more.len ? data_with(data, more.buf) : xstrdup(data ? data : "{}");
	od_status s = journal_record_op(ctx, op, ref, kind, text.buf, all, detail, err);
	free(all);
	sb_free(&more);
	sb_free(&text);
	return s;
}

od_status journal_changes_op(const od_ctx *ctx, const char *op, const char *ref,
			     const char *kind, const char *context, changes *c, const char *data,
			     const char *detail, od_error *err)
{
	return journal_line_op(ctx, op, ref, kind, NULL, c, context, data, detail, err);
}

/* --- reading ---------------------------------------------------------------- */

/* The entry's change set, rendered: "label: old -> new" joined by "; ",
 * or "label: value" for a record just created and for what a workflow
 * action set. */
static void add_changes(strbuf *sb, od_db *db, const rules *r, const char *ref,
			const journal_entry *e, const char *context)
{
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT key, json_extract(value, '$[0]'), json_extract(value, '$[1]')"
				   "  FROM json_each(?1, '$.changes')",
				   NULL);
	if (!st)
		return;
	sqlite3_bind_text(st, 1, e->data, -1, SQLITE_STATIC);
	bool created = strcmp(e->kind, "created") == 0 || strcmp(e->kind, "state") == 0;
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = db_text(st, 0);
		const line_field *f = field_find(context, id);
		const record_kind *kind = f ? NULL : record_kind_named(context);
		const record_field *declared = kind ? record_field_find(kind, id) : NULL;
		/* a kind's own fields: labelled as its declaration labels them */
		const char *label = f ? _(f->label) : declared ? _(declared->label) : id;
		char type = f ? f->type : declared && declared->type == RT_LOGIN ? 'l' : 't';
		char *old = *db_text(st, 1) ? arg_name(db, r, ref, type, db_text(st, 1))
					    : xstrdup(_("(empty)"));
		char *now = *db_text(st, 2) ? arg_name(db, r, ref, type, db_text(st, 2))
					    : xstrdup(_("(empty)"));
		if (n++ || sb->len)
			sb_add(sb, _("; "));
		if (created)
			sb_addf(sb, _("%s: %s"), label, now);
		else
			sb_addf(sb, _("%s: %s -> %s"), label, old, now);
		free(old);
		free(now);
	}
	sqlite3_reset(st);
}

char *journal_line_render(od_db *db, const rules *r, const char *ref,
			  const journal_entry *e)
{
	const char *data = e->data ? e->data : "";
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT json_extract(?1, '$.line.msg'), json_extract(?1, '$.line.note'),"
				   "       json_type(?1, '$.changes'), json_extract(?1, '$.fields')"
				   " WHERE json_valid(?1)",
				   NULL);
	if (!st)
		return xstrdup(e->text);
	sqlite3_bind_text(st, 1, data, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return xstrdup(e->text);
	}
	const char *msg = db_text(st, 0);
	const line_msg *m = msg_find(msg);
	bool unknown = *msg && !m; /* a message of another version: its text says it */
	char *note = xstrdup(db_text(st, 1));
	bool has_changes = strcmp(db_text(st, 2), "object") == 0;
	char *context = xstrdup(db_text(st, 3));
	sqlite3_reset(st);
	if (unknown || (!m && !has_changes)) {
		free(note);
		free(context);
		return xstrdup(e->text);
	}
	strbuf sb = {0};
	sb_add(&sb, "");
	if (m) {
		char *args[JOURNAL_LINE_ARGS] = {0};
		size_t n = 0;
		sqlite3_stmt *as = db_stmt(db, "SELECT value FROM json_each(?1, '$.line.args')", NULL);
		if (as) {
			sqlite3_bind_text(as, 1, data, -1, SQLITE_STATIC);
			while (n < JOURNAL_LINE_ARGS && sqlite3_step(as) == SQLITE_ROW)
				args[n++] = xstrdup(db_text(as, 0));
			sqlite3_reset(as);
		}
		if (n == strlen(m->types))
			add_line(&sb, db, r, ref, m, (const char *const *)args, n);
		for (size_t k = 0; k < n; k++)
			free(args[k]);
		if (n != strlen(m->types)) { /* not what this message takes */
			sb_free(&sb);
			free(note);
			free(context);
			return xstrdup(e->text);
		}
	}
	if (has_changes)
		add_changes(&sb, db, r, ref, e, context);
	if (*note)
		sb_addf(&sb, "\n%s", note);
	free(note);
	free(context);
	return sb_take(&sb);
}
