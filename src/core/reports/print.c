/* The print pipeline: filter | command, both children of opsdesk joined
 * by a pipe, fed from memory, their messages kept in a temporary file so
 * a failure can say what the program said. */
#include "opsdesk/print.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "opsdesk/i18n.h"
#include "opsdesk/xalloc.h"

/* A printer queue that has not answered in this long will not. */
enum { PRINT_TIMEOUT = 120 };

/* The printable area of A4 inside paps's half-inch margins, in points,
 * and how paps lays out a monospaced font of size S: lines 1.3 S apart
 * (a little more than it needs), a column 0.55 S wide. The font is sized
 * so that page_lines lines of width columns fit on one sheet, so paps
 * never breaks a page or a line of its own: the form feeds decide. */
#define A4_TEXT_HEIGHT 770.0
#define A4_TEXT_WIDTH 523.0

typedef struct argv_buf {
	char **v;
	size_t n;
} argv_buf;

static void arg(argv_buf *a, const char *s)
{
	a->v = xrealloc(a->v, (a->n + 2) * sizeof *a->v);
	a->v[a->n++] = xstrdup(s);
	a->v[a->n] = NULL;
}

static void args_free(argv_buf *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
}

static void from_refs(argv_buf *a, const rules_refs *refs)
{
	for (size_t i = 0; i < refs->n; i++)
		arg(a, refs->v[i].id);
}

static void build(const rules *r, int width, int page_lines, const char *printer,
		  argv_buf *filter, argv_buf *command)
{
	if (r->site.print_filter.n) {
		from_refs(filter, &r->site.print_filter);
	} else {
		double by_height = A4_TEXT_HEIGHT / (page_lines * 1.3);
		double by_width = A4_TEXT_WIDTH / (width * 0.55);
		char font[64];
		snprintf(font, sizeof font, "--font=WenQuanYi Zen Hei Mono %.1f",
			 by_height < by_width ? by_height : by_width);
		arg(filter, "paps");
		arg(filter, "--paper=a4");
		arg(filter, font);
	}
	if (r->site.print_command.n)
		from_refs(command, &r->site.print_command);
	else
		arg(command, "lp");
	if (printer) {
		arg(command, "-d");
		arg(command, printer);
	}
}

/* In the child: the user's own ids, the given descriptors as 0, 1, 2. */
static void child(char **argv, int in, int out, int errfd)
{
	if ((getegid() != getgid() && setgid(getgid()) != 0) ||
	    (geteuid() != getuid() && setuid(getuid()) != 0))
		_exit(126);
	dup2(in, STDIN_FILENO);
	dup2(out, STDOUT_FILENO);
	dup2(errfd, STDERR_FILENO);
	for (int fd = 3; fd < 256; fd++)
		close(fd);
	signal(SIGPIPE, SIG_DFL);
	execvp(argv[0], argv);
	_exit(127);
}

static bool wait_for(pid_t pid, int *status, long *waited)
{
	struct timespec tick = {0, 20 * 1000 * 1000};
	for (;; *waited += 20) {
		pid_t done = waitpid(pid, status, WNOHANG);
		if (done == pid)
			return true;
		if (done < 0 && errno != EINTR)
			return false;
		if (*waited >= PRINT_TIMEOUT * 1000L) {
			kill(pid, SIGKILL);
			waitpid(pid, status, 0);
			return false;
		}
		nanosleep(&tick, NULL);
	}
}

/* The first line of what a program wrote, control characters dropped. */
static void first_line(FILE *f, char *buf, size_t len)
{
	buf[0] = '\0';
	if (!f || len == 0)
		return;
	rewind(f);
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	for (char *p = buf; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = *p == '\n' ? '\0' : ' ';
}

static od_status ended(const char *prog, int status, bool finished, FILE *msgs, od_error *err)
{
	char said[512];
	first_line(msgs, said, sizeof said);
	if (!finished)
		return od_fail(err, OD_IO, _("print: %s did not finish within %d s and was stopped"), prog,
			       PRINT_TIMEOUT);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return OD_OK;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return od_fail(err, OD_IO, _("print: %s could not be run (is it installed?)"), prog);
	if (WIFEXITED(status))
		return od_fail(err, OD_IO, _("print: %s failed (exit status %d)%s%s"), prog,
			       WEXITSTATUS(status), said[0] ? ": " : "", said);
	return od_fail(err, OD_IO, _("print: %s was killed by signal %d"), prog, WTERMSIG(status));
}

od_status print_text(const rules *r, const char *text, int width, int page_lines,
		     const char *printer, char *said, size_t len, od_error *err)
{
	argv_buf filter = {0}, command = {0};
	build(r, width, page_lines, printer, &filter, &command);
	od_status s = OD_OK;
	int feed[2] = {-1, -1}, mid[2] = {-1, -1};
	FILE *ferr = tmpfile(), *cerr = tmpfile(), *cout = tmpfile();
	pid_t fpid = -1, cpid = -1;
	if (!ferr || !cerr || !cout || pipe(feed) != 0 || pipe(mid) != 0) {
		s = od_fail(err, OD_IO, _("print: cannot set up the pipeline: %s"), strerror(errno));
		goto done;
	}
	fflush(NULL);
	if ((cpid = fork()) == 0)
		child(command.v, mid[0], fileno(cout), fileno(cerr));
	if (cpid > 0 && (fpid = fork()) == 0)
		child(filter.v, feed[0], mid[1], fileno(ferr));
	close(feed[0]);
	close(mid[0]);
	close(mid[1]);
	feed[0] = mid[0] = mid[1] = -1;
	if (cpid < 0 || fpid < 0) {
		s = od_fail(err, OD_IO, _("print: cannot start %s: %s"), filter.v[0], strerror(errno));
		close(feed[1]);
		feed[1] = -1;
		if (cpid > 0)
			waitpid(cpid, NULL, 0);
		goto done;
	}
	/* a filter that dies early must not kill opsdesk with SIGPIPE */
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	size_t total = strlen(text), off = 0;
	while (off < total) {
		ssize_t w = write(feed[1], text + off, total - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break; /* the filter's own status says why */
		off += (size_t)w;
	}
	close(feed[1]);
	feed[1] = -1;
	signal(SIGPIPE, old);
	int fst = 0, cst = 0;
	long waited = 0;
	bool fdone = wait_for(fpid, &fst, &waited);
	bool cdone = wait_for(cpid, &cst, &waited);
	/* a filter stopped by a broken pipe only says the command went first */
	bool piped = fdone && WIFSIGNALED(fst) && WTERMSIG(fst) == SIGPIPE;
	if (piped && (s = ended(command.v[0], cst, cdone, cerr, err)) == OD_OK)
		s = ended(filter.v[0], fst, fdone, ferr, err);
	else if (!piped && (s = ended(filter.v[0], fst, fdone, ferr, err)) == OD_OK)
		s = ended(command.v[0], cst, cdone, cerr, err);
	if (s == OD_OK)
		first_line(cout, said, len);
done:
	for (int i = 0; i < 2; i++) {
		if (feed[i] >= 0)
			close(feed[i]);
		if (mid[i] >= 0)
			close(mid[i]);
	}
	if (ferr)
		fclose(ferr);
	if (cerr)
		fclose(cerr);
	if (cout)
		fclose(cout);
	args_free(&filter);
	args_free(&command);
	return s;
}
