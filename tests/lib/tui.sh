# Driving the real console in a real terminal: tmux at a fixed size, keys
# sent with send-keys, the screen read with capture-pane. Source after
# tap.sh. Each test gets its own tmux server (-L), so tests run in parallel.

TMUX_SOCK="opsdesk-test-$$-0"
_tui_starts=0
unset TMUX

tmux_() { tmux -L "$TMUX_SOCK" "$@"; }

# tui_start COLS ROWS [ENV=VALUE...]: starts opsdesk in a fresh terminal.
tui_start() {
	# a new server each time: a stopped one may still be going away
	_tui_starts=$((_tui_starts + 1))
	TMUX_SOCK="opsdesk-test-$$-$_tui_starts"
	cols=$1 rows=$2
	shift 2
	# tmux sets TERM to its own terminal type, so keys decode as sent
	tmux_ -f /dev/null new-session -d -s t -x "$cols" -y "$rows" \
		env LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC \
		OPSDESK_DB="$OPSDESK_DB" OPSDESK_NOW="$OPSDESK_NOW" HOME="$HOME" "$@" \
		sh -c "'$OPSDESK_BIN'; echo \"[exit \$?]\"; sleep 600"
	tmux_ set-option -t t remain-on-exit on >/dev/null
	trap 'tmux_ kill-server 2>/dev/null; rm -rf "$T"' EXIT
}

tui_screen() { tmux_ capture-pane -p -t t; }

# tui_keys KEY...: tmux key names (Enter, Tab, BTab, Escape, C-s, F2, Down...).
tui_keys() {
	for k in "$@"; do tmux_ send-keys -t t "$k"; done
}

# tui_type TEXT: types text literally (Chinese included).
tui_type() { tmux_ send-keys -t t -l "$1"; }

# tui_wait PATTERN [SECONDS]: waits until the screen shows PATTERN (grep -E).
# A bounded wait for the screen to settle, not a speed assertion: on
# timeout the test fails and the screen is printed.
tui_wait() {
	limit=$(( ${2:-10} * 10 ))
	i=0
	while [ $i -lt $limit ]; do
		if tui_screen | grep -Eq -- "$1"; then return 0; fi
		sleep 0.1
		i=$((i + 1))
	done
	diag "screen never showed: $1" "$(tui_screen)"
	return 1
}

tui_resize() { tmux_ resize-window -t t -x "$1" -y "$2"; }

# The pid of this test's console (the child of its pane's shell), for
# sending it signals; never another test's.
tui_pid() { pgrep -P "$(tmux_ display-message -p -t t '#{pane_pid}')" -x opsdesk; }

tui_stop() { tmux_ kill-server 2>/dev/null; }
