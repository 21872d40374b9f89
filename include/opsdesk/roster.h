/* The duty roster: which people are on which shift on which day, their
 * leave, the coverage the rules ask for, and who is on duty at a moment.
 * Days are YYYY-MM-DD in the site's time zone; a shift belongs to the day
 * it starts, so a night shift of the 31st ends on the 1st. */
#ifndef OPSDESK_ROSTER_H
#define OPSDESK_ROSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/civil.h"
#include "opsdesk/context.h"
#include "opsdesk/staff.h"
#include "opsdesk/status.h"

enum { ROSTER_DAY_LEN = CIVIL_TEXT_LEN, ROSTER_REASON_MAX = 500 };

/* --- days -------------------------------------------------------------- */

/* OD_OK when text is a real date YYYY-MM-DD; else OD_INVALID naming what. */
od_status roster_day_valid(const char *text, const char *what, od_error *err);
/* day plus n days (n may be negative) into out. */
void roster_day_add(char out[ROSTER_DAY_LEN], const char *day, int n);
/* Days from a to b (b - a). */
int roster_day_diff(const char *a, const char *b);
/* 0 = Sunday ... 6 = Saturday. */
int roster_day_weekday(const char *day);
/* The site-zone day of t. */
void roster_day_of(time_t t, char out[ROSTER_DAY_LEN]);
int roster_month_days(int year, int month);

typedef enum roster_day_kind { DAY_WORK, DAY_WEEKEND, DAY_HOLIDAY } roster_day_kind;
/* Weekends and holidays per roster.calendar (its make-up workdays are
 * working days). */
roster_day_kind roster_day_kind_of(const rules *r, const char *day);

/* The instant the site's clock shows minute (of the day) on day n (days
 * since 1970); see roster_time.c for the days the clock changes. */
time_t roster_local_instant(long n, int minute);

/* --- shift slots: one shift on one day --------------------------------- */

typedef struct shift_slot {
	char day[ROSTER_DAY_LEN];
	const rules_shift *shift;
	time_t start, end; /* [start, end) */
} shift_slot;

/* The slot of shift on day. Start and end are the wall-clock times in the
 * site zone; see roster.c for days the clock changes. */
shift_slot roster_slot(const rules_shift *shift, const char *day);
/* The slot on duty at t: false when no shift covers t. */
bool roster_slot_at(const rules *r, time_t t, shift_slot *out);
/* The first slot starting after t. */
bool roster_slot_next(const rules *r, time_t t, shift_slot *out);
/* The last slot ending at or before t. */
bool roster_slot_prev(const rules *r, time_t t, shift_slot *out);
/* "2026-11-21/N" into a slot; OD_INVALID naming the text when the day or
 * the shift is not known. */
od_status roster_slot_parse(const rules *r, const char *text, shift_slot *out, od_error *err);

/* --- the roster ----------------------------------------------------------- */

typedef struct roster_entry {
	char day[ROSTER_DAY_LEN];
	char *shift, *login;
	int rank; /* the shift's place in the rules; shifts the rules no longer know last */
} roster_entry;

/* Entries from first to last day, by day, then the rules' shift order, then
 * login. */
od_status roster_range(od_db *db, const rules *r, const char *first, const char *last,
		       roster_entry **out, size_t *n, od_error *err);
void roster_entries_free(roster_entry *v, size_t n);
/* Logins on a slot, sorted. Caller frees each and the array. */
od_status roster_slot_people(od_db *db, const shift_slot *slot, char ***out, size_t *n,
			     od_error *err);
void roster_logins_free(char **v, size_t n);
bool roster_has(od_db *db, const char *day, const char *shift, const char *login);

/* Puts login on exactly the shifts codes (none: a day off) on day.
 * expected, when not NULL, is the shift codes the user saw, comma-joined
 * in the rules' order ("" for none): if the cell changed since, nothing is
 * saved and OD_CONFLICT says who changed it. Needs roster.manage. Refuses
 * an inactive person or a day of their leave. */
od_status roster_set(const od_ctx *ctx, const char *day, const char *login,
		     const char *const *codes, size_t ncodes, const char *expected,
		     const char *reason, od_error *err);
/* Puts exactly logins on shift code on day, inside the caller's
 * transaction (db_begin) and after the caller's permission check; journals
 * each person whose day changed, as op with reason. Refuses an unknown
 * shift, an unknown, inactive or on-leave person with OD_INVALID or
 * OD_NOT_FOUND naming them. For imports. */
od_status roster_put_slot(const od_ctx *ctx, const char *op, const char *day, const char *code,
			  const char *const *logins, size_t n, const char *reason, od_error *err);
