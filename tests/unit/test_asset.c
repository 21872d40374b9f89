/* asset.c: the asset (CI) register. Adding, reading, editing, listing,
 * finding and importing CSV, each refusal naming its field and writing
 * nothing; versions that refuse a stale save; who may change the register. */
#include "unit.h"

#include "opsdesk/asset.h"
#include "opsdesk/audit.h"
#include "opsdesk/journal.h"
#include "opsdesk/xalloc.h"

/* --- helpers --------------------------------------------------------------- */

typedef struct counts {
	int64_t assets, journal, audit, changed;
} counts;

static counts count_rows(const fixture *f)
{
	return (counts){unit_int(f->ctx.db, "SELECT count(*) FROM asset"),
			unit_int(f->ctx.db, "SELECT count(*) FROM journal"),
			unit_int(f->ctx.db, "SELECT count(*) FROM audit"),
			unit_int(f->ctx.db, "SELECT total(version) + total(updated) FROM asset")};
}

static void assert_nothing_written(const fixture *f, counts before)
{
	counts now = count_rows(f);
	assert_int_equal(now.assets, before.assets);
	assert_int_equal(now.journal, before.journal);
	assert_int_equal(now.audit, before.audit);
	assert_int_equal(now.changed, before.changed);
}

static void add_ok(const fixture *f, const char *tag, const asset_fields *af)
{
	od_error err = {0};
	if (asset_add(&f->ctx, tag, af, &err) != OD_OK)
		fail_msg("adding %s: %s", tag, err.msg);
}

/* Adds tag with only a name and a class. */
static void add_simple(const fixture *f, const char *tag, const char *name, const char *cls)
{
	asset_fields af = {.name = name, .class_id = cls};
	add_ok(f, tag, &af);
}

/* Adding tag with af is refused with a message starting with prefix, and
 * nothing is written. */
static void assert_add_refused(const fixture *f, const char *tag, const asset_fields *af,
			       const char *prefix)
{
	counts before = count_rows(f);
	od_error err = {0};
	od_status s = asset_add(&f->ctx, tag, af, &err);
	if (s == OD_OK)
		fail_msg("adding '%s' was accepted; expected '%s...'", tag ? tag : "(null)",
			 prefix);
	assert_starts_with(err.msg, prefix);
	assert_nothing_written(f, before);
}

static void assert_edit_refused(const fixture *f, const char *tag, const asset_fields *af,
				const char *prefix)
{
	counts before = count_rows(f);
	od_error err = {0};
	if (asset_edit(&f->ctx, tag, 0, af, &err) == OD_OK)
		fail_msg("editing '%s' was accepted; expected '%s...'", tag, prefix);
	assert_starts_with(err.msg, prefix);
	assert_nothing_written(f, before);
}

/* The tags a list gives, joined by spaces, for comparing in one go. */
static char *tags_of(const asset *v, size_t n)
{
	strbuf sb = {0};
	sb_add(&sb, "");
	for (size_t i = 0; i < n; i++)
		sb_addf(&sb, "%s%s", i ? " " : "", v[i].tag);
	return sb_take(&sb);
}

static void assert_list(const fixture *f, const asset_filter *flt, const char *want)
{
	asset *v = NULL;
	size_t n = 0;
	od_error err = {0};
	assert_int_equal(asset_list(f->ctx.db, flt, &v, &n, &err), OD_OK);
	char *got = tags_of(v, n);
	assert_string_equal(got, want);
	free(got);
	asset_list_free(v, n);
}

static void assert_search(const fixture *f, const char *text, const char *want)
{
	asset_filter flt = {.search = text};
	assert_list(f, &flt, want);
}

/* The newest audit entry; the caller frees. */
static audit_entry *newest_audit(const fixture *f)
{
	audit_filter af = {.limit = 1};
	audit_entry *v = NULL;
	size_t n = 0;
	od_error err = {0};
	assert_int_equal(audit_list(f->ctx.db, &af, &v, &n, &err), OD_OK);
	assert_int_equal(n, 1);
	return v;
}

/* Imports text; returns the status, with the problems joined as
 * "LINE: message\n" in *report (caller frees). */
static od_status import(const fixture *f, const char *text, asset_import_counts *c, char **report)
{
	diag_list d = {0};
	od_error err = {0};
	od_status s = asset_import_csv(&f->ctx, text, strlen(text), c, &d, &err);
	strbuf sb = {0};
	sb_add(&sb, "");
	for (size_t i = 0; i < d.n; i++)
		sb_addf(&sb, "%d: %s\n", d.items[i].line, d.items[i].msg);
	if (s != OD_OK && d.n == 0)
		sb_addf(&sb, "%s\n", err.msg);
	diag_free(&d);
	*report = sb_take(&sb);
	return s;
}

/* --- adding and reading ---------------------------------------------------- */

