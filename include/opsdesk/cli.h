/* The command-line face: the command table, option parsing, and output
 * helpers shared by the commands (src/cli/cmd_*.c, one file each). */
#ifndef OPSDESK_CLI_H
#define OPSDESK_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "opsdesk/context.h"
#include "opsdesk/identity.h"
#include "opsdesk/rules.h"
#include "opsdesk/status.h"

/* Options every invocation accepts, before or after the command. */
typedef struct cli_globals {
	const char *db, *rules;
	bool json, help;
} cli_globals;

/* Options a command may declare, and values an option or the positional
 * arguments may collect; cli_parse refuses a table larger than this. */
enum { CLI_MAX_OPTS = 40, CLI_MAX_VALUES = 32 };
/* The most entries a --limit may ask for at once. */
enum { CLI_LIMIT_MAX = 100000 };

/* An option a command takes, without its leading "--". */
typedef struct cli_opt {
	const char *name;
	bool has_arg;
	bool repeat;
} cli_opt;

/* A subcommand of a command (incident new, staff list): what it takes, in
 * space-separated lists. args names its arguments as the usage writes them,
 * an optional one in brackets ("LOGIN", "DAY LOGIN SHIFTS", "[LOGIN]");
 * takes names the options of the command's table that apply to it (without
 * "--"), and needs those of them it cannot do without. Every option of the
 * table belongs to at least one subcommand. */
typedef struct cli_sub {
	const char *name;
	const char *args;  /* NULL: none */
	const char *takes; /* NULL: none */
	const char *needs; /* NULL: none; each also in takes */
} cli_sub;

typedef struct cli_args {
	cli_globals g;
	const cli_sub *sub; /* cli_begin_sub: the subcommand, also pos[0] */
	int npos;
	char *pos[CLI_MAX_VALUES];
	/* per option of the command's table: how often given and the values */
	int count[CLI_MAX_OPTS];
	const char *values[CLI_MAX_OPTS][CLI_MAX_VALUES];
} cli_args;

/* Everything a command may need, set up on demand. */
typedef struct cli_env {
	cli_globals g;
	const char *rules_path; /* NULL: embedded */
	rules *rules;
	identity me;
	od_ctx ctx;
	char *db_path;
} cli_env;

typedef struct cli_command {
	const char *name;
	const char *summary;
	const char *usage; /* the command's --help text */
	int (*run)(cli_env *env, int argc, char **argv);
	/* what --help lists from the rules after the text, as
	 * "WHAT=LIST ...": WHAT is the option or argument (--severity, SHIFT),
	 * LIST one of severities, impact, urgency, categories, channels,
	 * priorities, states, transitions, ci_classes, ci_statuses, roles,
	 * shifts, rotations, change_types, change_categories, change_states,
	 * risk_questions; NULL: nothing */
	const char *rule_ids;
} cli_command;

/* Parses argv (after the command words) against opts plus the globals.
 * Returns false and prints a usage message naming the bad option. */
bool cli_parse(const cli_command *cmd, const cli_opt *opts, int argc, char **argv,
	       cli_args *out);
/* The usual start of a command: parses, merges the global options given
 * after the command word, and answers --help. False means stop with *rc. */
bool cli_begin(cli_env *env, const cli_command *cmd, const cli_opt *opts, int argc, char **argv,
	       cli_args *a, int *rc);

/* cli_begin for a command with subcommands (subs ends with {0}): also
 * refuses, as usage errors naming what is wrong, a missing or unknown
 * subcommand, an option of the command that does not apply to the
 * subcommand given, too few or too many arguments, and a needed option
 * left out. On true, a->sub is the subcommand. */
bool cli_begin_sub(cli_env *env, const cli_command *cmd, const cli_opt *opts, const cli_sub *subs,
		   int argc, char **argv, cli_args *a, int *rc);

/* The index of name in opts: out->count[i] and out->values[i]. */
int cli_opt_index(const cli_opt *opts, const char *name);
const char *cli_value(const cli_opt *opts, const cli_args *a, const char *name);

/* Loads the rules (reporting every problem as FILE:LINE:COLUMN) and, when
 * open_db, resolves who is acting and opens the database. Returns an exit
 * status: 0 to go on. */
int cli_setup(cli_env *env, bool open_db, bool create_db);
void cli_teardown(cli_env *env);

/* Prints "opsdesk: message" to stderr and returns the exit status. */
int cli_report(const od_error *err);
int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cli_print_diags(const char *file, const diag_list *d);
/* After an import of path: prints each problem in d as PATH:LINE: message
 * and frees d; then reports err when s is not OD_OK (naming the file when
 * its content was refused). Returns the exit status, 0 for OD_OK. */
int cli_report_import(const char *path, od_status s, diag_list *d, const od_error *err);

/* Prints text in exactly width cells (display width, Chinese aware). */
void cli_cell(FILE *out, const char *text, int width);
/* Prints label in width cells, then value; further lines of the value are
 * indented under its first. Nothing for an empty value when skip_empty. */
void cli_field(FILE *out, const char *label, int width, const char *value, bool skip_empty);
/* Prints text for a terminal: control characters and escapes replaced. */
void cli_puts_safe(FILE *out, const char *text);

/* Reads a whole file the user named (an import), refusing one larger than
 * max_bytes (OD_INVALID) before reading it all into memory. Call
 * paths_drop_group first. Caller frees *out (NUL-terminated, *len bytes). */
od_status cli_read_file(const char *path, size_t max_bytes, char **out, size_t *len,
			od_error *err);

int cli_main(const cli_globals *g, int argc, char **argv);
/* Lists the commands, for opsdesk --help. */
void cli_print_commands(FILE *out);

#endif
