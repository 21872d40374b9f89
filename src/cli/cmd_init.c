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
	   "rules' manager role.\n"
	   "\n"
	   "--demo builds a sample centre in a new database, relative to today: staff\n"
	   "with their roles, this month's roster from the rules' rotations (with a\n"
	   "leave and a pending swap), CIs of every class, some fifty incidents in every\n"
	   "state with their journals, and yesterday's handover. The same clock\n"
	   "(OPSDESK_NOW) gives the same data. It is refused when the database already\n"
	   "holds anything but you. --demo-staff adds only the sample staff (those not\n"
	   "there yet), to any database.\n"),
	run,
	NULL,
};

static const cli_opt opts[] = {{"demo", false, false}, {"demo-staff", false, false}, {0}};

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
	if (cli_value(opts, &a, "demo-staff")) {
		int added_people = 0;
		if (demo_populate(&env->ctx, &added_people, &err) != OD_OK)
			return cli_report(&err);
		printf(_("demo data: %d staff added\n"), added_people);
	} else if (cli_value(opts, &a, "demo")) {
		demo_counts n;
		if (demo_build(&env->ctx, &n, &err) != OD_OK)
			return cli_report(&err);
		printf(_("demo centre: %d staff, %d CIs, %d shifts rostered, %d incidents\n"), n.staff,
		       n.assets, n.shifts, n.incidents);
	}
	return 0;
}
