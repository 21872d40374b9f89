#!/bin/sh
# Options belong to subcommands. Each subcommand takes exactly the options
# its command's --help shows on its usage line; any other option of the
# command is a usage error (exit 2) naming the option, the subcommand and
# where the option belongs. A missing subcommand, a missing or extra
# argument and a missing required option are usage errors too, and nothing
# is done.
. "$(dirname "$0")/../lib/tap.sh"

COMMANDS="incident staff asset audit roster swap leave handover"

# usage_lines CMD: the usage lines of CMD --help, continuation lines joined
# to the line of their subcommand: "SUB[|SUB...] REST".
usage_lines() {
	"$OPSDESK_BIN" "$1" --help | awk -v cmd="$1" '
		/^$/ { exit }
		{
			at = index($0, "opsdesk " cmd " ")
			if (at) {
				if (line != "") print line
				line = substr($0, at + length("opsdesk " cmd " "))
			} else {
				line = line " " $0
			}
		}
		END { if (line != "") print line }'
}

# usage_subs CMD: the subcommands --help shows, one a line.
usage_subs() {
	usage_lines "$1" | awk '{ n = split($1, s, "|"); for (i = 1; i <= n; i++) print s[i] }'
}

# usage_pairs CMD: "SUB OPTION" for every option --help shows a subcommand
# taking (the global --json, --help, --db and --rules left out).
usage_pairs() {
	usage_lines "$1" | awk '{
		n = split($1, s, "|")
		rest = substr($0, length($1) + 1)
		while (match(rest, /--[a-z][a-z-]*/)) {
			opt = substr(rest, RSTART + 2, RLENGTH - 2)
			rest = substr(rest, RSTART + RLENGTH)
			if (opt ~ /^(json|help|db|rules)$/) continue
			for (i = 1; i <= n; i++) print s[i], opt
		}
	}' | sort -u
}

# try CMD SUB OPT: runs CMD SUB --OPT=x (--OPT for a switch); $RC and $ERR.
try() {
	run "$1" "$2" "--$3=x"
	case $ERR in *"takes no value"*) run "$1" "$2" "--$3" ;; esac
}

# --- what --help shows is what each subcommand takes --------------------------------
# No database yet: whatever gets past the command line stops at opening it.
for cmd in $COMMANDS; do
	subs=$(usage_subs "$cmd")
	pairs=$(usage_pairs "$cmd")
	opts=$(printf '%s\n' "$pairs" | cut -d ' ' -f 2 | sort -u)
	test -n "$subs"
	ok $? "$cmd --help shows its subcommands ($(echo $subs))"
	run "$cmd"
	is "$RC" 2 "$cmd without a subcommand: exit 2"
	wrong=""
	for sub in $subs; do
		printf '%s\n' "$ERR" | grep -Eq "[ ,]$sub( |,|\?)" || wrong="$wrong
$cmd: --help shows '$sub', the question which subcommand does not: $ERR"
	done
	for sub in $subs; do
		run "$cmd" "$sub"
		case $ERR in *"unknown subcommand"*) wrong="$wrong
$cmd $sub: --help shows it, the command does not know it" ;; esac
		for opt in $opts; do
			try "$cmd" "$sub" "$opt"
			if printf '%s\n' "$pairs" | grep -qx "$sub $opt"; then
				case $ERR in *"does not apply"*|*"unknown option"*) wrong="$wrong
$cmd $sub --$opt: --help shows it, but it is refused: $ERR" ;; esac
			elif [ "$RC" != 2 ] || ! printf '%s\n' "$ERR" |
				grep -q "^opsdesk $cmd: --$opt does not apply to '$cmd $sub' (only to '$cmd "; then
				wrong="$wrong
$cmd $sub --$opt: --help does not show it, but it is not refused as not applying (exit $RC): $ERR"
			fi
		done
	done
	is "$wrong" "" "$cmd: each subcommand takes exactly the options its --help shows"
done
test ! -e "$OPSDESK_DB"
ok $? "none of that created a database"

# --- an option of another subcommand: refused, and nothing done --------------------------
export OPSDESK_USER=root
run init
run staff add lina --name 李娜 --roles network_engineer
run staff add wang --name 王伟 --roles network_engineer
run roster set 2026-11-21 lina N
run roster set 2026-11-23 wang D

