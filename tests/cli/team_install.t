#!/bin/sh
# make install-team into a temporary prefix (DESTDIR): the group, the
# program setgid to it, the shared directory 2770 and the database with its
# -wal and -shm files 660 root:group. Then an ordinary user (made here) can
# use opsdesk and cannot open the file with sqlite3; the -wal and -shm
# files stay root's after the user's session writes. A personal database is
# 0600 in a 0700 directory, with its -wal and -shm.
. "$(dirname "$0")/../lib/tap.sh"

# LeakSanitizer cannot run in a setgid process (see setgid.t): under make
# sanitize this test is left to the plain make check, which always runs it.
if grep -q __asan_init "$OPSDESK_BIN"; then
	echo "1..0 # SKIP a sanitizer build cannot run setgid; plain make check runs this"
	exit 0
fi

# --- a personal database (no installation needed) -------------------------------------
export HOME="$T/home"
(umask 022; unset OPSDESK_DB; OPSDESK_USER=root "$OPSDESK_BIN" init >/dev/null)
personal="$HOME/.local/share/opsdesk"
is "$(stat -c %a "$personal")" 700 "a personal database's directory is created 0700 (under umask 022)"
is "$(stat -c %a "$HOME/.local")" 700 "... and so are the directories above it that init made"
is "$(stat -c %a "$personal/opsdesk.db")" 600 "the personal database is created 0600"
# a second session holds the file open while another writes, so the
# working files exist to be looked at
(unset OPSDESK_DB; OPSDESK_USER=root "$OPSDESK_BIN" staff add lina --name 李娜 --roles system_engineer >/dev/null)
perl -e '
	# keep a read transaction open while opsdesk writes: -wal and -shm exist then
	open my $w, "|-", "sqlite3", $ARGV[0] or die;
	print $w "PRAGMA journal_mode;\nBEGIN;\nSELECT count(*) FROM staff;\n";
	$w->flush; system(@ARGV[1 .. $#ARGV]);
	my @m = map { sprintf "%o", (stat "$ARGV[0]$_")[2] & 0777 } "-wal", "-shm";
	open my $o, ">", "$ARGV[0].modes"; print $o "@m\n"; close $w;' \
	"$personal/opsdesk.db" env -u OPSDESK_DB OPSDESK_USER=root "$OPSDESK_BIN" staff edit lina --phone 1 >/dev/null
is "$(cat "$personal/opsdesk.db.modes")" "600 600" "its -wal and -shm files are 0600 too"

# --- the team installation ---------------------------------------------------------------
fail_all() { ok 1 "team installation"; diag "$1"; done_testing; }
[ "$(id -u)" = 0 ] || fail_all "needs root: make install-team creates a group and a user, and sets owners"
for cmd in useradd userdel groupadd groupdel setpriv unshare sqlite3 make; do
	command -v $cmd >/dev/null || fail_all "needs $cmd"
done
case $(findmnt -no OPTIONS --target "$T" 2>/dev/null) in
*nosuid*) fail_all "$T is on a nosuid file system: a setgid program cannot be tried there (set TMPDIR)" ;;
esac
unshare -m true 2>/dev/null || fail_all "unshare -m fails: cannot give the test a private /var/lib"

group=odt$$ user=odu$$
trap 'userdel "$user" 2>/dev/null; groupdel "$group" 2>/dev/null; rm -rf "$T"' EXIT
useradd --no-create-home --shell /usr/sbin/nologin "$user" || fail_all "useradd $user failed"
chmod 755 "$T"
root="$T/root"
make -C "$TOP" --no-print-directory install-team DESTDIR="$root" TEAM_GROUP="$group" \
	TEAM_MANAGER=ouyang BUILD="$(dirname "$OPSDESK_BIN")" >"$T/make.out" 2>&1
rc=$?
is "$rc" 0 "make install-team DESTDIR=... : exit 0"
[ "$rc" = 0 ] || diag "$(tail -n 20 "$T/make.out")"
getent group "$group" >/dev/null
ok $? "... created the group $group"

bin="$root/usr/local/bin/opsdesk"
db="$root/var/lib/opsdesk/opsdesk.db"
is "$(stat -c '%a %U %G' "$bin")" "2755 root $group" "the program is setgid to the group (2755)"
is "$(stat -c '%a %U %G' "$(dirname "$db")")" "2770 root $group" "the shared directory is 2770 root:group"
for f in "$db" "$db-wal" "$db-shm"; do
	is "$(stat -c '%a %U %G' "$f")" "660 root $group" "$(basename "$f") is 660 root:group"
done
is "$(stat -c %a "$root/etc/opsdesk/workflow.yaml")" 644 "the site rules are installed for editing"
# (-readonly: root's read-write sqlite3 session would remove the -wal and
# -shm files on closing, as README.md warns)
is "$(sqlite3 -readonly "$db" "SELECT group_concat(s.login || ':' || r.role) FROM staff s JOIN staff_role r ON r.staff_id = s.id")" \
	"ouyang:ops_manager" "the database is initialised with TEAM_MANAGER as the first manager"

# In a mount namespace of its own the staged /var/lib is the real one, so the
# program finds the database at its built-in shared path.
inside() { # inside COMMAND...: as root, with $root/var/lib on /var/lib
	unshare -m sh -c 'mount --bind "$1/var/lib" /var/lib && shift && exec "$@"' sh "$root" "$@"
}
as_user() { # as_user COMMAND...: as the ordinary user, in that namespace
	inside setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups \
		env -u OPSDESK_USER -u OPSDESK_NOW -u OPSDESK_DB HOME="$T" "$@"
}

out=$(inside env -u OPSDESK_DB OPSDESK_USER=ouyang "$bin" staff add "$user" --name 值班员甲 --roles duty_operator 2>&1)
is "$out" "staff $user added" "root, acting as the manager, adds the ordinary user (shared path found without --db)"
out=$(as_user "$bin" whoami 2>&1)
like "$out" "^$user " "the ordinary user reaches the shared database through the setgid program"
out=$(as_user "$bin" incident new --title 机房空调告警 2>&1)
is "$out" "INC-1" "... and records an incident with it"
is "$(sqlite3 -readonly "$db" "SELECT created_by FROM incident WHERE id = 1")" "$user" "... as themselves"
for f in "$db-wal" "$db-shm"; do
	is "$(stat -c '%a %U %G' "$f")" "660 root $group" "after the user's session $(basename "$f") is still 660 root:group, not the user's"
done

out=$(setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups sqlite3 "$db" "SELECT count(*) FROM staff" 2>&1)
rc=$?
ok $((rc == 0)) "the ordinary user cannot open the database with sqlite3 (exit $rc)"
like "$out" "unable to open database|Permission denied|authorization denied" "... refused by the file system: $out"
out=$(setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups sh -c "cat '$db-wal' >/dev/null" 2>&1)
ok $(($? == 0)) "... nor read or write its -wal file"
out=$(as_user "$bin" --db /tmp/x.db whoami 2>&1)
like "$out" "honoured only for root" "--db stays root's in the installed program"

# root's plain init on the installed program defaults to the shared path
rm -rf "$root/var/lib/opsdesk"/*
out=$(inside env -u OPSDESK_DB HOME="$T/roothome" OPSDESK_USER=ouyang "$bin" init 2>&1)
like "$out" "^database /var/lib/opsdesk/opsdesk.db ready" "root's init on the setgid program creates the shared database, not one in root's home"
[ ! -e "$T/roothome/.local/share/opsdesk/opsdesk.db" ]
ok $? "... and nothing in root's home"
is "$(stat -c '%a %G' "$db")" "660 $group" "... group-only (660, the program's group), whatever root's umask"

done_testing
