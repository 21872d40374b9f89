/* opsdesk asset add|list|show|edit|import: the asset (CI) register. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/asset.h"
#include "opsdesk/cli.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/kb.h"
#include "opsdesk/inspect.h"
#include "opsdesk/paths.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

/* A register of tens of thousands of items is a few MiB of CSV; anything
 * far larger is a wrong file, refused before it is read into memory. */
enum { IMPORT_MAX_BYTES = 64 << 20 };
/* as for incidents: text typed to find something, not a document */
enum { SEARCH_MAX = 200 };

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_asset = {
    "asset",
    N_("the asset (CI) register"),
    N_("usage: opsdesk asset add TAG --name NAME --class CLASS [--model M] [--serial S]\n"
       "                         [--location L] [--ip IP] [--responsible LOGIN]\n"
       "                         [--purchased DATE] [--warranty-end DATE] [--status S]\n"
       "                         [--note TEXT]\n"
       "       opsdesk asset list [--class CLASS] [--status S] [--search TEXT] [--json]\n"
       "       opsdesk asset show TAG [--json]\n"
       "       opsdesk asset edit TAG [--name N] [--class C] [--model M] [--serial S]\n"
       "                          [--location L] [--ip IP] [--responsible LOGIN]\n"
       "                          [--purchased DATE] [--warranty-end DATE] [--status S]\n"
       "                          [--note TEXT] [--expect-version N]\n"
       "       opsdesk asset import FILE\n"
       "\n"
       "Class and status ids come from the rules (ci_classes, ci_statuses); a new item\n"
       "gets the first status. Dates are YYYY-MM-DD; --ip takes an IPv4 or IPv6\n"
       "address; --responsible an active staff login (edit: '' for nobody).\n"
       "Changing assets needs the asset.manage permission. --expect-version refuses\n"
       "the change when someone else changed the item since you read that version.\n"
       "list --search shows items whose tag, name, location, IP, serial or model\n"
       "contains TEXT. import reads a CSV file (UTF-8) whose first line names the\n"
       "columns: tag, name, class required; model, serial, location, ip,\n"
       "responsible, purchased, warranty_end, status, note optional. Rows with a tag\n"
       "that exists update that item. Every bad row is reported as FILE:LINE: message\n"
       "and then nothing is imported.\n"),
    run,
    "--class=ci_classes --status=ci_statuses",
};

static const cli_opt opts[] = {
    {"name", true, false},         {"class", true, false},
    {"model", true, false},        {"serial", true, false},
    {"location", true, false},     {"ip", true, false},
    {"responsible", true, false},  {"purchased", true, false},
    {"warranty-end", true, false}, {"status", true, false},
    {"note", true, false},         {"expect-version", true, false},
    {"search", true, false},       {0},
};

/* what add and edit take: the item's fields */
#define ASSET_FIELDS \
	"name class model serial location ip responsible purchased warranty-end status note"

static const cli_sub subs[] = {
    {.name = "add", .args = "TAG", .takes = ASSET_FIELDS, .needs = "name class"},
    {.name = "list", .takes = "class status search"},
    {.name = "show", .args = "TAG"},
    {.name = "edit", .args = "TAG", .takes = ASSET_FIELDS " expect-version"},
    {.name = "import", .args = "FILE"},
    {0},
};

/* more: members added to the object (",\"plans\":[...]"), or NULL */
static void print_json(const asset *a, const char *more)
{
	strbuf sb = {0};
	char t1[40], t2[40];
	const char *keys[] = {"tag",       "name",         "class",  "model",
			      "serial",    "location",     "ip",     "responsible",
			      "purchased", "warranty_end", "status", "note"};
	const char *values[] = {a->tag,       a->name,         a->class_id, a->model,
				a->serial,    a->location,     a->ip,       a->responsible,
				a->purchased, a->warranty_end, a->status,   a->note};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		sb_add(&sb, i ? ",\"" : "{\"");
		sb_add(&sb, keys[i]);
		sb_add(&sb, "\":");
		sb_add_json(&sb, values[i]);
	}
	sb_addf(&sb, ",\"version\":%lld,\"created\":\"%s\",\"updated\":\"%s\",\"updated_by\":",
		(long long)a->version, clock_format_iso(a->created, t1, sizeof t1),
		clock_format_iso(a->updated, t2, sizeof t2));
	sb_add_json(&sb, a->updated_by);
	sb_add(&sb, more ? more : "");
	sb_add(&sb, "}");
	fputs(sb.buf, stdout);
	sb_free(&sb);
}

/* The person as people know them: the name, or the login when the staff
 * list no longer has it. */