counts() {
	sql "SELECT (SELECT count(*) FROM incident) || ' ' || (SELECT count(*) FROM audit) || ' ' ||
		(SELECT count(*) FROM staff) || ' ' || (SELECT count(*) FROM roster) || ' ' ||
		(SELECT count(*) FROM swap) || ' ' || (SELECT count(*) FROM leave)"
}
before=$(counts)

# refused EXIT STDERR-LINE-PATTERN DESCRIPTION: the exit status, the message,
# nothing on stdout and nothing changed.
refused() {
	is "$RC" "$1" "$3: exit $1"
	like "$ERR" "$2" "$3: the message"
	is "$OUT" "" "$3: nothing on stdout"
	is "$(counts)" "$before" "$3: nothing changed in the database"
}

run incident new --title ok --priority P1
refused 2 "^opsdesk incident: --priority does not apply to 'incident new' \(only to 'incident list'\)$" \
	"incident new --priority (a filter of list)"
like "$ERR" "^Try 'opsdesk incident --help'\.$" "... and points to the help"
run incident new --title ok --state closed --mine
refused 2 "^opsdesk incident: --state does not apply to 'incident new'" "incident new --state --mine"
run incident list --title foo
refused 2 "^opsdesk incident: --title does not apply to 'incident list' \(only to 'incident new'\)$" \
	"incident list --title"
run incident --priority P1 new --title ok
refused 2 "^opsdesk incident: --priority does not apply to 'incident new'" \
	"... also when the option comes before the subcommand"
run staff list --name foo
refused 2 "^opsdesk staff: --name does not apply to 'staff list' \(only to 'staff add', 'staff edit'\)$" \
	"staff list --name"
run staff add zhou --name 周 --roles network_engineer --all
refused 2 "^opsdesk staff: --all does not apply to 'staff add' \(only to 'staff list'\)$" \
	"staff add --all"
run roster show --people lina
refused 2 "^opsdesk roster: --people does not apply to 'roster show' \(only to 'roster fill'\)$" \
	"roster show --people"
run roster set 2026-11-22 lina D --from 2026-11-22
refused 2 "^opsdesk roster: --from does not apply to 'roster set' \(only to 'roster fill', 'roster check', 'roster export'\)$" \
	"roster set --from: every subcommand that takes it is named"
run swap list --with lina
refused 2 "^opsdesk swap: --with does not apply to 'swap list' \(only to 'swap request'\)$" "swap list --with"
run swap request 2026-11-21/N --with wang --reason x --comment y
refused 2 "^opsdesk swap: --comment does not apply to 'swap request'" "swap request --comment"
run leave list --reason x
refused 2 "^opsdesk leave: --reason does not apply to 'leave list' \(only to 'leave add', 'leave cancel'\)$" \
	"leave list --reason"
run handover list --due 2026-11-21T10:00
refused 2 "^opsdesk handover: --due does not apply to 'handover list' \(only to 'handover note'\)$" \
	"handover list --due"
run audit verify --limit 3
refused 2 "^opsdesk audit: --limit does not apply to 'audit verify' \(only to 'audit list'\)$" \
	"audit verify --limit"
run asset import x.csv --status in_use
refused 2 "^opsdesk asset: --status does not apply to 'asset import'" "asset import --status"

