#!/bin/sh
# Problems (PRB-n) and recurrence detection. On a fixed set of incidents
# the rules' recurrence (3 on one CI within 7 days, 5 in one category
# within a day) finds the groups it should and no other (too few, too old,
# cancelled ones not counted); a group an open problem covers is not
# suggested again, and is once the problem is closed. A problem made from
# a candidate goes through its workflow with a 5-why chain, fishbone
# notes and a change as its fix, and resolves its open incidents. Bad
# input is refused naming the field, with nothing stored.
. "$(dirname "$0")/../lib/tap.sh"

count() { sql "SELECT count(*) FROM problem"; }
inc() { # inc WHEN TITLE ARGS...: an incident recorded at WHEN
	when=$1 title=$2
	shift 2
	OPSDESK_NOW="$when" run incident new --title "$title" "$@"
}

OPSDESK_USER=root run init
run staff add lina --name 李娜 --roles duty_operator,ops_manager
run staff add zhao --name 赵敏 --roles system_engineer
for a in "SRV-DB 核心数据库 server" "SRV-WEB 门户网站 server" "SRV-OLD 旧档案库 server" \
	"SRV-C 测试机 server" "SW-01 核心交换机 network"; do
	set -- $a
	OPSDESK_USER=root run asset add "$1" --name "$2" --class "$3"
done
export OPSDESK_USER=lina

# --- the fixed data set -----------------------------------------------------------------
# SRV-DB: three within the week (INC-1..3)
inc "2026-11-16T09:00:00+08:00" "数据库连接超时" --ci SRV-DB --category server
inc "2026-11-18T09:00:00+08:00" "数据库连接超时，应用报错" --ci SRV-DB --category server
inc "2026-11-20T10:00:00+08:00" "数据库再次超时" --ci SRV-DB --category server
# SRV-WEB: two only (INC-4, 5)
inc "2026-11-19T09:00:00+08:00" "门户打不开" --ci SRV-WEB --category application
inc "2026-11-20T09:00:00+08:00" "门户打开很慢" --ci SRV-WEB --category application
# SRV-OLD: three, but the first fell out of the week (INC-6..8)
inc "2026-11-10T09:00:00+08:00" "档案库无法登录" --ci SRV-OLD --category storage
inc "2026-11-17T09:00:00+08:00" "档案库无法登录" --ci SRV-OLD --category storage
inc "2026-11-19T09:00:00+08:00" "档案库无法登录" --ci SRV-OLD --category storage
# SRV-C: three, one of them cancelled as a duplicate (INC-9..11)
inc "2026-11-18T09:00:00+08:00" "测试机宕机" --ci SRV-C --category desktop
inc "2026-11-19T09:00:00+08:00" "测试机宕机" --ci SRV-C --category desktop
inc "2026-11-19T09:05:00+08:00" "测试机宕机（重复报告）" --ci SRV-C --category desktop
run do INC-11 cancel --note 重复报告
is "$RC" 0 "a duplicate report is cancelled"
# network: five within the day on no CI or different ones (INC-12..16)
for h in 01 03 05 07 08; do
	inc "2026-11-21T$h:00:00+08:00" "网络中断 $h 时" --category network
done

run problem candidates
is "$RC" 0 "problem candidates"
is "$OUT" "3 incidents on CI SRV-DB (核心数据库) in 7d: INC-1,INC-2,INC-3
5 incidents in category network (网络故障) in 1d: INC-12,INC-13,INC-14,INC-15,INC-16" \
	"... finds SRV-DB's three and the day's five network faults, and nothing else: not two, not one outside the week, not a cancelled one"
run problem candidates --json
like "$OUT" '^\{"by":"ci","key":"SRV-DB","name":"核心数据库","count":3,"within":"7d","incidents":\["INC-1","INC-2","INC-3"\]\}' \
	"... and as JSON"
OPSDESK_NOW="2026-11-22T08:30:00+08:00" run problem candidates
unlike "$OUT" "category network" "... a day later the network group is no longer within its day"

# --- bad input: named, nothing stored ----------------------------------------------------
run problem new --from INC-1
is "$RC" 2 "no --title is a usage error"
like "$ERR" "'problem new' needs --title" "... naming the option"
run problem new --title 数据库超时 --from INC-1,INC-99
is "$RC" 1 "an incident that does not exist is refused"
like "$ERR" "from: there is no INC-99" "... naming it"
run problem new --title 数据库超时 --from INC-1,CHG-1
is "$RC" 2 "--from with a reference that is not an incident is a usage error"
like "$ERR" "'CHG-1' names no incident \(INC-n\)" "... saying what it is not"
run problem new --title 数据库超时 --from INC-1,INC-1
like "$ERR" "from: INC-1 is given twice" "an incident given twice is refused"
run problem new --title 数据库超时 --category nosuch
is "$RC" 1 "an unknown category is refused"
like "$ERR" "^opsdesk: category: 'nosuch'" "... naming the field"
run problem new --title "$(printf '%0201d' 0)"
like "$ERR" "title" "a title too long is refused, naming the field"
is "$(count)" 0 "sql: no problem was stored"
is "$(sql "SELECT count(*) FROM record_link")" 0 "sql: and no link"

