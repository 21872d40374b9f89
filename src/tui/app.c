/* The console's main loop. It owns the terminal: it reads keys, passes
 * them down the chain (screen, then the global actions), and is the only
 * place that draws. A screen stack holds the current numbered screen with
 * forms and help pushed above it. */
#include "opsdesk/tui.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdesk/clock.h"
#include "opsdesk/db.h"
#include "opsdesk/draft.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/roster.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"
#include "opsdesk/tui_app.h"
#include "opsdesk/tui_draw.h"
#include "opsdesk/xalloc.h"

enum { MIN_COLS = 60, MIN_LINES = 15, TICK_MS = 500, MAX_STACK = 16, STATUS_MAX_LINES = 4 };

extern const tui_screen_ops tui_help_screen;

typedef struct stack_entry {
	const tui_screen_ops *ops;
	void *self;
} stack_entry;

struct tui_app {
	od_ctx *ctx;
	WINDOW *body;
	bool colors;
	stack_entry stack[MAX_STACK];
	int depth;
	void *numbered[10]; /* opened numbered screens, kept so they keep their place */
	int current;
	char status[512];
	bool status_error;
	char question[512];
	tui_reaction (*answer)(void *self, tui_app *app, bool yes);
	void *answer_self;
	bool cursor_set;
	int cursor_y, cursor_x;
	int64_t data_version;
	time_t minute; /* SLA standings change as time passes, not only on commits */
	/* who is on duty now, for the top bar: the shift's name and the
	 * people's names; "" when the rules define no shifts */
	char duty_shift[128], duty_people[384];
	int64_t newest_incident; /* the newest seen, to notice new urgent ones */
};

static volatile sig_atomic_t hangup_signal;

static void on_hangup(int sig)
{
	(void)sig;
	hangup_signal = 1;
}

od_ctx *tui_ctx(tui_app *app)
{
	return app->ctx;
}

const char *tui_front_context(tui_app *app)
{
	return app->depth > 0 ? app->stack[app->depth - 1].ops->context : NULL;
}

bool tui_colors(const tui_app *app)
{
	return app->colors;
}

void tui_status(tui_app *app, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(app->status, sizeof app->status, fmt, ap);
	va_end(ap);
	app->status_error = error;
}

void tui_ask(tui_app *app, const char *question,
	     tui_reaction (*answer)(void *self, tui_app *app, bool yes), void *self)
{
	snprintf(app->question, sizeof app->question, "%s", question);
	app->answer = answer;
	app->answer_self = self;
}

void tui_cursor(tui_app *app, int y, int x)
{
	app->cursor_set = true;
	app->cursor_y = y;
	app->cursor_x = x;
}

void tui_push(tui_app *app, const tui_screen_ops *ops, void *self)
{
	if (app->depth == MAX_STACK) {
		if (ops->close)
			ops->close(self);
		tui_status(app, true, _("Too many screens open; close one first."));
		return;
	}
	app->stack[app->depth++] = (stack_entry){ops, self};
}

static stack_entry *top(tui_app *app)
{
	return &app->stack[app->depth - 1];
}

static void pop(tui_app *app)
{
	stack_entry *e = top(app);
	/* numbered screens stay open in app->numbered; only pushed ones close */
	if (e->ops->number < 0 && e->ops->close)
		e->ops->close(e->self);
	app->depth--;
}

static void reload_all(tui_app *app)
{
	for (int i = 0; i < app->depth; i++)
		if (app->stack[i].ops->reload)
			app->stack[i].ops->reload(app->stack[i].self, app);
}

static bool switch_screen(tui_app *app, int number)
{
	const tui_screen_ops *ops = tui_screens[number];
	if (!ops) {
		tui_status(app, false, _("Screen %d (%s) comes with a later version of opsdesk."), number,
			   _(tui_screen_names[number]));
		return false;
	}
	while (app->depth > 0)
		pop(app);
	if (!app->numbered[number])
		app->numbered[number] = ops->open(app);
	else if (ops->reload)
		ops->reload(app->numbered[number], app);
	app->current = number;
	app->stack[app->depth++] = (stack_entry){ops, app->numbered[number]};
	return true;
}

/* --- who is on duty -------------------------------------------------------- */

/* Rereads who is on duty now. People rostered but on leave or deactivated
 * are not on duty, as roster_check does not count them. */
