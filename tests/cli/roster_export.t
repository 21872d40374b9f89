#!/bin/sh
# opsdesk roster export [--format csv|ics] [--from DAY] [--to DAY] [--month M]
# [--person LOGIN] [--output FILE]: the roster as CSV that imports back to
# the same roster (UTF-8 with a byte-order mark and CRLF, for spreadsheet
# programs), and as iCalendar that calendar programs read: checked here with
# Python's icalendar parser, so a malformed file fails the test.
. "$(dirname "$0")/../lib/tap.sh"

roster() { sql "SELECT day, shift, login FROM roster ORDER BY day, shift, login"; }
as() { user=$1; shift; OPSDESK_USER=$user run "$@"; }
crlf_free() { printf '%s' "$1" | tr -d '\r' | sed '1s/^\xef\xbb\xbf//'; }

# The calendar parser: Debian's python3-icalendar (make check installs it).
PY=python3
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import icalendar' 2>/dev/null; then PY=$p; break; fi
done
"$PY" -c 'import icalendar' 2>/dev/null
ok $? "(python3-icalendar is there to read the calendars)"

# ics FILE: what a calendar program sees in FILE, one line per event:
# start end UID | summary | description (line breaks as /). Exits non-zero,
# printing nothing useful, when the parser finds the file malformed.
ics() {
	"$PY" - "$1" <<'EOF'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
assert cal.name == 'VCALENDAR' and not cal.errors, cal.errors
print('%s %s %s %s' % (cal['VERSION'], cal['CALSCALE'], cal['METHOD'], cal['X-WR-CALNAME']))
assert str(cal['PRODID']).startswith('-//opsdesk//')
for ev in cal.subcomponents:
    assert ev.name == 'VEVENT' and not ev.errors, ev.errors
    start, end = ev.decoded('DTSTART'), ev.decoded('DTEND')
    assert start.utcoffset().total_seconds() == 0 and end.utcoffset().total_seconds() == 0
    ev.decoded('DTSTAMP')
    print('%s %s %s | %s | %s' % (start.strftime('%Y-%m-%dT%H:%MZ'), end.strftime('%Y-%m-%dT%H:%MZ'),
          ev['UID'], ev['SUMMARY'], str(ev['DESCRIPTION']).replace('\n', '/')))
EOF
}

# lines_ok FILE: prints every physical line that does not end in CRLF, is
# longer than 75 octets, or is not UTF-8 on its own (a fold inside a
# character); nothing means the lines are right.
lines_ok() {
	perl -ne '
		print "line $.: no CRLF\n" unless /\r\n\z/;
		(my $l = $_) =~ s/\r?\n\z//;
		print "line $.: ", length($l), " octets\n" if length($l) > 75;
		print "line $.: not UTF-8 on its own\n" unless utf8::decode(my $copy = $l);
	' "$1"
}

OPSDESK_USER=root run init
as root staff add lina --name 李娜 --roles network_engineer --phone 13800000001
as root staff add wang --name 王伟 --roles system_engineer
as root staff add alice --name "Alice Wong" --roles network_engineer
as root staff add zw1 --name 张伟 --roles duty_operator
as root staff add zw2 --name 张伟 --roles duty_operator
as root staff add wongc --name "Wong, Chris; Jr\\" --roles network_engineer
as root staff add lna --name wang --roles duty_operator
as root staff add ouyang --name 欧阳诸葛司马上官慕容东方皇甫尉迟公孙长孙宇文 --roles duty_operator
is "$RC" 0 "set-up: people whose names cannot be told apart from others (张伟 twice, a name that is a login), with separators, and very long"