# --- a problem from the candidate ----------------------------------------------------------
run problem new --title 核心数据库反复超时 --from INC-1,INC-2,INC-3 --json
is "$OUT" '{"ref":"PRB-1"}' "problem new --from prints PRB-1"
run show PRB-1 --json
like "$OUT" '"category":"server"' "... the category comes from its incidents"
like "$OUT" '"cis":\["SRV-DB"\]' "... and so does the CI"
like "$OUT" '"links":\[\{"ref":"INC-1","role":"incident"' "... the incidents are linked"
run show INC-2
like "$OUT" "^problem +PRB-1 核心数据库反复超时 \(新建\)$" "an incident shows its problem"
run problem candidates
unlike "$OUT" "SRV-DB" "a group an open problem covers is not suggested again"
inc "2026-11-20T12:00:00+08:00" "数据库又超时" --ci SRV-DB --category server
is "$OUT" "INC-17" "a fourth incident on SRV-DB"
run problem candidates
unlike "$OUT" "SRV-DB" "... is still covered: the open problem names the CI"
run link INC-13 PRB-1
run problem candidates
unlike "$OUT" "category network" "a category's group is covered once an open problem is linked to one of its incidents"
run unlink INC-13 PRB-1
is "$RC" 0 "unlink from the incident's side"

# --- the analysis ------------------------------------------------------------------------------
run problem why PRB-1 --why 为什么应用报数据库超时 --answer 连接池耗尽
is "$RC" 0 "problem why"
run problem why PRB-1 --why 为什么连接池耗尽 --answer 慢查询占用连接不释放
run problem fishbone PRB-1 --category technology --note "连接池上限 50 过小"
run problem fishbone PRB-1 --category process --note 上线前未做压测
run problem fishbone PRB-1 --category weather --note 下雨
is "$RC" 1 "a fishbone category the rules do not have is refused"
like "$ERR" "category: 'weather' is not a fishbone category of the rules \(known: people \(人员\), process" \
	"... naming the categories there are"
run problem why PRB-1 --why 为什么
is "$RC" 2 "a why without its answer is a usage error"
run show PRB-1
like "$OUT" "^  2\. why: 为什么连接池耗尽$" "show lists the 5 whys in order"
like "$OUT" "^     because: 慢查询占用连接不释放$" "... each with its answer"
like "$OUT" "^  技术: 连接池上限 50 过小$" "... and the fishbone notes by category"
run show PRB-1 --json
like "$OUT" '"analysis":\[\{"kind":"why","why":"为什么应用报数据库超时","answer":"连接池耗尽"' "... and in JSON"

# --- the workflow with a change as the fix ------------------------------------------------------
run do PRB-1 investigate
is "$RC" 1 "investigate needs an assignee"
like "$ERR" "assignee" "... naming the field"
run do PRB-1 investigate --set assignee=zhao
is "$RC" 0 "investigate"
run problem edit PRB-1 --workaround 重启连接池服务可暂时恢复 --known-error yes \
	--known-error-text "连接池上限过小" --version 3
is "$RC" 1 "an edit against an old version is refused"
like "$ERR" "PRB-1" "... naming the record"
version=$(sql "SELECT version FROM problem WHERE id = 1")
run problem edit PRB-1 --workaround 重启连接池服务可暂时恢复 --known-error yes \
	--known-error-text "连接池上限过小" --version "$version"
is "$RC" 0 "the workaround and the known error are recorded"
run show INC-1
like "$OUT" "^workaround +重启连接池服务可暂时恢复$" "the incidents show the workaround"
like "$OUT" "^known error +连接池上限过小$" "... and the known error"
run show INC-1 --json
like "$OUT" '"problems":\[\{"ref":"PRB-1","title":"核心数据库反复超时","state":"investigating","workaround":"重启连接池服务可暂时恢复","known_error":true\}\]' \
	"... also in JSON"
OPSDESK_USER=zhao run do PRB-1 cause_found
is "$RC" 1 "cause_found needs the root cause"
OPSDESK_USER=zhao run do PRB-1 cause_found --set root_cause=连接池上限过小且存在慢查询
is "$RC" 0 "the assignee records the root cause"
OPSDESK_USER=zhao run do PRB-1 fix --set fix=CHG-1
is "$RC" 1 "a fix that is not a change that exists is refused"
like "$ERR" "fix: there is no CHG-1" "... naming the field"
OPSDESK_USER=zhao run do PRB-1 fix --set fix=INC-2
like "$ERR" "fix: 'INC-2' names no change" "... nor another kind of record"
run change new --title 扩大数据库连接池 --type standard --ci SRV-DB \
	--start "2026-11-22 22:00" --end "2026-11-22 23:00"
