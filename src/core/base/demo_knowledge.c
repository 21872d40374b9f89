/* The demo's knowledge base and problem management: two articles and an
 * emergency plan written and published the week before, and a problem
 * opened from the recurring incidents the demo's queue holds, its root
 * cause being worked on. Each through the core's own operations, at the
 * moment it happened (demo.c pins the clock around them). As in demo.c,
 * what the loaded rules do not have (a transition, the plan type, a
 * fishbone category, a role that may take a step) is left out, so custom
 * rules still get a demo. */
#include "opsdesk/demo.h"

#include <stdio.h>
#include <string.h>

#include "opsdesk/asset.h"
#include "opsdesk/clock.h"
#include "opsdesk/kb.h"
#include "opsdesk/problem.h"
#include "opsdesk/recurrence.h"
#include "opsdesk/record.h"

enum { MINUTE = 60, HOUR = 3600, DAY = 86400 };

static od_ctx as(const od_ctx *ctx, const char *login)
{
	od_ctx c = *ctx;
	c.login = login;
	return c;
}

typedef struct demo_article {
	const char *author;
	record_set values[8];
} demo_article;

static const demo_article articles[] = {
	{"sunli",
	 {{"title", "邮件服务器磁盘空间不足导致收发信失败"},
	  {"symptom", "用户收发邮件失败，提示服务器暂时不可用；邮件服务器 /var 分区使用率超过 95%"},
	  {"cause", "邮件日志与队列文件未按期清理，磁盘写满"},
	  {"solution", "1. 清理 30 天前的邮件日志\n2. 检查并清空死信队列\n3. 确认收发恢复后，提交扩容变更"},
	  {"applies_ci_classes", "server,application"},
	  {"applies_categories", "application"},
	  {"keywords", "邮件,磁盘,Coremail"}}},
	{"wangfang",
	 {{"title", "核心交换机端口丢包排查步骤"},
	  {"symptom", "业务访问时断时续，核心交换机端口出现 CRC 错误计数增长"},
	  {"cause", "光模块老化或光纤跳线污损"},
	  {"solution", "1. display interface 查看错误计数\n2. 清洁光纤端面，复测\n3. 仍有错误则更换光模块并观察 24 小时"},
	  {"applies_ci_classes", "network"},
	  {"applies_categories", "network"},
	  {"keywords", "丢包,CRC,光模块"}}},
	{"wangfang",
	 {{"title", "核心网络中断应急预案"},
	  {"type", "plan"},
	  {"trigger", "核心交换机故障导致两个及以上楼宇网络中断，或出口链路全部中断"},
	  {"roles_contacts", "现场处置：网络组王芳 138-0000-0002\n协调：运维经理欧阳明华 138-0000-0006"},
	  {"steps", "1. 确认故障范围并通报\n2. 切换至核心交换机02\n3. 检查上联链路\n4. 恢复后观察 30 分钟并总结"},
	  {"recovery_targets", "RTO 30 分钟，RPO 0"},
	  {"cis", "SW-CORE-01,SW-CORE-02"}}},
};

static size_t given(const record_set *v, size_t max)
{
	size_t n = 0;
	while (n < max && v[n].field)
		n++;
	return n;
}

/* The transition when the rules have it and the person may take it; *done
 * says whether it was taken. */
static od_status take(const od_ctx *ctx, const record_kind *k, int64_t id, const char *t,
		      const record_set *sets, size_t n, bool *done, od_error *err)
{
	*done = false;
	if (!record_transition_find(ctx->rules, k, t))
		return OD_OK;
	od_error why;
	od_status s = record_transition(ctx, k, id, t, NULL, sets, n, 0, &why);
	if (s == OD_DENIED || s == OD_INVALID)
		return OD_OK; /* not for this person, or not from here, under these rules */
	if (s != OD_OK && err)
		*err = why;
	*done = s == OD_OK;
	return s;
}

static bool is_plan(const demo_article *a)
{
	for (size_t i = 0; i < 8 && a->values[i].field; i++)
		if (strcmp(a->values[i].field, "type") == 0)
			return true;
	return false;
}

/* Whether id is among items, or with items NULL an asset of the register. */
static bool known(const od_ctx *ctx, const rules_item *items, size_t n, const char *id)
{
	if (items)
		return rules_item_find(items, n, id) != NULL;
	asset a;
	if (asset_get(ctx->db, id, &a, NULL) != OD_OK)
		return false;
	asset_clear(&a);
	return true;
}

/* The comma-separated ids of list that are known, in buf. */
static const char *known_only(const od_ctx *ctx, const char *list, const rules_item *items,
			      size_t n, char *buf, size_t len)
{
	char copy[256];
	snprintf(copy, sizeof copy, "%s", list);
	buf[0] = '\0';
	for (char *save, *id = strtok_r(copy, ",", &save); id; id = strtok_r(NULL, ",", &save))
		if (known(ctx, items, n, id))
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", *buf ? "," : "", id);
	return buf;
}