static void add_and_get_with_chinese_text(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "lisi", "李四", "network_engineer");
	asset_fields af = {.name = "核心交换机",
			   .class_id = "network",
			   .model = "华为 S12708",
			   .serial = "2102351931P0K8000123",
			   .location = "一号楼三层机房 A-03 机柜",
			   .ip = "10.0.0.1",
			   .responsible = "lisi",
			   .purchased = "2024-02-29",
			   .warranty_end = "2027-02-28",
			   .note = "双电源\n上联两条万兆"};
	add_ok(f, "SW-CORE-01", &af);

	asset a = {0};
	od_error err = {0};
	assert_int_equal(asset_get(f->ctx.db, "SW-CORE-01", &a, &err), OD_OK);
	assert_string_equal(a.tag, "SW-CORE-01");
	assert_string_equal(a.name, "核心交换机");
	assert_string_equal(a.class_id, "network");
	assert_string_equal(a.model, "华为 S12708");
	assert_string_equal(a.serial, "2102351931P0K8000123");
	assert_string_equal(a.location, "一号楼三层机房 A-03 机柜");
	assert_string_equal(a.ip, "10.0.0.1");
	assert_string_equal(a.responsible, "lisi");
	assert_string_equal(a.responsible_name, "李四");
	assert_string_equal(a.purchased, "2024-02-29");
	assert_string_equal(a.warranty_end, "2027-02-28");
	assert_string_equal(a.note, "双电源\n上联两条万兆");
	assert_string_equal(a.status, "in_use"); /* the rules' first status */
	assert_int_equal(a.version, 1);
	assert_int_equal(a.created, 1795222800);
	assert_string_equal(a.updated_by, "boss");
	assert_string_equal(asset_class_name(f->rules, a.class_id), "网络设备");
	assert_string_equal(asset_status_name(f->rules, a.status), "在用");
	asset_clear(&a);
}

static void add_writes_a_journal_entry_and_an_audit_entry(void **state)
{
	fixture *f = *state;
	counts before = count_rows(f);
	add_simple(f, "PC-财务-01", "财务部电脑", "pc");
	counts after = count_rows(f);
	assert_int_equal(after.journal, before.journal + 1);
	assert_int_equal(after.audit, before.audit + 1);

	journal_entry *j = NULL;
	size_t n = 0;
	od_error err = {0};
	assert_int_equal(journal_list(f->ctx.db, "asset:PC-财务-01", &j, &n, &err), OD_OK);
	assert_int_equal(n, 1);
	assert_string_equal(j[0].kind, "created");
	assert_contains(j[0].text, "name: (empty) -> 财务部电脑");
	journal_entries_free(j, n);

	audit_entry *e = newest_audit(f);
	assert_string_equal(e->op, "asset.add");
	assert_string_equal(e->record, "asset:PC-财务-01");
	assert_string_equal(e->actor, "boss");
	assert_contains(e->detail, "\"class\":[\"\",\"pc\"]");
	audit_entries_free(e, 1);
}

static void get_of_an_unknown_tag_is_not_found(void **state)
{
	fixture *f = *state;
	asset a;
	od_error err = {0};
	assert_int_equal(asset_get(f->ctx.db, "NOPE", &a, &err), OD_NOT_FOUND);
	assert_string_equal(err.msg, "no asset with tag 'NOPE'");
}

static void a_given_status_is_kept(void **state)
{
	fixture *f = *state;
	asset_fields af = {.name = "备用交换机", .class_id = "network", .status = "spare"};
	add_ok(f, "SW-SPARE-01", &af);
	assert_int_equal(unit_int(f->ctx.db, "SELECT status = 'spare' FROM asset"), 1);
}

/* --- refusals, each naming its field ---------------------------------------- */

static void bad_tags_are_refused(void **state)
{
	fixture *f = *state;
	asset_fields af = {.name = "x", .class_id = "server"};
	assert_add_refused(f, "", &af, "tag: must not be empty");
	assert_add_refused(f, NULL, &af, "tag: must not be empty");
	assert_add_refused(f, "SW CORE", &af, "tag: 'SW CORE' contains a space");
	assert_add_refused(f, "SW\u3000CORE", &af, "tag: 'SW\u3000CORE' contains a space");
	assert_add_refused(f, "SW\tCORE", &af, "tag: control characters are not allowed");
	assert_add_refused(f, "A\xff", &af, "tag: not valid UTF-8 text");
	assert_add_refused(f, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", &af,
			   "tag: too long (33 characters, at most 32)");
	/* 32 characters are fine, Chinese and punctuation included */
	add_ok(f, "机房一号楼三层A区第三排第五号机柜上的核心交换机设备一二三四五", &af);
	add_ok(f, "SRV/DB#01:主库", &af);
	assert_int_equal(unit_int(f->ctx.db, "SELECT count(*) FROM asset"), 2);
	/* the journal knows the long tag by its whole name (94 bytes of UTF-8) */
	char ref[ASSET_REF_SIZE];
	asset_record_ref("机房一号楼三层A区第三排第五号机柜上的核心交换机设备一二三四五", ref,
			 sizeof ref);
	journal_entry *j = NULL;
	size_t n = 0;
	od_error err = {0};
	assert_int_equal(journal_list(f->ctx.db, ref, &j, &n, &err), OD_OK);
	assert_int_equal(n, 1);
	journal_entries_free(j, n);
	assert_int_equal(unit_int(f->ctx.db,
				  "SELECT count(*) FROM audit WHERE record = 'asset:"
				  "机房一号楼三层A区第三排第五号机柜上的核心交换机设备一二三四五'"),
			 1);
}

