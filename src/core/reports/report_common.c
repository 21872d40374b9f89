/* What the report builders share: the report's start with the audit chain
 * head, people's names, and the audit entry of a print or export. */
#include "opsdesk/report_build.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "opsdesk/audit.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/journal.h"
#include "opsdesk/record.h"
#include "opsdesk/staff.h"
#include "opsdesk/xalloc.h"

report *report_begin(const od_ctx *ctx, const char *kind, const char *title, const char *subject,
		     time_t as_of, od_error *err)
{
	int64_t id;
	char hash[65];
	if (audit_head(ctx->db, &id, hash, err) != OD_OK)
		return NULL;
	report *r = report_new(kind, title, ctx->rules->site.name, subject, as_of,
			       ctx->rules->site.timezone.id);
	r->audit_id = id;
	snprintf(r->audit_hash, sizeof r->audit_hash, "%s", hash);
	return r;
}

char *report_person(od_db *db, const char *login)
{
	if (!login || !*login)
		return xstrdup("-");
	staff_member m;
	if (staff_get(db, login, &m, NULL) != OD_OK)
		return xstrdup(login);
	char *s = xasprintf("%s (%s)", m.name, login);
	staff_member_clear(&m);
	return s;
}

char *report_people(od_db *db, char *const *logins, size_t n)
{
	strbuf sb = {0};
	sb_add(&sb, n ? "" : "-");
	for (size_t i = 0; i < n; i++) {
		char *p = report_person(db, logins[i]);
		sb_addf(&sb, "%s%s", i ? _(", ") : "", p);
		free(p);
	}
	return sb_take(&sb);
}

const char *report_item_name(const rules *r, const struct record *rec, const char *field)
{
	const char *v = record_value(rec, field);
	const record_field *f = record_field_find(rec->kind, field);
	if (f && f->type == RT_ITEM && f->items) {
		size_t n;
		const rules_item *items = f->items(r, &n);
		const rules_item *it = rules_item_find(items, n, v);
		if (it)
			return it->name;
	}
	return v;
}

const char *report_time(time_t t, char *buf, size_t len)
{
	if (!t) {
		snprintf(buf, len, "%s", "");
		return buf;
	}
	return clock_format(t, buf, len);
}

od_status report_record_output(const od_ctx *ctx, const report *r, const char *op,
			       const char *format, const char *where, od_error *err)
{
	od_status s = db_begin(ctx->db, err);
	if (s != OD_OK)
		return s;
	char *ref = xasprintf("report:%s:%s", r->kind, r->subject);
	char asof[40];
	strbuf detail = {0}, text = {0};
	sb_add(&detail, "{\"report\":");
	sb_add_json(&detail, r->kind);
	sb_add(&detail, ",\"subject\":");
	sb_add_json(&detail, r->subject);
	sb_addf(&detail, ",\"as_of\":\"%s\",\"format\":", clock_format_iso(r->as_of, asof, sizeof asof));
	sb_add_json(&detail, format);
	sb_add(&detail, ",\"to\":");
	sb_add_json(&detail, where);
	sb_addf(&detail, ",\"audit_head\":%lld}", (long long)r->audit_id);
	sb_addf(&text, strcmp(op, "report.print") == 0 ? _("printed (%s) to %s") : _("exported (%s) to %s"),
		format, where);
	s = journal_record_op(ctx, op, ref, "report", text.buf, NULL, detail.buf, err);
	sb_free(&detail);
	sb_free(&text);
	free(ref);
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}

/* The child gives up a setgid installation's group before it creates the
 * file, so the parent keeps the rights it needs to audit the export. */
od_status report_write_file(const char *path, const char *data, size_t len, od_error *err)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return od_fail(err, OD_IO, _("cannot write %s: %s"), path, strerror(errno));
	if (pid == 0) {
		if (getegid() != getgid() && setgid(getgid()) != 0)
			_exit(125);
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			_exit(errno & 0x7f);
		size_t off = 0;
		while (off < len) {
			ssize_t w = write(fd, data + off, len - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				int e = errno;
				close(fd);
				unlink(path);
				_exit(e & 0x7f);
			}
			off += (size_t)w;
		}
		_exit(close(fd) == 0 ? 0 : (errno & 0x7f));
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return OD_OK;
	int e = WIFEXITED(status) ? WEXITSTATUS(status) : EIO;
	return od_fail(err, OD_IO, _("cannot write %s: %s"), path,
		       e == 125 ? _("cannot give up the installation's group") : strerror(e));
}
