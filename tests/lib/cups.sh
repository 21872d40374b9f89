# A private CUPS server for a test: cupsd on a socket in the test's own
# directory, with one cups-pdf queue (device cups-pdf:/QUEUE, so cups-pdf reads /etc/cups/cups-pdf-QUEUE.conf) whose PDFs land in $CUPS_PDF. Source
# after tap.sh; call cups_start QUEUE. Nothing of the machine's own CUPS is
# used or changed, except cups-pdf's per-queue settings file (cups-pdf reads
# its settings only from /etc/cups), which is named after this test's queue
# and removed at exit. When cupsd cannot be started, cups_start says why
# and returns 1; the test then fails, it never skips.

CUPS_DIR="$T/cups"
CUPS_PDF="$CUPS_DIR/pdf"
_cups_pid=

cups_stop() {
	[ -n "$_cups_pid" ] && kill "$_cups_pid" 2>/dev/null && wait "$_cups_pid" 2>/dev/null
	_cups_pid=
	[ -n "${CUPS_QUEUE:-}" ] && rm -f "/etc/cups/cups-pdf-$CUPS_QUEUE.conf"
}

cups_start() {
	CUPS_QUEUE=$1
	if [ ! -x /usr/sbin/cupsd ] || [ ! -x /usr/lib/cups/backend/cups-pdf ]; then
		diag "cupsd or the cups-pdf backend is not installed (make check-deps installs cups-daemon and printer-driver-cups-pdf)"
		return 1
	fi
	mkdir -p "$CUPS_DIR/etc/ppd" "$CUPS_DIR/spool/tmp" "$CUPS_DIR/cache" "$CUPS_DIR/state" \
		"$CUPS_DIR/log" "$CUPS_PDF" "$CUPS_DIR/cpspool"
	# filters run as the lp user and must reach the spool
	chmod 711 "$T" "$CUPS_DIR"
	chgrp lp "$CUPS_DIR/spool" "$CUPS_DIR/spool/tmp"
	chmod 0710 "$CUPS_DIR/spool"
	chmod 1770 "$CUPS_DIR/spool/tmp"
	cat > "$CUPS_DIR/cupsd.conf" <<CONF
Listen $CUPS_DIR/cups.sock
LogLevel debug
Browsing No
WebInterface No
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
	cat > "$CUPS_DIR/cups-files.conf" <<CONF
ServerRoot $CUPS_DIR/etc
RequestRoot $CUPS_DIR/spool
TempDir $CUPS_DIR/spool/tmp
CacheDir $CUPS_DIR/cache
StateDir $CUPS_DIR/state
ErrorLog $CUPS_DIR/log/error_log
AccessLog $CUPS_DIR/log/access_log
PageLog $CUPS_DIR/log/page_log
CONF
	cat > "/etc/cups/cups-pdf-$CUPS_QUEUE.conf" <<CONF
Out $CUPS_PDF
AnonDirName $CUPS_PDF
Spool $CUPS_DIR/cpspool
Label 0
Grp root
Log $CUPS_DIR/log
CONF
	/usr/sbin/cupsd -f -c "$CUPS_DIR/cupsd.conf" -s "$CUPS_DIR/cups-files.conf" \
		>"$CUPS_DIR/cupsd.out" 2>&1 &
	_cups_pid=$!
	trap 'cups_stop; rm -rf "$T"' EXIT
	i=0
	while [ ! -S "$CUPS_DIR/cups.sock" ] && [ $i -lt 100 ]; do
		if ! kill -0 "$_cups_pid" 2>/dev/null; then
			diag "cupsd exited at start:" "$(cat "$CUPS_DIR/cupsd.out" "$CUPS_DIR/log/error_log" 2>/dev/null)"
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	if [ ! -S "$CUPS_DIR/cups.sock" ]; then
		diag "cupsd did not open its socket $CUPS_DIR/cups.sock:" "$(cat "$CUPS_DIR/log/error_log" 2>/dev/null)"
		return 1
	fi
	export CUPS_SERVER="$CUPS_DIR/cups.sock"
	if ! lpadmin -p "$CUPS_QUEUE" -E -v "cups-pdf:/$CUPS_QUEUE" -P /usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd \
		>"$CUPS_DIR/lpadmin.out" 2>&1; then
		diag "lpadmin could not add the PDF queue:" "$(cat "$CUPS_DIR/lpadmin.out")"
		return 1
	fi
}

# cups_wait_pdf N: waits until cups-pdf has finished its Nth PDF (its log
# says so; a bounded wait for the queue, not a speed assertion) and prints
# the path of the newest PDF.
cups_wait_pdf() {
	i=0
	while [ $i -lt 600 ]; do
		done_n=$(grep -c 'PDF creation successfully finished' "$CUPS_DIR/log/cups-pdf-${CUPS_QUEUE}_log" 2>/dev/null)
		if [ "${done_n:-0}" -ge "$1" ]; then
			ls -t "$CUPS_PDF"/*.pdf | head -n 1
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	diag "no PDF came out of the queue:" "$(grep -E 'E \[|Job' "$CUPS_DIR/log/error_log" | tail -n 20)" \
		"$(cat "$CUPS_DIR/log/cups-pdf-${CUPS_QUEUE}_log" 2>/dev/null)"
	return 1
}
