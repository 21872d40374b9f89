# The people, CIs and roster the change tests share. NOW is pinned by
# tap.sh to Saturday 2026-11-21 09:00 (Asia/Shanghai); the changes' windows
# fall in the night maintenance window of Tuesday 2026-11-24 unless a test
# says otherwise.
as() { user=$1; shift; OPSDESK_USER=$user run "$@"; }

change_setup() {
	OPSDESK_USER=root run init
	run staff add dev --name 程序员小吴 --roles network_engineer
	run staff add zhao --name 赵敏 --roles system_engineer
	run staff add li --name 李娜 --roles cab_member
	run staff add wu --name 吴刚 --roles cab_member
	run staff add chen --name 陈静 --roles cab_member
	run staff add ouyang --name 欧阳明华 --roles ops_manager
	run staff add ma --name 马骏 --roles ecab_member
	run staff add zhang --name 张伟 --roles desktop_engineer
	run asset add SW-01 --name 核心交换机 --class network
	run asset add SRV-01 --name 数据库服务器 --class server
	run asset add FW-01 --name 防火墙 --class network
	run roster set 2026-11-24 zhao N
	run roster set 2026-11-26 zhao N
	run roster set 2026-11-29 zhao N
}

# new_change ASSESSMENT CI [OPTIONS...]: a normal change by dev, implemented
# by zhao on CI on Tuesday night; leaves its reference in $CHG.
new_change() {
	assessment=$1 ci=$2; shift 2
	as dev change new --title "核心交换机固件升级" --type normal --ci "$ci" \
		--start "2026-11-24 22:00" --end "2026-11-25 01:00" --implementer zhao \
		--assessment "$assessment" --plan "1. 备份配置 2. 升级固件" --rollback "回退到旧版本" "$@"
	CHG=$OUT
}

# to_approval REF: submitted, assessed and sent to the board.
to_approval() {
	as dev do "$1" submit
	as root do "$1" assess --note "必要、可行，资源已落实"
	as root do "$1" request_approval
}

state_of() { sql "SELECT state FROM change WHERE id = ${1#CHG-}"; }
