/* opsdesk: picks the face. With a command word it is the command line;
 * without one it is the console. */
#include <langinfo.h>
#include <signal.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opsdesk/cli.h"
#include "opsdesk/db.h"
#include "opsdesk/i18n.h"
#include "opsdesk/text.h"
#include "opsdesk/tui.h"

/* Past the file-size limit the kernel would kill the process after a
 * write, with no word said (and perhaps after a commit); handled, the write
 * fails with EFBIG and the operation reports it. */
static void on_xfsz(int sig)
{
	(void)sig;
	db_file_limit_signal();
}

static void usage(FILE *out)
{
	fputs(_("usage: opsdesk [--db FILE] [--rules FILE] [COMMAND [ARGS...]]\n"
		"\n"
		"Without a command, starts the console. Commands:\n"),
	      out);
	cli_print_commands(out);
	fputs(_("\n'opsdesk COMMAND --help' describes a command; man opsdesk, everything.\n"), out);
}

int main(int argc, char **argv)
{
	/* installed setgid, files SQLite creates (-wal, -shm) must stay
	 * writable by the group */
	if (getegid() != getgid())
		umask(007);
	struct sigaction xfsz = {.sa_handler = on_xfsz};
	sigemptyset(&xfsz.sa_mask);
	sigaction(SIGXFSZ, &xfsz, NULL);
	setlocale(LC_ALL, "");
	/* display widths need a UTF-8 character type, whatever the user's locale */
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	i18n_init(OPSDESK_LOCALEDIR);

	cli_globals g = {0};
	int i = 1;
	for (; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--version") == 0) {
			printf("opsdesk %s\n", OPSDESK_VERSION);
			return 0;
		} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(arg, "--json") == 0) {
			g.json = true;
		} else if (strcmp(arg, "--db") == 0 || strcmp(arg, "--rules") == 0) {
			if (i + 1 >= argc) {
				/* what was typed is shown, never obeyed */
				char *shown = text_sanitize(arg, false);
				fprintf(stderr, _("opsdesk: option '%s' needs a value\n"), shown);
				free(shown);
				return 2;
			}
			*(arg[2] == 'd' ? &g.db : &g.rules) = argv[++i];
		} else if (strncmp(arg, "--db=", 5) == 0) {
			g.db = arg + 5;
		} else if (strncmp(arg, "--rules=", 8) == 0) {
			g.rules = arg + 8;
		} else if (arg[0] == '-') {
			char *shown = text_sanitize(arg, false);
			fprintf(stderr, _("opsdesk: unknown option '%s'\nTry 'opsdesk --help'.\n"), shown);
			free(shown);
			return 2;
		} else {
			break;
		}
	}
	if (i < argc) {
		int rc = cli_main(&g, argc - i, argv + i);
		/* what was saved was saved; a later write (a checkpoint) that hit
		 * the limit is said, so nobody takes the silence for all well */
		if (rc == 0 && db_file_limit_reached())
			fputs(_("opsdesk: warning: the file size limit (ulimit -f) stopped a later write; "
				"what was reported done was saved\n"),
			      stderr);
		return rc;
	}

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(_("opsdesk: the console needs a terminal; for scripts use a command (opsdesk --help)\n"),
		      stderr);
		return 2;
	}
	cli_env env = {.g = g};
	int rc = cli_setup(&env, true, false);
	if (rc == 0)
		rc = tui_main(&env.ctx, env.rules_path, env.me.warning);
	cli_teardown(&env);
	return rc;
}
