/* Locating files. */
#include "opsdesk/paths.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opsdesk/xalloc.h"
#include "opsdesk/i18n.h"

bool paths_overrides_allowed(void)
{
	return getuid() == 0 || getegid() == getgid();
}

od_status paths_drop_group(od_error *err)
{
	if (getegid() != getgid() && setgid(getgid()) != 0)
		return od_fail(err, OD_DENIED, _("cannot give up the opsdesk group: %s"), strerror(errno));
	return OD_OK;
}

const char *paths_rules(const char *cli_rules)
{
	const char *env = getenv("OPSDESK_RULES");
	if (paths_overrides_allowed()) {
		if (cli_rules && *cli_rules)
			return cli_rules;
		if (env && *env)
			return env;
	}
	if (access(OPSDESK_SYSTEM_RULES, F_OK) == 0)
		return OPSDESK_SYSTEM_RULES;
	return NULL;
}

char *paths_database(const char *cli_db, const rules *r)
{
	const char *env = getenv("OPSDESK_DB");
	if (paths_overrides_allowed()) {
		if (cli_db && *cli_db)
			return xstrdup(cli_db);
		if (env && *env)
			return xstrdup(env);
	}
	if (r && r->site.database && *r->site.database)
		return xstrdup(r->site.database);
	/* the user's environment must not steer the group's rights either */
	if (!paths_overrides_allowed())
		return xstrdup(OPSDESK_SHARED_DB);
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && *xdg == '/')
		return xasprintf("%s/opsdesk/opsdesk.db", xdg);
	const char *home = getenv("HOME");
	return xasprintf("%s/.local/share/opsdesk/opsdesk.db", home && *home ? home : ".");
}

od_status paths_make_parent(const char *file, od_error *err)
{
	char *dir = xstrdup(file);
	char *slash = strrchr(dir, '/');
	od_status s = OD_OK;
	if (slash && slash != dir) {
		*slash = '\0';
		for (char *p = dir + 1; s == OD_OK; p++) {
			if (*p != '/' && *p != '\0')
				continue;
			char saved = *p;
			*p = '\0';
			if (mkdir(dir, 0755) != 0 && errno != EEXIST)
				s = od_fail(err, OD_IO, _("cannot create the directory %s: %s"), dir,
					    strerror(errno));
			*p = saved;
			if (!saved)
				break;
		}
	}
	free(dir);
	return s;
}
