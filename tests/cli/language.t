#!/bin/sh
# The interface language: LANG=zh_CN.UTF-8 (LC_ALL, LC_MESSAGES first) gives
# the Chinese catalogue even where that locale is not generated, C.UTF-8 and
# en_* the English text, whatever LANGUAGE says; the rules' site.language
# forces one and is refused with its position when it names another.
. "$(dirname "$0")/../lib/tap.sh"

echo "1..10"
"$OPSDESK_BIN" init >/dev/null
head_of() { "$@" incident list 2>&1 | head -n 1; }

like "$(env LC_ALL= LANG=zh_CN.UTF-8 "$OPSDESK_BIN" --help)" '^用法：opsdesk' "LANG=zh_CN.UTF-8: usage in Chinese"
like "$(head_of env LC_ALL=zh_CN.UTF-8 "$OPSDESK_BIN")" '^编号 +优先 状态 +摘要' "LC_ALL=zh_CN.UTF-8: the list's columns in Chinese"
like "$(head_of env LC_ALL= LANG=C.UTF-8 LC_MESSAGES=zh_CN.UTF-8 "$OPSDESK_BIN")" '^编号' "LC_MESSAGES=zh_CN.UTF-8 is enough"
like "$(head_of env LC_ALL=C.UTF-8 LANGUAGE=zh_CN "$OPSDESK_BIN")" '^ID +PRI +STATE' "C.UTF-8 is English, even with LANGUAGE=zh_CN"
like "$(head_of env LC_ALL= LANG=en_US.UTF-8 "$OPSDESK_BIN")" '^ID +PRI' "en_US.UTF-8 is English"
# the columns stay aligned by display width in Chinese
"$OPSDESK_BIN" incident new --title 核心交换机端口丢包 >/dev/null
list=$(env LC_ALL=zh_CN.UTF-8 "$OPSDESK_BIN" incident list)
like "$list" '^INC-1 +P[0-9] +新建 +核心交换机端口丢包 ' "a Chinese row under the Chinese heading"
# the display width before the third column (state), per line
cols=$(printf '%s\n' "$list" | perl -CSDA -ne '/^(\S+\s+\S+\s+)/ or next;
	my $w = 0; $w += /\p{EA=W}|\p{EA=F}/ ? 2 : 1 for split //, $1; print "$w\n"' | sort -u | wc -l)
is "$cols" 1 "the state column starts at the same display column in heading and rows"

# site.language forces the language
sed 's/^  timezone: Asia\/Shanghai.*/&\n  language: zh_CN/' "$TOP/config/workflow.yaml" >zh.yaml
sed 's/^  timezone: Asia\/Shanghai.*/&\n  language: en/' "$TOP/config/workflow.yaml" >en.yaml
like "$(head_of env LC_ALL=C.UTF-8 "$OPSDESK_BIN" --rules zh.yaml)" '^编号' "site.language: zh_CN under C.UTF-8 gives Chinese"
like "$(head_of env LC_ALL=zh_CN.UTF-8 "$OPSDESK_BIN" --rules en.yaml)" '^ID +PRI' "site.language: en under zh_CN.UTF-8 gives English"
sed 's/^  timezone: Asia\/Shanghai.*/&\n  language: fr/' "$TOP/config/workflow.yaml" >fr.yaml
line=$(grep -n 'language: fr' fr.yaml | cut -d: -f1)
out=$("$OPSDESK_BIN" check-rules fr.yaml 2>&1)
rc=$?
is "$rc:$(printf '%s\n' "$out" | grep -c "fr.yaml:$line:13: site.language: 'fr' is not a language of the interface (zh_CN or en)")" "2:1" \
	"site.language: fr is refused with file:line:column"
