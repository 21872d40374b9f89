/* Demo data: a centre that looks like a working day. Every record is made
 * by the core operation a person would use (staff_add, asset_add,
 * roster_fill, incident_create, incident_transition, alert_submit, ...),
 * each with the clock pinned to the moment it happened and by the person
 * who would have done it, so stored SLA due times, journals and the audit
 * log are what real use gives. A fixed seed picks the details, so the same
 * clock, login and rules give the same data. Only roles, classes and
 * transitions the loaded rules know are used, so custom rules still work. */
#include "opsdesk/demo.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/access.h"
#include "opsdesk/alert.h"
#include "opsdesk/asset.h"
#include "opsdesk/clock.h"
#include "opsdesk/handover.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/roster.h"
#include "opsdesk/staff.h"
#include "opsdesk/swap.h"
#include "opsdesk/xalloc.h"

enum { DEMO_SEED = 14, MINUTE = 60, HOUR = 3600, DAY = 86400 };

typedef struct demo_person {
	const char *login, *name, *phone, *team, *deputy;
	const char *roles[3];
	/* in the staff-only sample (demo_populate), in the whole centre */
	bool sample, centre;
} demo_person;

/* deputies name people listed before them, who exist by then */
static const demo_person people[] = {
	{"zhangwei", "张伟", "138-0000-0001", "值班组", "", {"duty_operator"}, true, true},
	{"wangfang", "王芳", "138-0000-0002", "网络组", "zhangwei", {"network_engineer", "duty_operator"}, true, true},
	{"lina", "李娜", "138-0000-0003", "系统组", "", {"system_engineer"}, true, true},
	{"liuyang", "刘洋", "010-6000-1234转8004", "桌面组", "lina", {"desktop_engineer"}, true, true},
	{"chenjing", "陈静", "138-0000-0005", "安全组", "", {"security_engineer", "cab_member"}, true, true},
	{"ouyang", "欧阳明华", "138-0000-0006", "运维管理", "chenjing", {"ops_manager", "cab_member"}, true, true},
	{"alice", "Alice Wong", "+852 5555 0107", "网络组", "wangfang", {"network_engineer"}, true, false},
	{"zhaolei", "赵磊", "139-1000-0008", "网络组", "wangfang", {"network_engineer"}, false, true},
	{"sunli", "孙丽", "139-1000-0009", "值班组", "zhangwei", {"duty_operator", "system_engineer"}, false, true},
	{"zhoujie", "周杰", "139-1000-0010", "网络组", "zhaolei", {"network_engineer", "duty_operator"}, false, true},
	{"wuxia", "吴霞", "139-1000-0011", "系统组", "lina", {"system_engineer"}, false, true},
};
enum { NPEOPLE = sizeof people / sizeof *people };

/* The first rotation's people, so that the two who share each day of its
 * cycle (k and k + 3 with a stagger of 2 over 6 days) include a network
 * engineer; the second rotation's people after them. */
static const char *const rotation_a[] = {"wangfang", "lina", "zhaolei", "zhangwei", "zhoujie", "sunli"};
static const char *const rotation_b[] = {"liuyang", "chenjing", "wuxia"};

static od_status add_person(const od_ctx *ctx, const demo_person *p, od_error *err)
{
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
	return staff_add(ctx, p->login, &f, err);
}

/* All of it in one transaction (each staff_add nests in it), so a full
 * disk or a refused person leaves no half-populated sample behind. */
od_status demo_populate(const od_ctx *ctx, int *added, od_error *err)
{
	*added = 0;
	od_status s = db_begin(ctx->db, err);
	if (s != OD_OK)
		return s;
	for (size_t i = 0; i < NPEOPLE && s == OD_OK; i++) {
		const demo_person *p = &people[i];
		if (!p->sample)
			continue;
		staff_member existing;
		if (staff_get(ctx->db, p->login, &existing, NULL) == OD_OK) {
			staff_member_clear(&existing);
			continue;
		}
		s = add_person(ctx, p, err);
		if (s == OD_OK)
			(*added)++;
	}
	od_status e = db_end(ctx->db, s == OD_OK, err);
	if (s != OD_OK || e != OD_OK)
		*added = 0;
	return s != OD_OK ? s : e;
}

/* --- the seed ---------------------------------------------------------------- */

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	/* xorshift64*: small, and the same on every platform */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 33) % (n ? n : 1);
}

/* --- CIs ----------------------------------------------------------------------- */

typedef struct demo_ci {
	const char *tag, *name, *class_id, *model, *location, *ip, *responsible, *status;
} demo_ci;

