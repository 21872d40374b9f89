#!/bin/sh
# Screen 4, the duty roster, in a real terminal: the month grid with
# Chinese names aligned by display width, today and the people on duty now
# marked, weekends, holidays, leave and coverage gaps marked, per-person
# totals; setting, ticking several and clearing cells (checked in the
# database), refusals (a non-manager, a day of leave, a cell another session
# changed) on the status line; horizontal scrolling at 80 columns, a wide
# terminal showing the whole month, resizing; another session's change
# showing without a key press; who is on duty in the top bar and on the
# dashboard.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init >/dev/null
"$OPSDESK_BIN" staff add lina --name 李娜 --roles network_engineer >/dev/null
"$OPSDESK_BIN" staff add ouyang --name 欧阳明华 --roles system_engineer >/dev/null
"$OPSDESK_BIN" staff add wangwei --name 王伟 --roles duty_operator >/dev/null
"$OPSDESK_BIN" staff add alice --name 'Alice Wong' --roles network_engineer >/dev/null
"$OPSDESK_BIN" staff add zhaoliu --name 赵六 --roles duty_operator >/dev/null
# The clock stands at Saturday 2026-11-21 09:00, in the day shift D. The
# 21st and 22nd are covered (root, rostered on the 21st, is on leave and
# does not count); the 23rd has one of the two D people and no N.
for cell in "21 lina D" "21 wangwei D" "21 root D" "21 ouyang N" "22 lina D" "22 alice D" \
	"22 ouyang N" "23 lina D"; do
	set -- $cell
	"$OPSDESK_BIN" roster set "2026-11-$1" "$2" "$3" >/dev/null
done
"$OPSDESK_BIN" leave add root --from 2026-11-21 --reason 病假 >/dev/null
"$OPSDESK_BIN" leave add wangwei --from 2026-11-24 --to 2026-11-25 --reason 年假 >/dev/null
roster_of() { sql "SELECT group_concat(shift, ',') FROM (SELECT shift FROM roster WHERE day = '$1' AND login = '$2' ORDER BY shift)"; }

cursor() { tmux_ display-message -p -t t '#{cursor_x}'; }
line() { tui_screen | sed -n "$1p"; }
# cells TEXT COL WIDTH: what shows in display columns COL..COL+WIDTH-1 of
# the first line of TEXT (wide characters count 2).
cells() {
	printf '%s\n' "$1" | head -n 1 | perl -CSDA -e '
		my ($col, $len) = @ARGV;
		my $line = <STDIN>;
		chomp $line;
		my ($w, $out) = (0, "");
		for my $ch (split //, $line) {
			my $cw = $ch =~ /[\p{EA=W}\p{EA=F}]/ ? 2 : 1;
			$out .= $ch if $w >= $col && $w + $cw <= $col + $len;
			$w += $cw;
		}
		print "$out\n";' "$2" "$3"
}
row_of() { tui_screen | grep -m1 "^$1 "; }

# --- a wide terminal: the whole month ------------------------------------------------------
tui_start 200 50
# the dashboard's last line about duty, so the whole screen is drawn
tui_wait 'Next shift +夜班'
like "$(line 1)" 'Duty 白班: 李娜 王伟 +root +2026-11-21 09:00' \
	"the top bar names who is on duty now"
like "$(tui_screen)" 'On duty now +白班 \(D\) 11-21 08:00 to 20:00: 李娜 \(lina\), 王伟 \(wangwei\), root \(root, not on duty: on leave or deactivated\)' \
	"the dashboard shows the shift on duty now with its people, and who of them is away"
like "$(tui_screen)" 'Next shift +夜班 \(N\) 11-21 20:00 to 11-22 08:00: 欧阳明华 \(ouyang\)' \
	"and the next shift"
tui_keys 4
tui_wait '^2026-11 '
ok $? "4 shows the roster of this month"
screen=$(tui_screen)
like "$(line 3)" ' 1! 2! 3' "the header starts at the 1st: the whole month fits"
like "$(line 3)" '30! +Shifts +Nights +W/H +Hours$' "and ends at the 30th, the totals beside it"
like "$(line 4)" '^ +Su Mo Tu We Th Fr Sa Su' "weekdays under the days (November 1st is a Sunday)"

