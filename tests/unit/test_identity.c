/* identity.c: who is acting. OPSDESK_USER and OPSDESK_NOW are honoured for
 * root only. identity_resolve may pin the clock, and clock.h has no way to
 * unpin it, so each case runs in a child process with its own environment
 * and reports back through a pipe; this process's clock is never pinned. */
#include "unit.h"

#include <pwd.h>
#include <sys/wait.h>

#include "opsdesk/identity.h"

typedef struct outcome {
	od_status status;
	identity id;
	char msg[sizeof((od_error *)0)->msg];
	long long now, real; /* clock_now() and time(NULL) afterwards */
} outcome;

/* identity_resolve(uid) in a child with OPSDESK_USER and OPSDESK_NOW set
 * as given (NULL: unset). */
static outcome resolve(unsigned uid, const char *user, const char *now)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		if (user)
			setenv("OPSDESK_USER", user, 1);
		else
			unsetenv("OPSDESK_USER");
		if (now)
			setenv("OPSDESK_NOW", now, 1);
		else
			unsetenv("OPSDESK_NOW");
		clock_set_zone("Asia/Shanghai");
		outcome o;
		memset(&o, 0, sizeof o);
		od_error err = {0};
		o.status = identity_resolve(uid, &o.id, &err);
		memcpy(o.msg, err.msg, sizeof o.msg);
		o.now = (long long)clock_now();
		o.real = (long long)time(NULL);
		ssize_t w = write(fds[1], &o, sizeof o);
		_exit(w == (ssize_t)sizeof o ? 0 : 1);
	}
	close(fds[1]);
	outcome o;
	memset(&o, 0, sizeof o);
	size_t got = 0;
	while (got < sizeof o) {
		ssize_t r = read(fds[0], (char *)&o + got, sizeof o - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	if (got != sizeof o)
		fail_msg("the child reported nothing (it crashed?)");
	return o;
}

static void assert_real_time(const outcome *o)
{
	long long diff = o->now - o->real;
	if (diff < -5 || diff > 5)
		fail_msg("clock_now() is %lld, the real time %lld: the clock was pinned", o->now,
			 o->real);
}

/* --- root ------------------------------------------------------------------ */

static void root_acts_as_opsdesk_user(void **state)
{
	(void)state;
	outcome o = resolve(0, "alice", NULL);
	assert_int_equal(o.status, OD_OK);
	assert_string_equal(o.id.login, "alice");
	assert_string_equal(o.id.gecos, ""); /* root's full name is not alice's */
	assert_string_equal(o.id.warning, "");
	assert_real_time(&o);
}

static void root_pins_the_clock_to_opsdesk_now(void **state)
{
	(void)state;
	outcome o = resolve(0, NULL, "2026-11-21T09:00:00+08:00");
	assert_int_equal(o.status, OD_OK);
	assert_string_equal(o.id.login, "root");
	assert_int_equal(o.now, 1795222800);
	assert_string_equal(o.id.warning, "");
	o = resolve(0, "alice", "2026-11-21 08:30");
	assert_int_equal(o.status, OD_OK);
	assert_string_equal(o.id.login, "alice");
	assert_int_equal(o.now, 1795222800 - 30 * 60);
}

static void root_without_overrides_is_root_at_the_real_time(void **state)
{
	(void)state;
	outcome o = resolve(0, NULL, NULL);
	assert_int_equal(o.status, OD_OK);
	assert_string_equal(o.id.login, "root");
	assert_string_equal(o.id.warning, "");
	assert_real_time(&o);
	o = resolve(0, "", ""); /* set but empty: as if unset */
	assert_int_equal(o.status, OD_OK);
	assert_string_equal(o.id.login, "root");
	assert_real_time(&o);
}

static void an_invalid_opsdesk_user_is_a_usage_error(void **state)
{
	(void)state;
	const char *bad[] = {"Alice", "al ice", "9lives", "alice;rm", "张三"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		outcome o = resolve(0, bad[i], NULL);
		assert_int_equal(o.status, OD_USAGE);
		assert_contains(o.msg, "OPSDESK_USER");
		assert_contains(o.msg, bad[i]);
	}
}

static void an_invalid_opsdesk_now_is_a_usage_error(void **state)
{
	(void)state;
	outcome o = resolve(0, NULL, "yesterday");
	assert_int_equal(o.status, OD_USAGE);
	assert_contains(o.msg, "OPSDESK_NOW");
	assert_contains(o.msg, "'yesterday'");
	o = resolve(0, NULL, "2026-02-30 09:00");
	assert_int_equal(o.status, OD_USAGE);
}

/* --- everyone else ---------------------------------------------------------- */

static void a_normal_user_cannot_change_identity_or_time(void **state)
{
	(void)state;
	struct passwd *pw = getpwuid(65534);
	assert_non_null(pw);
	char login[64];
	snprintf(login, sizeof login, "%s", pw->pw_name);
	outcome o = resolve(65534, "boss", "2026-11-21T09:00:00+08:00");
	assert_int_equal(o.status, OD_OK);
	assert_string_equal(o.id.login, login);
	assert_real_time(&o);
	assert_int_not_equal(o.now, 1795222800);
	assert_contains(o.id.warning, "OPSDESK_USER");
	assert_contains(o.id.warning, "OPSDESK_NOW");
	assert_contains(o.id.warning, login);
}

static void a_normal_user_is_warned_about_either_override(void **state)
{
	(void)state;
	outcome o = resolve(65534, NULL, "2026-11-21T09:00:00+08:00");
	assert_int_equal(o.status, OD_OK);
	assert_true(o.id.warning[0] != '\0');
	assert_real_time(&o);
	o = resolve(65534, "boss", NULL);
	assert_true(o.id.warning[0] != '\0');
	assert_string_not_equal(o.id.login, "boss");
}

static void a_normal_user_without_overrides_gets_no_warning(void **state)
{
	(void)state;
	outcome o = resolve(65534, NULL, NULL);
	assert_int_equal(o.status, OD_OK);
	assert_string_equal(o.id.warning, "");
	assert_real_time(&o);
}

static void the_full_name_comes_from_gecos(void **state)
{
	(void)state;
	struct passwd *pw = getpwuid(65534);
	assert_non_null(pw);
	char want[128];
	snprintf(want, sizeof want, "%.*s", (int)strcspn(pw->pw_gecos, ","), pw->pw_gecos);
	outcome o = resolve(65534, NULL, NULL);
	assert_string_equal(o.id.gecos, want);
}

static void a_uid_without_an_account_is_denied(void **state)
{
	(void)state;
	assert_null(getpwuid(3999999));
	outcome o = resolve(3999999, NULL, NULL);
	assert_int_equal(o.status, OD_DENIED);
	assert_contains(o.msg, "3999999");
}

/* --- logins ---------------------------------------------------------------- */

static void valid_logins(void **state)
{
	(void)state;
	const char *good[] = {"a", "_svc", "zhang.san", "li-si_2",
			      "abcdefghijklmnopqrstuvwxyz012345"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (!identity_valid_login(good[i]))
			fail_msg("'%s' was refused", good[i]);
	const char *bad[] = {"",
			     "A",
			     "Zhang",
			     "1a",
			     "-a",
			     ".a",
			     "a b",
			     "a/b",
			     "a:b",
			     "é",
			     "abcdefghijklmnopqrstuvwxyz0123456"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (identity_valid_login(bad[i]))
			fail_msg("'%s' was accepted", bad[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(root_acts_as_opsdesk_user),
	    cmocka_unit_test(root_pins_the_clock_to_opsdesk_now),
	    cmocka_unit_test(root_without_overrides_is_root_at_the_real_time),
	    cmocka_unit_test(an_invalid_opsdesk_user_is_a_usage_error),
	    cmocka_unit_test(an_invalid_opsdesk_now_is_a_usage_error),
	    cmocka_unit_test(a_normal_user_cannot_change_identity_or_time),
	    cmocka_unit_test(a_normal_user_is_warned_about_either_override),
	    cmocka_unit_test(a_normal_user_without_overrides_gets_no_warning),
	    cmocka_unit_test(the_full_name_comes_from_gecos),
	    cmocka_unit_test(a_uid_without_an_account_is_denied),
	    cmocka_unit_test(valid_logins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