static void a_name_is_required_and_limited(void **state)
{
	fixture *f = *state;
	asset_fields af = {.class_id = "server"};
	assert_add_refused(f, "S1", &af, "name: must not be empty");
	af.name = "　 ";
	assert_add_refused(f, "S1", &af, "name: must not be empty");
	char name[65 * 3 + 1] = "";
	for (int i = 0; i < 65; i++)
		strcat(name, "服");
	af.name = name;
	assert_add_refused(f, "S1", &af, "name: too long (65 characters, at most 64)");
	af.name = "a\033[31mred";
	assert_add_refused(f, "S1", &af, "name: control characters are not allowed (U+001B)");
}

static void a_class_must_be_one_of_the_rules(void **state)
{
	fixture *f = *state;
	asset_fields af = {.name = "x"};
	assert_add_refused(
	    f, "S1", &af,
	    "class: must not be empty (known: server, network, storage, security, pc, "
	    "printer, video, application, room)");
	af.class_id = "router";
	assert_add_refused(
	    f, "S1", &af,
	    "class: 'router' is not one of the CI classes in the rules (known: server, "
	    "network, storage, security, pc, printer, video, application, room)");
	af.class_id = "Server"; /* ids are exact */
	assert_add_refused(f, "S1", &af, "class: 'Server' is not one of the CI classes");
}

static void rules_without_classes_or_statuses_say_so(void **state)
{
	fixture *f = *state;
	rules no_classes = *f->rules, no_statuses = *f->rules;
	no_classes.ci_classes.n = 0;
	no_statuses.ci_statuses.n = 0;
	od_ctx ctx = f->ctx;
	asset_fields af = {.name = "x", .class_id = "server"};
	counts before = count_rows(f);
	od_error err = {0};
	ctx.rules = &no_classes;
	assert_int_equal(asset_add(&ctx, "S1", &af, &err), OD_INVALID);
	assert_string_equal(err.msg,
			    "class: the rules define no CI classes (ci_classes): add them to "
			    "the rules first");
	ctx.rules = &no_statuses;
	assert_int_equal(asset_add(&ctx, "S1", &af, &err), OD_INVALID);
	assert_string_equal(err.msg,
			    "status: the rules define no CI statuses (ci_statuses): add them "
			    "to the rules first");
	assert_nothing_written(f, before);
}

static void a_status_must_be_one_of_the_rules(void **state)
{
	fixture *f = *state;
	asset_fields af = {.name = "x", .class_id = "server", .status = "broken"};
	assert_add_refused(
	    f, "S1", &af,
	    "status: 'broken' is not one of the CI statuses in the rules (known: in_use, "
	    "spare, repair, retired)");
	add_simple(f, "S1", "x", "server");
	asset_fields none = {.status = ""};
	assert_edit_refused(f, "S1", &none, "status: must not be empty (known: in_use");
}

static void ip_addresses_are_checked(void **state)
{
	fixture *f = *state;
	const char *good[] = {"10.0.0.1",        "192.168.100.254",
			      "fe80::1",         "2001:db8::8a2e:370:7334",
			      "::ffff:10.1.2.3", ""};
	const char *bad[] = {"1.2.3", "256.1.1.1", "10.0.0.1 ",  "10.0.0.1/24",
			     "::g",   "abc",       "１０.0.0.1", "fe80::1%eth0"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		char tag[16];
		snprintf(tag, sizeof tag, "IP-%zu", i);
		asset_fields af = {.name = "x", .class_id = "server", .ip = good[i]};
		add_ok(f, tag, &af);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		asset_fields af = {.name = "x", .class_id = "server", .ip = bad[i]};
		char want[128];
		snprintf(want, sizeof want, "ip: '%s' is not an IPv4 or IPv6 address", bad[i]);
		assert_add_refused(f, "BAD", &af, want);
	}
}

static void responsible_is_an_active_member_of_staff(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "lisi", "李四", "network_engineer");
	unit_add_staff(f, "gone", "离职", "duty_operator");
	od_error err = {0};
	assert_int_equal(staff_set_active(&f->ctx, "gone", false, 0, &err), OD_OK);
	asset_fields af = {.name = "x", .class_id = "server", .responsible = "nobody"};
	assert_add_refused(f, "S1", &af, "responsible: no staff member with login 'nobody'");
	af.responsible = "gone";
	assert_add_refused(f, "S1", &af, "responsible: 'gone' is deactivated");
	af.responsible = "lisi";
	add_ok(f, "S1", &af);
	af.responsible = "";
	add_ok(f, "S2", &af);
}

static void dates_are_calendar_days(void **state)
{
	fixture *f = *state;
	const char *bad[] = {"2025-02-29",     "2026-13-01", "2026-04-31", "2026-1-05",
			     "2026/01/05",     "26-01-05",   "2026-01-0x", "1899-12-31",
			     "２０２６-01-05", "2026-00-10"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char want[128];
		asset_fields af = {.name = "x", .class_id = "server", .purchased = bad[i]};
		snprintf(want, sizeof want, "purchased: '%s' is not a date", bad[i]);
		assert_add_refused(f, "S1", &af, want);
		asset_fields w = {.name = "x", .class_id = "server", .warranty_end = bad[i]};
		snprintf(want, sizeof want, "warranty_end: '%s' is not a date", bad[i]);
		assert_add_refused(f, "S1", &w, want);
	}
	asset_fields af = {.name = "x",
			   .class_id = "server",
			   .purchased = "2024-02-29",
			   .warranty_end = "2024-02-29"};
	add_ok(f, "S1", &af); /* a leap day, and a warranty ending the day of purchase */
}

