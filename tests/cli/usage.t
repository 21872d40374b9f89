#!/bin/sh
# The command line itself: --help for the program and every command,
# --version, unknown commands and options (exit 2), no console without a
# terminal, and `opsdesk keys` agreeing with the man page.
. "$(dirname "$0")/../lib/tap.sh"

run --help
is "$RC" 0 "opsdesk --help: exit 0"
is "$OUT" "usage: opsdesk [--db FILE] [--rules FILE] [COMMAND [ARGS...]]

Without a command, starts the console. Commands:
  init          create or upgrade the database
  check-rules   validate a rules file
  incident      record incidents and list the queue
  show          one record with its journal
  do            take a workflow action on a record
  comment       add a comment to a record's journal
  link          link two records to each other
  unlink        remove the link between two records
  alert         take an alert from monitoring
  escalate      escalate SLA clocks at risk or breached (from cron)
  roster        the duty roster: shifts per person and day
  oncall        who is on duty now, and the next shift
  swap          shift swaps: request, agree, approve
  leave         leave and unavailability
  handover      handover notes and their acknowledgement
  log           the duty log of a shift
  report        shift, incident and service review reports, printed or exported
  staff         the people and their roles
  asset         the asset (CI) register
  inspect       inspection checklists, rounds due and their runs
  audit         the audit log: list it, verify its hash chain, anchor its head
  backup        copy the database safely while others work; check a copy
  whoami        show the acting user and their roles
  keys          list the console's keys
  change        change requests: the CAB's votes, the change calendar and its conflicts
  release       releases: changes that go out together
  request       service requests from the catalogue
  rate          record satisfaction with a closed incident or request
  problem       problems: root causes of recurring or major incidents
  kb            the knowledge base: articles and emergency plans
  drill         emergency drills: which plan, who, what worked, follow-ups

'opsdesk COMMAND --help' describes a command; man opsdesk, everything." "opsdesk --help lists every command"
is "$ERR" "" "... on stdout only"
run -h
is "$RC" 0 "opsdesk -h: exit 0"
like "$OUT" "^usage: opsdesk " "... prints the usage"

# COMMAND --help: exit 0, the command's own usage on stdout, no database needed
for cmd in init check-rules incident show do comment alert escalate roster oncall swap leave handover log report staff asset audit backup whoami keys change release request rate; do
	run "$cmd" --help
	is "$RC" 0 "opsdesk $cmd --help: exit 0"
	like "$(printf '%s\n' "$OUT" | head -n 1)" "^usage: opsdesk $cmd( |$)" "... starts 'usage: opsdesk $cmd'"
	is "$ERR" "" "... nothing on stderr"
done
test ! -e "$OPSDESK_DB"
ok $? "no --help created a database"

run staff --help
like "$OUT" "\[--expect-version N\]$" \
	"staff --help mentions --expect-version"
run staff add --help
is "$RC" 0 "opsdesk staff add --help: exit 0 (help wins over missing arguments)"
like "$OUT" "^usage: opsdesk staff " "... and prints staff's usage"
run audit --help
like "$OUT" "^       opsdesk audit verify \[--anchor N:HASH\]\.\.\. \[--anchors FILE\] \[--deep\]$" "audit --help shows 'audit verify' and its options"

# --- version --------------------------------------------------------------------
run --version
is "$RC" 0 "opsdesk --version: exit 0"
like "$OUT" '^opsdesk [0-9]+\.[0-9]+\.[0-9]+' "... prints 'opsdesk X.Y.Z'"
is "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" 1 "... on one line"

# --- unknown commands and options: exit 2 ----------------------------------------
run frobnicate
is "$RC" 2 "an unknown command: exit 2"
is "$ERR" "opsdesk: unknown command 'frobnicate'
Try 'opsdesk --help'." "... names it and points to --help"
is "$OUT" "" "... nothing on stdout"

run --frob staff list
is "$RC" 2 "an unknown global option: exit 2"
is "$ERR" "opsdesk: unknown option '--frob'
Try 'opsdesk --help'." "... names it"

