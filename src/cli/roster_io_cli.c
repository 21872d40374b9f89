/* opsdesk roster import|export (the words are parsed in cmd_roster.c): the
 * user's files. An import reads the file with the user's own rights and
 * reports each bad row as FILE:LINE: message; an export goes to standard
 * output or to a file written with the user's own rights. */
#include "opsdesk/cli_roster.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/csv.h"
#include "opsdesk/i18n.h"
#include "opsdesk/paths.h"
#include "opsdesk/roster_io.h"
#include "opsdesk/xalloc.h"

extern const cli_command cmd_roster;

/* A year of a large roster is some 100 KiB; anything far larger is the
 * wrong file, refused before it is read into memory. */
enum { IMPORT_MAX_BYTES = 8 << 20 };

/* The file's own name, for the journal: where it was is nobody's business. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

int cli_roster_import(cli_env *env, const char *path, const char *encoding)
{
	csv_encoding enc = CSV_DETECT;
	if (encoding && !csv_encoding_parse(encoding, &enc))
		return cli_usage_error(&cmd_roster, _("--encoding: '%s' is not utf-8 or gb18030"),
				       encoding);
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
	roster_import_result res;
	diag_list d = {0};
	od_status s = roster_import_csv(&env->ctx, data, len, enc, base_name(path), &res, &d, &err);
	free(data);
	int rc = cli_report_import(path, s, &d, &err);
	if (rc)
		return rc;
	char *summary =
	    xasprintf(ngettext("%s: %zu shift from %s to %s imported (%s), %zu changed\n",
			       "%s: %zu shifts from %s to %s imported (%s), %zu changed\n", res.slots),
		      path,
		      res.slots, res.first, res.last, csv_encoding_name(res.encoding), res.changed);
	cli_puts_safe(stdout, summary);
	free(summary);
	return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Writes the export to path with the user's own rights; a file left half
 * written is removed. */
static od_status write_file(const char *path, const strbuf *sb, od_error *err)
{
	od_status s = paths_drop_group(err);
	if (s != OD_OK)
		return s;
	FILE *fp = fopen(path, "wb");
	if (!fp)
		return od_fail(err, OD_IO, _("cannot write %s: %s"), path, strerror(errno));
	bool ok = fwrite(sb->buf, 1, sb->len, fp) == sb->len;
	int saved = errno;
	if (fclose(fp) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (ok)
		return OD_OK;
	remove(path);
	return od_fail(err, OD_IO, _("cannot write %s: %s"), path, strerror(saved));
}

int cli_roster_export(cli_env *env, const char *format, const char *first_day, const char *last_day,
		      const char *person, const char *output)
{
	bool ics;
	if (!format)
		ics = output && ends_with(output, ".ics");
	else if (strcmp(format, "csv") == 0 || strcmp(format, "ics") == 0)
		ics = strcmp(format, "ics") == 0;
	else
		return cli_usage_error(&cmd_roster, _("--format: '%s' is not csv or ics"), format);
	od_error err;
	char first[ROSTER_DAY_LEN], last[ROSTER_DAY_LEN];
	if (roster_export_period(first_day, last_day, first, last, &err) != OD_OK)
		return cli_report(&err);
	strbuf sb = {0};
	size_t count;
	od_status s =
	    ics ? roster_export_ics(env->ctx.db, env->rules, first, last, person, &sb, &count, &err)
		: roster_export_csv(env->ctx.db, env->rules, first, last, person, &sb, &count,
				    &err);
	if (s == OD_OK && output) {
		s = write_file(output, &sb, &err);
	} else if (s == OD_OK) {
		fwrite(sb.buf, 1, sb.len, stdout);
		if (fflush(stdout) != 0 || ferror(stdout))
			s = od_fail(&err, OD_IO, _("cannot write the export: %s"), strerror(errno));
	}
	sb_free(&sb);
	if (s != OD_OK)
		return cli_report(&err);
	if (output) {
		/* the export itself is in the file; say what went there */
		char *summary = ics ? xasprintf(ngettext("%s: %zu event from %s to %s\n",
						 "%s: %zu events from %s to %s\n", count),
						output,
						count, first, last)
				    : xasprintf(ngettext("%s: %zu row from %s to %s\n",
						 "%s: %zu rows from %s to %s\n", count),
						output, count,
						first, last);
		cli_puts_safe(stdout, summary);
		free(summary);
	}
	return 0;
}