static const demo_ci cis[] = {
	{"SW-CORE-01", "核心交换机01", "network", "华为 CE12808", "A栋3楼主机房", "10.0.0.1", "wangfang", "in_use"},
	{"SW-CORE-02", "核心交换机02", "network", "华为 CE12808", "A栋3楼主机房", "10.0.0.2", "wangfang", "in_use"},
	{"SW-AGG-A3", "A栋汇聚交换机", "network", "华为 S6730", "A栋3楼弱电间", "10.0.3.1", "zhaolei", "in_use"},
	{"SW-AGG-B2", "B栋汇聚交换机", "network", "华为 S6730", "B栋2楼弱电间", "10.0.4.1", "zhaolei", "in_use"},
	{"RT-WAN-01", "出口路由器", "network", "H3C SR6608", "A栋3楼主机房", "10.0.0.254", "zhoujie", "in_use"},
	{"AP-CTRL-01", "无线控制器", "network", "华为 AC6805", "A栋3楼主机房", "10.0.5.1", "zhoujie", "in_use"},
	{"FW-EDGE-01", "边界防火墙", "security", "深信服 AF-2000", "A栋3楼主机房", "10.0.0.253", "chenjing", "in_use"},
	{"WAF-01", "网站应用防火墙", "security", "绿盟 WAF", "A栋3楼主机房", "10.0.1.10", "chenjing", "in_use"},
	{"SRV-DB-01", "核心数据库服务器01", "server", "浪潮 NF5280M6", "A栋3楼主机房", "10.1.0.11", "lina", "in_use"},
	{"SRV-DB-02", "核心数据库服务器02", "server", "浪潮 NF5280M6", "A栋3楼主机房", "10.1.0.12", "lina", "in_use"},
	{"SRV-APP-01", "OA应用服务器", "server", "华为 2288H V5", "A栋3楼主机房", "10.1.1.21", "wuxia", "in_use"},
	{"SRV-APP-02", "财务系统服务器", "server", "华为 2288H V5", "A栋3楼主机房", "10.1.1.22", "wuxia", "in_use"},
	{"SRV-MAIL-01", "邮件服务器", "server", "戴尔 R740", "A栋3楼主机房", "10.1.1.31", "sunli", "in_use"},
	{"SRV-BAK-01", "备份服务器", "server", "戴尔 R740", "B栋1楼灾备机房", "10.2.0.5", "lina", "in_use"},
	{"SRV-OLD-03", "旧文件服务器", "server", "IBM x3650", "B栋1楼灾备机房", "10.2.0.9", "lina", "retired"},
	{"STO-SAN-01", "SAN存储01", "storage", "华为 OceanStor 5500", "A栋3楼主机房", "10.1.9.1", "lina", "in_use"},
	{"STO-NAS-01", "NAS文件存储", "storage", "群晖 RS3621", "A栋3楼主机房", "10.1.9.5", "wuxia", "in_use"},
	{"STO-TAPE-01", "磁带库", "storage", "IBM TS4300", "B栋1楼灾备机房", "10.2.0.20", "lina", "spare"},
	{"APP-OA", "协同办公系统", "application", "致远 A8", "OA应用服务器", "10.1.1.21", "wuxia", "in_use"},
	{"APP-FIN", "财务系统", "application", "用友 NC", "财务系统服务器", "10.1.1.22", "wuxia", "in_use"},
	{"APP-MAIL", "邮件系统", "application", "Coremail", "邮件服务器", "10.1.1.31", "sunli", "in_use"},
	{"PRN-A2-01", "A栋2楼打印机", "printer", "惠普 M528", "A栋2楼复印间", "10.3.2.51", "liuyang", "in_use"},
	{"PRN-A5-01", "A栋5楼彩色打印机", "printer", "佳能 C3326", "A栋5楼办公区", "10.3.5.51", "liuyang", "in_use"},
	{"PRN-B3-01", "B栋3楼打印机", "printer", "兄弟 HL-5595", "B栋3楼办公区", "10.3.13.51", "liuyang", "repair"},
	{"PC-FIN-012", "财务部台式机012", "pc", "联想 启天M430", "A栋4楼财务部", "10.4.4.112", "liuyang", "in_use"},
	{"PC-HR-007", "人事部台式机007", "pc", "联想 启天M430", "A栋5楼人事部", "10.4.5.107", "liuyang", "in_use"},
	{"NB-ZJB-003", "总经办笔记本003", "pc", "联想 ThinkPad X1", "A栋6楼总经办", "", "liuyang", "in_use"},
	{"PC-SPARE-02", "备用台式机02", "pc", "惠普 ProDesk 400", "A栋3楼备件间", "", "liuyang", "spare"},
	{"VC-A6-01", "A栋6楼大会议室视频终端", "video", "华为 Box 700", "A栋6楼大会议室", "10.5.6.1", "liuyang", "in_use"},
	{"VC-B2-01", "B栋2楼会议室视频终端", "video", "宝利通 G7500", "B栋2楼会议室", "10.5.12.1", "liuyang", "in_use"},
	{"VC-MCU-01", "视频会议MCU", "video", "华为 MCU9660", "A栋3楼主机房", "10.5.0.10", "zhoujie", "in_use"},
};
enum { NCIS = sizeof cis / sizeof *cis };

/* --- incidents ----------------------------------------------------------------- */

typedef struct demo_case {
	const char *summary, *description, *category, *ci_class;
	const char *reporter, *department;
} demo_case;