# The cursor starts on today in the first row; every row's cell for the
# 21st starts in the same display column, whatever the name before it.
x=$(cursor)
is "$(cells "$(line 3)" "$x" 2)" "21" "the cursor starts in today's column"
like "$(row_of 'Alice Wong')" '^Alice Wong  \. ' \
	"the name column is as wide as the widest name in display cells (欧阳明华 is 8, not 12)"
is "$(cells "$(row_of 'Alice Wong')" $((x - 1)) 3)" " . " "Alice Wong has no shift on the 21st"
is "$(cells "$(row_of 李娜)" $((x - 1)) 3)" ">D " "李娜's D is under the 21st, marked > as on duty now"
is "$(cells "$(row_of 欧阳明华)" $((x - 1)) 3)" " N " "欧阳明华 (four wide characters) is aligned too; N is not on duty yet"
is "$(cells "$(row_of 王伟)" $((x - 1)) 3)" ">D " "王伟 on duty now"
is "$(cells "$(row_of root)" $((x - 1)) 3)" " D/" "root's D on a day of leave is marked / and not on duty"
is "$(cells "$(row_of 李娜)" $((x + 2)) 6)" " D  D " "the 22nd and 23rd follow in their columns"
is "$(cells "$(row_of 王伟)" $((x + 8)) 6)" " /  / " "王伟's days of leave are marked /"
like "$(tmux_ capture-pane -e -p -t t | sed -n 3p)" '7m(.\[[0-9;]*m)*21' "today's day number is highlighted"
like "$(tmux_ capture-pane -e -p -t t | sed -n 4p)" '\[7mSa' "and its weekday"
like "$(row_of 李娜)" ' 3 +0 +2 +36$' "李娜's totals: 3 shifts, no nights, 2 on the weekend, 36 hours"
like "$(row_of 欧阳明华)" ' 2 +2 +2 +24$' "欧阳明华's: 2 shifts, both nights"
like "$(row_of root)" ' 1 +0 +1 +12$' "root's: one weekend day shift"
like "$(row_of 赵六)" ' 0 +0 +0 +0$' "active staff with no shift are rows too"

# Coverage: the 23rd is short of D people and of N; its header says so.
is "$(cells "$(row_of 'D 白班')" $((x + 6)) 2)" "1!" "the coverage row of D marks the 23rd: 1 person, short"
is "$(cells "$(row_of 'N 夜班')" $((x + 6)) 2)" "0!" "the N row marks the 23rd: nobody"
is "$(cells "$(row_of 'D 白班')" "$x" 5)" "     " "the covered 21st and 22nd are blank"
is "$(cells "$(line 3)" $((x + 6)) 3)" "23!" "the 23rd's day number is marked !, after the number"
is "$(cells "$(line 3)" "$x" 3)" "21 " "the covered 21st is not"
# a shift set on today's current shift shows in the top bar at once
tui_keys Enter Enter
tui_wait '2026-11-21 Alice Wong \(alice\): D\.'
like "$(line 1)" 'Duty 白班: Alice Wong 李娜 王伟 ' "setting today's D puts the person in the top bar"
tui_keys x
tui_wait '2026-11-21 Alice Wong \(alice\): no shift\.'
like "$(line 1)" 'Duty 白班: 李娜 王伟 ' "and clearing it takes them out"
tui_keys Right Right
tui_wait '^Mo 2026-11-23  Alice Wong \(alice\): no shift'
ok $? "Right moves to the 23rd; the line below the grid describes the cell"
like "$(tui_screen)" '! Short on 11-23: D 白班 has 1 of 2; N 夜班 has 0 of 1' \
	"and says what the day is short of"

# --- setting and clearing cells --------------------------------------------------------------
tui_keys Enter
tui_wait 'Shift of Alice Wong \(alice\) on Mo 2026-11-23, now -:'
ok $? "Enter opens the choice of shifts"
like "$(tui_screen)" '\[ \] N   夜班 20:00-08:00' "it lists the rules' shifts with their times"
tui_keys Down Enter
tui_wait '2026-11-23 Alice Wong \(alice\): N\.'
ok $? "Down and Enter set the shift under the cursor, and say so"
is "$(roster_of 2026-11-23 alice)" "N" "the roster table has the cell"
is "$(sql "SELECT set_by FROM roster WHERE day = '2026-11-23' AND login = 'alice'")" "root" \
	"set by the acting user"
