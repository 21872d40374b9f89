/* opsdesk backup FILE | backup --check FILE: a checked copy of the live
 * database through SQLite, and the check of a copy. */
#include <stdio.h>

#include "opsdesk/backup.h"
#include "opsdesk/cli.h"
#include "opsdesk/i18n.h"
#include "opsdesk/paths.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_backup = {
	"backup",
	N_("copy the database safely while others work; check a copy"),
	N_("usage: opsdesk backup FILE\n"
	   "       opsdesk backup --check FILE\n"
	   "\n"
	   "Copies the live database through SQLite (VACUUM INTO) while other sessions\n"
	   "go on writing, into FILE, which must not exist yet; it is created 0600 and\n"
	   "owned by you. The copy is then checked (SQLite's integrity check and the\n"
	   "audit chain) and the backup is recorded in the audit log; a copy that fails\n"
	   "its check is removed. Needs the database.backup permission.\n"
	   "--check FILE checks a copy the same way, changing nothing; exit status 1\n"
	   "when it is damaged. Restoring is described in opsdesk(1).\n"),
	run,
	NULL,
};

static const cli_opt opts[] = {{"check", false, false}, {0}};

static void print_report(const char *what, const char *file, const backup_report *r)
{
	printf(_("%s %s: intact (schema version %d, %lld audit entries, head %lld:%s)\n"), what,
	       file, r->schema_version, (long long)r->entries, (long long)r->head_id, r->head_hash);
}

static int check(const char *file)
{
	od_error err;
	backup_report r;
	/* a file the user names is read with the user's own rights */
	if (paths_drop_group(&err) != OD_OK)
		return cli_report(&err);
	od_status s = backup_check(file, &r, &err);
	if (s == OD_CONFLICT) {
		od_fail(&err, OD_CONFLICT, _("%s is damaged: %s"), file, r.problem);
		return cli_report(&err);
	}
	if (s != OD_OK)
		return cli_report(&err);
	print_report(_("copy"), file, &r);
	return 0;
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin(env, &cmd_backup, opts, argc, argv, &a, &rc))
		return rc;
	if (a.npos != 1)
		return a.npos ? cli_usage_error(&cmd_backup, _("unexpected argument '%s'"), a.pos[1])
			      : cli_usage_error(&cmd_backup, _("which file?"));
	if (cli_value(opts, &a, "check"))
		return check(a.pos[0]);
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	od_error err;
	backup_report r;
	if (backup_make(&env->ctx, a.pos[0], &r, &err) != OD_OK)
		return cli_report(&err);
	print_report(_("backup"), a.pos[0], &r);
	return 0;
}
