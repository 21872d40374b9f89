/* SLA clocks. Each working day of a calendar contributes one window of
 * real time, from when the site's clock first shows the opening time to
 * when it first shows the closing time, so a day on which daylight saving
 * time changes is as long as it really is. Long spans are counted a week at
 * a time: a week in which the zone keeps its offset is its working
 * weekdays' hours, corrected for the dates the calendar lists in it. The clocks of a record are replayed from its history,
 * sorted, so the order in which events were recorded does not matter. */
#include "opsdesk/sla.h"

#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/civil.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/xalloc.h"

enum { DAY = 86400 };

/* What sla_add_working_minutes answers for a calendar that has no working
 * time left (no hours, or only make-up days and all of them past). */
#define NEVER ((time_t)-1)

/* --- local days ------------------------------------------------------------ */

static int64_t local_day(time_t t)
{
	int64_t wall = (int64_t)t + clock_utc_offset(t);
	return wall / DAY - (wall % DAY < 0);
}

/* The first real moment at which the site's clock shows wall (seconds since
 * 1970-01-01 00:00 on the local clock face) or later. When the clock is put
 * back, a time shown twice counts from its first showing; when it jumps
 * forward over wall, the moment of the jump. */
static time_t first_instant(int64_t wall)
{
	/* A zone changes its offset at most once in four days, so the offsets
	 * two days either side are the only candidates. */
	long before = clock_utc_offset((time_t)(wall - 2 * DAY));
	long after = clock_utc_offset((time_t)(wall + 2 * DAY));
	time_t t1 = (time_t)(wall - before), t2 = (time_t)(wall - after);
	bool ok1 = clock_utc_offset(t1) == before, ok2 = clock_utc_offset(t2) == after;
	if (ok1 && ok2)
		return t1 < t2 ? t1 : t2;
	if (ok1)
		return t1;
	if (ok2)
		return t2;
	/* wall falls in the hour the clock skipped: find the jump */
	time_t lo = t1 < t2 ? t1 : t2, hi = t1 < t2 ? t2 : t1;
	long base = clock_utc_offset(lo);
	while (hi - lo > 1) {
		time_t mid = lo + (hi - lo) / 2;
		if (clock_utc_offset(mid) == base)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

/* --- calendars ------------------------------------------------------------- */

static bool listed(const rules_dates *dates, const char *day)
{
	for (size_t i = 0; i < dates->n; i++)
		if (dates->v[i] && strcmp(dates->v[i], day) == 0)
			return true;
	return false;
}

/* A make-up working day wins over a holiday on the same date, in the order
 * the rules file describes them: the days, minus holidays, plus workdays. */
static bool working_day(const rules_calendar *c, int64_t day)
{
	if (c->workdays.n || c->holidays.n) {
		char text[CIVIL_TEXT_LEN]; /* the rules hold dates as written */
		civil_format(day, text);
		if (listed(&c->workdays, text))
			return true;
		if (listed(&c->holidays, text))
			return false;
	}
	return (c->days >> civil_weekday(day)) & 1u;
}

/* The working time of one local day, as real moments [from, to). */
static bool window(const rules_calendar *c, int64_t day, time_t *from, time_t *to)
{
	if (!working_day(c, day))
		return false;
	*from = first_instant(day * DAY + c->hours.start * 60LL);
	*to = first_instant(day * DAY + c->hours.end * 60LL);
	return *to > *from;
}

/* --- whole weeks ------------------------------------------------------------- */

/* The calendar's listed dates (holidays and make-up days) as sorted local
 * days, each with whether it works: built once per computation, so a span
 * of many weeks costs one step a week plus the dates listed in it. */
typedef struct listed_days {
	int64_t *day;
	bool *works;
	size_t n;
} listed_days;

static int by_day(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
	return (a > b) - (a < b);
}

static listed_days listed_days_of(const rules_calendar *c)
{
	listed_days l = {0};
	size_t cap = c->holidays.n + c->workdays.n;
	if (!cap)
		return l;
	l.day = xmalloc(cap * sizeof *l.day);
	const rules_dates *lists[] = {&c->holidays, &c->workdays};
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < lists[k]->n; i++)
			if (lists[k]->v[i] && civil_parse(lists[k]->v[i], &l.day[l.n]))
				l.n++;
	qsort(l.day, l.n, sizeof *l.day, by_day);
	size_t u = 0;
	for (size_t i = 0; i < l.n; i++)
		if (!u || l.day[u - 1] != l.day[i])
			l.day[u++] = l.day[i];
	l.n = u;
	l.works = xmalloc((u ? u : 1) * sizeof *l.works);
	for (size_t i = 0; i < u; i++)
		l.works[i] = working_day(c, l.day[i]);
	return l;
}

static void listed_days_free(listed_days *l)
{
	free(l->day);
	free(l->works);
}

/* The first listed day at or after d. */
static size_t listed_from(const listed_days *l, int64_t d)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->day[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether the site's offset from UTC is the same from the day before d to
 * the day after d + 7: then every window of those seven days is as long as
 * its hours say. (A zone changes its offset at most once in four days.) */
static bool steady_week(int64_t d)
{
	long o = clock_utc_offset((time_t)((d - 1) * DAY));
	return clock_utc_offset((time_t)((d + 3) * DAY + DAY / 2)) == o &&
	       clock_utc_offset((time_t)((d + 8) * DAY)) == o;
}

/* The working seconds of the seven days from d, a steady week. */
static int64_t steady_week_seconds(const rules_calendar *c, const listed_days *l, int64_t d)
{
	int64_t len = (int64_t)(c->hours.end - c->hours.start) * 60;
	if (len <= 0)
		return 0;
	int days = 0;
	for (int k = 0; k < 7; k++)
		days += (c->days >> k) & 1u;
	int64_t total = days * len;
	for (size_t i = listed_from(l, d); i < l->n && l->day[i] < d + 7; i++) {
		bool usual = (c->days >> civil_weekday(l->day[i])) & 1u;
		total += ((int64_t)l->works[i] - (int64_t)usual) * len;
	}
	return total;
}

/* The working seconds of the seven days from d, whatever the zone does. */
static int64_t week_seconds(const rules_calendar *c, const listed_days *l, int64_t d)
{
	if (steady_week(d))
		return steady_week_seconds(c, l, d);
	int64_t total = 0;
	for (int k = 0; k < 7; k++) {
		time_t from, to;
		if (window(c, d + k, &from, &to))
			total += (int64_t)(to - from);
	}
	return total;
}

/* One day's window, clipped to [a, b). */
static int64_t day_seconds(const rules_calendar *c, int64_t d, time_t a, time_t b)
{
	time_t from, to;
	if (!window(c, d, &from, &to))
		return 0;
	if (from < a)
		from = a;
	if (to > b)
		to = b;
	return to > from ? (int64_t)(to - from) : 0;
}

static int64_t working_seconds(const rules_calendar *c, time_t a, time_t b)
{
	if (b <= a)
		return 0;
	if (c->always)
		return (int64_t)(b - a);
	/* a day either side as well: where the clock is put back across
	 * midnight, a moment can lie in a window of the day before or after
	 * its own date; windows of different days never overlap. The days two
	 * or more from either end lie wholly inside [a, b): whole weeks. */
	int64_t first = local_day(a) - 1, last = local_day(b) + 1;
	int64_t inner = local_day(a) + 2, inner_end = local_day(b) - 2; /* [inner, inner_end) */
	int64_t total = 0, d = first;
	if (inner_end - inner >= 7) {
		listed_days l = listed_days_of(c);
		for (; d < inner; d++)
			total += day_seconds(c, d, a, b);
		for (; d + 7 <= inner_end; d += 7)
			total += week_seconds(c, &l, d);
		listed_days_free(&l);
	}
	for (; d <= last; d++)
		total += day_seconds(c, d, a, b);
	return total;
}

static int64_t last_workday(const rules_calendar *c)
{
	int64_t last = INT64_MIN;
	for (size_t i = 0; i < c->workdays.n; i++) {
		int64_t d;
		if (civil_parse(c->workdays.v[i], &d) && d > last)
			last = d;
	}
	return last;
}

/* The first moment by which need seconds of working time have passed since
 * start; with need 0, the first working moment at or after start. */
static time_t add_working_seconds(const rules_calendar *c, time_t start, int64_t need)
{
	if (need < 0)
		need = 0;
	if (c->always)
		return start + (time_t)need;
	if (c->hours.end <= c->hours.start)
		return NEVER;
	bool weekly = (c->days & 0x7fu) != 0;
	int64_t last = last_workday(c);
	/* A working weekday recurs every week and only a listed holiday can
	 * take one away, so this many days without work means a calendar that
	 * will never work again (possible only for hand-made calendars). */
	int64_t idle_limit = 7 * ((int64_t)c->holidays.n + 2), idle = 0;
	listed_days l = listed_days_of(c);
	time_t found = NEVER;
	for (int64_t d = local_day(start) - 1;; d++) {
		if (!weekly && d > last)
			break;
		/* past the first days, a whole week that does not use up what
		 * is needed is taken at once */
		if (d >= local_day(start) + 2) {
			int64_t week;
			while ((week = week_seconds(c, &l, d)) > 0 && week < need) {
				need -= week;
				d += 7;
				idle = 0;
			}
		}
		time_t from, to;
		if (!window(c, d, &from, &to) || to <= start) {
			if (++idle > idle_limit)
				break;
			continue;
		}
		idle = 0;
		if (from < start)
			from = start;
		if (need <= (int64_t)(to - from)) {
			found = from + (time_t)need;
			break;
		}
		need -= (int64_t)(to - from);
	}
	listed_days_free(&l);
	return found;
}

int64_t sla_working_minutes(const rules_calendar *c, time_t a, time_t b)
{
	return working_seconds(c, a, b) / 60;
}

time_t sla_add_working_minutes(const rules_calendar *c, time_t start, int64_t minutes)
{
	if (minutes > INT64_MAX / 60)
		minutes = INT64_MAX / 60;
	return add_working_seconds(c, start, minutes > 0 ? minutes * 60 : 0);
}

/* --- the clocks of a record ------------------------------------------------ */

/* One clock while the history is replayed, in seconds so that partial
 * minutes add up before rounding. */
typedef struct tally {
	int64_t target, used; /* seconds */
	int64_t risk;         /* seconds used that make the clock at risk */
	bool reached;         /* used got to target, at reached_at */
	time_t reached_at;
	bool risk_reached; /* used got to risk, at risk_at */
	time_t risk_at;
	bool stopped;
	time_t stopped_at;
} tally;

/* The standing is read in whole minutes: at risk once the minutes used
 * are at least at_risk percent of the target's minutes. */
static tally tally_new(int64_t target_minutes, int at_risk)
{
	int64_t risk_minutes = (target_minutes * at_risk + 99) / 100;
	return (tally){.target = target_minutes * 60, .risk = risk_minutes * 60};
}

static void tally_count(tally *t, const rules_calendar *c, time_t from, time_t to)
{
	if (t->stopped || to <= from)
		return;
	int64_t secs = working_seconds(c, from, to);
	if (!t->risk_reached && t->used + secs >= t->risk) {
		t->risk_reached = true;
		t->risk_at = add_working_seconds(c, from, t->risk - t->used);
	}
	if (!t->reached && t->used + secs >= t->target) {
		t->reached = true;
		t->reached_at = add_working_seconds(c, from, t->target - t->used);
	}
	t->used += secs;
}

static void tally_finish(const tally *t, const rules_calendar *c, bool paused, int at_risk,
			 time_t now, sla_clock *out)
{
	out->target = t->target / 60;
	out->used = t->used / 60;
	out->stopped = t->stopped ? t->stopped_at : 0;
	/* a clock that has stopped is not waiting for anything */
	out->paused = paused && !t->stopped;
	out->risk = 0;
	if (t->stopped) {
		out->due = t->stopped_at;
		out->standing = out->used <= out->target ? SLA_MET : SLA_BREACHED;
		return;
	}
	if (out->paused)
		out->due = 0;
	else if (t->reached)
		out->due = t->reached_at;
	else
		out->due = add_working_seconds(c, now, t->target - t->used);
	if (out->paused)
		out->risk = 0;
	else if (t->risk_reached)
		out->risk = t->risk_at;
	else
		out->risk = add_working_seconds(c, now, t->risk - t->used);
	if (out->used >= out->target)
		out->standing = SLA_BREACHED;
	else if (out->used * 100 >= (int64_t)at_risk * out->target)
		out->standing = SLA_AT_RISK;
	else
		out->standing = SLA_ON_TIME;
}

static const rules_state *state_find(const rules_workflow *w, const char *id)
{
	for (size_t i = 0; id && i < w->states.n; i++)
		if (strcmp(w->states.v[i].id, id) == 0)
			return &w->states.v[i];
	return NULL;
}

static const rules_priority *priority_find(const rules *r, const char *id)
{
	for (size_t i = 0; id && i < r->priorities.n; i++)
		if (strcmp(r->priorities.v[i].id, id) == 0)
			return &r->priorities.v[i];
	return NULL;
}

static const rules_calendar *calendar_find(const rules *r, const char *id)
{
	for (size_t i = 0; id && i < r->calendars.n; i++)
		if (strcmp(r->calendars.v[i].id, id) == 0)
			return &r->calendars.v[i];
	return NULL;
}

/* Events sort by time; the index keeps ties in the order given, which
 * qsort alone does not promise. */
typedef struct ordered {
	const sla_event *e;
	size_t i;
} ordered;

static int by_time(const void *pa, const void *pb)
{
	const ordered *a = pa, *b = pb;
	if (a->e->at != b->e->at)
		return a->e->at < b->e->at ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

static od_status check_events(const rules *r, const rules_workflow *w, const sla_event *events,
			      size_t n, od_error *err)
{
	bool created = false;
	for (size_t i = 0; i < n; i++) {
		const sla_event *e = &events[i];
		switch (e->kind) {
		case SLA_CREATED:
		case SLA_STATE:
			if (!state_find(w, e->value))
				return od_fail(err, OD_INVALID,
					       _("SLA: state '%s' is not a state of the workflow"),
					       e->value ? e->value : "");
			created |= e->kind == SLA_CREATED;
			break;
		case SLA_PRIORITY:
			if (!priority_find(r, e->value))
				return od_fail(err, OD_INVALID,
					       _("SLA: priority '%s' is not defined"),
					       e->value ? e->value : "");
			break;
		case SLA_RESPONDED: break;
		default:
			return od_fail(err, OD_INVALID, _("SLA: event %zu is of unknown kind %d"),
				       i, (int)e->kind);
		}
	}
	if (!created)
		return od_fail(err, OD_INVALID,
			       _("SLA: the history has no creation (SLA_CREATED)"));
	return OD_OK;
}

sla_standing sla_worst_running(const sla_result *r)
{
	const sla_clock *clocks[] = {&r->response, &r->resolution};
	sla_standing worst = SLA_ON_TIME;
	for (int c = 0; c < 2; c++) {
		if (clocks[c]->stopped || clocks[c]->paused)
			continue;
		if (clocks[c]->standing == SLA_BREACHED ||
		    (clocks[c]->standing == SLA_AT_RISK && worst == SLA_ON_TIME))
			worst = clocks[c]->standing;
	}
	return worst;
}

/* Both clocks; with fixed, its targets and calendar instead of the
 * priority's (SLA_PRIORITY events are then ignored). */
static od_status compute(const rules *r, const rules_workflow *w, const sla_targets *fixed,
			 const sla_event *events, size_t n, time_t now, sla_result *out,
			 od_error *err)
{
	od_status rc = check_events(r, w, events, n, err);
	if (rc != OD_OK)
		return rc;
	ordered *ev = xmalloc(n * sizeof *ev); /* owned here, freed below */
	for (size_t i = 0; i < n; i++)
		ev[i] = (ordered){&events[i], i};
	qsort(ev, n, sizeof *ev, by_time);

	time_t created = 0;
	for (size_t i = 0; i < n; i++)
		if (ev[i].e->kind == SLA_CREATED) {
			created = ev[i].e->at;
			break;
		}
	/* The clocks as they stood at now: what happened later does not count
	 * yet. A record is not looked at before it existed. */
	if (now < created)
		now = created;
	size_t upto = 0;
	while (upto < n && ev[upto].e->at <= now)
		upto++;
	/* the priority in force at now, or the first one set when none was yet */
	const rules_priority *prio = NULL;
	for (size_t i = 0; !fixed && i < n && (i < upto || !prio); i++)
		if (ev[i].e->kind == SLA_PRIORITY)
			prio = priority_find(r, ev[i].e->value);
	const rules_calendar *cal = fixed ? fixed->calendar
				  : prio  ? calendar_find(r, prio->calendar.id)
					  : NULL;
	if (fixed && !cal)
		rc = od_fail(err, OD_CONFIG, _("SLA: the targets name no calendar"));
	else if (!fixed && !prio)
		rc = od_fail(err, OD_INVALID, _("SLA: the history gives the record no priority"));
	else if (!cal)
		rc = od_fail(err, OD_CONFIG,
			     _("SLA: priority '%s' counts in calendar '%s', which is not defined"),
			     prio->id, prio->calendar.id ? prio->calendar.id : "");
	if (rc != OD_OK)
		goto done;

	tally response = tally_new(fixed ? fixed->response : prio->response, r->sla.at_risk);
	tally resolution = tally_new(fixed ? fixed->resolution : prio->resolution, r->sla.at_risk);
	const rules_state *state = NULL; /* none before creation */
	time_t last = created;
	for (size_t i = 0; i < upto; i++) {
		const sla_event *e = ev[i].e;
		/* what was recorded before creation takes effect at creation */
		time_t at = e->at > created ? e->at : created;
		if (state && !state->pauses_sla) {
			tally_count(&response, cal, last, at);
			tally_count(&resolution, cal, last, at);
		}
		last = at;
		switch (e->kind) {
		case SLA_CREATED:
		case SLA_STATE: {
			state = state_find(w, e->value);
			bool stops = state->resolved || state->final;
			if (stops && !resolution.stopped)
				resolution.stopped = true, resolution.stopped_at = at;
			else if (!stops)
				resolution.stopped = false; /* reopened */
			break;
		}
		case SLA_RESPONDED:
			if (!response.stopped)
				response.stopped = true, response.stopped_at = at;
			break;
		case SLA_PRIORITY: break;
		}
	}
	bool paused = state && state->pauses_sla;
	if (!paused) {
		tally_count(&response, cal, last, now);
		tally_count(&resolution, cal, last, now);
	}
	tally_finish(&response, cal, paused, r->sla.at_risk, now, &out->response);
	tally_finish(&resolution, cal, paused, r->sla.at_risk, now, &out->resolution);
	out->priority = prio ? prio->id : NULL;
done:
	free(ev);
	return rc;
}

od_status sla_compute(const rules *r, const rules_workflow *w, const sla_event *events, size_t n,
		      time_t now, sla_result *out, od_error *err)
{
	return compute(r, w, NULL, events, n, now, out, err);
}

od_status sla_compute_fixed(const rules *r, const rules_workflow *w, const sla_targets *t,
			    const sla_event *events, size_t n, time_t now, sla_result *out,
			    od_error *err)
{
	return compute(r, w, t, events, n, now, out, err);
}

/* --- what the figures depend on ------------------------------------------- */

static void digest_text(struct sha256_ctx *h, const char *s)
{
	/* a length prefix keeps "ab"+"c" apart from "a"+"bc" */
	char len[24];
	int n = snprintf(len, sizeof len, "%zu:", s ? strlen(s) : 0);
	sha256_update(h, (size_t)n, (const uint8_t *)len);
	if (s)
		sha256_update(h, strlen(s), (const uint8_t *)s);
}

static void digest_int(struct sha256_ctx *h, long long v)
{
	char text[24];
	snprintf(text, sizeof text, "%lld", v);
	digest_text(h, text);
}

static void digest_dates(struct sha256_ctx *h, const rules_dates *d)
{
	digest_int(h, (long long)d->n);
	for (size_t i = 0; i < d->n; i++)
		digest_text(h, d->v[i]);
}

void sla_fingerprint(const rules *r, const rules_workflow *w, char out[SLA_FINGERPRINT_LEN])
{
	struct sha256_ctx h;
	sha256_init(&h);
	digest_text(&h, r->site.timezone.id);
	digest_int(&h, r->sla.at_risk);
	digest_int(&h, (long long)r->priorities.n);
	for (size_t i = 0; i < r->priorities.n; i++) {
		const rules_priority *p = &r->priorities.v[i];
		digest_text(&h, p->id);
		digest_int(&h, p->response);
		digest_int(&h, p->resolution);
		digest_text(&h, p->calendar.id);
	}
	digest_int(&h, (long long)r->calendars.n);
	for (size_t i = 0; i < r->calendars.n; i++) {
		const rules_calendar *c = &r->calendars.v[i];
		digest_text(&h, c->id);
		digest_int(&h, c->always);
		digest_int(&h, c->hours.start);
		digest_int(&h, c->hours.end);
		digest_int(&h, c->days);
		digest_dates(&h, &c->holidays);
		digest_dates(&h, &c->workdays);
	}
	digest_text(&h, w->initial.id);
	digest_int(&h, (long long)w->states.n);
	for (size_t i = 0; i < w->states.n; i++) {
		const rules_state *s = &w->states.v[i];
		digest_text(&h, s->id);
		digest_int(&h, s->final * 4 + s->resolved * 2 + s->pauses_sla);
	}
	digest_int(&h, (long long)r->escalations.n);
	for (size_t i = 0; i < r->escalations.n; i++) {
		digest_text(&h, r->escalations.v[i].id);
		digest_text(&h, r->escalations.v[i].when.id);
	}
	uint8_t sum[SHA256_DIGEST_SIZE];
	sha256_digest(&h, sizeof sum, sum);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(out + 2 * i, 3, "%02x", sum[i]);
}
