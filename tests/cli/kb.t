#!/bin/sh
# The knowledge base (KB-n): articles and emergency plans created, bad
# input refused by field with nothing stored, every edit kept as a
# version, a stale edit refused, search of 2- and 4-character Chinese
# terms, paging, JSON, links (a missing record refused), the review
# transitions recording the reviewer, an incident resolved with an
# article, and the plans a major incident on a covered CI shows.
. "$(dirname "$0")/../lib/tap.sh"

as() { user=$1; shift; OPSDESK_USER=$user run "$@"; }
count() { sql "SELECT count(*) FROM kb"; }

OPSDESK_USER=root run init
run staff add lina --name 李娜 --roles duty_operator
run staff add wang --name 王强 --roles system_engineer
run staff add zhou --name 周经理 --roles ops_manager
run asset add DB-01 --name 核心数据库主库 --class server
run asset add DB-02 --name 核心数据库备库 --class server
run asset add SW-01 --name 核心交换机 --class network
export OPSDESK_USER=lina

# --- an article ----------------------------------------------------------------------
run kb new --title 数据库连接池耗尽 --solution "1. 重启应用连接池
2. 调大 max_connections" --symptom 应用报数据库连接超时 --cause 连接泄漏 \
	--applies-ci-classes server --applies-categories application --keywords 数据库,连接池
is "$RC" 0 "kb new"
is "$OUT" "KB-1" "... prints KB-1"
is "$(sql "SELECT type || ' ' || author || ' ' || state || ' ' || version FROM kb")" \
	"article lina draft 1" "sql: an article by its writer, a draft at version 1"
is "$(sql "SELECT version || ' ' || by || ' ' || json_extract(fields, '$.solution') FROM kb_version")" \
	"1 lina 1. 重启应用连接池
2. 调大 max_connections" "sql: its first version is kept"

# --- bad input: named by field, nothing stored ------------------------------------------
run kb new --solution 重启
is "$RC" 2 "no --title is a usage error"
like "$ERR" "'kb new' needs --title" "... naming the option"
run kb new --title 没有方案
is "$RC" 1 "an article without a solution is refused"
like "$ERR" "solution: required for an article of type article" "... naming the field"
run kb new --title 类型错误 --solution 重启 --type nosuch
like "$ERR" "type: 'nosuch' is not defined in the rules \(known: article, plan\)" "an unknown type is refused, naming the known ones"
run kb new --title 类别错误 --solution 重启 --applies-ci-classes server,mainframe
like "$ERR" "applies_ci_classes: 'mainframe' is not a CI class \(known: server, network" \
	"an unknown CI class is refused"
run kb new --title 分类错误 --solution 重启 --applies-categories 硬件
like "$ERR" "applies_categories: '硬件' is not a category" "an unknown category is refused"
run kb new --title 触发条件 --solution 重启 --trigger 宕机
like "$ERR" "trigger: only an emergency plan \(type plan\) has it" "an article with a plan's trigger is refused"
run kb new --title 作者 --solution 重启 --author nobody
is "$RC" 1 "an author who is not staff is refused"
like "$ERR" "author: " "... naming the field"
run kb new --title "$(printf 'a\033[2Jb')" --solution 重启
is "$RC" 1 "a title with an escape sequence is refused"
is "$(count)" 1 "sql: nothing of the refused articles was stored"
is "$(sql "SELECT count(*) FROM kb_version")" 1 "sql: ... nor a version"

# --- versions and a stale edit --------------------------------------------------------
run kb edit KB-1 --solution "1. 重启连接池
2. 排查连接泄漏" --expect-version 1
is "$RC" 0 "kb edit"
is "$OUT" "KB-1: saved as version 2" "... saved as version 2"
as wang kb edit KB-1 --keywords 数据库,连接池,超时 --expect-version 1
is "$RC" 1 "an edit over a newer version is refused"
like "$ERR" "KB-1 was changed by lina .* your version 1 is now 2" "... saying who changed it"
is "$(sql "SELECT keywords FROM kb WHERE id = 1")" "数据库,连接池" "sql: the stale edit changed nothing"
run kb history KB-1
like "$OUT" "^2 +2026-11-21 09:00 +lina +数据库连接池耗尽$" "history lists version 2"
like "$OUT" "^1 +2026-11-21 09:00 +lina +数据库连接池耗尽$" "... and version 1"
run kb show KB-1 --version 1
like "$OUT" "^article ver +1 of 2" "show --version 1 shows version 1 of 2"
like "$OUT" "2. 调大 max_connections" "... with the text as it was"
run kb show KB-1
like "$OUT" "2. 排查连接泄漏" "show shows the newest text"
like "$OUT" "^article ver +2 " "... as version 2"
run kb show KB-1 --version 7
is "$RC" 1 "a version that does not exist is refused"
like "$ERR" "version: KB-1 has no version 7 \(it has 2\)" "... saying how many there are"
run kb show KB-1 --version 1 --json
like "$OUT" '^\{"ref":"KB-1","article_version":1,"latest_version":2,"by":"lina"' "show --version --json"
run kb history KB-1 --json
like "$OUT" '^\{"version":2,"by":"lina","at":"2026-11-21T09:00:00\+08:00","fields":\{"title":"数据库连接池耗尽"' \
	"history --json"