/* Written by its author, submitted and published by the manager. */
static od_status write_article(const od_ctx *ctx, const demo_article *a, time_t at,
			       od_error *err)
{
	size_t nt;
	const rules_item *types = kb_types(ctx->rules, &nt);
	if (is_plan(a) && !rules_item_find(types, nt, kb_plan_type(ctx->rules)))
		return OD_OK;
	record_set v[8];
	size_t n = given(a->values, 8);
	memcpy(v, a->values, n * sizeof *v);
	/* what the rules and the register have of the lists */
	const rules *r = ctx->rules;
	char lists[3][256];
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].field, "type") == 0)
			v[i].value = kb_plan_type(r);
		else if (strcmp(v[i].field, "applies_ci_classes") == 0)
			v[i].value = known_only(ctx, v[i].value, r->ci_classes.v, r->ci_classes.n,
						lists[0], sizeof lists[0]);
		else if (strcmp(v[i].field, "applies_categories") == 0)
			v[i].value = known_only(ctx, v[i].value, r->categories.v, r->categories.n,
						lists[1], sizeof lists[1]);
		else if (strcmp(v[i].field, "cis") == 0)
			v[i].value = known_only(ctx, v[i].value, NULL, 0, lists[2], sizeof lists[2]);
	}
	od_ctx by = as(ctx, a->author), boss = as(ctx, "ouyang");
	int64_t id;
	bool done = false;
	clock_pin(at);
	od_status s = kb_create(&by, v, n, &id, err);
	clock_pin(at + HOUR);
	if (s == OD_OK)
		s = take(&by, &kb_kind, id, "submit", NULL, 0, &done, err);
	clock_pin(at + 3 * HOUR);
	if (s == OD_OK && done)
		s = take(&boss, &kb_kind, id, "publish", NULL, 0, &done, err);
	return s;
}

/* A problem for the largest group of recurring incidents on one CI, with
 * its investigation under way. */
static od_status open_problem(const od_ctx *ctx, time_t now, od_error *err)
{
	recurrence_candidate *c;
	size_t n;
	od_status s = recurrence_candidates(ctx->db, ctx->rules, now, 10, &c, &n, err);
	if (s != OD_OK)
		return s;
	const recurrence_candidate *group = NULL;
	for (size_t i = 0; i < n && !group; i++)
		if (strcmp(c[i].rule->by.id, "ci") == 0)
			group = &c[i];
	od_ctx boss = as(ctx, "ouyang"), lina = as(ctx, "lina");
	int64_t id;
	if (group) {
		char title[160];
		snprintf(title, sizeof title, "%s一周内反复故障", group->name);
		const record_set values[] = {{"title", title},
					     {"description", "同一配置项一周内多次报障，需查明根本原因"}};
		clock_pin(now - 50 * MINUTE);
		s = problem_create(&boss, values, 2, group->incidents, group->n, &id, err);
		const record_set who[] = {{"assignee", "lina"}};
		bool done;
		clock_pin(now - 45 * MINUTE);
		if (s == OD_OK)
			s = take(&boss, &problem_kind, id, "investigate", who, 1, &done, err);
		clock_pin(now - 30 * MINUTE);
		if (s == OD_OK)
			s = problem_add_why(&lina, id, "为什么反复报障", "服务进程多次因资源耗尽退出", err);
		const rules_problems *p = &ctx->rules->problems;
		if (s == OD_OK && rules_item_find(p->fishbone.v, p->fishbone.n, "process"))
			s = problem_add_fishbone(&lina, id, "process", "缺少容量巡检与告警阈值", err);
		const record_set work[] = {{"workaround", "重启服务进程并清理日志，可临时恢复"}};
		clock_pin(now - 20 * MINUTE);
		if (s == OD_OK)
			s = record_edit(&lina, &problem_kind, id, 0, work, 1, err);
	}
	recurrence_candidates_free(c, n);
	return s;
}

od_status demo_articles(const od_ctx *ctx, time_t now, od_error *err)
{
	od_status s = OD_OK;
	if (!record_workflow(ctx->rules, &kb_kind)->initial.id)
		return OD_OK; /* rules without a knowledge base */
	for (size_t i = 0; i < sizeof articles / sizeof *articles && s == OD_OK; i++)
		s = write_article(ctx, &articles[i], now - (8 - (time_t)i) * DAY + 10 * HOUR, err);
	return s;
}

od_status demo_problem(const od_ctx *ctx, time_t now, od_error *err)
{
	if (!record_workflow(ctx->rules, &problem_kind)->initial.id)
		return OD_OK; /* rules without problem management */
	return open_problem(ctx, now, err);
}
