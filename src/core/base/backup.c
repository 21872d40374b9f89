/* Backups (see backup.h). VACUUM INTO reads one snapshot of the live file,
 * so writers in other sessions never wait for it and the copy is
 * consistent; the copy is a rollback-journal file, which opens read-only
 * without -wal and -shm files. */
#include "opsdesk/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opsdesk/access.h"
#include "opsdesk/audit.h"
#include "opsdesk/i18n.h"
#include "opsdesk/journal.h"
#include "opsdesk/xalloc.h"

static od_status integrity(od_db *db, backup_report *report, od_error *err)
{
	sqlite3_stmt *st = db_stmt(db, "PRAGMA integrity_check(1)", err);
	if (!st)
		return OD_DB;
	int rc = sqlite3_step(st);
	char first[400] = "";
	if (rc == SQLITE_ROW)
		snprintf(first, sizeof first, "%s", db_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_error(db, _("checking the copy"), err);
	if (strcmp(first, "ok") != 0) {
		snprintf(report->problem, sizeof report->problem,
			 _("SQLite's integrity check fails: %s"), first);
		return OD_CONFLICT;
	}
	return OD_OK;
}

od_status backup_check(const char *path, backup_report *report, od_error *err)
{
	memset(report, 0, sizeof *report);
	od_db *db;
	od_status s = db_open_copy(path, &db, err);
	if (s != OD_OK)
		return s;
	report->schema_version = db_user_version(db);
	if ((s = integrity(db, report, err)) != OD_OK)
		goto done;
	audit_report ar;
	s = audit_verify(db, &ar, err);
	report->entries = ar.checked;
	if (s == OD_CONFLICT) {
		snprintf(report->problem, sizeof report->problem, _("audit log damaged: %s"),
			 ar.problem);
		goto done;
	}
	if (s == OD_OK)
		s = audit_head(db, &report->head_id, report->head_hash, err);
done:
	/* a copy SQLite cannot even read is as damaged as one that fails */
	if (s == OD_DB) {
		snprintf(report->problem, sizeof report->problem, _("SQLite cannot read it: %s"),
			 err->msg);
		s = OD_CONFLICT;
	}
	db_close(db);
	return s;
}

/* The user's own group while a file the user named is made: the setgid
 * group's rights must not decide where it may be written. */
static void own_group(bool own, gid_t group)
{
	if (getegid() != (own ? getgid() : group))
		(void)!setegid(own ? getgid() : group);
}

static od_status copy_to(const od_ctx *ctx, const char *dest, od_error *err)
{
	gid_t group = getegid();
	own_group(true, group);
	od_status s = OD_OK;
	int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		s = errno == EEXIST
			    ? od_fail(err, OD_CONFLICT,
				      _("%s exists: a backup goes to a new file, never over another"),
				      dest)
			    : od_fail(err, OD_IO, _("cannot create %s: %s"), dest, strerror(errno));
		goto done;
	}
	/* whatever the umask, the copy holds every phone number: owner only */
	if (fchmod(fd, 0600) != 0)
		s = od_fail(err, OD_IO, _("cannot set the mode of %s: %s"), dest, strerror(errno));
	close(fd);
	/* SQLite writes into the empty file (and its journal) with the user's
	 * ids too, since the group is still the user's own */
	if (s == OD_OK)
		s = db_backup(ctx->db, dest, err);
	if (s != OD_OK && fd >= 0)
		unlink(dest);
done:
	own_group(false, group);
	return s;
}

od_status backup_make(const od_ctx *ctx, const char *dest, backup_report *report,
		      od_error *err)
{
	memset(report, 0, sizeof *report);
	od_status s = access_require(ctx, "database.backup", err);
	if (s != OD_OK || (s = copy_to(ctx, dest, err)) != OD_OK)
		return s;
	s = backup_check(dest, report, err);
	if (s != OD_OK) {
		unlink(dest);
		if (s == OD_CONFLICT)
			return od_fail(err, OD_CONFLICT, _("the copy %s failed its check and was removed: %s"),
				       dest, report->problem);
		return s;
	}
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	/* the audit names the copy wherever it was asked from */
	char *where = realpath(dest, NULL);
	if (!where)
		where = xstrdup(dest);
	strbuf detail = {0};
	sb_add(&detail, "{\"file\":");
	sb_add_json(&detail, where);
	sb_addf(&detail, ",\"entries\":%lld,\"head\":\"%lld:%s\"}", (long long)report->entries,
		(long long)report->head_id, report->head_hash);
	char *text = xasprintf(_("backup to %s: %lld audit entries, head %lld:%s"), where,
			       (long long)report->entries, (long long)report->head_id,
			       report->head_hash);
	s = journal_record_op(ctx, "database.backup", "database", "backup", text, NULL, detail.buf,
			      err);
	free(text);
	free(where);
	sb_free(&detail);
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}