static void refresh_duty(tui_app *app)
{
	od_ctx *ctx = app->ctx;
	app->duty_shift[0] = app->duty_people[0] = '\0';
	shift_slot slot;
	if (!roster_slot_at(ctx->rules, clock_now(), &slot))
		return;
	snprintf(app->duty_shift, sizeof app->duty_shift, "%s", slot.shift->name);
	roster_duty duty;
	if (roster_on_duty(ctx->db, &slot, &duty, NULL) != OD_OK)
		return;
	/* tab-separated, so the top bar can show whole names (which may
	 * hold spaces) and count the rest */
	strbuf names = {0};
	for (size_t i = 0; i < duty.npresent; i++)
		sb_addf(&names, "%s%s", i ? "\t" : "", duty.present[i].name);
	roster_duty_clear(&duty);
	snprintf(app->duty_people, sizeof app->duty_people, "%s",
		 names.len ? names.buf : _("nobody"));
	sb_free(&names);
}

/* --- drawing -------------------------------------------------------------- */

/* "白班: 李娜 王伟 +2": the names on duty that fit whole after prefix,
 * and how many more there are. Caller frees. */
static char *duty_names(const char *prefix, const char *people, int width)
{
	size_t total = 1;
	for (const char *p = people; *p; p++)
		total += *p == '\t';
	strbuf sb = {0};
	sb_add(&sb, prefix);
	size_t shown = 0;
	for (const char *p = people; *p && shown < total;) {
		size_t len = strcspn(p, "\t");
		char *name = xstrndup(p, len);
		/* room for this name and, unless it is the last, a "+N" */
		char more[32] = "";
		if (shown + 1 < total)
			snprintf(more, sizeof more, " +%zu", total - shown - 1);
		int need = text_width(sb.buf) + 1 + text_width(name) + text_width(more);
		bool fits = need <= width;
		if (fits)
			sb_addf(&sb, " %s", name);
		free(name);
		if (!fits)
			break;
		shown++;
		p += len + (p[len] == '\t');
	}
	if (shown < total)
		sb_addf(&sb, " +%zu", total - shown);
	return sb_take(&sb);
}

/* "Duty 白班: 李娜 王伟" in width cells; the label goes first when space is
 * short, then names give way whole to a count, never cut. */
static void draw_duty(tui_app *app, int x, int width)
{
	if (!app->duty_shift[0] || width < 4)
		return;
	char *label = xasprintf(_("Duty %s:"), app->duty_shift);
	char *text = duty_names(label, app->duty_people, width);
	free(label);
	if (text_width(text) > width || strchr(text, '+')) {
		free(text);
		/* TRANSLATORS: the short form of "Duty %s:", the shift's name and a colon */
		label = xasprintf(_("%s:"), app->duty_shift);
		text = duty_names(label, app->duty_people, width);
		free(label);
	}
	tui_put(stdscr, 0, x, width, text, ST_BAR);
	free(text);
}

static void draw_top_bar(tui_app *app)
{
	int cols = COLS;
	attr_t bar = tui_attr(ST_BAR);
	wattrset(stdscr, (int)bar);
	mvwhline(stdscr, 0, 0, ' ', cols);
	tui_put(stdscr, 0, 0, 9, " opsdesk ", ST_BAR_HOT);
	int x = 9;
	static const int order[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0};
	for (int i = 0; i < 10; i++) {
		int n = order[i];
		char label[4];
		snprintf(label, sizeof label, "%d", n);
		tui_style st = n == app->current ? ST_BAR_HOT : tui_screens[n] ? ST_BAR : ST_BAR_DIM;
		tui_put(stdscr, 0, x, 1, label, st);
		tui_put(stdscr, 0, x + 1, 1, " ", ST_BAR);
		x += 2;
	}
	const tui_screen_ops *ops = top(app)->ops;
	char clock[32], right[128];
	clock_format(clock_now(), clock, sizeof clock);
	snprintf(right, sizeof right, "%s  %s ", app->ctx->login, clock);
	int rw = text_width(right);
	int room = cols - x - rw - 2; /* between the digits and the login */
	int title_w = text_width(_(ops->title));
	if (title_w > room)
		title_w = room;
	tui_put(stdscr, 0, x + 1, title_w, _(ops->title), ST_BAR_HOT);
	draw_duty(app, x + 1 + title_w + 2, room - title_w - 3);
	if (cols - rw > x)
		tui_put(stdscr, 0, cols - rw, rw, right, ST_BAR);
	wattrset(stdscr, A_NORMAL);
}