static void the_warranty_cannot_end_before_the_purchase(void **state)
{
	fixture *f = *state;
	asset_fields af = {.name = "x",
			   .class_id = "server",
			   .purchased = "2026-03-01",
			   .warranty_end = "2026-02-28"};
	assert_add_refused(f, "S1", &af,
			   "warranty_end: 2026-02-28 is before the purchase date 2026-03-01");
	af.warranty_end = "2029-03-01";
	add_ok(f, "S1", &af);
	/* the check uses the stored value of the field an edit leaves alone */
	asset_fields later = {.purchased = "2030-01-01"};
	assert_edit_refused(f, "S1", &later,
			    "warranty_end: 2029-03-01 is before the purchase date 2030-01-01");
	asset_fields earlier = {.warranty_end = "2025-12-31"};
	assert_edit_refused(f, "S1", &earlier, "warranty_end: 2025-12-31 is before");
}

static void text_fields_are_checked(void **state)
{
	fixture *f = *state;
	asset_fields af = {.name = "x", .class_id = "server", .location = "A\tB"};
	assert_add_refused(f, "S1", &af, "location: control characters are not allowed (U+0009)");
	af.location = NULL;
	af.model = "\xe5\x90";
	assert_add_refused(f, "S1", &af, "model: not valid UTF-8 text");
	af.model = NULL;
	af.serial = "SN\x7f";
	assert_add_refused(f, "S1", &af, "serial: control characters are not allowed (U+007F)");
	af.serial = NULL;
	char note[2002];
	memset(note, 'n', 2001);
	note[2001] = '\0';
	af.note = note;
	assert_add_refused(f, "S1", &af, "note: too long (2001 characters, at most 2000)");
	note[2000] = '\0';
	add_ok(f, "S1", &af); /* 2000 are fine */
}

static void a_duplicate_tag_is_a_conflict(void **state)
{
	fixture *f = *state;
	add_simple(f, "S1", "x", "server");
	counts before = count_rows(f);
	asset_fields af = {.name = "y", .class_id = "pc"};
	od_error err = {0};
	assert_int_equal(asset_add(&f->ctx, "S1", &af, &err), OD_CONFLICT);
	assert_string_equal(err.msg, "tag: an asset with tag 'S1' already exists");
	assert_nothing_written(f, before);
}

/* --- who may change the register ---------------------------------------------- */

static void only_holders_of_asset_manage_may_change_it(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "op", "值班员", "duty_operator");
	unit_add_staff(f, "sys", "系统工程师", "system_engineer");
	unit_add_staff(f, "cab", "委员", "cab_member");
	asset_fields af = {.name = "x", .class_id = "server"};
	counts before = count_rows(f);
	od_error err = {0};
	od_ctx op = acting_as(f, "op"), cab = acting_as(f, "cab"),
	       stranger = acting_as(f, "stranger");
	assert_int_equal(asset_add(&op, "S1", &af, &err), OD_DENIED);
	assert_starts_with(err.msg, "'asset.manage' is not permitted for you");
	assert_int_equal(asset_add(&cab, "S1", &af, &err), OD_DENIED);
	assert_int_equal(asset_add(&stranger, "S1", &af, &err), OD_DENIED);
	assert_contains(err.msg, "not on the staff list");
	asset_import_counts c;
	diag_list d = {0};
	const char *csv = "tag,name,class\nS1,x,server\n";
	assert_int_equal(asset_import_csv(&op, csv, strlen(csv), &c, &d, &err), OD_DENIED);
	diag_free(&d);
	assert_nothing_written(f, before);

	od_ctx sys = acting_as(f, "sys");
	assert_int_equal(asset_add(&sys, "S1", &af, &err), OD_OK);
	asset_fields edit = {.name = "y"};
	assert_int_equal(asset_edit(&op, "S1", 0, &edit, &err), OD_DENIED);
	assert_int_equal(asset_edit(&sys, "S1", 0, &edit, &err), OD_OK);
}

/* --- editing ------------------------------------------------------------------ */

static void edit_bumps_the_version_and_writes_journal_and_audit(void **state)
{
	fixture *f = *state;
	add_simple(f, "S1", "数据库服务器", "server");
	counts before = count_rows(f);
	clock_pin(1795226400); /* an hour later */
	asset_fields af = {.location = "二号机房", .status = "repair", .ip = "10.2.0.9"};
	od_error err = {0};
	assert_int_equal(asset_edit(&f->ctx, "S1", 1, &af, &err), OD_OK);
	counts after = count_rows(f);
	assert_int_equal(after.journal, before.journal + 1);
	assert_int_equal(after.audit, before.audit + 1);
	asset a = {0};
	assert_int_equal(asset_get(f->ctx.db, "S1", &a, &err), OD_OK);
	assert_int_equal(a.version, 2);
	assert_string_equal(a.location, "二号机房");
	assert_string_equal(a.status, "repair");
	assert_string_equal(a.name, "数据库服务器"); /* not given: kept */
	assert_int_equal(a.updated, 1795226400);
	assert_int_equal(a.created, 1795222800);
	asset_clear(&a);
	audit_entry *e = newest_audit(f);
	assert_string_equal(e->op, "asset.edit");
	assert_string_equal(e->record, "asset:S1");
	assert_string_equal(e->detail,
			    "{\"location\":[\"\",\"二号机房\"],\"ip\":[\"\",\"10.2.0.9\"],"
			    "\"status\":[\"in_use\",\"repair\"]}");
	audit_entries_free(e, 1);
	journal_entry last = {0};
	assert_int_equal(journal_last(f->ctx.db, "asset:S1", &last, &err), OD_OK);
	assert_string_equal(last.kind, "changed");
	assert_string_equal(last.text, "location: (empty) -> 二号机房; ip: (empty) -> 10.2.0.9; "
				       "status: in_use -> repair");
	journal_entry_clear(&last);
}