is "$OUT" "CHG-1" "the change that fixes it"
OPSDESK_USER=zhao run do PRB-1 fix --set fix=CHG-1
is "$RC" 0 "fix with the change"
run show CHG-1
like "$OUT" "PRB-1 \(problem\)" "the change shows the problem it fixes"
OPSDESK_USER=zhao run do PRB-1 verify
run do PRB-1 close --set verification=压测三天无超时
is "$RC" 1 "close needs a closure too"
run do PRB-1 close --set verification=压测三天无超时 --set closure=已永久修复
is "$RC" 0 "the problem is closed"
like "$ERR" "note: PRB-1 has 3 open incidents; resolve them with opsdesk problem resolve-incidents PRB-1" \
	"... and do offers to resolve its open incidents"
run problem why PRB-1 --why 还有 --answer 没有
is "$RC" 1 "a closed problem's analysis no longer changes"

# --- into the knowledge base -------------------------------------------------------------------
run problem article PRB-1
is "$OUT" "KB-1" "a solved problem becomes an article in one step"
run show KB-1 --json
like "$OUT" '"title":"核心数据库反复超时"' "... with its title"
like "$OUT" '"symptom":"INC-1 数据库连接超时\\nINC-2 数据库连接超时，应用报错\\nINC-3 数据库再次超时"' \
	"... its incidents' summaries as the symptom, as it has no description"
like "$OUT" '"cause":"连接池上限过小且存在慢查询"' "... its root cause"
like "$OUT" '"solution":"Permanent fix: CHG-1 扩大数据库连接池\\nWorkaround: 重启连接池服务可暂时恢复"' \
	"... the fix and the workaround as the solution"
like "$OUT" '"applies_ci_classes":"server","applies_categories":"server"' "... and what it applies to"
like "$OUT" '"links":\[\{"ref":"PRB-1","role":"problem"' "... linked to the problem"
run problem article PRB-1
is "$RC" 1 "a problem is written up once"
like "$ERR" "PRB-1 is written up already, as KB-1" "... saying where"

# --- resolving its open incidents ----------------------------------------------------------------
run do INC-1 assign --set assignee=zhao
OPSDESK_USER=zhao run do INC-1 start
run problem resolve-incidents PRB-1
is "$RC" 1 "resolve-incidents exits non-zero when some cannot be resolved"
like "$OUT" "^INC-1: resolved$" "... the one in progress is resolved"
like "$OUT" "^INC-2: not resolved: INC-2 is 新建: the rules have no way to resolve it from there$" \
	"... the others are listed with why"
is "$(sql "SELECT state || '|' || cause || '|' || recovery_test FROM incident WHERE id = 1")" \
	"resolved|连接池上限过小且存在慢查询|压测三天无超时" \
	"sql: the incident has the problem's cause and verification"
like "$(sql "SELECT resolution FROM incident WHERE id = 1")" "PRB-1.*CHG-1" \
	"sql: ... and a resolution naming the problem and its fix"
run problem candidates
like "$OUT" "^4 incidents on CI SRV-DB" "a closed problem covers nothing: the group is suggested again"

# --- the list ----------------------------------------------------------------------------------
run problem new --title 门户网站访问慢 --from INC-4,INC-5
run problem new --title 网络设备不稳定 --category network
run problem list
is "$RC" 0 "problem list"
like "$OUT" "^PRB-3 +新建 +网络故障 +网络设备不稳定" "... newest first, with state and category names"
unlike "$OUT" "PRB-1" "... open ones only"
printf '%s\n' "$OUT" | columns_aligned REF 状态 类别 标题 >/dev/null
run problem list --all --limit 1 --before PRB-3
like "$OUT" "^PRB-2 " "--before gives the next page"
is "$(printf '%s\n' "$OUT" | wc -l)" 2 "... one row of it with --limit 1"
run problem list --state closed --json
like "$OUT" '"ref":"PRB-1"' "--state closed lists the closed one"
run problem list --state nosuch
is "$RC" 2 "an unknown state is a usage error"
run problem list --search 门户
like "$OUT" "PRB-2" "--search finds a Chinese substring of the title"
run problem article PRB-2
is "$RC" 1 "a problem without a root cause is no article yet"
like "$ERR" "root_cause: PRB-2 has no root cause yet" "... naming the field"
is "$(sql "SELECT count(*) FROM kb")" 1 "sql: no second article"
run link PRB-2 INC-99
is "$RC" 1 "a link to an incident that does not exist is refused"
like "$ERR" "there is no INC-99" "... naming it"

done_testing