/* Moves from's shift code on day to to, inside the caller's transaction
 * and after its permission check. OD_CONFLICT when from is no longer on
 * it or to already is; OD_INVALID when to cannot be rostered that day. */
od_status roster_move(const od_ctx *ctx, const char *op, const char *day, const char *code,
		      const char *from, const char *to, const char *reason, od_error *err);
/* The codes of login's shifts on day, comma-joined in the rules' order.
 * Caller frees. */
char *roster_cell(od_db *db, const rules *r, const char *day, const char *login);

/* Applies rotation to logins from first for days days: person k on day d
 * works pattern[(d + k * stagger) mod length]. Their earlier cells in the
 * period are replaced; the shifts that fell on their leave are left empty
 * and returned in skipped. One transaction; needs roster.manage. */
od_status roster_fill(const od_ctx *ctx, const char *rotation, const char *first, int days,
		      const char *const *logins, size_t nlogins, roster_entry **skipped,
		      size_t *nskipped, od_error *err);

/* A shift short of what the rules ask. */
typedef struct roster_gap {
	shift_slot slot;
	int people, required;
	char **missing_roles; /* role ids no one on the shift holds */
	size_t nmissing;
	char **absent; /* rostered but on leave or inactive */
	size_t nabsent;
} roster_gap;

/* Every slot from first to last day short of min_people or of a required
 * role. People on leave or inactive do not count. */
od_status roster_check(od_db *db, const rules *r, const char *first, const char *last,
		       roster_gap **out, size_t *n, od_error *err);
void roster_gaps_free(roster_gap *v, size_t n);

/* A person whose next shift starts less than the rules' roster.min_rest
 * after the end of the one before (a day shift right after a night shift). */
typedef struct roster_rest {
	char *login;
	shift_slot before, after;
	int rest_minutes; /* may be negative: the shifts overlap */
} roster_rest;

/* Every such pair whose second shift is from first to last day (none when
 * the rules set no min_rest). Shifts on leave do not count. */
od_status roster_rest_check(od_db *db, const rules *r, const char *first, const char *last,
			    roster_rest **out, size_t *n, od_error *err);
void roster_rests_free(roster_rest *v, size_t n);

/* Per-person totals for a period, so fairness is visible. */
typedef struct roster_totals {
	int shifts, nights, weekend_or_holiday;
	int minutes;
} roster_totals;
void roster_totals_add(const rules *r, const roster_entry *e, roster_totals *t);

/* --- who is on duty ---------------------------------------------------- */

/* A slot's people: those on duty (active and not on leave that day), and
 * those rostered but away (on leave, deactivated, or no longer on the
 * staff list), each in login order. */
typedef struct roster_duty {
	staff_member *present;
	size_t npresent;
	staff_member *absent; /* one no longer on the staff list has only login and name */
	size_t nabsent;
} roster_duty;

od_status roster_on_duty(od_db *db, const shift_slot *slot, roster_duty *out, od_error *err);
void roster_duty_clear(roster_duty *d);

/* The on-duty holder of the role the rules' roster.assign gives category
 * at t, first by login; NULL when none (or no rule). Caller frees. */
char *roster_duty_assignee(od_db *db, const rules *r, const char *category, time_t t);

/* Whether login is on duty at t or on call for the next shift (rostered
 * on it and not on leave); true when the rules define no shifts. */
bool roster_available(od_db *db, const rules *r, const char *login, time_t t);

/* --- leave ------------------------------------------------------------- */

typedef struct leave_entry {
	int64_t id;
	char *login;
	char first[ROSTER_DAY_LEN], last[ROSTER_DAY_LEN];
	char *reason, *created_by;
	time_t created;
} leave_entry;

/* Records leave or unavailability, first to last day inclusive. Anyone for
 * themselves, roster.manage for anyone. Cells already rostered in the
 * period stay (a swap or reassignment moves them) and are returned in
 * clashes. */
od_status leave_add(const od_ctx *ctx, const char *login, const char *first, const char *last,
		    const char *reason, int64_t *id, roster_entry **clashes, size_t *nclashes,
		    od_error *err);
/* Leave overlapping first..last (NULL: all), of login (NULL: everyone). */
od_status leave_list(od_db *db, const char *login, const char *first, const char *last,
		     leave_entry **out, size_t *n, od_error *err);
void leave_entries_free(leave_entry *v, size_t n);
/* Takes leave id back (reason may be NULL), journalled on the person and
 * audited. The person themselves, or roster.manage for anyone. */
od_status leave_cancel(const od_ctx *ctx, int64_t id, const char *reason, od_error *err);
bool leave_on(od_db *db, const char *login, const char *day);

#endif