static void an_edit_that_changes_nothing_writes_nothing(void **state)
{
	fixture *f = *state;
	add_simple(f, "S1", "x", "server");
	counts before = count_rows(f);
	asset_fields af = {.name = "x", .class_id = "server", .status = "in_use"};
	od_error err = {0};
	assert_int_equal(asset_edit(&f->ctx, "S1", 1, &af, &err), OD_OK);
	assert_nothing_written(f, before);
}

static void a_stale_edit_from_another_session_is_refused(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "lisi", "李四", "network_engineer");
	add_simple(f, "SW-01", "接入交换机", "network");
	/* lisi works in another SSH session: a connection of its own */
	od_ctx lisi = acting_as(f, "lisi");
	od_error err = {0};
	assert_int_equal(db_open(f->path, false, &lisi.db, &err), OD_OK);
	asset_fields theirs = {.location = "三楼弱电间"};
	assert_int_equal(asset_edit(&lisi, "SW-01", 1, &theirs, &err), OD_OK);
	db_close(lisi.db);

	counts before = count_rows(f);
	asset_fields mine = {.location = "四楼弱电间"};
	assert_int_equal(asset_edit(&f->ctx, "SW-01", 1, &mine, &err), OD_CONFLICT);
	assert_string_equal(
	    err.msg, "asset:SW-01 was changed by lisi at 2026-11-21 09:00 after you opened it "
		     "(location: (empty) -> 三楼弱电间); your version 1 is now 2, so your save "
		     "was not applied: reopen it and apply your change again");
	assert_nothing_written(f, before);
	asset a = {0};
	assert_int_equal(asset_get(f->ctx.db, "SW-01", &a, &err), OD_OK);
	assert_string_equal(a.location, "三楼弱电间");
	asset_clear(&a);
}

static void a_version_that_never_existed_is_refused(void **state)
{
	fixture *f = *state;
	add_simple(f, "S1", "x", "server");
	counts before = count_rows(f);
	asset_fields af = {.name = "y"};
	od_error err = {0};
	assert_int_equal(asset_edit(&f->ctx, "S1", 5, &af, &err), OD_INVALID);
	assert_string_equal(err.msg,
			    "expected version: asset:S1 is at version 1; version 5 does not exist");
	assert_nothing_written(f, before);
}

static void editing_an_unknown_tag_is_not_found(void **state)
{
	fixture *f = *state;
	counts before = count_rows(f);
	asset_fields af = {.name = "y"};
	od_error err = {0};
	assert_int_equal(asset_edit(&f->ctx, "NOPE", 0, &af, &err), OD_NOT_FOUND);
	assert_nothing_written(f, before);
}

static void invalid_edits_write_nothing(void **state)
{
	fixture *f = *state;
	add_simple(f, "S1", "x", "server");
	asset_fields a1 = {.name = ""};
	assert_edit_refused(f, "S1", &a1, "name: must not be empty");
	asset_fields a2 = {.class_id = "nope"};
	assert_edit_refused(f, "S1", &a2, "class: 'nope' is not one of the CI classes");
	asset_fields a3 = {.ip = "10.0.0.300"};
	assert_edit_refused(f, "S1", &a3, "ip: '10.0.0.300' is not an IPv4 or IPv6 address");
	asset_fields a4 = {.responsible = "nobody"};
	assert_edit_refused(f, "S1", &a4, "responsible: no staff member with login 'nobody'");
	/* a bad field fails the whole edit: the good one is not saved either */
	asset_fields a5 = {.location = "机房", .purchased = "2026-02-30"};
	assert_edit_refused(f, "S1", &a5, "purchased: '2026-02-30' is not a date");
}

/* An item whose class the rules dropped, or whose responsible person was
 * deactivated, keeps those values through an edit of its other fields. */
static void fields_left_alone_are_not_checked_again(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "lisi", "李四", "network_engineer");
	asset_fields af = {.name = "x", .class_id = "video", .responsible = "lisi"};
	add_ok(f, "V1", &af);
	od_error err = {0};
	assert_int_equal(staff_set_active(&f->ctx, "lisi", false, 0, &err), OD_OK);
	rules fewer = *f->rules;
	fewer.ci_classes.n = 2; /* server and network only */
	od_ctx ctx = f->ctx;
	ctx.rules = &fewer;
	asset_fields edit = {.name = "视频终端", .class_id = "video", .responsible = "lisi"};
	assert_int_equal(asset_edit(&ctx, "V1", 1, &edit, &err), OD_OK);
	asset_fields change = {.class_id = "pc"};
	assert_int_equal(asset_edit(&ctx, "V1", 2, &change, &err), OD_INVALID);
	assert_starts_with(
	    err.msg,
	    "class: 'pc' is not one of the CI classes in the rules (known: server, network)");
	asset_fields clear = {.responsible = ""};
	assert_int_equal(asset_edit(&ctx, "V1", 2, &clear, &err), OD_OK);
}

