/* opsdesk init [--demo]: creates or upgrades the database and makes the
 * invoking user the first operations manager. */
#include <stdio.h>

#include "opsdesk/cli.h"
#include "opsdesk/db.h"
#include "opsdesk/i18n.h"
#include "opsdesk/demo.h"
#include "opsdesk/staff.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_init = {
	"init",
	N_("create or upgrade the database"),
	N_("usage: opsdesk init [--demo]\n"
	   "\n"
	   "Creates the database (or upgrades an older one to this version's schema).\n"
	   "On an empty database the invoking user becomes the first holder of the\n"
	   "rules' manager role. --demo also adds sample staff, for trying opsdesk out.\n"),
	run,
};

static const cli_opt opts[] = {{"demo", false, false}, {0}};

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin(env, &cmd_init, opts, argc, argv, &a, &rc))
		return rc;
	if (a.npos > 0)
		return cli_usage_error(&cmd_init, _("unexpected argument '%s'"), a.pos[0]);
	if ((rc = cli_setup(env, true, true)) != 0)
		return rc;
	od_error err;
	bool added;
	if (staff_bootstrap(&env->ctx, env->me.gecos, &added, &err) != OD_OK)
		return cli_report(&err);
	printf(_("database %s ready (schema version %d)\n"), env->db_path, db_schema_version());
	if (added)
		printf(_("%s is the first %s\n"), env->me.login,
		       rules_manager_role(env->rules)->name);
	if (cli_value(opts, &a, "demo")) {
		int added_people = 0;
		if (demo_populate(&env->ctx, &added_people, &err) != OD_OK)
			return cli_report(&err);
		printf(_("demo data: %d staff added\n"), added_people);
	}
	return 0;
}
