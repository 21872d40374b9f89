/* Records of any kind on the command line: show (text and JSON, with
 * links, the actions the user may take and the journal), read from the
 * kind's declaration. A kind adds its own sections through its face. */
#ifndef OPSDESK_CLI_RECORD_H
#define OPSDESK_CLI_RECORD_H

#include "opsdesk/cli.h"
#include "opsdesk/record.h"
#include "opsdesk/xalloc.h"

typedef struct cli_record_face {
	const record_kind *kind;
	/* Replaces the generic show entirely (incidents: their SLA clocks). */
	int (*show)(cli_env *env, int64_t id);
	/* Text sections after the fields, before the journal. */
	void (*show_more)(cli_env *env, const record *rec);
	/* Members added to the JSON object: each written as ,"key":value. */
	void (*json_more)(cli_env *env, const record *rec, strbuf *sb);
	/* After do took a transition of rec (as it is now): what follows from
	 * it (a solved problem: its open incidents). May be NULL. */
	void (*after_do)(cli_env *env, const record *rec);
} cli_record_face;

/* One per kind that has more than the generic show (cli_record_faces.c),
 * ending with a zeroed entry. */
extern const cli_record_face cli_record_faces[];

/* The face of kind k, or NULL. */
const cli_record_face *cli_record_face_of(const record_kind *k);
/* The options of opts named in fields (space-separated option names) that
 * were given, as values of the kind's fields: --test-plan is test_plan,
 * --ci is cis; the last value of an option given twice. names (max of
 * them) holds the field ids sets point at. */
size_t cli_field_sets(const cli_opt *opts, const char *fields, const cli_args *a,
		      record_set *sets, char names[][32], size_t max);
/* KIND edit REF: the field options of fields given (one at least), with
 * --version N refusing the edit of a record someone changed since; prints
 * "REF: saved". Returns the exit status. */
int cli_record_edit(cli_env *env, const cli_command *cmd, const cli_opt *opts, const cli_args *a,
		    const record_kind *k, const char *fields, int64_t id);
/* A kind's list filter from the usual options, those of opts the command
 * has: --state (a state of the kind's workflow, final ones listed too),
 * --all, --mine, --search, --limit (default 50) and --before REF (of the
 * kind). Returns 0, or the exit status of the usage error it reported. */
int cli_record_filter(cli_env *env, const cli_command *cmd, const cli_opt *opts,
		      const cli_args *a, const record_kind *k, record_filter *f);
/* A page of records as a JSON array on stdout, each as show --json has
 * it without the journal (the kind's face adds its members). */
int cli_record_list_json(cli_env *env, const record *v, size_t n);
/* show REF for any kind. */
int cli_record_show(cli_env *env, const record_kind *k, int64_t id);
/* The record's links as one line: "PRB-2 (problem), CHG-7 (fix)". Caller frees. */
char *cli_record_links_line(cli_env *env, const char *ref);
/* The journal as JSON members: ,"journal":[...]. */
void cli_record_journal_json(cli_env *env, const char *ref, strbuf *sb);

#endif
