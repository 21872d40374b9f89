#!/bin/sh
# A shared installation (DESIGN.md section 4): the binary setgid to a group
# that owns the database directory. An ordinary user may not pick the rules
# or the database there: the rules decide who may manage staff, and the
# group can write files the user cannot.
. "$(dirname "$0")/../lib/tap.sh"

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
	echo "1..0 # SKIP needs root and setpriv to build a setgid installation"
	exit 0
fi
# LeakSanitizer cannot run in a setgid process and cannot be told so there
# (it reads its options from /proc/self/environ, closed to such a process):
# under make sanitize this test is left to the plain make check.
if grep -q __asan_init "$OPSDESK_BIN"; then
	echo "1..0 # SKIP a sanitizer build cannot run setgid; plain make check runs this"
	exit 0
fi

# the shared database's built-in place; a machine with a real installation
# there is left alone
site=/var/lib/opsdesk
if [ -e "$site" ] || [ -e /etc/opsdesk/workflow.yaml ]; then
	echo "1..0 # SKIP $site or /etc/opsdesk exists: a real installation is not touched"
	exit 0
fi
group=opsdesk-test-$$
groupadd "$group" || { echo "1..0 # SKIP cannot add a group"; exit 0; }
trap 'groupdel "$group" 2>/dev/null; rm -rf "$T" "$site"' EXIT

chmod 755 "$T"
install -m 755 "$OPSDESK_BIN" "$T/opsdesk"
chgrp "$group" "$T/opsdesk" && chmod 2755 "$T/opsdesk"
mkdir -m 2770 "$site" && chgrp "$group" "$site"
export OPSDESK_DB="$site/opsdesk.db"
OPSDESK_USER=ouyang "$T/opsdesk" init --demo-staff >/dev/null
chgrp "$group" "$site"/* && chmod 660 "$site"/*

# nobody is made a duty operator (no staff.manage) by the manager
OPSDESK_USER=ouyang "$T/opsdesk" staff add nobody --name 无名 --roles duty_operator >/dev/null
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups env -u OPSDESK_USER -u OPSDESK_NOW \
		-u OPSDESK_DB HOME="$T" XDG_DATA_HOME="$T" "$@"
}

out=$(as_nobody "$T/opsdesk" whoami 2>&1)
like "$out" '^nobody ' "through the setgid binary nobody reaches the shared database"
like "$out" '值班员' "as a duty operator"

# a private rules file that gives duty operators staff.manage
sed 's/staff.manage: \[ops_manager\]/staff.manage: [ops_manager, duty_operator]/' \
	"$TOP/config/workflow.yaml" >"$T/evil.yaml"
chmod 644 "$T/evil.yaml"
out=$(as_nobody "$T/opsdesk" --rules "$T/evil.yaml" staff add crony --name 亲信 --roles ops_manager 2>&1)
rc=$?
is "$rc" 1 "a private --rules file does not let nobody add staff"
like "$out" 'honoured only for root' "and nobody is told the file was ignored"
out=$(as_nobody env OPSDESK_RULES="$T/evil.yaml" "$T/opsdesk" staff add crony --name 亲信 --roles ops_manager 2>&1)
is "$?" 1 "neither does OPSDESK_RULES"
is "$(sql "SELECT count(*) FROM staff WHERE login = 'crony'")" 0 "nobody made no crony"

# --db (nor HOME or XDG_DATA_HOME) may not point the group's rights at another file
out=$(as_nobody "$T/opsdesk" --db "$site/other.db" whoami 2>&1)
like "$out" 'honoured only for root' "--db is ignored for nobody too"
[ ! -e "$site/other.db" ]
ok $? "and no file was created in the group's directory"

# check-rules FILE reads the file with nobody's own rights, not the group's
printf 'version: 1\n' >"$site/secret.yaml"
chgrp "$group" "$site/secret.yaml" && chmod 640 "$site/secret.yaml"
out=$(as_nobody "$T/opsdesk" check-rules "$site/secret.yaml" 2>&1)
like "$out" 'cannot open: Permission denied' "check-rules cannot read a group-only file for nobody"
as_nobody "$T/opsdesk" check-rules "$T/evil.yaml" >/dev/null 2>&1
is "$?" 0 "but checks nobody's own file"

# The catalogue beside a setgid program is not read (it gives format
# strings), while an ordinary copy reads the one beside it: a marked
# catalogue shows which.
mkdir -p "$T/locale/zh_CN/LC_MESSAGES" "$T/plain/locale/zh_CN/LC_MESSAGES"
sed 's/^msgstr "创建或升级数据库"$/msgstr "BESIDE"/' "$TOP/po/zh_CN.po" >"$T/marked.po"
msgfmt -o "$T/locale/zh_CN/LC_MESSAGES/opsdesk.mo" "$T/marked.po"
cp "$T/locale/zh_CN/LC_MESSAGES/opsdesk.mo" "$T/plain/locale/zh_CN/LC_MESSAGES/"
install -m 755 "$OPSDESK_BIN" "$T/plain/opsdesk"
chmod 755 "$T/plain"
like "$(as_nobody env LC_ALL=zh_CN.UTF-8 "$T/plain/opsdesk" --help 2>&1)" '^  init +BESIDE$' \
	"an ordinary program reads the catalogue beside it"
unlike "$(as_nobody env LC_ALL=zh_CN.UTF-8 "$T/opsdesk" --help 2>&1)" 'BESIDE' \
	"the setgid program does not"

done_testing