/* The status area: a question, a message, or the key hints. Long text
 * wraps onto up to STATUS_MAX_LINES lines, so a message is never cut. */
static const char *status_text(const tui_app *app, tui_style *st)
{
	if (app->question[0]) {
		*st = ST_TITLE;
		return app->question;
	}
	if (app->status[0]) {
		*st = app->status_error ? ST_ERROR : ST_OK;
		return app->status;
	}
	*st = ST_DIM;
	/* in a form letters and digits are typed, so its own keys are the hint */
	const char *front = app->depth > 0 ? app->stack[app->depth - 1].ops->context : NULL;
	if (front && strcmp(front, "form") == 0)
		return _("Keys type text here   Tab: move   Ctrl-S/F2: save   Esc: cancel   F1: help");
	return _("?: help   q: back/quit   1-9, 0: screens   Ctrl-L: redraw");
}

static int status_lines(const tui_app *app)
{
	tui_style st;
	const char *text = status_text(app, &st);
	return tui_put_wrapped(NULL, 0, 0, COLS, STATUS_MAX_LINES, text, st);
}

static void draw_status(tui_app *app, int lines)
{
	tui_style st;
	const char *text = status_text(app, &st);
	tui_put_wrapped(stdscr, LINES - lines, 0, COLS, lines, text, st);
}

static void draw(tui_app *app)
{
	werase(stdscr);
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		char msg[128];
		snprintf(msg, sizeof msg, _("Terminal too small (%dx%d): opsdesk needs at least %dx%d."),
			 COLS, LINES, MIN_COLS, MIN_LINES);
		/* a tiny terminal gets as much of the message as fits, wrapped */
		int y = 0;
		for (const char *p = msg; *p && y < LINES; y++) {
			const char *start = p;
			int w = 0;
			while (*p) {
				const char *q = p;
				int cw = text_char_width(text_next(&q));
				if (w + cw > COLS)
					break;
				w += cw;
				p = q;
			}
			if (p == start)
				break;
			char *line = xstrndup(start, (size_t)(p - start));
			mvwaddstr(stdscr, y, 0, line);
			free(line);
		}
		curs_set(0);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	int lines = status_lines(app);
	/* the body gives up rows to a long status message */
	if (getmaxy(app->body) != LINES - 1 - lines)
		wresize(app->body, LINES - 1 - lines, COLS);
	draw_top_bar(app);
	draw_status(app, lines);
	wnoutrefresh(stdscr);
	werase(app->body);
	app->cursor_set = false;
	stack_entry *e = top(app);
	e->ops->draw(e->self, app, app->body);
	if (app->cursor_set && !app->question[0]) {
		curs_set(1);
		wmove(app->body, app->cursor_y, app->cursor_x);
	} else {
		curs_set(0);
	}
	wnoutrefresh(app->body);
	doupdate();
}

static void make_body(tui_app *app)
{
	if (app->body)
		delwin(app->body);
	int h = LINES - 2 > 1 ? LINES - 2 : 1;
	app->body = newwin(h, COLS > 0 ? COLS : 1, LINES > 2 ? 1 : 0, 0);
	keypad(app->body, TRUE);
	wtimeout(app->body, TICK_MS);
}

/* --- keys ----------------------------------------------------------------- */

static bool apply(tui_app *app, tui_reaction r)
{
	switch (r) {
	case TUI_RELOAD:
		if (top(app)->ops->reload)
			top(app)->ops->reload(top(app)->self, app);
		break;
	case TUI_CLOSE:
		if (app->depth > 1) {
			pop(app);
			/* what was below may show what the closed screen changed */
			if (top(app)->ops->reload)
				top(app)->ops->reload(top(app)->self, app);
		}
		break;
	case TUI_QUIT: return false;
	default: break;
	}
	return true;
}

static tui_reaction quit_answer(void *self, tui_app *app, bool yes)
{
	(void)self;
	(void)app;
	return yes ? TUI_QUIT : TUI_HANDLED;
}

/* Quitting (q from the top screen, Ctrl-C outside a form) asks first
 * while a form under the front screen holds unsaved input, or a draft is
 * kept: a second q from a record must not leave them behind unnoticed.
 * False: quit now. */
