#!/bin/sh
# Turns a file into a C array: embed.sh FILE NAME > out.c
# od -An -v -tx1 keeps this free of xxd, which not every machine has.
set -e
printf '/* generated from %s */\n#include <stddef.h>\nconst char %s[] = {\n' "$1" "$2"
od -An -v -tx1 "$1" | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'
printf '0x00};\nconst size_t %s_len = sizeof %s - 1;\n' "$2" "$2"
