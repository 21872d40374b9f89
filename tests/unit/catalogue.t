#!/bin/sh
# The Chinese catalogue is complete and safe: every string the sources mark
# (extracted afresh, so a new string is caught the day it is written) has a
# translation that is neither empty nor fuzzy, no translation breaks its
# format string, and a label padded with spaces to line up keeps its display
# width. The checks are also run on doctored copies, to show they fail.
. "$(dirname "$0")/../lib/tap.sh"

echo "1..10"
PO="$TOP/po/zh_CN.po"
for tool in xgettext msgcmp msgfmt python3; do
	command -v $tool >/dev/null || { ok 1 "$tool is installed (Debian package gettext/python3)"; exit 1; }
done
sh "$TOP/tests/lib/pot.sh" "$T/opsdesk.pot"
ok $? "the sources' strings extract into a fresh template"

# check PO: 0 when complete, unfuzzy and format-safe, with the reasons on stdout
check() {
	msgcmp "$1" "$T/opsdesk.pot" 2>&1 || echo "FAILED: untranslated or fuzzy (msgcmp)"
	stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$1" 2>&1) || echo "FAILED: msgfmt --check: $stats"
	case $stats in *untranslated* | *fuzzy*) echo "FAILED: $stats" ;; esac
	# labels padded with trailing spaces keep the msgid's display width;
	# every string the template marks c-format is marked so here too, or
	# msgfmt --check would not look at its format
	python3 - "$1" "$T/opsdesk.pot" <<'PY'
import sys, unicodedata, re
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 0 if unicodedata.combining(c) else 1 for c in s)
def unq(l):
    return l[l.index('"') + 1:l.rindex('"')].replace('\\"', '"').replace('\\\\', '\\')
ents, cur, key = [], None, None
for line in open(sys.argv[1], encoding='utf-8'):
    line = line.rstrip('\n')
    if line.startswith('msgid '):
        cur = {'msgid': unq(line), 'msgstr': ''}; ents.append(cur); key = 'msgid'
    elif line.startswith('msgstr'):
        key = 'msgstr'; cur['msgstr'] = unq(line)
    elif line.startswith('"') and cur:
        cur[key] += unq(line)
    elif line.startswith('msgid_plural'):
        key = 'plural'; cur['plural'] = ''
def cformat(path):
    out = set()
    for block in open(path, encoding='utf-8').read().split('\n\n'):
        flags, key, cur = '', '', None
        for line in block.split('\n'):
            if line.startswith('#, '):
                flags = line
            elif line.startswith('msgctxt '):
                key, cur = unq(line) + '\x04', 'k'
            elif line.startswith('msgid '):
                key, cur = key + unq(line), 'k'
            elif line.startswith('"') and cur == 'k':
                key += unq(line)
            else:
                cur = None
        if 'c-format' in flags:
            out.add(key)
    return out
have, want = cformat(sys.argv[1]), cformat(sys.argv[2])
for m in sorted(want - have):
    print('FAILED: %r is not marked c-format, so its format is not checked' % m)
for e in ents:
    if e['msgid'].endswith('  ') and e['msgstr'] and width(e['msgid']) != width(e['msgstr']):
        print('FAILED: width of %r is %d, of its translation %r %d' % (e['msgid'], width(e['msgid']), e['msgstr'], width(e['msgstr'])))
PY
}

out=$(check "$PO")
is "$out" "" "po/zh_CN.po translates every string, none fuzzy, formats and padded widths kept"
msgfmt --statistics -o /dev/null "$PO" 2>&1 | sed 's/^/# /'

# the same checks, on copies broken on purpose
python3 - "$PO" "$T" <<'PY'
import sys
po, t = sys.argv[1], sys.argv[2]
s = open(po, encoding='utf-8').read()
def put(name, text):
    open(t + '/' + name, 'w', encoding='utf-8').write(text)
# an empty translation
put('empty.po', s.replace('msgstr "数据库"', 'msgstr ""', 1))
# a fuzzy one
put('fuzzy.po', s.replace('msgid "Database"', '#, fuzzy\nmsgid "Database"', 1))
# a %s turned into %d
put('format.po', s.replace('msgstr "已添加 %s。"', 'msgstr "已添加 %d。"', 1))
# a format string the catalogue no longer marks c-format
put('unflagged.po', s.replace('#, c-format\nmsgid "Added %s."', 'msgid "Added %s."', 1))
# a padded label that lost its width
put('width.po', s.replace('msgstr "响应        "', 'msgstr "响应"', 1))
# a string the sources have and the catalogue lacks
i = s.index('msgid "Database"')
j = s.index('\n\n', i)
put('missing.po', s[:i] + s[j + 2:])
PY
for k in empty fuzzy format unflagged width missing; do
	cmp -s "$T/$k.po" "$PO"
	ok $((! $?)) "the $k copy differs from the catalogue"
done
fails=0
for k in empty fuzzy format unflagged width missing; do
	out=$(check "$T/$k.po")
	case $out in *FAILED*) ;; *) fails=$((fails + 1)); diag "the $k copy passed the checks" ;; esac
done
is "$fails" 0 "an empty, fuzzy, format-breaking, unflagged, narrowed or missing translation fails the checks"

# make builds what the program reads
mo="$(dirname "$OPSDESK_BIN")/locale/zh_CN/LC_MESSAGES/opsdesk.mo"
[ -f "$mo" ] && [ ! "$mo" -ot "$PO" ]
ok $? "make compiled the catalogue beside the program ($mo)"
[ $_tap_failed -eq 0 ]
