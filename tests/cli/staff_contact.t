#!/bin/sh
# The contact fields of a person (schema 2): e-mail, the deputy who covers
# for them, and a note over several lines; each checked and named when bad.
. "$(dirname "$0")/../lib/tap.sh"

"$OPSDESK_BIN" init --demo-staff >/dev/null
count() { sql "SELECT count(*) FROM audit"; }

run staff edit lina --email lina@ops.example.cn --deputy wangfang --note '夜班请先打手机
再发企业微信'
is "$RC" 0 "e-mail, deputy and a two-line note are saved"
run staff show lina
like "$OUT" '^email +lina@ops.example.cn$' "show gives the e-mail"
like "$OUT" '^deputy +wangfang$' "and the deputy"
like "$OUT" '^note +夜班请先打手机$' "and the note's first line"
like "$OUT" '^          再发企业微信$' "its second line indented under it"
run staff show lina --json
like "$OUT" '"note":"夜班请先打手机\\n再发企业微信"' "JSON keeps the new line escaped"

n=$(count)
for bad in 'lina' 'lina@' '@example.cn' 'li na@example.cn' 'lina@example'; do
	run staff edit lina --email "$bad"
	is "$RC" 1 "e-mail '$bad' is refused"
	like "$ERR" "^opsdesk: email: '$bad' is not an e-mail address$" "... naming the field"
done
run staff edit lina --deputy lina
like "$ERR" 'deputy: a person cannot be their own deputy' "nobody deputises for themselves"
run staff edit lina --deputy nosuch
like "$ERR" "deputy: no staff member with login 'nosuch'" "the deputy must be on the staff list"
run staff deactivate zhangwei
run staff edit lina --deputy zhangwei
like "$ERR" "deputy: 'zhangwei' is deactivated" "and active"
run staff add newbie --name 新人 --roles duty_operator --deputy nosuch
is "$RC" 1 "adding someone with an unknown deputy is refused too"
is "$(sql "SELECT count(*) FROM staff WHERE login = 'newbie'")" 0 "and adds nobody"
run staff edit lina --note "$(printf 'a\033[31mred')"
like "$ERR" 'note: control characters are not allowed' "escape sequences are refused in the note"
is "$(count)" "$((n + 1))" "of all those, only the deactivation was recorded"

run staff edit lina --deputy ''
is "$RC" 0 "--deputy '' removes the deputy"
is "$(sql "SELECT deputy FROM staff WHERE login = 'lina'")" '' "and it is gone"
done_testing