/* Ordinary faults; impact and urgency are picked so they are P3 or P4. */
static const demo_case cases[] = {
	{"打印机卡纸，无法打印", "打印时提示卡纸，已清理仍报错", "desktop", "printer", "王主任", "办公室"},
	{"打印机脱机", "电脑上显示打印机脱机，重启无效", "desktop", "printer", "赵会计", "财务部"},
	{"电脑开机蓝屏", "开机进入系统前蓝屏，代码0x0000007B", "desktop", "pc", "钱经理", "人事部"},
	{"Outlook无法收取邮件", "提示服务器连接超时，网页版正常", "application", "application", "孙秘书", "总经办"},
	{"OA系统登录缓慢", "登录OA需要一分钟以上，其他系统正常", "application", "application", "李科长", "行政部"},
	{"财务系统报表导出失败", "导出月度报表时提示内存不足", "application", "application", "周会计", "财务部"},
	{"会议室视频终端无声音", "远端能看到画面但听不到声音", "desktop", "video", "吴助理", "总经办"},
	{"视频会议画面卡顿", "与分公司视频会议时画面频繁卡住", "network", "video", "郑主任", "办公室"},
	{"无线网络频繁掉线", "5楼办公区无线每隔十几分钟断开一次", "network", "network", "冯工", "研发部"},
	{"共享文件夹无法访问", "映射的网络盘打不开，提示无权限", "storage", "storage", "陈专员", "市场部"},
	{"新员工开通邮箱账号", "新入职员工需要开通邮箱和OA账号", "application", "application", "褚经理", "人事部"},
	{"显示器闪烁", "显示器间歇性黑屏闪烁", "desktop", "pc", "卫工", "研发部"},
	{"备份作业失败", "昨晚数据库备份作业报错退出", "server", "server", "值班监控", "信息中心"},
	{"服务器磁盘使用率超过85%", "邮件服务器数据盘使用率87%", "server", "server", "值班监控", "信息中心"},
	{"VPN拨号失败", "出差人员VPN提示认证失败", "network", "network", "蒋经理", "销售部"},
	{"网站访问报502", "门户网站部分页面偶发502错误", "application", "application", "沈编辑", "宣传部"},
	{"防病毒客户端告警", "终端防病毒报告可疑文件", "security", "pc", "韩工", "研发部"},
	{"账号被锁定", "多次输错密码账号被锁，需要解锁", "security", "application", "杨专员", "采购部"},
	{"U盘无法识别", "插入U盘无反应，其他电脑正常", "desktop", "pc", "朱会计", "财务部"},
	{"电话会议系统无法入会", "拨入号码提示会议不存在", "desktop", "video", "秦秘书", "总经办"},
};
enum { NCASES = sizeof cases / sizeof *cases };

static const char *const causes[] = {"驱动程序版本不兼容", "配置变更后未同步", "硬件老化故障",
				     "磁盘空间不足", "网络链路拥塞", "用户操作不当"};
static const char *const fixes[] = {"更新驱动并重启", "恢复正确配置并同步", "更换故障部件",
				    "清理日志并扩容", "调整QoS策略", "指导用户正确操作"};
static const char *const comments[] = {"已电话联系用户，确认故障现象", "远程查看日志，正在排查",
				       "已到现场检查", "已联系厂商工程师协助"};

/* Where an incident should end up, and the transitions that take it
 * there (a step the rules do not offer is passed over). */
typedef enum target {
	T_NEW, T_ASSIGNED, T_IN_PROGRESS, T_WAITING, T_RESOLVED, T_CLOSED, T_CANCELLED
} target;

static const char *const paths[][5] = {
	[T_NEW] = {NULL},
	[T_ASSIGNED] = {"assign", NULL},
	[T_IN_PROGRESS] = {"assign", "start", NULL},
	[T_WAITING] = {"assign", "start", "wait", NULL},
	[T_RESOLVED] = {"assign", "start", "resolve", NULL},
	[T_CLOSED] = {"assign", "start", "resolve", "close", NULL},
	[T_CANCELLED] = {"cancel", NULL},
};

typedef struct plan {
	incident_fields f;
	char ci[32];
	target to;
	const char *assignee, *creator;
	time_t created;
	time_t step_at[5];
	time_t comment_at; /* 0: none */
	const char *comment;
	int alerts; /* > 0: opened by this many alerts, ten minutes apart */
	int64_t id;
	int cause;
} plan;

enum { NPLANS = 50 };

/* --- events, in the order they happened ---------------------------------------- */

typedef enum ev_kind {
	EV_CREATE, EV_STEP, EV_COMMENT, EV_ALERT, EV_NOTE, EV_ACK
} ev_kind;

typedef struct event {
	time_t at;
	int seq; /* ties keep the order they were planned in */
	ev_kind kind;
	int which, step; /* the plan, or -1 */
	shift_slot slot; /* EV_NOTE, EV_ACK */
	const char *text;
} event;

typedef struct events {
	event *v;
	size_t n;
} events;

static void ev_add(events *e, time_t at, ev_kind kind, int which, int step)
{
	e->v = xrealloc(e->v, (e->n + 1) * sizeof *e->v);
	e->v[e->n] = (event){.at = at, .seq = (int)e->n, .kind = kind, .which = which, .step = step};
	e->n++;
}

static int ev_cmp(const void *a, const void *b)
{
	const event *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->seq - y->seq;
}

/* --- helpers ---------------------------------------------------------------------- */

static od_ctx as(const od_ctx *ctx, const char *login)
{
	od_ctx c = *ctx;
	c.login = login;
	return c;
}

static const char *pick_ci(const rules *r, const char *class_id)
{
	const char *found[NCIS];
	size_t n = 0;
	for (size_t i = 0; i < NCIS; i++)
		if (strcmp(cis[i].class_id, class_id) == 0 && strcmp(cis[i].status, "in_use") == 0 &&
		    rules_item_find(r->ci_classes.v, r->ci_classes.n, cis[i].class_id))
			found[n++] = cis[i].tag;
	return n ? found[rnd((uint32_t)n)] : "";
}

