#!/bin/sh
# Every fuzz target (tests/fuzz/fuzz_NAME.c) runs its seed corpus,
# tests/fuzz/NAME/ (which holds the regression inputs of what fuzzing
# found), and then FUZZ_RUNS more inputs from a fixed seed, under ASan and
# UBSan: none may crash, leak or trip a sanitizer. make fuzz runs longer.
. "$(dirname "$0")/../lib/tap.sh"

FUZZ_DIR=${FUZZ_DIR:-$TOP/build/fuzz}
FUZZ_RUNS=${FUZZ_RUNS:-400}
for src in "$TOP"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	name=${name#fuzz_}
	bin="$FUZZ_DIR/fuzz_$name"
	if [ ! -x "$bin" ]; then
		ok 1 "fuzz target $name"
		diag "$bin is not built (make check builds it with clang; packages clang libclang-rt-14-dev)"
		continue
	fi
	mkdir -p "$T/corpus-$name"
	"$bin" -runs="$FUZZ_RUNS" -seed=1 -max_len=65536 -artifact_prefix="$T/crash-$name-" \
		"$T/corpus-$name" "$TOP/tests/fuzz/$name" >"$T/$name.log" 2>&1
	rc=$?
	ok "$rc" "fuzz target $name: its corpus and $FUZZ_RUNS more inputs, no crash, leak or sanitizer report"
	[ "$rc" = 0 ] || diag "$(grep -E 'ERROR|SUMMARY|#0|#1|#2|#3' "$T/$name.log" | head -n 20)"
done

done_testing