tui_wait '! Short on 11-23: D 白班 has 1 of 2$'
ok $? "the N gap of the 23rd is gone"
x=$(cursor)
is "$(cells "$(row_of 'Alice Wong')" "$x" 2)" "N " "the grid shows the new code"
is "$(cells "$(row_of 'N 夜班')" "$x" 2)" "  " "and the N coverage of the 23rd is blank now"

# several shifts on one day: Space ticks them, Enter sets the ticked ones
tui_keys Down s Space Down Space
# the second tick is the last key: wait for it, then look at both
tui_wait '\[x\] N '
like "$(tui_screen)" '\[x\] D ' "Space ticks D and N"
tui_keys Enter
tui_wait '2026-11-23 李娜 \(lina\): D,N\.'
is "$(roster_of 2026-11-23 lina)" "D,N" "both are stored"
is "$(cells "$(row_of 李娜)" "$(cursor)" 2)" "DN" "the cell shows both codes"

# x clears
tui_keys x
tui_wait '2026-11-23 李娜 \(lina\): no shift\.'
ok $? "x clears the cell"
is "$(sql "SELECT count(*) FROM roster WHERE day = '2026-11-23' AND login = 'lina'")" 0 \
	"the roster table has nothing left for it"
is "$(cells "$(row_of 李娜)" "$(cursor)" 2)" ". " "the cell shows ."
tui_keys Up
tui_keys DC
tui_wait '2026-11-23 Alice Wong \(alice\): no shift\.'
is "$(roster_of 2026-11-23 alice)" "" "Delete clears too"

# leave: the core refuses, the status line says why and the chooser stays
tui_keys G k Right
tui_wait '^Tu 2026-11-24  王伟 \(wangwei\): no shift; on leave'
ok $? "a day of leave says so"
tui_keys Enter Enter
tui_wait 'is on leave on 2026-11-24'
ok $? "setting a day of leave is refused with the reason"
like "$(tui_screen)" 'Shift of 王伟 \(wangwei\)' "the choice stays open"
is "$(roster_of 2026-11-24 wangwei)" "" "nothing was stored"
tui_keys Escape
tui_wait '! short of cover'
ok $? "Esc closes the choice"

# another session's change shows without a key press
tui_keys k
tui_wait '^Tu 2026-11-24  root \(root\): no shift'
"$OPSDESK_BIN" roster set 2026-11-24 root D >/dev/null
tui_wait '^Tu 2026-11-24  root \(root\): D 白班 08:00-20:00' 5
ok $? "a cell set by another session appears without a key press"

# a cell changed by another session after this one last read it: refused,
# naming who, and nothing of the other change is lost. The console is
# stopped so the key reaches it before it rereads.
pid=$(tui_pid)
kill -STOP "$pid"
"$OPSDESK_BIN" roster set 2026-11-24 root N >/dev/null
tui_keys x
kill -CONT "$pid"
tui_wait 'changed by root meanwhile \(now: N, you saw: D\)' 5
ok $? "clearing a cell another session changed is refused with what changed"
is "$(roster_of 2026-11-24 root)" "N" "the other session's change stands"
tui_wait '^Tu 2026-11-24  root \(root\): N 夜班' 5
ok $? "and the grid shows it"

# --- months, weekends, holidays ----------------------------------------------------------------
tui_keys '['
tui_wait '^2026-10 '
ok $? "[ goes to the previous month"
# October 1st-2nd and 5th-7th are holidays of the rules' calendar; the 10th,
# a Saturday, is a make-up working day.
like "$(line 4)" '^ +\*Th\*Fr Sa Su\*Mo\*Tu\*We Th Fr Sa Su' "holidays are marked * in the weekday row"
tui_keys '>' '>'
tui_wait '^2026-12 '
ok $? "> goes forward a month (and ] too)"
tui_keys t
tui_wait '^Sa 2026-11-21 '
ok $? "t comes back to today"
tui_keys '?'
tui_wait 'Roster \(screen 4\)'
ok $? "the help lists the roster's keys"
like "$(tui_screen)" 'x Delete +clear the selected cell' "from the action list"
tui_stop