run whoami --frob
is "$RC" 2 "an unknown option after a command: exit 2"
is "$ERR" "opsdesk whoami: unknown option '--frob'
Try 'opsdesk whoami --help'." "... names it and the command"

run whoami extra
is "$RC" 2 "an unexpected argument: exit 2"

run --db
is "$RC" 2 "--db without a value: exit 2"

run keys extra
is "$RC" 2 "keys with an argument: exit 2"

# --- no command and no terminal --------------------------------------------------------
run </dev/null
is "$RC" 2 "opsdesk with no command and stdin not a terminal: exit 2"
is "$ERR" "opsdesk: the console needs a terminal; for scripts use a command (opsdesk --help)" \
	"... says the console needs a terminal"
is "$OUT" "" "... and draws nothing"
run --db "$T/x.db" </dev/null
is "$RC" 2 "... also with global options"
test ! -e "$T/x.db"
ok $? "... and creates no database"

# --- keys ---------------------------------------------------------------------------------
run keys
is "$RC" 0 "opsdesk keys: exit 0"
is "$ERR" "" "... nothing on stderr"
printf '%s\n' "$OUT" > "$T/keys"
is "$(awk -F '\t' 'NF != 3 || $1 == "" || $2 == "" || $3 == "" { print NR ": " $0 }' "$T/keys")" "" \
	"every keys line is context TAB keys TAB description, none empty"
test "$(wc -l < "$T/keys")" -ge 10
ok $? "keys lists the console's keys ($(wc -l < "$T/keys" | tr -d ' ') lines)"
# The keys the design promises everywhere, in lists and in forms.
for want in "global	?" "global	q" "global	Ctrl-L" "list	Enter" "list	n" "list	/" "list	r" \
	"list	PgUp" "list	PgDn" "form	Esc"; do
	grep -q "^${want}[	 ]" "$T/keys"
	ok $? "keys has '$(printf '%s' "$want" | tr '\t' ' ')'"
done
grep -q "^list	.*\bj\b" "$T/keys" && grep -q "^list	.*\bk\b" "$T/keys"
ok $? "keys has j and k in lists"
grep -q "^form	.*Ctrl-S" "$T/keys" && grep -q "^form	.*F2" "$T/keys"
ok $? "keys has Ctrl-S and F2 to save a form"
grep -q "^form	.*Shift-Tab" "$T/keys" && grep -q "^form	Tab" "$T/keys"
ok $? "keys has Tab and Shift-Tab in forms"

# Every key of `opsdesk keys` is in the man page. The page is roff: font
# changes and escapes are taken out before looking.
man="$TOP/man/opsdesk.1"
test -f "$man"
ok $? "man/opsdesk.1 exists"
if [ -f "$man" ]; then
	sed -e 's/\\f[BIRP1-4]//g' -e 's/\\f(..//g' -e 's/\\f\[[^]]*\]//g' -e 's/\\-/-/g' \
		-e 's/\\(en/-/g' -e 's/\\(em/-/g' -e 's/\\(at/@/g' -e 's/\\e/\\/g' -e 's/\\&//g' \
		-e 's/\\ / /g' -e 's/\\(ti/~/g' -e 's/\\(ha/^/g' -e 's/\\(aq/'"'"'/g' -e 's/\\(dq/"/g' \
		"$man" > "$T/man.txt"
	missing=$(cut -f 2 "$T/keys" | sort -u | while IFS= read -r keys; do
		grep -qF -- "$keys" "$T/man.txt" || printf '%s\n' "$keys"
	done)
	is "$missing" "" "every keys column of 'opsdesk keys' appears in man/opsdesk.1"
	grep -q '^\.SH "\{0,1\}KEY' "$man"
	ok $? "man/opsdesk.1 has a KEY ... section"
	for cmd in init check-rules incident show do comment alert escalate roster oncall swap leave handover log report staff asset audit backup whoami keys change release request rate; do
		grep -qF -- "$cmd" "$T/man.txt"
		ok $? "man/opsdesk.1 mentions the command '$cmd'"
	done
fi

done_testing