# --- review: who reviewed which version -------------------------------------------------
as lina do KB-1 submit
is "$RC" 0 "the author submits the article for review"
as lina do KB-1 publish
is "$RC" 1 "a duty operator may not publish"
as zhou do KB-1 publish
is "$RC" 0 "the manager publishes it"
is "$(sql "SELECT state || ' ' || reviewed_by FROM kb WHERE id = 1")" "published zhou" "sql: published, reviewed by zhou"
is "$(sql "SELECT json_extract(fields, '$.reviewed_by') FROM kb_version WHERE kb_id = 1 AND version = 2")" \
	zhou "sql: ... version 2 is the one reviewed"
run kb edit KB-1 --keywords 数据库,连接池,超时
is "$(sql "SELECT state || ' [' || reviewed_by || '] ' || (SELECT max(version) FROM kb_version) FROM kb WHERE id = 1")" \
	"published [] 3" "an edited published article stays published as version 3, not reviewed yet"
run kb show KB-1
like "$OUT" "^reviewed by +\(not reviewed in this version\)" "... and show says so"
run kb edit KB-1 --keywords 数据库,连接池,超时,泄漏 --json
is "$OUT" '{"ref":"KB-1","article_version":4}' "edit --json"
as zhou do KB-1 confirm
is "$(sql "SELECT reviewed_by FROM kb WHERE id = 1")" zhou "confirm records the reviewer again"

# --- search: Chinese substrings of 2 and 4 characters ------------------------------------
run kb new --title 交换机端口频繁闪断 --solution 更换光模块 --symptom 网络时断时续
run kb new --title 磁盘空间不足告警 --solution 清理日志并扩容 --cause 数据文件增长过快
run kb list --search 数据
like "$OUT" "^KB-1 " "a 2-character term finds the article with it in its title"
like "$OUT" "^KB-3 " "... and the one with it in its cause"
unlike "$OUT" "^KB-2 " "... and not the others"
run kb list --search 数据库连
like "$OUT" "^KB-1 " "a 4-character term finds the article"
unlike "$OUT" "^KB-[23] " "... and only it"
run kb list --search 排查连接
like "$OUT" "^KB-1 " "a term from the solution's newest text is found"
run kb list --search 光模块 --json
like "$OUT" '"ref":"KB-2"' "search --json"
run kb search 闪断
like "$OUT" "^KB-2 " "kb search TEXT"
run kb list --search 不存在的词
is "$(printf '%s\n' "$OUT" | wc -l)" 1 "a term nowhere finds nothing (the heading only)"

# --- list, paging, JSON ----------------------------------------------------------------------
run kb list
like "$(printf '%s\n' "$OUT" | sed -n 1p)" "^REF +STATE +TYPE +TITLE +AUTHOR$" "kb list heading"
is "$(printf '%s\n' "$OUT" | sed -n '2,$p' | cut -c1-5 | tr -d ' ' | tr '\n' ' ')" "KB-3 KB-2 KB-1 " "newest first"
is "$(display_col "$OUT" 'KB-1 ' '数据库连接池耗尽')" "$(display_col "$OUT" 'REF' 'TITLE')" \
	"the title stands under its heading, by display width"
run kb list --limit 2
is "$(printf '%s\n' "$OUT" | sed -n '2,$p' | cut -c1-5 | tr -d ' ' | tr '\n' ' ')" "KB-3 KB-2 " "--limit 2: the first page"
run kb list --limit 2 --before KB-2
is "$(printf '%s\n' "$OUT" | sed -n '2,$p' | cut -c1-5 | tr -d ' ' | tr '\n' ' ')" "KB-1 " "--before KB-2: the next page"
run kb list --before INC-2
is "$RC" 2 "--before of another kind is a usage error"
run kb list --state published
is "$(printf '%s\n' "$OUT" | sed -n '2,$p' | cut -c1-5 | tr -d ' ' | tr '\n' ' ')" "KB-1 " "--state published"
run kb list --state nosuch
is "$RC" 2 "an unknown state is a usage error"
run kb list --json --limit 1
like "$OUT" '^\{"ref":"KB-3","kind":"kb","id":3,"state":"draft","state_name":"草稿"' "list --json"
like "$OUT" '"article_version":1,"plan":false\}$' "... with the article's version"
run show KB-1 --json
like "$OUT" '"reviewed_by":"zhou"' "show KB-1 --json"
like "$OUT" '"journal":\[' "... with the journal"