/* --- listing and finding -------------------------------------------------------- */

static void add_the_sample(const fixture *f)
{
	asset_fields a[] = {
	    {.name = "核心交换机",
	     .class_id = "network",
	     .location = "一号楼机房",
	     .ip = "10.0.0.1",
	     .model = "S12708",
	     .serial = "SN-AAA"},
	    {.name = "接入交换机",
	     .class_id = "network",
	     .location = "二号楼弱电间",
	     .ip = "10.0.1.1",
	     .status = "spare"},
	    {.name = "数据库服务器",
	     .class_id = "server",
	     .location = "一号楼机房",
	     .ip = "10.1.0.5",
	     .model = "PowerEdge R750",
	     .serial = "CN7X9"},
	    {.name = "财务部打印机", .class_id = "printer", .location = "财务部", .note = "机房"},
	    {.name = "Web server", .class_id = "server", .ip = "2001:db8::10", .status = "repair"},
	};
	const char *tags[] = {"SW-CORE-01", "SW-ACC-01", "SRV-DB-01", "PRN-01", "SRV-WEB-01"};
	for (size_t i = 0; i < 5; i++)
		add_ok(f, tags[i], &a[i]);
}

static void list_gives_every_item_in_tag_order(void **state)
{
	fixture *f = *state;
	add_the_sample(f);
	asset_filter all = {0};
	assert_list(f, &all, "PRN-01 SRV-DB-01 SRV-WEB-01 SW-ACC-01 SW-CORE-01");
}

static void list_filters_by_class_and_status(void **state)
{
	fixture *f = *state;
	add_the_sample(f);
	asset_filter net = {.class_id = "network"};
	assert_list(f, &net, "SW-ACC-01 SW-CORE-01");
	asset_filter spare = {.status = "spare"};
	assert_list(f, &spare, "SW-ACC-01");
	asset_filter both = {.class_id = "server", .status = "in_use"};
	assert_list(f, &both, "SRV-DB-01");
	asset_filter none = {.class_id = "video"};
	assert_list(f, &none, "");
}

static void search_looks_in_tag_name_location_ip_serial_and_model(void **state)
{
	fixture *f = *state;
	add_the_sample(f);
	assert_search(f, "CORE", "SW-CORE-01");             /* tag */
	assert_search(f, "交换机", "SW-ACC-01 SW-CORE-01"); /* name, Chinese */
	assert_search(f, "一号楼", "SRV-DB-01 SW-CORE-01"); /* location */
	assert_search(f, "10.0.", "SW-ACC-01 SW-CORE-01");  /* ip */
	assert_search(f, "db8::", "SRV-WEB-01");
	assert_search(f, "CN7X", "SRV-DB-01");            /* serial */
	assert_search(f, "R750", "SRV-DB-01");            /* model */
	assert_search(f, "机房", "SRV-DB-01 SW-CORE-01"); /* not the note */
	assert_search(f, "core", "SW-CORE-01");           /* ASCII without regard to case */
	assert_search(f, "web SERVER", "SRV-WEB-01");
	assert_search(f, "%", ""); /* bound, not a pattern */
	assert_search(f, "_", "");
	assert_search(f, "' OR 1=1 --", "");
	assert_search(f, "", "PRN-01 SRV-DB-01 SRV-WEB-01 SW-ACC-01 SW-CORE-01");
}

static void list_pages_by_key(void **state)
{
	fixture *f = *state;
	add_the_sample(f);
	asset_filter page = {.limit = 2};
	assert_list(f, &page, "PRN-01 SRV-DB-01");
	page.after_tag = "SRV-DB-01";
	assert_list(f, &page, "SRV-WEB-01 SW-ACC-01");
	page.after_tag = "SW-ACC-01";
	assert_list(f, &page, "SW-CORE-01");
	page.after_tag = "SW-CORE-01";
	assert_list(f, &page, "");
	asset_filter net = {.class_id = "network", .after_tag = "SRV", .limit = 1};
	assert_list(f, &net, "SW-ACC-01");
}

static void find_matches_tag_or_name_best_first(void **state)
{
	fixture *f = *state;
	add_the_sample(f);
	add_simple(f, "DB", "数据库集群", "application");
	add_simple(f, "ADB-01", "DB 代理", "server");
	asset *v = NULL;
	size_t n = 0;
	od_error err = {0};
	/* the exact tag, then tags starting with it, then the rest by tag */
	assert_int_equal(asset_find(f->ctx.db, "db", 10, &v, &n, &err), OD_OK);
	char *got = tags_of(v, n);
	assert_string_equal(got, "DB ADB-01 SRV-DB-01");
	free(got);
	asset_list_free(v, n);
	assert_int_equal(asset_find(f->ctx.db, "数据库", 10, &v, &n, &err), OD_OK);
	got = tags_of(v, n);
	assert_string_equal(got, "DB SRV-DB-01");
	free(got);
	asset_list_free(v, n);
	/* the location is not what a picker looks at */
	assert_int_equal(asset_find(f->ctx.db, "一号楼", 10, &v, &n, &err), OD_OK);
	assert_int_equal(n, 0);
	asset_list_free(v, n);
	assert_int_equal(asset_find(f->ctx.db, "", 3, &v, &n, &err), OD_OK);
	got = tags_of(v, n);
	assert_string_equal(got, "ADB-01 DB PRN-01");
	free(got);
	asset_list_free(v, n);
}