static const char *category_or_default(const rules *r, const char *id)
{
	return rules_item_find(r->categories.v, r->categories.n, id) ? id : NULL;
}

static const char *level_or_default(const rules_item *v, size_t n, const char *id)
{
	return rules_item_find(v, n, id) ? id : NULL;
}

/* The engineer the rules would send a category to. */
static const char *engineer_for(const char *category)
{
	static const struct {
		const char *category, *login;
	} by[] = {{"network", "zhaolei"}, {"server", "lina"}, {"storage", "wuxia"},
		  {"application", "wuxia"}, {"desktop", "liuyang"}, {"security", "chenjing"}};
	for (size_t i = 0; i < sizeof by / sizeof *by; i++)
		if (category && strcmp(by[i].category, category) == 0)
			return by[i].login;
	return "sunli";
}

static const char *const desk[] = {"zhangwei", "sunli", "zhoujie", "wangfang"};

/* --- the plans ---------------------------------------------------------------------- */

static void plan_case(plan *p, const rules *r, const demo_case *c, target to)
{
	p->f.summary = c->summary;
	p->f.description = c->description;
	p->f.reporter = c->reporter;
	p->f.department = c->department;
	p->f.category = category_or_default(r, c->category);
	snprintf(p->ci, sizeof p->ci, "%s", pick_ci(r, c->ci_class));
	p->f.ci = p->ci;
	p->to = to;
	p->assignee = engineer_for(c->category);
	p->creator = desk[rnd(4)];
	p->cause = (int)rnd(6);
	/* P3 or P4 through the matrix: nothing ordinary pages anyone */
	static const char *const pairs[][2] = {{"medium", "medium"}, {"low", "high"},
					       {"low", "medium"}, {"medium", "low"}};
	const char *const *pair = pairs[rnd(4)];
	p->f.impact = level_or_default(r->impact.v, r->impact.n, pair[0]);
	p->f.urgency = level_or_default(r->urgency.v, r->urgency.n, pair[1]);
	static const char *const channels[] = {"phone", "email", "im", "walk_in"};
	p->f.channel = level_or_default(r->channels.v, r->channels.n, channels[rnd(4)]);
}

/* The times of a plan's steps, working back from now so that each
 * incident is where its state says it is. */
static void plan_times(plan *p, time_t now)
{
	time_t c;
	switch (p->to) {
	case T_NEW: c = now - (5 + rnd(80)) * MINUTE; break;
	case T_ASSIGNED: c = now - (30 + rnd(150)) * MINUTE; break;
	case T_IN_PROGRESS: c = now - (60 + rnd(180)) * MINUTE; break;
	case T_WAITING: c = now - (3 + rnd(15)) * HOUR; break;
	case T_RESOLVED: c = now - (8 + rnd(20)) * HOUR; break;
	case T_CLOSED: c = now - (1 + rnd(7)) * DAY - rnd(12) * HOUR; break;
	default: c = now - (1 + rnd(5)) * DAY - rnd(8) * HOUR; break;
	}
	p->created = c;
	time_t t = c;
	for (int s = 0; s < 5 && paths[p->to][s]; s++) {
		const char *step = paths[p->to][s];
		if (strcmp(step, "resolve") == 0)
			t += (90 + rnd(240)) * MINUTE;
		else if (strcmp(step, "close") == 0)
			t += (2 + rnd(20)) * HOUR;
		else if (strcmp(step, "wait") == 0)
			t += (30 + rnd(60)) * MINUTE;
		else
			t += (4 + rnd(20)) * MINUTE;
		p->step_at[s] = t < now - MINUTE ? t : now - MINUTE;
	}
	if (p->to >= T_IN_PROGRESS && p->to != T_CANCELLED && p->step_at[1]) {
		p->comment_at = p->step_at[1] + (5 + rnd(20)) * MINUTE;
		if (p->comment_at >= now - MINUTE)
			p->comment_at = now - MINUTE;
		p->comment = comments[rnd(4)];
	}
}

/* The distribution of states over the ordinary incidents. */
static target ordinary_target(int i)
{
	static const target mix[] = {T_CLOSED, T_CLOSED, T_IN_PROGRESS, T_CLOSED, T_ASSIGNED,
				     T_CLOSED, T_NEW, T_RESOLVED, T_CLOSED, T_WAITING,
				     T_CLOSED, T_IN_PROGRESS, T_CANCELLED, T_CLOSED, T_ASSIGNED,
				     T_RESOLVED, T_NEW, T_CLOSED, T_WAITING, T_IN_PROGRESS};
	return mix[i % (int)(sizeof mix / sizeof *mix)];
}

/* The incidents worth showing: a P1 past its resolution target, a P2
 * close to it, a major one resolved and waiting for its review, and one
 * opened by monitoring whose alert keeps repeating. */
