/* Locating files. */
#include "opsdesk/paths.h"

#include <errno.h>
#include <fcntl.h>
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

/* The program file's group when it is setgid (a shared installation,
 * whoever runs it, root included); false otherwise. */
static bool installed_setgid(gid_t *group)
{
	struct stat st;
	if (stat("/proc/self/exe", &st) != 0 || !(st.st_mode & S_ISGID))
		return false;
	if (group)
		*group = st.st_gid;
	return true;
}

bool paths_shared_install(void)
{
	return getegid() != getgid() || installed_setgid(NULL);
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
	/* the user's environment must not steer the group's rights either,
	 * and root's init of a shared installation makes the shared file */
	if (paths_shared_install())
		return xstrdup(OPSDESK_SHARED_DB);
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && *xdg == '/')
		return xasprintf("%s/opsdesk/opsdesk.db", xdg);
	const char *home = getenv("HOME");
	return xasprintf("%s/.local/share/opsdesk/opsdesk.db", home && *home ? home : ".");
}

/* Directories: a personal database's are the user's alone (0700, as the
 * XDG base directory specification asks); a shared one's belong to the
 * program's group, setgid so files made there get it too (2770). */
od_status paths_make_parent(const char *file, od_error *err)
{
	gid_t group = 0;
	bool shared = installed_setgid(&group);
	mode_t mode = shared ? 02770 : 0700;
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
			if (mkdir(dir, 0700) == 0) {
				/* chmod, since the umask may have taken bits of the mode */
				if ((shared && chown(dir, (uid_t)-1, group) != 0) || chmod(dir, mode) != 0)
					s = od_fail(err, OD_IO, _("cannot set up the directory %s: %s"), dir,
						    strerror(errno));
			} else if (errno != EEXIST) {
				s = od_fail(err, OD_IO, _("cannot create the directory %s: %s"), dir,
					    strerror(errno));
			}
			*p = saved;
			if (!saved)
				break;
		}
	}
	free(dir);
	return s;
}

od_status paths_create_database(const char *file, od_error *err)
{
	gid_t group = 0;
	bool shared = installed_setgid(&group) || getegid() != getgid();
	if (getegid() != getgid())
		group = getegid();
	/* a personal database holds every phone number: the user's alone; a
	 * shared one the program's group's, never anyone else's */
	mode_t mode = shared ? 0660 : 0600;
	int fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return errno == EEXIST ? OD_OK
				       : od_fail(err, OD_IO, _("cannot create %s: %s"), file,
						 strerror(errno));
	od_status s = OD_OK;
	if ((shared && fchown(fd, (uid_t)-1, group) != 0) || fchmod(fd, mode) != 0)
		s = od_fail(err, OD_IO, _("cannot set the mode of %s: %s"), file, strerror(errno));
	close(fd);
	if (s != OD_OK)
		unlink(file);
	return s;
}
