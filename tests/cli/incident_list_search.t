#!/bin/sh
# opsdesk incident list: the queue (open first, most urgent first, oldest
# first), its filters, columns laid out by display width with Chinese
# summaries, and --search in summaries, descriptions and journals — by
# substring for short terms, by the full-text index for longer ones, always
# matching what was typed literally.
. "$(dirname "$0")/../lib/tap.sh"

# refs: the references of the last listing, in order, on one line.
refs() { printf '%s\n' "$OUT" | sed -n 's/^\(INC-[0-9]*\) .*/\1/p' | tr '\n' ' ' | sed 's/ $//'; }

# jsql SQL-EXPRESSION: evaluates an expression over the last output as j.
jsql() {
	printf '%s' "$OUT" >"$T/.json"
	sqlite3 :memory: "SELECT $1 FROM (SELECT CAST(readfile('$T/.json') AS TEXT) AS j)"
}

"$OPSDESK_BIN" init --demo-staff >/dev/null
have_assets=0
if "$OPSDESK_BIN" asset add SRV-FIN01 --name 财务应用服务器 --class server >/dev/null 2>&1; then
	have_assets=1
fi

at() { OPSDESK_NOW="2026-11-21T$1:00+08:00"; export OPSDESK_NOW; }
new() { "$OPSDESK_BIN" incident new "$@" >/dev/null || echo "# incident new $* failed"; }

# Saturday 2026-11-21: two P1s, a P2, a P3, two P4s, recorded in this order.
at 08:00; new --title '三楼打印机卡纸' --description '三楼东侧 HP 打印机，换纸后仍卡'           # INC-1 P4
at 08:10; new --title '核心交换机宕机' --impact high --urgency high                          # INC-2 P1
at 08:20; new --title 'VPN 客户端 mixed 中英 text 认证失败'                                  # INC-3 P4
ci=""; [ "$have_assets" = 1 ] && ci="--ci SRV-FIN01"
# shellcheck disable=SC2086
at 08:30; new --title '财务系统报表导出缓慢，影响月底结账，请尽快处理谢谢' --impact high --urgency high $ci  # INC-4 P1
at 08:40; new --title '邮件 server 退信' --impact medium --urgency medium                    # INC-5 P3
at 08:50; new --title 'DNS 解析 "内网" 失败 a OR b' --impact high --urgency medium            # INC-6 P2
at 09:00
U() { u=$1; shift; OPSDESK_USER=$u "$OPSDESK_BIN" "$@" >/dev/null || echo "# $u: $* failed"; }
U zhangwei do INC-2 assign --set assignee=wangfang
U zhangwei do INC-4 assign --set assignee=lina
U zhangwei do INC-5 assign --set assignee=lina
U lina do INC-5 start
U lina do INC-5 resolve --set cause=队列满 --set resolution=清理队列 --set recovery_test=收发正常
U zhangwei do INC-5 close
U wangfang comment INC-3 '已重置用户的令牌同步
请用户重新登录'

# --- the queue's order ---------------------------------------------------------------
run incident list
is "$RC" 0 "incident list: exit 0"
is "$(refs)" "INC-2 INC-4 INC-6 INC-1 INC-3" \
	"open only; P1 before P2 before P4; within a priority the older first"
run incident list --all
is "$(refs)" "INC-2 INC-4 INC-6 INC-1 INC-3 INC-5" "--all adds the closed one, after the open ones"
like "$OUT" "^INC-5 +P3 +已关闭 " "... shown with its state's name"

# --- columns by display width ---
# a reference longer than the usual column (the millionth incident) is shown
# whole, and the columns move over for it
cp "$OPSDESK_DB" "$T/big-id.db"
sqlite3 "$T/big-id.db" "UPDATE incident SET id = 1234567 WHERE id = 6;
	UPDATE journal SET record = 'INC-1234567' WHERE record = 'INC-6'"
OPSDESK_DB="$T/big-id.db" run incident list
like "$OUT" "^INC-1234567 +P" "a seven-digit reference is shown whole"
is "$(printf '%s\n' "$OUT" | columns_aligned PRI STATE SUMMARY CI ASSIGNEE AGE RESOLUTION)" "" \
	"... and the other columns stay under their headings"
# and with the usual references
run incident list
is "$(printf '%s\n' "$OUT" | columns_aligned PRI STATE SUMMARY CI ASSIGNEE AGE RESOLUTION)" "" \
	"every field starts at its header's display column, after Chinese, ASCII and mixed summaries"