static int plan_specials(plan *v, const rules *r, time_t now)
{
	int n = 0;
	plan *p = &v[n++];
	*p = (plan){0};
	p->f = (incident_fields){.summary = "核心交换机01端口大量丢包，多个楼层断网",
				 .description = "A栋3-6楼用户反映无法访问内网，核心交换机上行口CRC错误激增",
				 .reporter = "值班监控", .department = "信息中心",
				 .category = category_or_default(r, "network"),
				 .impact = level_or_default(r->impact.v, r->impact.n, "high"),
				 .urgency = level_or_default(r->urgency.v, r->urgency.n, "high"),
				 .channel = level_or_default(r->channels.v, r->channels.n, "phone")};
	snprintf(p->ci, sizeof p->ci, "SW-CORE-01");
	p->to = T_IN_PROGRESS;
	p->assignee = "wangfang";
	p->creator = "zhangwei";
	p->created = now - 5 * HOUR - 10 * MINUTE;
	p->step_at[0] = p->created + 5 * MINUTE;
	p->step_at[1] = p->created + 12 * MINUTE;
	p->comment_at = p->created + 50 * MINUTE;
	p->comment = "已切换至备用链路，部分楼层恢复，继续排查光模块";

	p = &v[n++];
	*p = (plan){0};
	p->f = (incident_fields){.summary = "财务系统数据库响应缓慢，月结作业超时",
				 .description = "财务部月结批处理运行超过两小时未完成",
				 .reporter = "周会计", .department = "财务部",
				 .category = category_or_default(r, "server"),
				 .impact = level_or_default(r->impact.v, r->impact.n, "high"),
				 .urgency = level_or_default(r->urgency.v, r->urgency.n, "medium"),
				 .channel = level_or_default(r->channels.v, r->channels.n, "phone")};
	snprintf(p->ci, sizeof p->ci, "SRV-DB-02");
	p->to = T_IN_PROGRESS;
	p->assignee = "lina";
	p->creator = "sunli";
	p->created = now - 6 * HOUR - 30 * MINUTE;
	p->step_at[0] = p->created + 8 * MINUTE;
	p->step_at[1] = p->created + 20 * MINUTE;

	p = &v[n++];
	*p = (plan){0};
	p->f = (incident_fields){.summary = "SAN存储控制器故障，OA与邮件系统中断",
				 .description = "存储控制器A宕机，多路径切换失败，OA和邮件全部不可用",
				 .reporter = "值班监控", .department = "信息中心",
				 .category = category_or_default(r, "storage"),
				 .impact = level_or_default(r->impact.v, r->impact.n, "high"),
				 .urgency = level_or_default(r->urgency.v, r->urgency.n, "high"),
				 .channel = level_or_default(r->channels.v, r->channels.n, "phone")};
	snprintf(p->ci, sizeof p->ci, "STO-SAN-01");
	p->to = T_RESOLVED;
	p->assignee = "lina";
	p->creator = "zhoujie";
	p->created = now - 20 * HOUR;
	p->step_at[0] = p->created + 3 * MINUTE;
	p->step_at[1] = p->created + 6 * MINUTE;
	p->step_at[2] = p->created + 3 * HOUR + 20 * MINUTE;
	p->comment_at = p->created + 40 * MINUTE;
	p->comment = "已启动重大故障流程，通知运维经理，厂商工程师在途";
	p->cause = 2;

	if (r->alerts.severities.n) {
		p = &v[n++];
		*p = (plan){0};
		p->f = (incident_fields){.summary = "邮件服务器CPU使用率持续超过95%",
					 .description = "监控告警：SRV-MAIL-01 CPU > 95%，持续5分钟"};
		snprintf(p->ci, sizeof p->ci, "SRV-MAIL-01");
		p->to = T_ASSIGNED;
		p->assignee = "sunli";
		p->creator = "zhangwei";
		p->alerts = 5;
		p->created = now - 55 * MINUTE;
		p->step_at[0] = p->created + 15 * MINUTE;
	}
	return n;
}

/* --- doing it ------------------------------------------------------------------------ */

static const rules_transition *find_transition(const rules *r, const char *id)
{
	const rules_workflow *w = &r->workflows.incident;
	for (size_t i = 0; i < w->transitions.n; i++)
		if (strcmp(w->transitions.v[i].id, id) == 0)
			return &w->transitions.v[i];
	return NULL;
}

static bool may_take(const od_ctx *c, const incident *inc, const rules_transition *t)
{
	const rules_transition *out[32];
	size_t n = incident_actions(c, inc, out, 32);
	for (size_t i = 0; i < n; i++)
		if (out[i] == t)
			return true;
	return false;
}

static bool field_needed(const rules_refs *refs, const char *field)
{
	for (size_t i = 0; i < refs->n; i++)
		if (strcmp(refs->v[i].id, field) == 0)
			return true;
	return false;
}

/* One step of a plan: by the person who would take it (the assignee for
 * their own work, the desk for the rest), else by the acting manager;
 * passed over when the rules do not offer it from where the incident is. */