static const char *responsible_shown(const asset *a)
{
	return *a->responsible_name ? a->responsible_name : a->responsible;
}

static int do_list(cli_env *env, const cli_args *a)
{
	asset_filter f = {.class_id = cli_value(opts, a, "class"),
			  .status = cli_value(opts, a, "status"),
			  .search = cli_value(opts, a, "search")};
	od_error err;
	/* an unknown class or status is a mistake, not an empty register */
	if (f.class_id && asset_check_class(env->rules, f.class_id, &err) != OD_OK)
		return cli_report(&err);
	if (f.status && asset_check_status(env->rules, f.status, &err) != OD_OK)
		return cli_report(&err);
	if (f.search && text_check("search", f.search, SEARCH_MAX, false, false, &err) != OD_OK)
		return cli_report(&err);
	asset *v;
	size_t n;
	if (asset_list(env->ctx.db, &f, &v, &n, &err) != OD_OK)
		return cli_report(&err);
	if (env->g.json) {
		fputs("[", stdout);
		for (size_t i = 0; i < n; i++) {
			fputs(i ? ",\n" : "\n", stdout);
			print_json(&v[i], NULL);
		}
		fputs(n ? "\n]\n" : "]\n", stdout);
		asset_list_free(v, n);
		return 0;
	}
	static const struct {
		const char *title;
		int width;
	} cols[] = {{N_("TAG"), 14},      {NC_("asset", "NAME"), 20}, {N_("CLASS"), 12},
		    {N_("LOCATION"), 18}, {N_("IP"), 15},   {N_("RESPONSIBLE"), 12},
		    {N_("STATUS"), 0}};
	enum { NCOLS = sizeof cols / sizeof *cols };
	for (int c = 0; c < NCOLS; c++) {
		if (cols[c].width) {
			cli_cell(stdout, _(cols[c].title), cols[c].width);
			fputc(' ', stdout);
		} else {
			puts(_(cols[c].title));
		}
	}
	for (size_t i = 0; i < n; i++) {
		const char *cells[NCOLS] = {v[i].tag,
					    v[i].name,
					    asset_class_name(env->rules, v[i].class_id),
					    v[i].location,
					    v[i].ip,
					    responsible_shown(&v[i]),
					    asset_status_name(env->rules, v[i].status)};
		for (int c = 0; c < NCOLS; c++) {
			if (cols[c].width) {
				cli_cell(stdout, cells[c], cols[c].width);
				fputc(' ', stdout);
			} else {
				cli_puts_safe(stdout, cells[c]);
				fputc('\n', stdout);
			}
		}
	}
	asset_list_free(v, n);
	return 0;
}

/* "name (id)", or the id alone when the rules do not know it. */
static char *named_id(const char *name, const char *id)
{
	if (!*id)
		return xstrdup("");
	return strcmp(name, id) != 0 ? xasprintf("%s (%s)", name, id) : xstrdup(id);
}

static int do_show(cli_env *env, const char *tag)
{
	asset a;
	od_error err;
	if (asset_get(env->ctx.db, tag, &a, &err) != OD_OK)
		return cli_report(&err);
	/* the emergency plans in force that cover it (knowledge base) */
	record *plans = NULL;
	size_t nplans = 0;
	kb_plans_for_ci(&env->ctx, a.tag, 20, &plans, &nplans, NULL);
	strbuf plan_line = {0}, plan_json = {0};
	sb_add(&plan_json, ",\"plans\":[");
	for (size_t i = 0; i < nplans; i++) {
		char ref[32];
		record_ref(&kb_kind, plans[i].id, ref, sizeof ref);
		sb_addf(&plan_line, "%s%s %s", i ? ", " : "", ref, record_value(&plans[i], "title"));
		sb_add(&plan_json, i ? ",{\"ref\":" : "{\"ref\":");
		sb_add_json(&plan_json, ref);
		sb_add(&plan_json, ",\"title\":");
		sb_add_json(&plan_json, record_value(&plans[i], "title"));
		sb_add(&plan_json, "}");
	}
	sb_add(&plan_json, "]");
	record_list_free(plans, nplans);
	if (env->g.json) {
		print_json(&a, plan_json.buf);
		fputc('\n', stdout);
		sb_free(&plan_line);
		sb_free(&plan_json);
		asset_clear(&a);
		return 0;
	}
	char when[40], version[32];
	char *class_text = named_id(asset_class_name(env->rules, a.class_id), a.class_id);
	char *status_text = named_id(asset_status_name(env->rules, a.status), a.status);
	char *person = named_id(responsible_shown(&a), a.responsible);
	char *updated =
	    xasprintf(_("%s by %s"), clock_format(a.updated, when, sizeof when), a.updated_by);
	snprintf(version, sizeof version, "%lld", (long long)a.version);
	const char *labels[] = {_("tag"),       C_("asset", "name"),         _("class"),  _("model"),
				_("serial"),    _("location"),     _("ip"),     _("responsible"),
				_("purchased"), _("warranty_end"), _("status"), _("version"),
				_("updated"),   _("note")};
	const char *values[] = {a.tag,       a.name,  class_text, a.model,     a.serial,
				a.location,  a.ip,    person,     a.purchased, a.warranty_end,
				status_text, version, updated,    a.note};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		cli_field(stdout, labels[i], 13, values[i], false);
	cli_field(stdout, _("plans"), 13, plan_line.buf ? plan_line.buf : "", true);
	sb_free(&plan_line);
	sb_free(&plan_json);
	/* its inspection history and the trends of its readings, once it has any */
	inspect_run_filter runs = {.tag = a.tag, .limit = 1};
	inspect_run *some = NULL;
	size_t nsome = 0;
	report *history;
	if (inspect_run_list(env->ctx.db, &runs, &some, &nsome, &err) == OD_OK && nsome &&
	    inspect_report_ci(&env->ctx, a.tag, clock_now(), &history, &err) == OD_OK) {
		char *text = report_render_plain(history, 80);
		fputs("\n", stdout);
		fputs(text, stdout);
		free(text);
		report_free(history);
	}
	inspect_run_list_free(some, nsome);
	free(class_text);
	free(status_text);
	free(person);
	free(updated);
	asset_clear(&a);
	return 0;
}

