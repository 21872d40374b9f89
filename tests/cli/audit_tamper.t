#!/bin/sh
# Tamper evidence against someone who can write the database file (root
# always can): a chain rewritten after an entry was removed or edited is
# caught by an anchor kept outside the file (audit anchor, audit verify
# --anchor); a row changed with the sqlite3 shell, which the chain never
# sees, is caught by audit verify --deep replaying the audited history.
. "$(dirname "$0")/../lib/tap.sh"

OPSDESK_USER=ouyang run init --demo-staff
export OPSDESK_USER=ouyang
run asset add SW-01 --name 核心交换机 --class network
run asset edit SW-01 --location 机房A
run incident new --title 核心交换机端口闪断 --impact high --urgency high --category network --ci SW-01
run do INC-1 assign --set assignee=wangfang
run comment INC-1 已通知网络组
run roster set 2026-12-10 lina D
run roster set 2026-12-11 wangfang D,N
run staff edit lina --phone 138-0000-0009
run audit verify --deep
is "$RC" 0 "audit verify --deep on records changed only through opsdesk: exit 0"
like "$OUT" "^deep check: every incident, member of staff, role, roster day and asset matches its audited history$" \
	"... and says every record matches its history"

# --- audit anchor ---------------------------------------------------------------------
run audit anchor
is "$RC" 0 "audit anchor: exit 0"
head=$(sql "SELECT id || ':' || hash FROM audit ORDER BY id DESC LIMIT 1")
is "$OUT" "$head" "audit anchor prints the head: the newest entry's number and hash"
anchor=$OUT

# to the system log: a private /dev/log in a mount namespace of its own, so
# the machine's syslog is neither needed nor touched
if ! unshare -m true 2>/dev/null; then
	ok 1 "audit anchor writes to syslog"
	diag "unshare -m fails (needs root and CAP_SYS_ADMIN): cannot give the test a private /dev/log"