static od_status take_step(const od_ctx *ctx, plan *p, int s, od_error *err)
{
	const rules_transition *t = find_transition(ctx->rules, paths[p->to][s]);
	if (!t)
		return OD_OK;
	incident inc;
	od_status st = incident_get(ctx->db, p->id, &inc, err);
	if (st != OD_OK)
		return st;
	bool own = strcmp(t->id, "start") == 0 || strcmp(t->id, "wait") == 0 ||
		   strcmp(t->id, "resolve") == 0;
	char actor[64];
	snprintf(actor, sizeof actor, "%s", own && *inc.assignee ? inc.assignee : p->creator);
	od_ctx by = as(ctx, actor);
	if (!may_take(&by, &inc, t))
		by = *ctx;
	bool ok = may_take(&by, &inc, t);
	incident_clear(&inc);
	if (!ok)
		return OD_OK;
	incident_set sets[8];
	size_t n = 0;
	const char *note = NULL;
	static const char *const fields[] = {"assignee", "cause", "resolution", "recovery_test",
					     "review", "note"};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		const char *f = fields[i];
		if (!field_needed(&t->requires, f) && !field_needed(&t->requires_if_major, f) &&
		    !(strcmp(f, "assignee") == 0 && strcmp(t->id, "assign") == 0))
			continue;
		const char *v = strcmp(f, "assignee") == 0     ? p->assignee
				: strcmp(f, "cause") == 0      ? causes[p->cause]
				: strcmp(f, "resolution") == 0 ? fixes[p->cause]
				: strcmp(f, "recovery_test") == 0
				    ? "用户确认业务恢复正常，观察30分钟无复发"
				: strcmp(f, "review") == 0
				    ? "根因：控制器固件缺陷；改进：升级固件，增加多路径切换演练"
				    : NULL;
		if (strcmp(f, "note") == 0)
			note = p->to == T_CANCELLED ? "用户重复报修，已在其他工单处理"
						    : "已联系用户，等待用户提供截图";
		else if (v)
			sets[n++] = (incident_set){f, v};
	}
	return incident_transition(&by, p->id, t->id, note, sets, n, 0, err);
}

/* Monitoring's alert for the plan: the first opens the incident, the
 * next ones repeat on it. */
static od_status send_alert(const od_ctx *ctx, plan *p, od_error *err)
{
	od_ctx by = as(ctx, p->creator);
	const rules_alert_severity *sev = &ctx->rules->alerts.severities.v[0];
	for (size_t i = 0; i < ctx->rules->alerts.severities.n; i++)
		if (strcmp(ctx->rules->alerts.severities.v[i].id, "high") == 0)
			sev = &ctx->rules->alerts.severities.v[i];
	/* alert_input is the parsed form of a JSON alert, so it holds
	 * writable strings; submitting only reads them */
	alert_input in = {.source = (char *)"zabbix", .key = (char *)"SRV-MAIL-01/cpu",
			  .severity = sev->id, .summary = (char *)p->f.summary,
			  .description = (char *)p->f.description, .ci = p->ci};
	alert_result res;
	od_status s = alert_submit(&by, &in, &res, err);
	if (s == OD_OK)
		p->id = res.incident_id;
	return s;
}

static od_status create(const od_ctx *ctx, plan *p, od_error *err)
{
	od_ctx by = as(ctx, p->creator);
	return p->alerts ? send_alert(ctx, p, err) : incident_create(&by, &p->f, &p->id, err);
}

static od_status run_event(const od_ctx *ctx, plan *plans, const event *e, od_error *err)
{
	clock_pin(e->at);
	plan *p = e->which >= 0 ? &plans[e->which] : NULL;
	switch (e->kind) {
	case EV_CREATE: return create(ctx, p, err);
	case EV_STEP: return take_step(ctx, p, e->step, err);
	case EV_COMMENT: {
		od_ctx by = as(ctx, p->assignee);
		return incident_comment(&by, p->id, p->comment, err);
	}
	case EV_ALERT: return send_alert(ctx, p, err);
	case EV_NOTE:
	case EV_ACK: {
		/* by someone on the shift (the note) or on the next one (the ack) */
		shift_slot on = e->slot;
		if (e->kind == EV_ACK && !roster_slot_next(ctx->rules, e->slot.start, &on))
			return OD_OK;
		char **who = NULL;
		size_t n = 0;
		od_status s = roster_slot_people(ctx->db, &on, &who, &n, err);
		if (s != OD_OK)
			return s;
		od_ctx by = as(ctx, n ? who[0] : ctx->login);
		int64_t id;
		if (e->kind == EV_NOTE)
			s = handover_note_add(&by, &e->slot, e->text, "", 0, &id, err);
		else
			s = handover_acknowledge(&by, &e->slot, err);
		roster_logins_free(who, n);
		return s;
	}
	}
	return OD_OK;
}

/* --- set-up: staff, CIs, the roster -------------------------------------------------- */

static od_status add_staff(const od_ctx *ctx, demo_counts *out, od_error *err)
{
	for (size_t i = 0; i < NPEOPLE; i++) {
		if (!people[i].centre)
			continue;
		od_status s = add_person(ctx, &people[i], err);
		if (s != OD_OK)
			return s;
		out->staff++;
	}
	return OD_OK;
}

static od_status add_cis(const od_ctx *ctx, demo_counts *out, od_error *err)
{
	for (size_t i = 0; i < NCIS; i++) {
		const demo_ci *c = &cis[i];
		if (!rules_item_find(ctx->rules->ci_classes.v, ctx->rules->ci_classes.n, c->class_id))
			continue;
		asset_fields f = {.name = c->name, .class_id = c->class_id, .model = c->model,
				  .location = c->location, .ip = c->ip, .responsible = c->responsible,
				  .status = rules_item_find(ctx->rules->ci_statuses.v,
							    ctx->rules->ci_statuses.n, c->status)
						? c->status
						: NULL,
				  .purchased = "2023-06-01", .warranty_end = "2028-05-31"};
		od_status s = asset_add(ctx, c->tag, &f, err);
		if (s != OD_OK)
			return s;
		out->assets++;
	}
	return OD_OK;
}

