/* Resolving the acting user. The login comes from the password database
 * for the real user id, so a setgid binary can never be talked into
 * acting for someone else. */
#include "opsdesk/identity.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"

bool identity_valid_login(const char *login)
{
	size_t len = strlen(login);
	if (len == 0 || len > 32)
		return false;
	if (!(login[0] >= 'a' && login[0] <= 'z') && login[0] != '_')
		return false;
	for (const char *p = login; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

od_status identity_resolve(unsigned real_uid, identity *out, od_error *err)
{
	memset(out, 0, sizeof *out);
	struct passwd pw, *found = NULL;
	char buf[4096];
	if (getpwuid_r((uid_t)real_uid, &pw, buf, sizeof buf, &found) != 0 || !found)
		return od_fail(err, OD_DENIED, _("user id %u has no account name; opsdesk cannot tell who you are"),
			       real_uid);
	snprintf(out->login, sizeof out->login, "%s", pw.pw_name);
	/* the full name is the gecos field up to the first comma */
	snprintf(out->gecos, sizeof out->gecos, "%.*s", (int)strcspn(pw.pw_gecos ? pw.pw_gecos : "", ","),
		 pw.pw_gecos ? pw.pw_gecos : "");

	const char *as = getenv("OPSDESK_USER"), *now = getenv("OPSDESK_NOW");
	if (real_uid != 0) {
		if ((as && *as) || (now && *now))
			snprintf(out->warning, sizeof out->warning,
				 "OPSDESK_USER and OPSDESK_NOW are honoured only for root; acting as '%s' at the real time",
				 out->login);
		return OD_OK;
	}
	if (as && *as) {
		if (!identity_valid_login(as))
			return od_fail(err, OD_USAGE, _("OPSDESK_USER: '%s' is not a valid login"), as);
		snprintf(out->login, sizeof out->login, "%s", as);
		out->gecos[0] = '\0';
	}
	if (now && *now) {
		time_t t;
		od_error e;
		if (clock_parse(now, &t, &e) != OD_OK)
			return od_fail(err, OD_USAGE, _("OPSDESK_NOW: %s"), e.msg);
		clock_pin(t);
	}
	return OD_OK;
}
