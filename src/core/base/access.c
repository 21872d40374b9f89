/* Permission checks against the staff table and the rules' permissions. */
#include "opsdesk/access.h"

#include <stdio.h>
#include <string.h>

#include "opsdesk/staff.h"
#include "opsdesk/xalloc.h"
#include "opsdesk/i18n.h"

static od_status load_actor(const od_ctx *ctx, staff_member *me, od_error *err)
{
	od_status s = staff_get(ctx->db, ctx->login, me, err);
	if (s == OD_NOT_FOUND)
		return od_fail(err, OD_DENIED,
			       _("you ('%s') are not on the staff list: you can look but not change anything; "
			       "ask an operations manager to add you"),
			       ctx->login);
	if (s != OD_OK)
		return s;
	if (!me->active) {
		staff_member_clear(me);
		return od_fail(err, OD_DENIED,
			       _("your staff record ('%s') is deactivated: you can look but not change anything"),
			       ctx->login);
	}
	return OD_OK;
}

od_status access_require_staff(const od_ctx *ctx, od_error *err)
{
	staff_member me = {0};
	od_status s = load_actor(ctx, &me, err);
	staff_member_clear(&me);
	return s;
}

od_status access_require(const od_ctx *ctx, const char *op, od_error *err)
{
	staff_member me = {0};
	od_status s = load_actor(ctx, &me, err);
	if (s != OD_OK)
		return s;
	const rules_permission *perm = rules_permission_find(ctx->rules, op);
	bool allowed = false;
	strbuf names = {0};
	for (size_t i = 0; perm && i < perm->roles.n; i++) {
		const char *role = perm->roles.v[i].id;
		allowed |= staff_has_role(&me, role);
		const rules_role *r = rules_role_find(ctx->rules, role);
		sb_addf(&names, "%s%s", i ? ", " : "", r ? r->name : role);
	}
	if (!allowed)
		s = od_fail(err, OD_DENIED, _("'%s' is not permitted for you: the rules give it to: %s"),
			    op, names.buf ? names.buf : "nobody");
	sb_free(&names);
	staff_member_clear(&me);
	return s;
}
