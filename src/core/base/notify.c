/* Notification commands. The child gives up a setgid installation's group
 * before exec, as DESIGN.md asks of every external command. */
#include "opsdesk/notify.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "opsdesk/i18n.h"
#include "opsdesk/xalloc.h"

static const char *lookup(const notify_value *values, size_t n, const char *name, size_t len)
{
	for (size_t k = 0; k < n; k++)
		if (strlen(values[k].name) == len && strncmp(values[k].name, name, len) == 0)
			return values[k].value ? values[k].value : "";
	return NULL;
}

char **notify_expand(const rules_refs *command, const notify_value *values, size_t n)
{
	char **argv = xcalloc(command->n + 1, sizeof *argv);
	for (size_t a = 0; a < command->n; a++) {
		strbuf sb = {0};
		const char *p = command->v[a].id;
		while (*p) {
			const char *open = strchr(p, '{');
			const char *close = open ? strchr(open, '}') : NULL;
			const char *value = close ? lookup(values, n, open + 1, (size_t)(close - open - 1)) : NULL;
			if (!value) {
				/* no placeholder here: copy up to and including the brace */
				size_t len = open ? (size_t)(open - p) + 1 : strlen(p);
				sb_addn(&sb, p, len);
				p += len;
				continue;
			}
			sb_addn(&sb, p, (size_t)(open - p));
			sb_add(&sb, value);
			p = close + 1;
		}
		argv[a] = sb_take(&sb);
	}
	return argv;
}

void notify_free(char **argv)
{
	for (size_t k = 0; argv && argv[k]; k++)
		free(argv[k]);
	free(argv);
}

od_status notify_run(char *const *argv, int timeout, od_error *err)
{
	pid_t pid = fork();
	if (pid < 0)
		return od_fail(err, OD_IO, _("cannot start %s: %s"), argv[0], strerror(errno));
	if (pid == 0) {
		/* the child: the user's own group, nothing to read, then the program */
		if (getegid() != getgid() && setgid(getgid()) != 0)
			_exit(126);
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			close(null);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	int status = 0;
	struct timespec tick = {0, 20 * 1000 * 1000};
	for (long waited = 0;; waited += 20) {
		pid_t done = waitpid(pid, &status, WNOHANG);
		if (done == pid)
			break;
		if (done < 0 && errno != EINTR)
			return od_fail(err, OD_IO, _("%s: lost track of it: %s"), argv[0], strerror(errno));
		if (waited >= (long)timeout * 1000) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return od_fail(err, OD_IO, _("%s did not finish within %d s and was stopped"),
				       argv[0], timeout);
		}
		nanosleep(&tick, NULL);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return OD_OK;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return od_fail(err, OD_IO, _("%s could not be run (missing or not executable)"), argv[0]);
	if (WIFEXITED(status))
		return od_fail(err, OD_IO, _("%s failed with exit status %d"), argv[0], WEXITSTATUS(status));
	return od_fail(err, OD_IO, _("%s was killed by signal %d"), argv[0], WTERMSIG(status));
}