# --- 80 columns: the days scroll, names and totals stay ----------------------------------------
tui_start 80 24
tui_wait 'Dashboard'
tui_keys 4
tui_wait '^2026-11 '
like "$(line 1)" 'Roster +白班: 李娜 王伟 +root ' "at 80 columns the top bar still names who is on duty"
like "$(line 3)" 'Shifts Nights W/H Hours$' "the totals stay at the right"
like "$(line 3)" '[ !]30' "the days ahead of today are in sight"
unlike "$(line 3)" ' 1! 2' "not every day fits"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do tui_keys Left; done
tui_wait '^Su 2026-11-01 '
like "$(line 3)" '^ + 1! 2!' "moving to the 1st scrolls the days back to it"
unlike "$(line 3)" '25' "the 25th is out of sight"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do tui_keys l; done
tui_wait '^We 2026-11-25 '
ok $? "l moves along the days to the 25th"
is "$(cells "$(line 3)" "$(cursor)" 2)" "25" "the 25th's column is in sight, under the cursor"
unlike "$(line 3)" ' 1! 2' "the first days scrolled away"
like "$(line 3)" '^ +<' "a < says there are days to the left"
like "$(row_of 李娜)" '^李娜 ' "the names stay"
like "$(row_of 李娜)" ' 2 +0 +2 +24$' "and so do the totals"

# resizing never loses the grid
for size in "60 15" "200 50" "30 8" "80 24"; do
	tui_resize $size
	sleep 0.3
done
tui_wait '^We 2026-11-25 ' 5
ok $? "after resizing back to 80x24 the grid and its cursor are there"
tui_keys q
tui_wait '\[exit 0\]'
ok $? "q quits"
tui_stop

# --- someone who may not plan the roster ---------------------------------------------------------
tui_start 100 30 OPSDESK_USER=wangwei
tui_wait 'Dashboard'
unlike "$(tui_screen)" 'Swap requests' "the swap requests are only for those who approve them"
tui_keys 4
tui_wait '^2026-11 '
tui_keys Enter
tui_wait "'roster.manage' is not permitted for you"
ok $? "a duty operator is refused setting a cell, with the reason"
unlike "$(tui_screen)" 'Shift of' "no choice was opened"
tui_keys Down
tui_wait '^Sa 2026-11-21  李娜 \(lina\): D'
unlike "$(tui_screen)" 'not permitted' "the next key clears the message"
tui_keys x
tui_wait "'roster.manage' is not permitted for you"
ok $? "and clearing one"
is "$(roster_of 2026-11-21 lina)" "D" "the cell is unchanged"
tui_stop

# --- monochrome: the markers carry the meaning ----------------------------------------------------
tui_start 200 50 NO_COLOR=1
tui_wait 'Dashboard'
tui_keys 4
tui_wait '^2026-11 '
like "$(row_of 李娜)" '>D' "without colours on-duty cells keep their >"
like "$(line 3)" '20!21 22 23!' "and gap days their !"
like "$(tmux_ capture-pane -e -p -t t | sed -n 3p)" '7m(.\[[0-9;]*m)*21' "today is in reverse video"
tui_stop

# --- swap requests on a manager's dashboard ------------------------------------------------------
OPSDESK_USER=lina "$OPSDESK_BIN" swap request 2026-11-22/D --with wangwei --reason 家里有事 >/dev/null
OPSDESK_USER=wangwei "$OPSDESK_BIN" swap agree 1 >/dev/null
OPSDESK_USER=ouyang "$OPSDESK_BIN" swap request 2026-11-22/N --with zhaoliu --reason 调休 >/dev/null
OPSDESK_USER=zhaoliu "$OPSDESK_BIN" swap decline 2 >/dev/null
OPSDESK_USER=alice "$OPSDESK_BIN" swap request 2026-11-22/D --with zhaoliu --reason 培训 >/dev/null
tui_start 100 30
tui_wait 'Dashboard'
like "$(tui_screen)" 'Swap requests +2 pending' "a manager sees the pending swap requests"
like "$(tui_screen)" '#1 11-22/D 李娜 -> 王伟: agreed, waiting for approval' "each with who and which shift"
like "$(tui_screen)" '#3 11-22/D Alice Wong -> 赵六: waiting for 赵六 to agree' "and where it stands"
unlike "$(tui_screen)" '#2 ' "a declined request is not listed"
done_testing