/* This month from its first day (or from a week ago, early in a month, so
 * the last days' incidents met a roster), each rotation of the rules
 * with its people. */
static od_status fill_roster(const od_ctx *ctx, time_t now, demo_counts *out, od_error *err)
{
	char today[ROSTER_DAY_LEN], first[ROSTER_DAY_LEN], week_ago[ROSTER_DAY_LEN];
	roster_day_of(now, today);
	snprintf(first, sizeof first, "%.8s01", today);
	roster_day_add(week_ago, today, -8);
	if (strcmp(week_ago, first) < 0)
		snprintf(first, sizeof first, "%s", week_ago);
	int year = atoi(today), month = atoi(today + 5);
	char last[ROSTER_DAY_LEN];
	snprintf(last, sizeof last, "%.8s%02d", today, civil_month_days(year, month));
	int days = roster_day_diff(first, last) + 1;
	const struct {
		const char *const *logins;
		size_t n;
	} groups[] = {{rotation_a, sizeof rotation_a / sizeof *rotation_a},
		      {rotation_b, sizeof rotation_b / sizeof *rotation_b}};
	for (size_t g = 0; g < 2 && g < ctx->rules->roster.rotations.n; g++) {
		roster_entry *skipped = NULL;
		size_t nskipped = 0;
		od_status s = roster_fill(ctx, ctx->rules->roster.rotations.v[g].id, first, days,
					  (const char *const *)groups[g].logins, groups[g].n, &skipped,
					  &nskipped, err);
		roster_entries_free(skipped, nskipped);
		if (s != OD_OK)
			return s;
	}
	roster_entry *e = NULL;
	size_t n = 0;
	if (roster_range(ctx->db, ctx->rules, first, last, &e, &n, err) == OD_OK)
		out->shifts = (int)n;
	roster_entries_free(e, n);
	return OD_OK;
}

/* A leave later this month and a swap waiting for the colleague. */
static od_status leave_and_swap(const od_ctx *ctx, time_t now, od_error *err)
{
	char today[ROSTER_DAY_LEN], from[ROSTER_DAY_LEN], to[ROSTER_DAY_LEN];
	roster_day_of(now, today);
	roster_day_add(from, today, 3);
	roster_day_add(to, today, 4);
	clock_pin(now - 3 * HOUR);
	od_ctx wuxia = as(ctx, "wuxia");
	int64_t id;
	roster_entry *clashes = NULL;
	size_t nclashes = 0;
	od_status s = leave_add(&wuxia, "wuxia", from, to, "年假", &id, &clashes, &nclashes, err);
	roster_entries_free(clashes, nclashes);
	if (s != OD_OK)
		return s;
	/* zhangwei's first shift from the day after tomorrow, to a colleague
	 * of the other rotation who is free then */
	clock_pin(now - 2 * HOUR);
	char start[ROSTER_DAY_LEN], end[ROSTER_DAY_LEN];
	roster_day_add(start, today, 2);
	roster_day_add(end, today, 20);
	roster_entry *e = NULL;
	size_t n = 0;
	if ((s = roster_range(ctx->db, ctx->rules, start, end, &e, &n, err)) != OD_OK)
		return s;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(e[i].login, "zhangwei") != 0)
			continue;
		const char *with = NULL;
		static const char *const takers[] = {"sunli", "zhoujie", "wangfang", "lina"};
		for (size_t k = 0; k < 4 && !with; k++)
			if (!roster_has(ctx->db, e[i].day, e[i].shift, takers[k]) &&
			    !leave_on(ctx->db, takers[k], e[i].day)) {
				char *cell = roster_cell(ctx->db, ctx->rules, e[i].day, takers[k]);
				if (!*cell)
					with = takers[k];
				free(cell);
			}
		if (!with)
			continue;
		od_ctx zw = as(ctx, "zhangwei");
		swap_ask ask = {.day = e[i].day, .shift = e[i].shift, .other = with,
				.reason = "孩子家长会，请求换班"};
		s = swap_request_new(&zw, &ask, &id, err);
		break;
	}
	roster_entries_free(e, n);
	return s;
}

/* --- the whole -------------------------------------------------------------------------- */

/* Anything but the acting user: a real database is never mixed with the
 * demo. Each owner is asked through its own function. */
