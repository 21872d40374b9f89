/* Calendar days: civil dates (proleptic Gregorian) as day numbers, days
 * since 1970-01-01, and the YYYY-MM-DD text they are written as. Pure
 * arithmetic, no time zones. */
#ifndef OPSDESK_CIVIL_H
#define OPSDESK_CIVIL_H

#include <stdbool.h>
#include <stdint.h>

enum { CIVIL_TEXT_LEN = 11 }; /* "YYYY-MM-DD" and its NUL */

int64_t civil_day(int year, int month, int day);
void civil_date(int64_t day, int *year, int *month, int *mday);
/* 0 Sunday ... 6 Saturday */
int civil_weekday(int64_t day);
int civil_month_days(int year, int month);

/* Reads exactly YYYY-MM-DD of a day that exists, in the years 1900 to
 * 9999, into *day unless day is NULL; false for anything else. */
bool civil_parse(const char *text, int64_t *day);
void civil_format(int64_t day, char out[CIVIL_TEXT_LEN]);

#endif