is "$(display_col "$OUT" 'INC-4 ' 'lina')" "$(display_col "$OUT" 'ID ' 'ASSIGNEE')" \
	"after a Chinese summary cut to its column the assignee is under ASSIGNEE"
is "$(display_col "$OUT" 'INC-2 ' 'wangfang')" "$(display_col "$OUT" 'ID ' 'ASSIGNEE')" \
	"after a short Chinese summary too"
is "$(display_col "$OUT" 'INC-3 ' '2026-11-27')" "$(display_col "$OUT" 'ID ' 'RESOLUTION')" \
	"after a summary mixing Chinese and ASCII (odd width) the due time is under RESOLUTION DUE"
like "$OUT" '^INC-4 +P1 +已指派 +财务系统报表导出缓慢，影响月底~  SRV|^INC-4 +P1 +已指派 +财务系统报表导出缓慢，影响月底~   +lina' \
	"a summary wider than its 32 cells is cut at a character boundary and marked with ~"
if [ "$have_assets" = 1 ]; then
	is "$(display_col "$OUT" 'INC-4 ' 'SRV-FIN01')" "$(display_col "$OUT" 'ID ' 'CI')" \
		"the CI's tag is under CI"
fi
like "$OUT" '^INC-2 +P1 .* 2026-11-21 12:10 on time$' "the resolution due time and standing end the row"

# --- filters ---------------------------------------------------------------------------------
run incident list --state assigned
is "$(refs)" "INC-2 INC-4" "--state assigned"
run incident list --state closed
is "$(refs)" "INC-5" "--state closed finds the closed one without --all"
run incident list --priority P1
is "$(refs)" "INC-2 INC-4" "--priority P1"
run incident list --priority P4
is "$(refs)" "INC-1 INC-3" "--priority P4"
OPSDESK_USER=wangfang run incident list --mine
is "$(refs)" "INC-2" "--mine: wangfang's own"
OPSDESK_USER=lina run incident list --mine --all
is "$(refs)" "INC-4 INC-5" "--mine --all: lina's, the closed one too"
run incident list --assignee lina
is "$(refs)" "INC-4" "--assignee lina: her open ones"
run incident list --unassigned
is "$(refs)" "INC-6 INC-1 INC-3" "--unassigned: nobody's"
run incident list --limit 2
is "$(refs)" "INC-2 INC-4" "--limit 2: the first two of the queue"

# --breached: past the response or the resolution due time (a P1 has 4
# hours, 24x7); INC-6, a P2 nobody has taken up since 08:50, is past its
# response time all along
OPSDESK_NOW=2026-11-21T12:00:00+08:00 run incident list --breached
is "$(refs)" "INC-6" "--breached at 12:00: only INC-6, whose response is late"
OPSDESK_NOW=2026-11-21T12:20:00+08:00 run incident list --breached
is "$(refs)" "INC-2 INC-6" "--breached at 12:20: INC-2 (resolution due 12:10) too"
like "$OUT" '^INC-2 .*BREACHED$' "... marked BREACHED"
OPSDESK_NOW=2026-11-21T13:00:00+08:00 run incident list --breached
is "$(refs)" "INC-2 INC-4 INC-6" "--breached at 13:00: both P1s (due 12:10 and 12:30) too"
OPSDESK_NOW=2026-11-21T13:00:00+08:00 run incident list --breached --assignee lina
is "$(refs)" "INC-4" "--breached combines with --assignee"

# --sort: the queue, the newest or the soonest due first (on a database of its own)
main_db=$OPSDESK_DB
OPSDESK_DB="$T/sort.db"
"$OPSDESK_BIN" init --demo-staff >/dev/null
at 03:00; new --title '夜间 P2' --impact high --urgency medium    # INC-1 P2, due 11:00
at 08:00; new --title '上午 P4'                                   # INC-2 P4, due 11-27
at 09:00; new --title '刚刚 P1' --impact high --urgency high      # INC-3 P1, due 13:00
run incident list
is "$(refs)" "INC-3 INC-1 INC-2" "--sort queue (the default): P1, P2, P4"
run incident list --sort newest
is "$(refs)" "INC-3 INC-2 INC-1" "--sort newest: the last recorded first"
run incident list --sort due
is "$(refs)" "INC-1 INC-3 INC-2" "--sort due: the P2 due 11:00 before the P1 due 13:00"
run incident list --sort oldest
is "$RC" 2 "--sort oldest: exit 2"
like "$ERR" "--sort: 'oldest' is not queue, newest or due" "... naming the orders"
OPSDESK_DB=$main_db