static od_status require_empty(const od_ctx *ctx, od_error *err)
{
	const char *what = NULL;
	staff_member *staff = NULL;
	size_t nstaff = 0;
	if (staff_list(ctx->db, true, &staff, &nstaff, err) != OD_OK)
		return OD_DB;
	for (size_t i = 0; i < nstaff && !what; i++)
		if (strcmp(staff[i].login, ctx->login) != 0)
			what = _("staff");
	staff_list_free(staff, nstaff);
	incident *inc = NULL;
	size_t ninc = 0;
	incident_filter f = {.include_closed = true, .limit = 1, .now = clock_now()};
	if (!what && incident_list(ctx->db, &f, &inc, &ninc, err) == OD_OK && ninc)
		what = _("incidents");
	incident_list_free(inc, ninc);
	asset *a = NULL;
	size_t na = 0;
	asset_filter af = {.limit = 1};
	if (!what && asset_list(ctx->db, &af, &a, &na, err) == OD_OK && na)
		what = _("assets");
	asset_list_free(a, na);
	leave_entry *l = NULL;
	size_t nl = 0;
	if (!what && leave_list(ctx->db, NULL, NULL, NULL, &l, &nl, err) == OD_OK && nl)
		what = _("leave");
	leave_entries_free(l, nl);
	swap_request *sw = NULL;
	size_t nsw = 0;
	if (!what && swap_list(ctx->db, false, &sw, &nsw, err) == OD_OK && nsw)
		what = _("swap requests");
	swap_requests_free(sw, nsw);
	if (what)
		return od_fail(err, OD_CONFLICT,
			       _("the database already holds %s: the demo goes only into a new "
				 "database (give another --db)"),
			       what);
	return OD_OK;
}

static od_status build(const od_ctx *ctx, time_t now, demo_counts *out, od_error *err)
{
	od_status s;
	clock_pin(now - 10 * DAY);
	if ((s = add_staff(ctx, out, err)) != OD_OK)
		return s;
	clock_pin(now - 9 * DAY);
	if ((s = add_cis(ctx, out, err)) != OD_OK)
		return s;
	clock_pin(now - 9 * DAY + HOUR);
	if ((s = fill_roster(ctx, now, out, err)) != OD_OK)
		return s;
	if ((s = demo_articles(ctx, now, err)) != OD_OK)
		return s;

	plan *plans = xcalloc(NPLANS, sizeof *plans);
	int np = plan_specials(plans, ctx->rules, now);
	for (int i = 0; i < np; i++)
		plans[i].f.ci = plans[i].ci;
	for (int i = 0; np < NPLANS; i++, np++) {
		plan_case(&plans[np], ctx->rules, &cases[rnd(NCASES)], ordinary_target(i));
		plan_times(&plans[np], now);
	}
	events ev = {0};
	for (int i = 0; i < np; i++) {
		plan *p = &plans[i];
		ev_add(&ev, p->created, EV_CREATE, i, 0);
		for (int a = 1; a < p->alerts; a++)
			ev_add(&ev, p->created + a * 10 * MINUTE, EV_ALERT, i, 0);
		for (int st = 0; st < 5 && paths[p->to][st]; st++)
			ev_add(&ev, p->step_at[st], EV_STEP, i, st);
		if (p->comment_at)
			ev_add(&ev, p->comment_at, EV_COMMENT, i, 0);
	}
	/* yesterday's handover: a note on each shift near its end; the day
	 * shift acknowledged by the night, the night's left for this shift */
	char today[ROSTER_DAY_LEN], yesterday[ROSTER_DAY_LEN];
	roster_day_of(now, today);
	roster_day_add(yesterday, today, -1);
	static const char *const notes[] = {
		"核心交换机01上行口CRC错误仍在观察，光模块已备货，今晚需继续关注",
		"邮件服务器磁盘使用率偏高，已清理日志，明早请系统组确认扩容方案"};
	for (size_t k = 0; k < ctx->rules->shifts.n && k < 2; k++) {
		shift_slot slot = roster_slot(&ctx->rules->shifts.v[k], yesterday);
		if (slot.end - 40 * MINUTE >= now)
			continue;
		ev_add(&ev, slot.end - 40 * MINUTE, EV_NOTE, -1, 0);
		ev.v[ev.n - 1].slot = slot;
		ev.v[ev.n - 1].text = notes[k];
		if (k == 0 && slot.end + 10 * MINUTE < now) {
			ev_add(&ev, slot.end + 10 * MINUTE, EV_ACK, -1, 0);
			ev.v[ev.n - 1].slot = slot;
		}
	}
	/* and one on the shift on duty now, once it has run a while */
	shift_slot current;
	if (roster_slot_at(ctx->rules, now, &current) && current.start < now - HOUR) {
		ev_add(&ev, now - 20 * MINUTE, EV_NOTE, -1, 0);
		ev.v[ev.n - 1].slot = current;
		ev.v[ev.n - 1].text = "核心交换机丢包已升级厂商，交班前请确认备用链路状态";
	}
	qsort(ev.v, ev.n, sizeof *ev.v, ev_cmp);
	s = OD_OK;
	for (size_t i = 0; i < ev.n && s == OD_OK; i++)
		s = run_event(ctx, plans, &ev.v[i], err);
	free(ev.v);
	out->incidents = np;
	free(plans);
	if (s == OD_OK)
		s = leave_and_swap(ctx, now, err);
	if (s == OD_OK)
		s = demo_problem(ctx, now, err);
	return s;
}

od_status demo_build(const od_ctx *ctx, demo_counts *out, od_error *err)
{
	memset(out, 0, sizeof *out);
	rng_state = DEMO_SEED * 0x9E3779B97F4A7C15ULL;
	time_t now = clock_now();
	od_status s = db_begin(ctx->db, err);
	if (s != OD_OK)
		return s;
	if ((s = require_empty(ctx, err)) == OD_OK)
		s = build(ctx, now, out, err);
	clock_pin(now);
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}
