/* The interface language and where its catalogue is. glibc's gettext only
 * translates when LC_MESSAGES names a locale other than "C", and many
 * machines have no zh_CN.UTF-8 locale generated: so the choice is made here
 * from the variables themselves, the messages category is set to C.UTF-8
 * (always present) when the named locale is missing, and LANGUAGE, which
 * glibc consults first for any locale but "C", names the catalogue. */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opsdesk/i18n.h"

#define DOMAIN "opsdesk"

static bool wants_chinese(const char *v)
{
	return strcmp(v, "zh") == 0 || strncmp(v, "zh_CN", 5) == 0 || strncmp(v, "zh_", 3) == 0 ||
	       strncmp(v, "zh.", 3) == 0;
}

/* The environment's choice, by the precedence POSIX gives the variables. */
static bool environment_chinese(void)
{
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return wants_chinese(v);
	}
	return false;
}

static void apply(bool chinese)
{
	if (chinese) {
		const char *cur = setlocale(LC_MESSAGES, NULL);
		if (!cur || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
			setlocale(LC_MESSAGES, "C.UTF-8");
		setenv("LANGUAGE", "zh_CN", 1);
	} else {
		/* "C" messages: gettext returns the English msgid whatever
		 * LANGUAGE says */
		setlocale(LC_MESSAGES, "C");
		unsetenv("LANGUAGE");
	}
	/* textdomain() also tells gettext to forget what it looked up */
	textdomain(DOMAIN);
}

/* The directory holding this executable, when the kernel tells. */
static bool exe_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return false;
	*slash = '\0';
	return true;
}

void i18n_init(const char *localedir)
{
	char dir[PATH_MAX], mo[PATH_MAX + 64];
	const char *use = localedir;
	/* a binary in the build tree has its catalogue beside it, in
	 * locale/; an installed one (in bin/) does not, and uses localedir.
	 * A setgid one never looks beside itself: a catalogue supplies format
	 * strings, and a user could place a copy (or a link) of the program
	 * next to a catalogue of their own. */
	if (getegid() == getgid() && geteuid() == getuid() && exe_dir(dir, sizeof dir - 8)) {
		strcat(dir, "/locale");
		snprintf(mo, sizeof mo, "%s/zh_CN/LC_MESSAGES/" DOMAIN ".mo", dir);
		if (access(mo, R_OK) == 0)
			use = dir;
	}
	bindtextdomain(DOMAIN, use);
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	apply(environment_chinese());
}

char *i18n_text(const char *msgid)
{
	/* char *, as gettext's own: the text is the catalogue's, not to be written */
	char *t = gettext(msgid);
	/* gettext hands back the msgid itself when it has no translation */
	if (t == msgid) {
		const char *eot = strchr(msgid, '\004');
		if (eot)
			return (char *)eot + 1;
	}
	return t;
}

bool i18n_known(const char *name)
{
	return strcmp(name, "zh_CN") == 0 || strcmp(name, "en") == 0;
}

void i18n_force(const char *language)
{
	if (language && *language)
		apply(strcmp(language, "zh_CN") == 0);
}
