/* Choosing the shift a command works on: --shift DAY/SHIFT, or the one on
 * duty now (or the one that has just ended). Shared by handover, log and
 * report. */
#include <stdio.h>

#include "opsdesk/cli_roster.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"

int cli_pick_slot(cli_env *env, const char *text, bool previous, shift_slot *slot)
{
	od_error err;
	if (text) {
		if (roster_slot_parse(env->rules, text, slot, &err) != OD_OK)
			return cli_report(&err);
		return 0;
	}
	time_t now = clock_now();
	if (previous ? roster_slot_prev(env->rules, now, slot) : roster_slot_at(env->rules, now, slot))
		return 0;
	fprintf(stderr, _("opsdesk: no shift is on duty now (the rules define %zu); give --shift DAY/SHIFT\n"),
		env->rules->shifts.n);
	return 1;
}