for cell in "2026-11-21 wang D" "2026-11-21 alice D" "2026-11-21 lina N" "2026-11-30 lina N" \
	"2026-11-30 zw1 N" "2026-12-01 zw1 D" "2026-12-01 zw2 D" "2026-12-01 wongc D" \
	"2026-12-01 lna D" "2026-12-01 ouyang D" "2026-12-01 lina N" "2026-12-31 alice N"; do
	# shellcheck disable=SC2086
	as root roster set $cell
	[ "$RC" = 0 ] || diag "roster set $cell: $ERR"
done
is "$(sql "SELECT count(*) FROM roster")" 12 "set-up: twelve cells"

# --- CSV ------------------------------------------------------------------------
as root roster export --from 2026-11-30 --to 2026-12-01
is "$RC" 0 "export CSV to standard output: exit 0"
is "$ERR" "" "... nothing on stderr"
is "$(printf '%s' "$OUT" | head -c 3 | od -An -tx1 | tr -d ' ')" efbbbf "... starts with a byte-order mark, for spreadsheet programs"
is "$(printf '%s\n' "$OUT" | grep -c "$(printf '\r')\$")" 5 "... every line ends in CRLF"
is "$(crlf_free "$OUT")" "date,shift,people
2026-11-30,D,
2026-11-30,N,李娜、zw1
2026-12-01,D,lna、欧阳诸葛司马上官慕容东方皇甫尉迟公孙长孙宇文、wongc、zw1、zw2
2026-12-01,N,李娜" \
	"... every shift of every day, empty ones too; names, or logins where a name would find someone else or holds a separator"

as root roster export --from 2026-11-01 --to 2026-12-31 --person lina
is "$(crlf_free "$OUT")" "date,shift,people
2026-11-21,N,李娜
2026-11-30,N,李娜、zw1
2026-12-01,N,李娜" "--person: only that person's shifts, each with everyone on it"

as root roster export
is "$(crlf_free "$OUT" | sed -n '2p;$p')" "2026-11-01,D,
2026-11-30,N,李娜、zw1" "no period: the current month (November, by the pinned clock)"
is "$(crlf_free "$OUT" | grep -c '')" 61 "... a header and 30 days of two shifts"

# round trip: the export imported into an emptied roster is the same roster
before=$(roster)
as root roster export --from 2026-11-01 --to 2026-12-31 --output all.csv
is "$RC" 0 "export --output: exit 0"
is "$OUT" "all.csv: 122 rows from 2026-11-01 to 2026-12-31" "... says what went into the file"
sql "DELETE FROM roster"
as root roster import all.csv
is "$RC" 0 "the export imports"
is "$OUT" "all.csv: 122 shifts from 2026-11-01 to 2026-12-31 imported (UTF-8), 6 changed" "... every shift of the period, the six with people changed"
is "$(roster)" "$before" "sql: the roster is exactly as it was"
as root roster export --person lina --from 2026-11-01 --to 2026-12-31 --output lina.csv
as root roster import lina.csv
is "$OUT" "lina.csv: 3 shifts from 2026-11-21 to 2026-12-01 imported (UTF-8), 0 changed" \
	"a person's export imports too, changing nothing (it lists everyone on their shifts)"

# --- iCalendar --------------------------------------------------------------------
as root roster export --format ics --person lina --from 2026-11-01 --to 2026-12-31 --output lina.ics
is "$RC" 0 "export ics for a person: exit 0"
is "$OUT" "lina.ics: 3 events from 2026-11-01 to 2026-12-31" "... three events"
is "$(lines_ok lina.ics)" "" "... CRLF line ends, no line over 75 octets"
is "$(ics lina.ics)" "2.0 GREGORIAN PUBLISH 信息中心运维值班台 duty roster: 李娜
2026-11-21T12:00Z 2026-11-22T00:00Z 2026-11-21/N/lina@opsdesk | 夜班 N | 李娜 (lina) 13800000001
2026-11-30T12:00Z 2026-12-01T00:00Z 2026-11-30/N/lina@opsdesk | 夜班 N | 李娜 (lina) 13800000001/张伟 (zw1)
2026-12-01T12:00Z 2026-12-02T00:00Z 2026-12-01/N/lina@opsdesk | 夜班 N | 李娜 (lina) 13800000001" \
	"the parser reads it: a night shift 20:00-08:00 Shanghai as 12:00Z to 00:00Z the next day, a stable UID per day, shift and person, who else is on"