static bool ask_quit(tui_app *app)
{
	bool form = false;
	for (int i = 0; i < app->depth; i++)
		if (app->stack[i].ops->unsaved && app->stack[i].ops->unsaved(app->stack[i].self))
			form = true;
	char *draft = NULL;
	bool drafts = !form && draft_first(app->ctx->db, app->ctx->login, &draft, NULL) == OD_OK;
	free(draft);
	if (!form && !drafts)
		return false;
	tui_ask(app,
		form ? _("A form has unsaved changes. Quit opsdesk and lose them? (y/n)")
		     : _("Unsaved input is kept as a draft (offered back at the next start). Quit "
			 "opsdesk? (y/n)"),
		quit_answer, NULL);
	return true;
}

static bool global_key(tui_app *app, tui_key k)
{
	switch (tui_action_for("global", k)) {
	case A_HELP:
		if (top(app)->ops != &tui_help_screen)
			tui_push(app, &tui_help_screen, tui_help_screen.open(app));
		return true;
	case A_BACK:
		if (app->depth > 1)
			return apply(app, TUI_CLOSE);
		return ask_quit(app);
	case A_SCREEN: switch_screen(app, (int)(k.ch - '0')); return true;
	case A_REDRAW: clearok(curscr, TRUE); return true;
	case A_QUIT: return ask_quit(app);
	default: return true;
	}
}

static bool dispatch(tui_app *app, tui_key k)
{
	if (app->question[0]) {
		/* only y or n (or Esc) answers: a key meant for something else,
		 * such as a screen's number, must not throw a draft away */
		bool yes = !k.func && (k.ch == 'y' || k.ch == 'Y');
		bool no = !k.func && (k.ch == 'n' || k.ch == 'N' || k.ch == 27 || k.ch == TUI_CTRL('C'));
		if (!yes && !no) {
			beep();
			return true;
		}
		tui_reaction (*answer)(void *, tui_app *, bool) = app->answer;
		void *self = app->answer_self;
		app->question[0] = '\0';
		return apply(app, answer(self, app, yes));
	}
	stack_entry *e = top(app);
	tui_reaction r = e->ops->key ? e->ops->key(e->self, app, k) : TUI_NOT_MINE;
	if (r != TUI_NOT_MINE)
		return apply(app, r);
	return global_key(app, k);
}

/* --- news from other sessions -------------------------------------------- */

enum { URGENT_RANKS = 2, NEWS_PAGE = 8 };

/* The urgent priorities: major ones and the two most urgent levels. */
static bool urgent(const rules *r, const char *priority)
{
	for (size_t i = 0; i < r->priorities.n; i++)
		if (strcmp(r->priorities.v[i].id, priority) == 0)
			return r->priorities.v[i].major || i < URGENT_RANKS;
	return false;
}

/* The newest incidents since last looked at: a new urgent one recorded by
 * someone else (an alert, a colleague) is said on the status line, with
 * the bell unless the site turned it off. Reads a page of the newest
 * first, which the newest-first index serves. */
static void notice_incidents(tui_app *app, bool announce)
{
	od_ctx *ctx = app->ctx;
	incident_filter f = {.now = clock_now(), .limit = NEWS_PAGE, .sort = INCIDENT_BY_NEWEST};
	incident *v;
	size_t n;
	if (incident_list(ctx->db, &f, &v, &n, NULL) != OD_OK)
		return;
	int64_t newest = app->newest_incident, count = 0;
	const incident *first = NULL;
	for (size_t i = 0; i < n; i++) {
		if (v[i].id <= app->newest_incident)
			continue;
		if (v[i].id > newest)
			newest = v[i].id;
		if (!urgent(ctx->rules, v[i].priority) || strcmp(v[i].created_by, ctx->login) == 0)
			continue;
		count++;
		if (!first || v[i].id > first->id)
			first = &v[i];
	}
	if (announce && first) {
		char ref[32];
		incident_ref(first->id, ref, sizeof ref);
		if (count > 1)
			tui_status(app, true, _("New urgent incidents (%lld), the newest %s %s: %s"),
				   (long long)count, ref, first->priority, first->summary);
		else
			tui_status(app, true, _("New urgent incident %s %s: %s"), ref, first->priority,
				   first->summary);
		if (ctx->rules->site.bell)
			beep();
	}
	app->newest_incident = newest;
	incident_list_free(v, n);
}