/* --- CSV import ------------------------------------------------------------------ */

static void import_adds_and_updates(void **state)
{
	fixture *f = *state;
	add_simple(f, "SW-01", "旧名", "network");
	add_simple(f, "SW-02", "不变", "network");
	counts before = count_rows(f);
	asset_import_counts c;
	char *report;
	const char *csv = "\xef\xbb\xbfname,tag,class,location,note,status\r\n"
			  "新名,SW-01,network,机房,,\r\n"
			  "不变,SW-02,network,,,\r\n"
			  "\"财务部打印机, 彩色\",PRN-01,printer,\"财务部, 三楼\",\"说明 "
			  "\"\"一\"\"\r\n第二行\",spare\r\n";
	od_status s = import(f, csv, &c, &report);
	assert_string_equal(report, "");
	assert_int_equal(s, OD_OK);
	free(report);
	assert_int_equal(c.added, 1);
	assert_int_equal(c.updated, 1);
	assert_int_equal(c.unchanged, 1);
	counts after = count_rows(f);
	assert_int_equal(after.assets, before.assets + 1);
	assert_int_equal(after.audit, before.audit + 2); /* one per item changed */
	assert_int_equal(after.journal, before.journal + 2);

	asset a = {0};
	od_error err = {0};
	assert_int_equal(asset_get(f->ctx.db, "PRN-01", &a, &err), OD_OK);
	assert_string_equal(a.name, "财务部打印机, 彩色");
	assert_string_equal(a.location, "财务部, 三楼");
	assert_string_equal(a.note, "说明 \"一\"\n第二行");
	assert_string_equal(a.status, "spare");
	asset_clear(&a);
	assert_int_equal(asset_get(f->ctx.db, "SW-01", &a, &err), OD_OK);
	assert_string_equal(a.name, "新名");
	assert_string_equal(a.status, "in_use"); /* an empty status cell keeps it */
	assert_int_equal(a.version, 2);
	asset_clear(&a);
	audit_entry *e = newest_audit(f);
	assert_string_equal(e->op, "asset.import");
	assert_string_equal(e->record, "asset:PRN-01");
	audit_entries_free(e, 1);
	journal_entry last = {0};
	assert_int_equal(journal_last(f->ctx.db, "asset:SW-01", &last, &err), OD_OK);
	assert_string_equal(last.kind, "changed");
	assert_string_equal(last.text, "name: 旧名 -> 新名; location: (empty) -> 机房");
	journal_entry_clear(&last);
}

static void import_checks_every_row_and_writes_nothing_on_any_problem(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "lisi", "李四", "network_engineer");
	add_simple(f, "SW-01", "旧名", "network");
	counts before = count_rows(f);
	asset_import_counts c;
	char *report;
	const char *csv = "tag,name,class,ip,responsible,purchased,warranty_end\n"
			  "OK-1,好的,server,,,,\n"
			  "BAD-1,,server,,,,\n"
			  "BAD-2,坏的,router,,,,\n"
			  "OK-2,好的,server,10.0.0.1,lisi,2026-01-01,2029-01-01\n"
			  "BAD-3,坏的,server,10.0.0.999,,,\n"
			  "BAD-4,坏的,server,,nobody,,\n"
			  "BAD-5,坏的,server,,,2026-01-01,2025-01-01\n"
			  "SW-01,,network,,,,\n"
			  "BAD 6,坏的,server,,,,\n"
			  "BAD-7,坏的,server\n"
			  "OK-1,又一次,server,,,,\n"
			  "BAD-8,\"两\n行\",server,,,,\n"
			  "OK-3,好的,server,,,,\n";
	assert_int_equal(import(f, csv, &c, &report), OD_INVALID);
	assert_string_equal(
	    report,
	    "3: name: must not be empty\n"
	    "4: class: 'router' is not one of the CI classes in the rules (known: server, "
	    "network, storage, security, pc, printer, video, application, room)\n"
	    "6: ip: '10.0.0.999' is not an IPv4 or IPv6 address\n"
	    "7: responsible: no staff member with login 'nobody'\n"
	    "8: warranty_end: 2025-01-01 is before the purchase date 2026-01-01\n"
	    "9: name: must not be empty\n"
	    "10: tag: 'BAD 6' contains a space: write tags without spaces, such as SW-CORE-01\n"
	    "11: 3 fields, but the header names 7 columns\n"
	    "12: tag: 'OK-1' is also on line 2; each tag may appear once\n"
	    "13: name: control characters are not allowed (U+000A)\n");
	free(report);
	assert_int_equal(c.added + c.updated + c.unchanged, 0);
	assert_nothing_written(f, before);
}

static void import_reports_bad_quoting(void **state)
{
	fixture *f = *state;
	counts before = count_rows(f);
	asset_import_counts c;
	char *report;
	const char *csv = "tag,name,class\n"
			  "A1,a\"b,server\n"
			  "A2,\"ab\"c,server\n"
			  "A3,\"good, \"\"quoted\"\"\",server\n"
			  "A4,\"never closed,server\n"
			  "A5,x,server\n";
	assert_int_equal(import(f, csv, &c, &report), OD_INVALID);
	assert_string_equal(
	    report, "2: a quote inside an unquoted field: put the whole field in quotes and "
		    "write the quote as \"\"\n"
		    "3: text after the closing quote of a field; inside a quoted field write a "
		    "quote as \"\"\n"
		    "5: a quoted field starts here and is never closed (a \" is missing)\n");
	free(report);
	assert_nothing_written(f, before);
}