# usage errors
run incident list --mine --unassigned
is "$RC" 2 "--mine with --unassigned: exit 2"
like "$ERR" "give one of --mine, --assignee, --unassigned" "... says to give one"
run incident list --limit 0
is "$RC" 2 "--limit 0: exit 2"

# --- search ----------------------------------------------------------------------------------------
run incident list --search 报表
is "$RC" 0 "--search with a 2-character Chinese term: exit 0"
is "$(refs)" "INC-4" "... finds the summary containing it (substring path)"
run incident list --search 导出缓慢
is "$(refs)" "INC-4" "a 4-character Chinese term finds it too (full-text path)"
run incident list --search 月底结账
is "$(refs)" "INC-4" "a term past the part of the summary shown in the column"
run incident list --search 东侧
is "$(refs)" "INC-1" "a 2-character term in the description"
run incident list --search '东侧 HP 打印机'
is "$(refs)" "INC-1" "a longer mixed term in the description"
run incident list --search 令牌
is "$(refs)" "INC-3" "a 2-character term that is only in a comment (the journal)"
run incident list --search 令牌同步
is "$(refs)" "INC-3" "a 4-character term only in the comment"
run incident list --search 重新登录
is "$(refs)" "INC-3" "a term on the comment's second line"
run incident list --search wangfang
is "$(refs)" "INC-2" "the journal of an assignment is searched too"
run incident list --search 数据中心停电
is "$RC" 0 "a term that occurs nowhere: exit 0"
is "$(refs)" "" "... finds nothing"
run incident list --search 队列满 --all
is "$(refs)" "INC-5" "--search --all finds a closed incident by its journal"
run incident list --search 队列满
is "$(refs)" "" "... which the open queue leaves out"

# what is typed is matched literally, never as full-text syntax
run incident list --search '"内网"'
is "$RC" 0 "a term with double quotes: exit 0"
is "$(refs)" "INC-6" "... matched with its quotes"
run incident list --search '"'
is "$RC" 0 "a lone double quote: exit 0"
is "$(refs)" "INC-6" "... finds the summary with a double quote"
run incident list --search 'a OR b'
is "$RC" 0 "'a OR b': exit 0 (not an FTS OR)"
is "$(refs)" "INC-6" "... finds only the text 'a OR b'"
run incident list --search 'OR 失败'
is "$(refs)" "" "'OR 失败' is not in any text, so nothing (words are not matched separately)"
for q in 'NEAR(a b)' '*' 'summary:内网' '内网*' "'" '(' '^DNS'; do
	run incident list --search "$q"
	is "$RC" 0 "search for '$q' is not an error"
	is "$ERR" "" "... and prints no error"
done
run incident list --search '^DNS'
is "$(refs)" "" "'^DNS' is not an anchor: no text contains it"

# --- JSON -----------------------------------------------------------------------------------------
run incident list --json
is "$RC" 0 "list --json: exit 0"
is "$(jsql "json_valid(j)")" 1 "the output is valid JSON"
is "$(jsql "json_array_length(j)")" 5 "an array of the five open incidents"
is "$(jsql "json_extract(j, '\$[0].ref') || ' ' || json_extract(j, '\$[0].priority')")" "INC-2 P1" \
	"in queue order"
is "$(jsql "json_type(j, '\$[0].sla')")" "object" "each incident includes its sla object"
is "$(jsql "json_extract(j, '\$[0].sla.resolution.due')")" "2026-11-21T12:10:00+08:00" \
	"with the resolution clock's due time"
is "$(jsql "json_extract(j, '\$[0].sla.response.standing') || ' ' || json_extract(j, '\$[0].sla.response.stopped')")" \
	"breached 2026-11-21T09:00:00+08:00" "and the response clock: stopped by the assignment 50 minutes in, past its 15"
run incident list --search 'DNS 解析 "内网"' --json
is "$(jsql "json_valid(j)")" 1 "--search --json with quotes in the term: valid JSON"
is "$(jsql "json_extract(j, '\$[0].summary')")" 'DNS 解析 "内网" 失败 a OR b' \
	"the quotes in the summary come back intact"
run incident list --search 数据中心停电 --json
is "$(jsql "json_valid(j) || ' ' || json_array_length(j)")" "1 0" "no hits: an empty JSON array"
done_testing