# --- the list's query plans: one page through an index -------------------------------------
plan() { sql "EXPLAIN QUERY PLAN $1"; }
p=$(plan "SELECT id FROM kb WHERE open = 1 AND type = 'plan' ORDER BY id DESC LIMIT 50")
unlike "$p" "TEMP B-TREE" "the plans, newest first: no sort"
# a rare term reads its matches from the full-text index and sorts those
# only; a frequent one (record.c counts) walks the index with instr
p=$(plan "SELECT id FROM kb WHERE open = 1 AND id IN (SELECT rid FROM record_text WHERE record_text MATCH '\"数据库连\"' AND kind = 'kb') ORDER BY id DESC LIMIT 50")
like "$p" "SCAN record_text VIRTUAL TABLE" "a rare term: the full-text matches first"
unlike "$p" "SCAN kb( |$)" "... never a scan of the table"
p=$(plan "SELECT id FROM kb WHERE open = 1 AND (0 OR instr(lower(title), lower('数据')) OR instr(lower(solution), lower('数据'))) ORDER BY id DESC LIMIT 50")
like "$p" "kb_by_open" "a short or frequent term walks kb_by_open"
unlike "$p" "TEMP B-TREE" "... and sorts nothing"
p=$(plan "SELECT version FROM kb_version WHERE kb_id = 1 ORDER BY version DESC")
unlike "$p" "TEMP B-TREE|SCAN kb_version" "history walks the versions' key"

# --- links ---------------------------------------------------------------------------------
run incident new --title 订单系统连接数据库超时 --ci DB-01
run link INC-1 KB-9
is "$RC" 1 "a link to an article that does not exist is refused"
like "$ERR" "KB-9" "... naming it"
run link INC-1 KB-2 --as article --back incident
is "$RC" 0 "an incident links to an article"
run show KB-2
like "$OUT" "^links +INC-1 \(incident\)" "... and the article shows it"
run comment KB-2 已在现场验证
is "$RC" 0 "comment KB-2"

# --- resolving an incident with an article (CLI) -----------------------------------------------
run incident new --title 应用连接池报错 --ci DB-01
as lina do INC-2 assign --set assignee=wang
as wang do INC-2 start
as wang do INC-2 resolve --article KB-7 --set recovery_test=已验证
is "$RC" 1 "resolving with an article that does not exist is refused"
like "$ERR" "KB-7" "... naming it"
is "$(sql "SELECT state FROM incident WHERE id = 2")" in_progress "sql: ... and nothing changed"
as wang do INC-2 resolve --article KB-1 --set recovery_test=已验证
is "$RC" 0 "do resolve --article KB-1"
is "$(sql "SELECT state || ' ' || cause FROM incident WHERE id = 2")" "resolved 连接泄漏" \
	"sql: resolved with the article's cause"
like "$(sql "SELECT resolution FROM incident WHERE id = 2")" "排查连接泄漏" "sql: ... and its solution"
is "$(sql "SELECT from_role || ' ' || to_ref FROM record_link WHERE from_ref = 'INC-2'")" "article KB-1" \
	"sql: ... and linked to it"
run do KB-1 submit --article KB-1
is "$RC" 2 "--article on anything but an incident is a usage error"

