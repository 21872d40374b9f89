/* Calendar days. The conversions are Howard Hinnant's public-domain
 * algorithms for days from and to civil dates. */
#include "opsdesk/civil.h"

int64_t civil_day(int year, int month, int day)
{
	int64_t y = year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void civil_date(int64_t day, int *year, int *month, int *mday)
{
	int64_t z = day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(yoe + era * 400 + (*month <= 2));
}

int civil_weekday(int64_t day)
{
	return (int)(((day + 4) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
}

int civil_month_days(int year, int month)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	if (month < 1 || month > 12)
		return 0;
	return month == 2 && leap ? 29 : mdays[month - 1];
}

static bool digits(const char *s, int n, int *value)
{
	*value = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*value = *value * 10 + (s[i] - '0');
	}
	return true;
}

bool civil_parse(const char *text, int64_t *day)
{
	int y, m, d;
	if (!text || !digits(text, 4, &y) || text[4] != '-' || !digits(text + 5, 2, &m) ||
	    text[7] != '-' || !digits(text + 8, 2, &d) || text[10] != '\0')
		return false;
	if (y < 1900 || d < 1 || d > civil_month_days(y, m))
		return false;
	if (day)
		*day = civil_day(y, m, d);
	return true;
}

static void put_digits(char *out, unsigned value, int n)
{
	for (int i = n - 1; i >= 0; i--, value /= 10)
		out[i] = (char)('0' + value % 10);
}

/* By hand rather than with snprintf: the SLA clocks format every day they
 * walk through, and snprintf was most of their time. */
void civil_format(int64_t day, char out[CIVIL_TEXT_LEN])
{
	int y, m, d;
	civil_date(day, &y, &m, &d);
	put_digits(out, (unsigned)y % 10000u, 4);
	out[4] = '-';
	put_digits(out + 5, (unsigned)m, 2);
	out[7] = '-';
	put_digits(out + 8, (unsigned)d, 2);
	out[10] = '\0';
}