else
	unshare -m sh -c '
		mount -t tmpfs tmpfs /dev && mknod -m 666 /dev/null c 1 3 && mknod -m 444 /dev/urandom c 1 9 || exit 9
		timeout 30 perl -MIO::Socket::UNIX -MSocket -e "
			my \$s = IO::Socket::UNIX->new(Type => SOCK_DGRAM, Local => \"/dev/log\") or die \$!;
			\$s->recv(my \$m, 65536); open my \$o, \">\", \$ARGV[0] or die; print \$o \$m;" "$1" &
		listener=$!
		while [ ! -S /dev/log ]; do kill -0 $listener 2>/dev/null || exit 8; sleep 0.05; done
		"$2" audit anchor >/dev/null || kill $listener
		wait $listener' sh "$T/syslog.txt" "$OPSDESK_BIN"
	like "$(cat "$T/syslog.txt" 2>/dev/null)" "opsdesk\\[[0-9]+\\]: audit anchor $anchor database $OPSDESK_DB\$" \
		"audit anchor writes 'audit anchor N:HASH database FILE' to syslog as opsdesk[PID]"
fi

run audit verify --anchor "$anchor"
is "$RC" 0 "verify --anchor with the current head: exit 0"
is "$OUT" "audit log intact: 15 entries verified
anchor held: the log still holds 1 anchored entry" "... says the anchor held"

# --- a rewritten chain ---------------------------------------------------------------------
# rechain FROM: recomputes the hash of every entry from FROM on, as someone
# covering their tracks would, and the stored head with them.
rechain() {
	sqlite3 -json "$OPSDESK_DB" "SELECT id, at, actor, op, record, detail, prev, hash FROM audit ORDER BY id" >"$T/audit.json"
	perl -MJSON::PP -MDigest::SHA=sha256_hex -e '
		my $rows = decode_json(do { local $/; open my $f, "<", $ARGV[0] or die; <$f> });
		my ($prev, $sql) = ("0" x 64, "DROP TRIGGER IF EXISTS audit_no_update;\n");
		for my $r (@$rows) {
			$prev = $r->{hash}, next if $r->{id} < $ARGV[1];
			my $h = Digest::SHA->new(256);
			for ($r->{id}, $r->{at}, @$r{qw(actor op record detail)}, $prev) {
				my $v = $_;
				utf8::encode($v);
				$h->add(length($v) . ":" . $v);
			}
			my $hash = $h->hexdigest;
			$sql .= "UPDATE audit SET prev = \x27$prev\x27, hash = \x27$hash\x27 WHERE id = $r->{id};\n";
			$sql .= "UPDATE meta SET value = \x27$r->{id}:$hash\x27 WHERE key = \x27audit_head\x27;\n";
			$prev = $hash;
		}
		print $sql;' "$T/audit.json" "$1" >"$T/rechain.sql"
	sqlite3 "$OPSDESK_DB" <"$T/rechain.sql"
}
cp "$OPSDESK_DB" "$T/clean.db"
printf '# the head on the shift report\n%s\n' "$anchor" >"$T/anchors"
before=$(sql "SELECT id || ':' || hash FROM audit WHERE id = 5")

# an entry's actor is changed and the chain rewritten from there
sql "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE id = 11"
rechain 11
sql "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
run audit verify
is "$RC" 0 "an edited entry with the chain rewritten: plain verify is fooled (exit 0)"
run audit verify --anchor "$anchor"
is "$RC" 1 "verify --anchor catches the rewritten chain: exit 1"
is "$ERR" "opsdesk: audit log damaged: anchor ${anchor%%:*}:$(printf %.12s "${anchor#*:}")...: entry ${anchor%%:*} now has the hash $(sql "SELECT substr(hash, 1, 12) FROM audit WHERE id = ${anchor%%:*}")...: the log up to entry ${anchor%%:*} was rewritten" \
	"... naming the anchor and the entry that no longer has its hash"
run audit verify --anchors "$T/anchors"
is "$RC" 1 "verify --anchors FILE catches it too: exit 1"
like "$ERR" "anchor ${anchor%%:*}:" "... naming the anchor from the file"
run audit verify --anchor "$before" --anchor "$anchor"
is "$RC" 1 "several anchors: an older one that still holds does not hide the one that fails"
run audit verify --anchor "$before"
is "$RC" 0 "an anchor from before the edited entry still holds (the log up to it is intact)"

# an entry deleted, the later ones renumbered and the chain rewritten
cp "$T/clean.db" "$OPSDESK_DB"
sql "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;
     DELETE FROM audit WHERE id = 14; UPDATE audit SET id = id - 1 WHERE id > 14"
rechain 14
sql "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
     CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
run audit verify
is "$RC" 0 "a deleted entry with the chain rewritten: plain verify is fooled (exit 0)"
run audit verify --anchor "$anchor"
is "$RC" 1 "verify --anchor catches it: exit 1"
like "$ERR" "the log has no entry ${anchor%%:*}; entries were removed and the log was rewritten" \
	"... saying the anchored entry is gone"

# --- rows changed around opsdesk -------------------------------------------------------------
cp "$T/clean.db" "$OPSDESK_DB"
sql "UPDATE incident SET summary = '无事发生', state = 'closed', open = 0 WHERE id = 1;
     INSERT INTO staff_role SELECT id, 'ops_manager' FROM staff WHERE login = 'lina';
     UPDATE asset SET ip = '10.0.0.66' WHERE tag = 'SW-01';
     DELETE FROM roster WHERE login = 'wangfang' AND day = '2026-12-11' AND shift = 'N';
     INSERT INTO roster(day, shift, login, set_by, set_at) VALUES ('2026-12-12', 'N', 'lina', 'ouyang', 0);
     INSERT INTO staff(login, name, created, updated, updated_by) VALUES ('crony', '亲信', 0, 0, 'ouyang');
     UPDATE staff SET active = 0 WHERE login = 'alice'"
run audit verify
is "$RC" 0 "rows changed with sqlite3: the chain alone does not see it (exit 0)"
run audit verify --deep
is "$RC" 1 "verify --deep: exit 1"
is "$ERR" "opsdesk: INC-1: state: is 'closed', its audited history says 'assigned'
opsdesk: INC-1: summary: is '无事发生', its audited history says '核心交换机端口闪断'
opsdesk: asset:SW-01: ip: is '10.0.0.66', its audited history says ''
opsdesk: roster:2026-12-11: wangfang: is 'D', its audited history says 'D,N'
opsdesk: roster:2026-12-12: lina: is 'N', its audited history says ''
opsdesk: staff:alice: active: is 'no', its audited history says 'yes'
opsdesk: staff:crony: not in the audit log: the row was added around opsdesk
opsdesk: staff:lina: roles: is 'ops_manager,system_engineer', its audited history says 'system_engineer'
opsdesk: deep check: 8 differences between the records and their audited history: changed around opsdesk" \
	"... names every record and field that differs, with both values"

cp "$T/clean.db" "$OPSDESK_DB"
sql "PRAGMA foreign_keys = ON; DELETE FROM roster WHERE login = 'liuyang'; DELETE FROM staff_role WHERE staff_id = (SELECT id FROM staff WHERE login = 'liuyang');
     DELETE FROM staff WHERE login = 'liuyang'; UPDATE incident SET description = char(27) || '[2J' WHERE id = 1"
run audit verify --deep
is "$RC" 1 "a deleted member of staff: exit 1"
like "$ERR" "^opsdesk: staff:liuyang: the audit log records it, but the row is gone$" "... says the row is gone"
like "$ERR" "^opsdesk: INC-1: description: is '\\?\\[2J', its audited history says ''$" \
	"... and shows a forged escape sequence harmlessly"

# --- usage -----------------------------------------------------------------------------------
run audit verify --anchor 12
is "$RC" 2 "--anchor without a hash: exit 2"
like "$ERR" "--anchor: '12' is not N:HASH" "... says what an anchor looks like"
run audit verify --anchor "99999999999999999999:${anchor#*:}"
is "$RC" 2 "--anchor with an entry number out of range: exit 2"
printf '%s\nnonsense\n' "$anchor" >"$T/bad-anchors"
run audit verify --anchors "$T/bad-anchors"
is "$RC" 2 "--anchors FILE with a bad line: exit 2"
like "$ERR" "--anchors: $T/bad-anchors:2: 'nonsense' is not N:HASH" "... names the file and line"
run audit anchor --deep
is "$RC" 2 "audit anchor takes no --deep: exit 2"

done_testing