# --- emergency plans ----------------------------------------------------------------------
run kb new --type plan --title 核心数据库宕机应急预案 --steps "1. 通知值班经理
2. 切换到备库
3. 验证业务恢复
4. 通报用户"
is "$RC" 1 "a plan without a trigger is refused"
like "$ERR" "trigger: required for an emergency plan \(type plan\)" "... naming the field"
run kb new --type plan --title 核心数据库宕机应急预案 --trigger 主库不可用超过5分钟 --steps "1. 通知值班经理
2. 切换到备库
3. 验证业务恢复
4. 通报用户" --roles-contacts "指挥：周经理 13800000000" --recovery-targets "RTO 30分钟，RPO 5分钟" --ci DB-01,DB-09
is "$RC" 1 "a plan covering a CI that does not exist is refused"
like "$ERR" "DB-09" "... naming the tag"
run kb new --type plan --title 核心数据库宕机应急预案 --trigger 主库不可用超过5分钟 --steps "1. 通知值班经理
2. 切换到备库
3. 验证业务恢复
4. 通报用户" --roles-contacts "指挥：周经理 13800000000" --recovery-targets "RTO 30分钟，RPO 5分钟" --ci DB-01
is "$OUT" KB-4 "a plan is KB-4"
run kb new --type plan --title 网络设备故障应急预案 --trigger 核心网络中断 --steps 启用备用链路 --applies-ci-classes network
is "$OUT" KB-5 "a plan for a CI class is KB-5"
run kb list --type plan
is "$(printf '%s\n' "$OUT" | sed -n '2,$p' | cut -c1-5 | tr -d ' ' | tr '\n' ' ')" "KB-5 KB-4 " "--type plan lists the plans"
run kb list --type article --limit 2
is "$(printf '%s\n' "$OUT" | sed -n '2,$p' | cut -c1-5 | tr -d ' ' | tr '\n' ' ')" "KB-3 KB-2 " "--type article pages the articles"
run kb list --ci DB-01
is "$(printf '%s\n' "$OUT" | sed -n '2,$p' | cut -c1-5 | tr -d ' ' | tr '\n' ' ')" "" "a draft plan is not in force"
as zhou do KB-4 submit
as zhou do KB-4 publish
as zhou do KB-5 submit
as zhou do KB-5 publish
run kb list --ci DB-01
is "$(printf '%s\n' "$OUT" | sed -n '2,$p' | cut -c1-5 | tr -d ' ' | tr '\n' ' ')" "KB-4 " "kb list --ci: the published plan naming the CI"
run asset show DB-01
like "$OUT" "^plans +KB-4 核心数据库宕机应急预案$" "asset show lists the plans covering the CI"
run asset show DB-01 --json
like "$OUT" '"plans":\[\{"ref":"KB-4","title":"核心数据库宕机应急预案"\}\]' "... and its JSON"
run kb list --ci SW-01
is "$(printf '%s\n' "$OUT" | sed -n '2,$p' | cut -c1-5 | tr -d ' ' | tr '\n' ' ')" "KB-5 " "... and the plan for the CI's class"
run kb list --ci NOPE-1
is "$RC" 1 "--ci of an unknown tag is refused"

# a major incident (P1) on DB-01 shows the plan; a minor one does not
run incident new --title 核心数据库主库宕机 --ci DB-01 --impact high --urgency high
is "$OUT" INC-3 "a major incident on DB-01"
run show INC-3
like "$OUT" "^plans +KB-4  核心数据库宕机应急预案$" "show INC-3 shows the plan"
like "$OUT" "^ +trigger: 主库不可用超过5分钟$" "... its trigger"
like "$OUT" "^ +steps: 1. 通知值班经理 2. 切换到备库 3. 验证业务恢复$" "... and its first steps"
run show INC-3 --json
like "$OUT" '"plans":\[\{"ref":"KB-4","title":"核心数据库宕机应急预案","trigger":"主库不可用超过5分钟"' \
	"show --json has the plan"
run show INC-1
unlike "$OUT" "^plans" "a minor incident on the same CI shows no plan"
run incident new --title 核心交换机故障 --ci SW-01 --impact high --urgency high
run show INC-4
like "$OUT" "^plans +KB-5  网络设备故障应急预案$" "a major incident on a CI of a class a plan applies to shows it"
as zhou do KB-4 retire --note 已被新预案替代
run show INC-3
unlike "$OUT" "^plans" "a retired plan is not shown"
run kb edit KB-4 --title 新标题
is "$RC" 1 "a retired article is not edited"

# --- a review is someone else's ------------------------------------------------------------
as zhou kb new --title 备份任务失败 --solution 检查备份空间
is "$OUT" KB-6 "the manager writes KB-6"
as zhou do KB-6 submit
as zhou do KB-6 publish
is "$RC" 1 "the author may not publish their own article"
like "$ERR" "KB-6: you wrote its version 1; 'publish' \(审核发布\) is a review by someone else" "... saying why"
is "$(sql "SELECT state || ' [' || reviewed_by || ']' FROM kb WHERE id = 6")" "review []" "sql: still in review"

# --- the articles for an incident's summary --------------------------------------------
run incident new --title 光模块
is "$OUT" INC-5 "an incident about 光模块"
run kb list --for INC-5
like "$OUT" "^KB-2 " "--for INC-5 searches with the incident's summary"
run incident new --title "订单系统：数据库连接池耗尽，用户无法下单（第 3 次）"
run kb list --for "$OUT"
like "$OUT" "^KB-1 " "--for searches with the part of a long summary that finds an article"
like "$ERR" "searched for '数据库连接池耗尽'" "... saying which part"
run kb list --for INC-9
is "$RC" 1 "--for an incident that does not exist is refused"

done_testing
