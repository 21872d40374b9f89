/* One reading against its checklist item: is it a value of the item's
 * kind, and is it normal, a warning, an alarm or abnormal. Pure: no
 * database, the same for the console's live check and for a script. */
#include "opsdesk/inspect.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/i18n.h"
#include "opsdesk/text.h"

const char *inspect_level_id(inspect_level level)
{
	static const char *const ids[] = {"normal", "warning", "alarm", "abnormal"};
	return level <= LEVEL_ABNORMAL ? ids[level] : "?";
}

const char *inspect_level_name(inspect_level level)
{
	switch (level) {
	case LEVEL_NORMAL: return _("normal");
	case LEVEL_WARNING: return _("WARNING");
	case LEVEL_ALARM: return _("ALARM");
	case LEVEL_ABNORMAL: return _("ABNORMAL");
	}
	return "?";
}

static bool any_of(const char *v, const char *const *words)
{
	for (; *words; words++)
		if (strcasecmp(v, *words) == 0)
			return true;
	return false;
}

/* The number in v, with surrounding blanks and the item's unit (or a "%")
 * allowed after it. */
static bool read_number(const rules_inspect_item *it, const char *v, double *out)
{
	while (isspace((unsigned char)*v))
		v++;
	char *end;
	errno = 0;
	double d = strtod(v, &end);
	if (end == v || errno || !isfinite(d))
		return false;
	while (isspace((unsigned char)*end))
		end++;
	size_t ulen = it->unit ? strlen(it->unit) : 0;
	if (ulen && strncmp(end, it->unit, ulen) == 0)
		end += ulen;
	else if (*end == '%' && it->kind_id == INSPECT_PERCENT)
		end++;
	while (isspace((unsigned char)*end))
		end++;
	*out = d;
	return *end == '\0';
}

static bool in_ranges(const rules_intervals *l, double v)
{
	for (size_t i = 0; i < l->n; i++)
		if (rules_interval_has(&l->v[i], v))
			return true;
	return false;
}

od_status inspect_judge(const rules_inspect_item *it, const char *value, inspect_level *level,
			double *number, char **canon, od_error *err)
{
	static const char *const pass[] = {"pass", "ok", "p", "y", "yes", "正常", "通过", "是", NULL};
	static const char *const fail[] = {"fail", "f", "n", "no", "abnormal", "异常", "不通过",
					   "否", NULL};
	*level = LEVEL_NORMAL;
	if (number)
		*number = 0;
	if (canon)
		*canon = NULL;
	od_status s = text_check(it->id, value, INSPECT_VALUE_MAX, false, false, err);
	if (s != OD_OK)
		return s;
	const char *out = value;
	char buf[64];
	switch (it->kind_id) {
	case INSPECT_CHECK:
		if (any_of(value, pass)) {
			out = "pass";
		} else if (any_of(value, fail)) {
			out = "fail";
			*level = LEVEL_ABNORMAL;
		} else {
			return od_fail(err, OD_INVALID, _("%s: '%s' is not pass or fail"), it->id,
				       value);
		}
		break;
	case INSPECT_NUMBER:
	case INSPECT_PERCENT: {
		double d;
		if (!read_number(it, value, &d))
			return od_fail(err, OD_INVALID, _("%s: '%s' is not a number"), it->id, value);
		if (it->kind_id == INSPECT_PERCENT && (d < 0 || d > 100))
			return od_fail(err, OD_INVALID, _("%s: %s is not a percentage from 0 to 100"),
				       it->id, value);
		*level = in_ranges(&it->normal, d)    ? LEVEL_NORMAL
			 : in_ranges(&it->warning, d) ? LEVEL_WARNING
						      : LEVEL_ALARM;
		if (number)
			*number = d;
		snprintf(buf, sizeof buf, "%.10g", d);
		out = buf;
		break;
	}
	case INSPECT_CHOICE: {
		bool known = false;
		for (size_t i = 0; i < it->choices.n && !known; i++)
			known = strcmp(it->choices.v[i].id, value) == 0;
		if (!known) {
			strbuf names = {0};
			for (size_t i = 0; i < it->choices.n; i++)
				sb_addf(&names, "%s%s", i ? ", " : "", it->choices.v[i].id);
			od_fail(err, OD_INVALID, _("%s: '%s' is not one of its choices (%s)"), it->id,
				value, names.buf ? names.buf : "");
			sb_free(&names);
			return OD_INVALID;
		}
		for (size_t i = 0; i < it->abnormal.n; i++)
			if (strcmp(it->abnormal.v[i].id, value) == 0)
				*level = LEVEL_ABNORMAL;
		break;
	}
	case INSPECT_TEXT:
		if ((s = text_check(it->id, value, INSPECT_VALUE_MAX, true, false, err)) != OD_OK)
			return s;
		break;
	}
	if (canon)
		*canon = xstrdup(out);
	return OD_OK;
}

char *inspect_ranges_text(const rules_inspect_item *it)
{
	strbuf sb = {0};
	const rules_intervals *levels[] = {&it->normal, &it->warning, &it->alarm};
	const char *names[] = {_("normal"), _("warning"), _("alarm")};
	for (int k = 0; k < 3; k++) {
		if (!levels[k]->n)
			continue;
		sb_addf(&sb, "%s%s ", sb.len ? "; " : "", names[k]);
		for (size_t i = 0; i < levels[k]->n; i++)
			sb_addf(&sb, "%s%s", i ? " " : "", levels[k]->v[i].text);
	}
	if (it->kind_id == INSPECT_CHOICE) {
		sb_addf(&sb, "%s: ", _("choices"));
		for (size_t i = 0; i < it->choices.n; i++)
			sb_addf(&sb, "%s%s", i ? " / " : "", it->choices.v[i].id);
		if (it->abnormal.n) {
			sb_addf(&sb, "; %s: ", _("abnormal"));
			for (size_t i = 0; i < it->abnormal.n; i++)
				sb_addf(&sb, "%s%s", i ? " / " : "", it->abnormal.v[i].id);
		}
	}
	if (it->kind_id == INSPECT_CHECK)
		sb_add(&sb, _("pass / fail"));
	return sb_take(&sb);
}

static bool listed(const rules_refs *refs, const char *v)
{
	for (size_t i = 0; v && i < refs->n; i++)
		if (strcmp(refs->v[i].id, v) == 0)
			return true;
	return false;
}

bool inspect_applies(const rules_inspection *t, const asset *a)
{
	return listed(&t->applies.classes, a->class_id) || listed(&t->applies.cis, a->tag) ||
	       (a->location && a->location[0] && listed(&t->applies.locations, a->location));
}