like "$(cat lina.ics)" "^DTSTAMP:20261121T010000Z" "DTSTAMP: now (the pinned clock) in UTC"

as root roster export --format ics --from 2026-11-01 --to 2026-12-31 --output team.ics
is "$OUT" "team.ics: 6 events from 2026-11-01 to 2026-12-31" "team calendar: one event per shift with people on it"
is "$(lines_ok team.ics)" "" "... CRLF line ends, no line over 75 octets, no character cut by a fold"
grep -q "^ " team.ics
ok $? "... long lines are folded"
is "$(ics team.ics)" "2.0 GREGORIAN PUBLISH 信息中心运维值班台 duty roster
2026-11-21T00:00Z 2026-11-21T12:00Z 2026-11-21/D@opsdesk | 白班 D: Alice Wong、王伟 | Alice Wong (alice)/王伟 (wang)
2026-11-21T12:00Z 2026-11-22T00:00Z 2026-11-21/N@opsdesk | 夜班 N: 李娜 | 李娜 (lina) 13800000001
2026-11-30T12:00Z 2026-12-01T00:00Z 2026-11-30/N@opsdesk | 夜班 N: 李娜、张伟 | 李娜 (lina) 13800000001/张伟 (zw1)
2026-12-01T00:00Z 2026-12-01T12:00Z 2026-12-01/D@opsdesk | 白班 D: wang、欧阳诸葛司马上官慕容东方皇甫尉迟公孙长孙宇文、Wong, Chris; Jr\\、张伟、张伟 | wang (lna)/欧阳诸葛司马上官慕容东方皇甫尉迟公孙长孙宇文 (ouyang)/Wong, Chris; Jr\\ (wongc)/张伟 (zw1)/张伟 (zw2)
2026-12-01T12:00Z 2026-12-02T00:00Z 2026-12-01/N@opsdesk | 夜班 N: 李娜 | 李娜 (lina) 13800000001
2026-12-31T12:00Z 2027-01-01T00:00Z 2026-12-31/N@opsdesk | 夜班 N: Alice Wong | Alice Wong (alice)" \
	"the parser reads every event: comma, semicolon and backslash in a name, the night into the new year"
like "$(tr -d '\r\n' < team.ics | sed 's/ //g')" 'Wong\\,Chris\\;Jr\\\\' "... which are escaped in the file"

as root roster export --format ics --month 2027-02 --output empty.ics
is "$OUT" "empty.ics: 0 events from 2027-02-01 to 2027-02-28" "a month with nobody on the roster: no events"
is "$(ics empty.ics)" "2.0 GREGORIAN PUBLISH 信息中心运维值班台 duty roster" "... still a calendar the parser reads"

as root roster export --format ics --person nobody
is "$RC" 1 "an unknown --person: exit 1"
is "$ERR" "opsdesk: person: no staff member 'nobody'" "... named"
as root roster export --format ics --person 张伟
is "$RC" 1 "a name two people share: exit 1"
is "$ERR" "opsdesk: person: 2 people are called '张伟'; give the login" "... asks for the login"
as root roster export --person 李娜 --from 2026-11-21 --to 2026-11-21
is "$(crlf_free "$OUT")" "date,shift,people
2026-11-21,N,李娜" "--person takes a unique name too"

as root roster export --format xml
is "$RC" 2 "an unknown --format: exit 2"
mkdir ro && chmod 500 ro
as root roster export --output ro/x/y.csv
is "$RC" 1 "an output file that cannot be written: exit 1"
like "$ERR" "^opsdesk: cannot write ro/x/y.csv: " "... says so"

done_testing