static int do_import(cli_env *env, const char *path)
{
	od_error err;
	/* The database is open by now (cli_setup), with the group's rights in a
	 * setgid installation; the file the user named is read with the user's
	 * own rights only, so the group's files cannot be read through it. */
	if (paths_drop_group(&err) != OD_OK)
		return cli_report(&err);
	char *data;
	size_t len;
	if (cli_read_file(path, IMPORT_MAX_BYTES, &data, &len, &err) != OD_OK)
		return cli_report(&err);
	asset_import_counts counts;
	diag_list d = {0};
	od_status s = asset_import_csv(&env->ctx, data, len, &counts, &d, &err);
	free(data);
	int rc = cli_report_import(path, s, &d, &err);
	if (rc)
		return rc;
	printf(_("%s: %zu added, %zu updated, %zu unchanged\n"), path, counts.added, counts.updated,
	       counts.unchanged);
	return 0;
}

static bool parse_version(const char *text, int64_t *out)
{
	*out = 0;
	return !text || text_parse_int(text, 1, INT64_MAX, out) == TEXT_NUM_OK;
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin_sub(env, &cmd_asset, opts, subs, argc, argv, &a, &rc))
		return rc;
	const char *sub = a.sub->name;
	const char *arg = a.npos > 1 ? a.pos[1] : NULL;
	bool listing = strcmp(sub, "list") == 0, importing = strcmp(sub, "import") == 0;
	int64_t expected = 0;
	if (!parse_version(cli_value(opts, &a, "expect-version"), &expected))
		return cli_usage_error(&cmd_asset,
				       _("--expect-version: '%s' is not a version number"),
				       cli_value(opts, &a, "expect-version"));
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;

	if (listing)
		return do_list(env, &a);
	if (strcmp(sub, "show") == 0)
		return do_show(env, arg);
	if (importing)
		return do_import(env, arg);

	asset_fields f = {
	    .name = cli_value(opts, &a, "name"),
	    .class_id = cli_value(opts, &a, "class"),
	    .model = cli_value(opts, &a, "model"),
	    .serial = cli_value(opts, &a, "serial"),
	    .location = cli_value(opts, &a, "location"),
	    .ip = cli_value(opts, &a, "ip"),
	    .responsible = cli_value(opts, &a, "responsible"),
	    .purchased = cli_value(opts, &a, "purchased"),
	    .warranty_end = cli_value(opts, &a, "warranty-end"),
	    .status = cli_value(opts, &a, "status"),
	    .note = cli_value(opts, &a, "note"),
	};
	od_error err;
	od_status s = strcmp(sub, "add") == 0 ? asset_add(&env->ctx, arg, &f, &err)
					      : asset_edit(&env->ctx, arg, expected, &f, &err);
	if (s != OD_OK)
		return cli_report(&err);
	printf(strcmp(sub, "add") == 0 ? _("asset %s added\n") : _("asset %s changed\n"), arg);
	return 0;
}