/* Another session committed, or a minute passed (clocks moved on): show
 * it without a key press. */
static bool notice_changes(tui_app *app)
{
	int64_t v = db_data_version(app->ctx->db);
	time_t minute = clock_now() / 60;
	if (v == app->data_version && minute == app->minute)
		return false;
	if (v != app->data_version)
		notice_incidents(app, true);
	app->data_version = v;
	app->minute = minute;
	refresh_duty(app);
	reload_all(app);
	return true;
}

static void offer_draft(tui_app *app)
{
	char *form = NULL;
	if (draft_first(app->ctx->db, app->ctx->login, &form, NULL) != OD_OK)
		return;
	for (int n = 0; n < 10; n++) {
		const tui_screen_ops *ops = tui_screens[n];
		size_t len = ops && ops->context ? strlen(ops->context) : 0;
		if (len && ops->resume && strncmp(form, ops->context, len) == 0 && form[len] == '.') {
			if (switch_screen(app, n))
				ops->resume(app->numbered[n], app, form);
			break;
		}
	}
	free(form);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void hang_up(tui_app *app)
{
	for (int i = app->depth - 1; i >= 0; i--)
		if (app->stack[i].ops->hangup)
			app->stack[i].ops->hangup(app->stack[i].self, app);
}

int tui_main(od_ctx *ctx, const char *rules_path, const char *notice)
{
	(void)rules_path;
	tui_app *app = xcalloc(1, sizeof *app);
	app->ctx = ctx;
	set_escdelay(50);
	/* newterm, unlike initscr, returns when the terminal type is unknown */
	SCREEN *screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		const char *term = getenv("TERM");
		fprintf(stderr,
			_("opsdesk: the terminal type '%s' (TERM) is not known here; "
			  "try TERM=xterm-256color\n"),
			term ? term : "");
		free(app);
		return 2;
	}
	/* raw, not cbreak: Ctrl-S must reach the form, not stop the output */
	raw();
	noecho();
	nonl();
	const char *no_color = getenv("NO_COLOR");
	app->colors = has_colors() && !(no_color && *no_color);
	if (app->colors) {
		start_color();
		use_default_colors();
	}
	tui_draw_init(app->colors);
	make_body(app);

	struct sigaction sa = {0};
	sa.sa_handler = on_hangup; /* no SA_RESTART: a blocked read returns at once */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	app->data_version = db_data_version(ctx->db);
	app->minute = clock_now() / 60;
	notice_incidents(app, false);
	refresh_duty(app);
	switch_screen(app, 1);
	if (notice && *notice)
		tui_status(app, true, "%s", notice);
	offer_draft(app);

	int fast_errors = 0;
	bool running = true;
	while (running && !hangup_signal) {
		draw(app);
		wint_t ch;
		double before = now_ms();
		int rc = wget_wch(app->body, &ch);
		if (hangup_signal)
			break;
		if (rc == ERR) {
			/* errors that come back at once, over and over, mean the
			 * terminal is gone even if no SIGHUP came */
			fast_errors = now_ms() - before < TICK_MS / 5 ? fast_errors + 1 : 0;
			if (fast_errors > 50)
				hangup_signal = 1;
			notice_changes(app);
			continue;
		}
		fast_errors = 0;
		tui_key k = {rc == KEY_CODE_YES, ch};
		if (k.func && ch == KEY_RESIZE) {
			make_body(app);
			continue;
		}
		/* what the user cannot see, they cannot act on */
		if (COLS < MIN_COLS || LINES < MIN_LINES) {
			beep();
			continue;
		}
		if (!app->question[0])
			app->status[0] = '\0';
		running = dispatch(app, k);
		/* this session's own commits do not move data_version */
		if (!notice_changes(app))
			refresh_duty(app);
	}
	if (hangup_signal)
		hang_up(app);
	while (app->depth > 0)
		pop(app);
	for (int n = 0; n < 10; n++)
		if (app->numbered[n] && tui_screens[n]->close)
			tui_screens[n]->close(app->numbered[n]);
	delwin(app->body);
	endwin();
	delscreen(screen);
	free(app);
	return hangup_signal ? 1 : 0;
}