# --- required options left out: usage errors naming them ---------------------------------
run incident new --impact high
refused 2 "^opsdesk incident: 'incident new' needs --title$" "incident new without --title"
run leave add lina --from 2026-12-01
refused 2 "^opsdesk leave: 'leave add' needs --reason$" "leave add without --reason"
run leave add lina --reason 年假
refused 2 "^opsdesk leave: 'leave add' needs --from$" "leave add without --from"
run swap request 2026-11-21/N --with wang
refused 2 "^opsdesk swap: 'swap request' needs --reason$" "swap request without --reason"
run swap request 2026-11-21/N --reason x
refused 2 "^opsdesk swap: 'swap request' needs --with$" "swap request without --with"
run swap approve 1
refused 2 "^opsdesk swap: 'swap approve' needs --comment$" "swap approve without --comment"
run swap reject 1
refused 2 "^opsdesk swap: 'swap reject' needs --comment$" "swap reject without --comment"
run staff add zhou --roles network_engineer
refused 2 "^opsdesk staff: 'staff add' needs --name$" "staff add without --name"
run staff add zhou --name 周
refused 2 "^opsdesk staff: 'staff add' needs --roles$" "staff add without --roles"
run asset add SW-1 --class network
refused 2 "^opsdesk asset: 'asset add' needs --name$" "asset add without --name"
run asset add SW-1 --name 交换机
refused 2 "^opsdesk asset: 'asset add' needs --class$" "asset add without --class"
run roster fill --from 2026-12-01 --days 3 --people lina
refused 2 "^opsdesk roster: 'roster fill' needs --rotation$" "roster fill without --rotation"
run roster fill --rotation ddnnoo --days 3 --people lina
refused 2 "^opsdesk roster: 'roster fill' needs --from$" "roster fill without --from"
run roster fill --rotation ddnnoo --from 2026-12-01 --days 3
refused 2 "^opsdesk roster: 'roster fill' needs --people$" "roster fill without --people"
run roster fill --rotation ddnnoo --from 2026-12-01 --people lina
refused 2 "^opsdesk roster: 'roster fill' needs --days or --to$" "roster fill without --days or --to"
run roster fill --rotation ddnnoo --from 2026-12-01 --days 3 --to 2026-12-03 --people lina
refused 2 "^opsdesk roster: 'roster fill' takes --days or --to, not both$" "roster fill with both"

# --- arguments: missing or extra -----------------------------------------------------------
run roster set 2026-11-22 lina
refused 2 "^opsdesk roster: 'roster set' needs DAY LOGIN SHIFT\[,SHIFT\]\|-$" "roster set without SHIFTS"
run roster set 2026-11-22 lina D extra
refused 2 "^opsdesk roster: unexpected argument 'extra'$" "roster set with an extra argument"
run roster import
refused 2 "^opsdesk roster: 'roster import' needs FILE$" "roster import without FILE"
run swap request --with wang --reason x
refused 2 "^opsdesk swap: 'swap request' needs DAY/SHIFT$" "swap request without DAY/SHIFT"
run swap agree
refused 2 "^opsdesk swap: 'swap agree' needs ID$" "swap agree without ID"
run swap agree one
refused 2 "^opsdesk swap: 'swap agree': 'one' is not a request number$" "swap agree with a word for ID"
run swap list extra
refused 2 "^opsdesk swap: unexpected argument 'extra'$" "swap list with an argument"
run leave add --from 2026-12-01 --reason x
refused 2 "^opsdesk leave: 'leave add' needs LOGIN$" "leave add without LOGIN"
run leave list lina extra
refused 2 "^opsdesk leave: unexpected argument 'extra'$" "leave list with two logins"
run handover note
refused 2 "^opsdesk handover: 'handover note' needs TEXT$" "handover note without TEXT"
run handover ack extra
refused 2 "^opsdesk handover: unexpected argument 'extra'$" "handover ack with an argument"
run incident new extra --title x
refused 2 "^opsdesk incident: unexpected argument 'extra'$" "incident new with an argument"
run audit list extra
refused 2 "^opsdesk audit: unexpected argument 'extra'$" "audit list with an argument"

# --- the subcommand itself -----------------------------------------------------------------
run swap
refused 2 "^opsdesk swap: which: request, agree, decline, approve, reject or list\?$" \
	"swap without a subcommand"
run leave
refused 2 "^opsdesk leave: which: add, cancel or list\?$" "leave without a subcommand"
run roster frob
refused 2 "^opsdesk roster: unknown subcommand 'frob'$" "an unknown subcommand"

# --- help wins over everything else --------------------------------------------------------
run incident new --priority P1 --help
is "$RC" 0 "incident new --priority --help: exit 0, the help"
like "$OUT" "^usage: opsdesk incident new" "... prints the usage"
run swap approve --help
is "$RC" 0 "swap approve --help (no ID, no --comment): exit 0"

# --- and the options still work where they belong -------------------------------------------
run leave add lina --from 2026-12-01 --reason 年假
is "$RC" 0 "leave add with --from and --reason: exit 0"
run swap request 2026-11-21/N --for lina --with wang --reason 出差
is "$RC" 0 "swap request with --for, --with and --reason: exit 0"

done_testing
