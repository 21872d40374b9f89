/* Demo data: a small centre with Chinese names, every role covered. Only
 * roles the loaded rules know are given, so custom rules still work. */
#include "opsdesk/demo.h"

#include <stdio.h>

#include "opsdesk/staff.h"

typedef struct demo_person {
	const char *login, *name, *phone, *team, *deputy;
	const char *roles[3];
} demo_person;

/* deputies name people listed before them, who exist by then */
static const demo_person people[] = {
	{"zhangwei", "张伟", "138-0000-0001", "值班组", "", {"duty_operator"}},
	{"wangfang", "王芳", "138-0000-0002", "网络组", "zhangwei", {"network_engineer", "duty_operator"}},
	{"lina", "李娜", "138-0000-0003", "系统组", "", {"system_engineer"}},
	{"liuyang", "刘洋", "010-6000-1234转8004", "桌面组", "lina", {"desktop_engineer"}},
	{"chenjing", "陈静", "138-0000-0005", "安全组", "", {"security_engineer", "cab_member"}},
	{"ouyang", "欧阳明华", "138-0000-0006", "运维管理", "chenjing", {"ops_manager", "cab_member"}},
	{"alice", "Alice Wong", "+852 5555 0107", "网络组", "wangfang", {"network_engineer"}},
};

/* All of it in one transaction (each staff_add nests in it), so a full
 * disk or a refused person leaves no half-populated demo behind. */
od_status demo_populate(const od_ctx *ctx, int *added, od_error *err)
{
	*added = 0;
	od_status s = db_begin(ctx->db, err);
	if (s != OD_OK)
		return s;
	for (size_t i = 0; i < sizeof people / sizeof *people && s == OD_OK; i++) {
		const demo_person *p = &people[i];
		staff_member existing;
		if (staff_get(ctx->db, p->login, &existing, NULL) == OD_OK) {
			staff_member_clear(&existing);
			continue;
		}
		const char *roles[3];
		size_t n = 0;
		for (size_t k = 0; k < 3 && p->roles[k]; k++)
			if (rules_role_find(ctx->rules, p->roles[k]))
				roles[n++] = p->roles[k];
		if (n == 0)
			roles[n++] = rules_manager_role(ctx->rules)->id;
		char email[64];
		snprintf(email, sizeof email, "%s@ops.example.cn", p->login);
		staff_fields f = {.name = p->name, .phone = p->phone, .team = p->team, .email = email,
				  .deputy = p->deputy, .roles = roles, .nroles = n};
		s = staff_add(ctx, p->login, &f, err);
		if (s == OD_OK)
			(*added)++;
	}
	od_status e = db_end(ctx->db, s == OD_OK, err);
	if (s != OD_OK || e != OD_OK)
		*added = 0;
	return s != OD_OK ? s : e;
}
