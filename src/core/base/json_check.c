/* The strict JSON check: a recursive descent over RFC 8259's grammar that
 * builds nothing; depth is bounded, so no input exhausts the stack. */
#include "opsdesk/json_check.h"

#include <stdio.h>
#include <string.h>

#include "opsdesk/i18n.h"

typedef struct scan {
	const unsigned char *p, *start;
	char *why;
	size_t len;
	bool failed;
} scan;

static bool fail(scan *s, const char *what)
{
	if (!s->failed && s->why && s->len)
		snprintf(s->why, s->len, _("%s at byte %zu"), what, (size_t)(s->p - s->start));
	s->failed = true;
	return false;
}

static void blanks(scan *s)
{
	while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')
		s->p++;
}

static bool literal(scan *s, const char *word)
{
	size_t n = strlen(word);
	if (strncmp((const char *)s->p, word, n) != 0)
		return fail(s, _("not a JSON value"));
	s->p += n;
	return true;
}

static int hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* \uXXXX after the backslash and u: its code unit, or -1. */
static long code_unit(scan *s)
{
	long v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hex(s->p[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	s->p += 4;
	return v;
}

/* One UTF-8 sequence (not ASCII) at p: its length, or 0 when invalid. */
static size_t utf8_length(const unsigned char *p)
{
	unsigned char c = p[0];
	size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	/* overlong forms, surrogates and beyond U+10FFFF */
	if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) || (c == 0xf0 && p[1] < 0x90) ||
	    (c == 0xf4 && p[1] > 0x8f))
		return 0;
	return n;
}

static bool string(scan *s)
{
	s->p++; /* the opening quote */
	for (;;) {
		unsigned char c = *s->p;
		if (c == '"') {
			s->p++;
			return true;
		}
		if (c == '\0')
			return fail(s, _("a string is not closed"));
		if (c < 0x20)
			return fail(s, _("a control character in a string"));
		if (c == '\\') {
			s->p++;
			c = *s->p;
			if (c && strchr("\"\\/bfnrt", c)) {
				s->p++;
				continue;
			}
			if (c != 'u')
				return fail(s, _("an unknown escape in a string"));
			s->p++;
			long u = code_unit(s);
			if (u < 0)
				return fail(s, _("a \\u escape without four hex digits"));
			if (u >= 0xdc00 && u <= 0xdfff)
				return fail(s, _("half a surrogate pair in a string"));
			if (u >= 0xd800 && u <= 0xdbff) {
				if (s->p[0] != '\\' || s->p[1] != 'u')
					return fail(s, _("half a surrogate pair in a string"));
				s->p += 2;
				long low = code_unit(s);
				if (low < 0xdc00 || low > 0xdfff)
					return fail(s, _("half a surrogate pair in a string"));
			}
			continue;
		}
		if (c < 0x80) {
			s->p++;
			continue;
		}
		size_t n = utf8_length(s->p);
		if (!n)
			return fail(s, _("invalid UTF-8 in a string"));
		s->p += n;
	}
}

static bool digits(scan *s)
{
	if (*s->p < '0' || *s->p > '9')
		return fail(s, _("a number without its digits"));
	while (*s->p >= '0' && *s->p <= '9')
		s->p++;
	return true;
}

static bool number(scan *s)
{
	if (*s->p == '-')
		s->p++;
	if (*s->p == '0')
		s->p++;
	else if (!digits(s))
		return false;
	if (*s->p == '.') {
		s->p++;
		if (!digits(s))
			return false;
	}
	if (*s->p == 'e' || *s->p == 'E') {
		s->p++;
		if (*s->p == '+' || *s->p == '-')
			s->p++;
		if (!digits(s))
			return false;
	}
	return true;
}

static bool value(scan *s, int depth);

static bool members(scan *s, int depth, bool object)
{
	unsigned char close = object ? '}' : ']';
	s->p++;
	blanks(s);
	if (*s->p == close) {
		s->p++;
		return true;
	}
	for (;;) {
		if (object) {
			blanks(s);
			if (*s->p != '"')
				return fail(s, _("an object's key is not a string"));
			if (!string(s))
				return false;
			blanks(s);
			if (*s->p != ':')
				return fail(s, _("a key without ':'"));
			s->p++;
		}
		if (!value(s, depth + 1))
			return false;
		blanks(s);
		if (*s->p == close) {
			s->p++;
			return true;
		}
		if (*s->p != ',')
			return fail(s, object ? _("expected ',' or '}'") : _("expected ',' or ']'"));
		s->p++;
	}
}

static bool value(scan *s, int depth)
{
	blanks(s);
	if (depth > JSON_CHECK_DEPTH)
		return fail(s, _("nested too deep"));
	switch (*s->p) {
	case '{': return members(s, depth, true);
	case '[': return members(s, depth, false);
	case '"': return string(s);
	case 't': return literal(s, "true");
	case 'f': return literal(s, "false");
	case 'n': return literal(s, "null");
	case '\0': return fail(s, _("no JSON value"));
	default:
		if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9'))
			return number(s);
		return fail(s, _("not a JSON value"));
	}
}

bool json_check(const char *text, char *why, size_t len)
{
	scan s = {(const unsigned char *)text, (const unsigned char *)text, why, len, false};
	if (why && len)
		why[0] = '\0';
	if (!value(&s, 0))
		return false;
	blanks(&s);
	return *s.p == '\0' || fail(&s, _("more after the JSON value"));
}