static void import_checks_the_header(void **state)
{
	fixture *f = *state;
	counts before = count_rows(f);
	asset_import_counts c;
	char *report;
	assert_int_equal(import(f, "tag,name,class,colour,Name\nA,b,server,red,c\n", &c, &report),
			 OD_INVALID);
	assert_string_equal(report,
			    "1: unknown column 'colour' (known: tag, name, class, model, serial, "
			    "location, ip, responsible, purchased, warranty_end, status, note)\n"
			    "1: the column 'name' is named twice\n");
	free(report);
	/* a spreadsheet's trailing comma makes a column without a name */
	assert_int_equal(import(f, "tag,name,class,\nA,b,server,\n", &c, &report), OD_INVALID);
	assert_string_equal(report,
			    "1: column 4 has no name (known: tag, name, class, model, serial, "
			    "location, ip, responsible, purchased, warranty_end, status, note)\n");
	free(report);
	assert_int_equal(import(f, "tag,name,location\nA,b,c\n", &c, &report), OD_INVALID);
	assert_string_equal(
	    report, "1: the header has no 'class' column (tag, name and class are required)\n");
	free(report);
	assert_int_equal(import(f, "", &c, &report), OD_INVALID);
	assert_string_equal(
	    report,
	    "1: the file is empty: its first line must name the columns, such as tag,name,class\n");
	free(report);
	assert_int_equal(import(f, "\xef\xbb\xbf\n\n", &c, &report), OD_INVALID);
	assert_string_equal(
	    report,
	    "1: the file is empty: its first line must name the columns, such as tag,name,class\n");
	free(report);
	/* header names are matched without regard to case and spaces around them */
	assert_int_equal(import(f, " TAG , Name,CLASS\nA,b,server\n\n", &c, &report), OD_OK);
	free(report);
	assert_int_equal(count_rows(f).assets, before.assets + 1);
}

static void import_refuses_text_that_is_not_utf8(void **state)
{
	fixture *f = *state;
	counts before = count_rows(f);
	asset_import_counts c;
	char *report;
	/* 服务器 in GBK */
	assert_int_equal(
	    import(f, "tag,name,class\nS1,ok,server\nS2,\xb7\xfe\xce\xf1\xc6\xf7,server\n", &c,
		   &report),
	    OD_INVALID);
	assert_string_equal(report,
			    "3: not valid UTF-8 text: save the file as UTF-8 (from GBK, for "
			    "instance: iconv -f GB18030 -t UTF-8)\n");
	free(report);
	/* a NUL byte is caught even though strings stop there */
	diag_list d = {0};
	od_error err = {0};
	const char bin[] = "tag,name,class\nS1,a\0b,server\n";
	assert_int_equal(asset_import_csv(&f->ctx, bin, sizeof bin - 1, &c, &d, &err), OD_INVALID);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.items[0].line, 2);
	assert_contains(d.items[0].msg, "NUL");
	diag_free(&d);
	assert_nothing_written(f, before);
}

static void an_import_with_only_a_header_adds_nothing(void **state)
{
	fixture *f = *state;
	counts before = count_rows(f);
	asset_import_counts c;
	char *report;
	assert_int_equal(import(f, "tag,name,class", &c, &report), OD_OK);
	free(report);
	assert_int_equal(c.added + c.updated + c.unchanged, 0);
	assert_nothing_written(f, before);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
	    T(add_and_get_with_chinese_text),
	    T(add_writes_a_journal_entry_and_an_audit_entry),
	    T(get_of_an_unknown_tag_is_not_found),
	    T(a_given_status_is_kept),
	    T(bad_tags_are_refused),
	    T(a_name_is_required_and_limited),
	    T(a_class_must_be_one_of_the_rules),
	    T(rules_without_classes_or_statuses_say_so),
	    T(a_status_must_be_one_of_the_rules),
	    T(ip_addresses_are_checked),
	    T(responsible_is_an_active_member_of_staff),
	    T(dates_are_calendar_days),
	    T(the_warranty_cannot_end_before_the_purchase),
	    T(text_fields_are_checked),
	    T(a_duplicate_tag_is_a_conflict),
	    T(only_holders_of_asset_manage_may_change_it),
	    T(edit_bumps_the_version_and_writes_journal_and_audit),
	    T(an_edit_that_changes_nothing_writes_nothing),
	    T(a_stale_edit_from_another_session_is_refused),
	    T(a_version_that_never_existed_is_refused),
	    T(editing_an_unknown_tag_is_not_found),
	    T(invalid_edits_write_nothing),
	    T(fields_left_alone_are_not_checked_again),
	    T(list_gives_every_item_in_tag_order),
	    T(list_filters_by_class_and_status),
	    T(search_looks_in_tag_name_location_ip_serial_and_model),
	    T(list_pages_by_key),
	    T(find_matches_tag_or_name_best_first),
	    T(import_adds_and_updates),
	    T(import_checks_every_row_and_writes_nothing_on_any_problem),
	    T(import_reports_bad_quoting),
	    T(import_checks_the_header),
	    T(import_refuses_text_that_is_not_utf8),
	    T(an_import_with_only_a_header_adds_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
