# TAP helpers for opsdesk's shell tests (CLI and TUI), run by prove.
# Source it from a test:  . "$(dirname "$0")/../lib/tap.sh"
#
# Every test runs the real binary ($OPSDESK_BIN, default build/opsdesk) on a
# real SQLite file in its own temporary directory, with a pinned clock, time
# zone and locale, so the expected output can be written out in the test.

set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
OPSDESK_BIN=${OPSDESK_BIN:-$TOP/build/opsdesk}
T=$(mktemp -d "${TMPDIR:-/tmp}/opsdesk-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1

export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC
export OPSDESK_DB="$T/opsdesk.db"
export OPSDESK_NOW="2026-11-21T09:00:00+08:00"
export HOME="$T/home" XDG_DATA_HOME=""
unset OPSDESK_RULES OPSDESK_USER NO_COLOR
mkdir -p "$HOME"

_tap_n=0
_tap_failed=0

ok() { # ok CONDITION-EXIT-STATUS DESCRIPTION: pass when $1 is 0
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		_tap_failed=$((_tap_failed + 1))
	fi
}

diag() { printf '%s\n' "$@" | sed 's/^/# /'; }

is() { # is GOT EXPECTED DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "expected:" "$2" "got:" "$1"
	fi
}

like() { # like TEXT GREP-E-PATTERN DESCRIPTION
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "no line matches: $2" "in:" "$1"
	fi
}

unlike() { # unlike TEXT GREP-E-PATTERN DESCRIPTION
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"
		diag "a line matches: $2" "in:" "$1"
	else
		ok 0 "$3"
	fi
}

# run ARGS...: runs opsdesk, leaving stdout in $OUT, stderr in $ERR, status in $RC.
run() {
	OUT=$("$OPSDESK_BIN" "$@" 2>"$T/.err")
	RC=$?
	ERR=$(cat "$T/.err")
}

# sql STATEMENT: the database seen through the sqlite3 shell.
sql() { sqlite3 -batch -noheader -cmd '.timeout 5000' "$OPSDESK_DB" "$@"; }

done_testing() {
	echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ]
	exit $?
}

# display_col TEXT LINE-PREFIX SUBSTRING: the display column (0-based, wide
# characters count 2) at which SUBSTRING starts on the first line of TEXT
# that begins with LINE-PREFIX; empty when there is no such line.
display_col() {
	printf '%s\n' "$1" | perl -CSDA -e '
		my ($prefix, $needle) = @ARGV;
		while (my $line = <STDIN>) {
			next unless index($line, $prefix) == 0;
			my $at = index($line, $needle);
			last if $at < 0;
			my $w = 0;
			$w += (/\p{East_Asian_Width=Wide}|\p{East_Asian_Width=Fullwidth}/ ? 2 : 1)
				for split //, substr($line, 0, $at);
			print "$w\n";
			last;
		}' "$2" "$3"
}

# columns_aligned HEADING...: reads a table (heading line first) on stdin and
# prints a line for every row whose field does not start at the display
# column of its heading (wide characters count 2); an empty field must be
# blank up to the next heading. Nothing printed means aligned.
columns_aligned() {
	perl -CSDA -e '
		my @h = @ARGV; @ARGV = ();
		my @c;
		while (my $line = <STDIN>) {
			chomp $line;
			if (!@c) { @c = map { index($line, $_) } @h; next }
			my ($w, %at) = (0);
			for my $ch (split //, $line) { $at{$w} = $ch; $w += ($ch =~ /[\p{EA=W}\p{EA=F}]/) ? 2 : 1 }
			for my $i (0 .. $#c) {
				my $k = $c[$i];
				my $ok = exists $at{$k} && $at{$k - 1} eq " ";
				if ($ok && $at{$k} eq " ") {
					my $end = $i < $#c ? $c[$i + 1] - 1 : $w - 1;
					for my $p ($k .. $end) { $ok = 0 unless exists $at{$p} && $at{$p} eq " " }
				}
				print "row $.: the field at display column $k does not start there\n" unless $ok;
			}
		}' "$@"
}

# escalation_rules ARG...: $T/rules.yaml, the built-in rules with every
# escalation level's command replaced by the test's $T/notify ARG...
# (placeholders such as {level} allowed), and OPSDESK_RULES set to it.
escalation_rules() {
	_args=""
	for _a in "$@"; do _args="$_args, \"$_a\""; done
	sed "s#command: \[/usr/bin/logger, -t, opsdesk, \"{level} {ref} {priority} {clock} due {due}: {summary} -> {to}\"\]#command: [$T/notify$_args]#" \
		"$TOP/config/workflow.yaml" >"$T/rules.yaml"
	grep -q "$T/notify" "$T/rules.yaml" || { echo "escalation_rules: the built-in rules' command was not found" >&2; exit 1; }
	export OPSDESK_RULES="$T/rules.yaml"
}
