/* UTF-8 decoding and display width. Decoding is done here rather than with
 * mbrtowc so validation does not depend on the user's locale; widths come
 * from wcwidth, which main() makes sure runs under a UTF-8 LC_CTYPE. */
#include "opsdesk/text.h"

#include <stdint.h>
#include <string.h>

#include "opsdesk/xalloc.h"
#include "opsdesk/i18n.h"

static int utf8_decode(const unsigned char *s, wchar_t *out)
{
	unsigned c = s[0];
	int len;
	unsigned cp;
	if (c < 0x80) {
		*out = (wchar_t)c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		len = 2, cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, cp = c & 0x07;
	} else {
		return -1;
	}
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and values past U+10FFFF are invalid */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*out = (wchar_t)cp;
	return len;
}

wchar_t text_next(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	if (!*s)
		return 0;
	wchar_t c;
	int n = utf8_decode(s, &c);
	if (n < 0) {
		*p += 1;
		return 0xfffd;
	}
	*p += n;
	return c;
}

bool text_valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		wchar_t c;
		int n = utf8_decode(p, &c);
		if (n < 0)
			return false;
		p += n;
	}
	return true;
}

static bool is_control(wchar_t c)
{
	return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029;
}

bool text_is_invisible(wchar_t c)
{
	return c == 0x061c ||                  /* Arabic letter mark */
	       (c >= 0x200b && c <= 0x200f) || /* zero-width space, joiners, LRM, RLM */
	       (c >= 0x202a && c <= 0x202e) || /* embeddings and overrides */
	       (c >= 0x2060 && c <= 0x2064) || /* word joiner, invisible operators */
	       (c >= 0x2066 && c <= 0x2069) || /* isolates */
	       c == 0xfeff;                    /* zero-width no-break space (BOM) */
}

od_status text_check(const char *field, const char *value, size_t max_chars,
		     bool multiline, bool required, od_error *err)
{
	if (!value)
		value = "";
	if (!text_valid_utf8(value))
		return od_fail(err, OD_INVALID, _("%s: not valid UTF-8 text"), field);
	size_t count = 0;
	bool blank = true;
	for (const char *p = value; *p;) {
		wchar_t c = text_next(&p);
		bool allowed_space = multiline && (c == '\n' || c == '\t');
		if (is_control(c) && !allowed_space)
			return od_fail(err, OD_INVALID, _("%s: control characters are not allowed (U+%04X)"),
				       field, (unsigned)c);
		/* in a name or an identifier they make two different values look
		 * alike, or text display in another order than it is stored */
		if (!multiline && text_is_invisible(c))
			return od_fail(err, OD_INVALID,
				       _("%s: invisible and text-direction characters are not allowed "
					 "(U+%04X)"),
				       field, (unsigned)c);
		if (c != ' ' && c != '\n' && c != '\t' && c != 0x3000)
			blank = false;
		count++;
	}
	if (required && blank)
		return od_fail(err, OD_INVALID, _("%s: must not be empty"), field);
	if (count > max_chars)
		return od_fail(err, OD_INVALID, _("%s: too long (%zu characters, at most %zu)"), field,
			       count, max_chars);
	return OD_OK;
}

/* How an invisible character is shown: its code, so it is seen, not obeyed. */
#define INVISIBLE_SHOWN "<U+%04X>"
enum { INVISIBLE_WIDTH = 8 };

int text_char_width(wchar_t c)
{
	if (is_control(c))
		return 1;
	if (text_is_invisible(c))
		return INVISIBLE_WIDTH;
	int w = wcwidth(c);
	return w < 0 ? 1 : w;
}

int text_width(const char *s)
{
	int w = 0;
	for (const char *p = s ? s : ""; *p;)
		w += text_char_width(text_next(&p));
	return w;
}

size_t text_encode(wchar_t c, char *out)
{
	unsigned cp = (unsigned)c;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Appends c as it should be shown: control characters become '?' (a newline
 * becomes a space on one line), invisible and text-direction characters
 * their code, <U+202E>. */
static void add_shown(strbuf *sb, wchar_t c, bool multiline)
{
	char enc[4];
	if (c == '\n' && multiline)
		sb_add(sb, "\n");
	else if (c == '\n' || c == '\t')
		sb_add(sb, " ");
	else if (text_is_invisible(c))
		sb_addf(sb, INVISIBLE_SHOWN, (unsigned)c);
	else if (is_control(c) || wcwidth(c) < 0) /* as text_char_width counts it */
		sb_add(sb, "?");
	else
		sb_addn(sb, enc, text_encode(c, enc));
}

char *text_sanitize(const char *s, bool multiline)
{
	strbuf sb = {0};
	for (const char *p = s ? s : ""; *p;)
		add_shown(&sb, text_next(&p), multiline);
	return sb_take(&sb);
}

char *text_fit(const char *s, int width, bool right_align)
{
	strbuf sb = {0};
	if (width <= 0)
		return sb_take(&sb);
	int used = 0;
	bool cut = text_width(s) > width;
	int room = cut ? width - 1 : width; /* one cell for the '~' mark */
	for (const char *p = s ? s : ""; *p;) {
		wchar_t c = text_next(&p);
		int w = text_char_width(c);
		if (used + w > room)
			break;
		add_shown(&sb, c, false);
		used += w;
	}
	if (cut) {
		sb_add(&sb, "~");
		used++;
	}
	if (right_align && used < width) {
		strbuf pad = {0};
		for (; used < width; used++)
			sb_add(&pad, " ");
		sb_add(&pad, sb.buf ? sb.buf : "");
		sb_free(&sb);
		return sb_take(&pad);
	}
	for (; used < width; used++)
		sb_add(&sb, " ");
	return sb_take(&sb);
}

text_num text_parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	/* digits only: no sign, no spaces, nothing after, as a person types a
	 * count or an id; strtoll alone would take " -5x" and saturate */
	const char *p = s ? s : "";
	if (!*p)
		return TEXT_NUM_BAD;
	int64_t v = 0;
	bool over = false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return TEXT_NUM_BAD;
		if (v > (INT64_MAX - (*p - '0')) / 10)
			over = true;
		else
			v = v * 10 + (*p - '0');
	}
	if (over || v < min || v > max)
		return TEXT_NUM_RANGE;
	*out = v;
	return TEXT_NUM_OK;
}
