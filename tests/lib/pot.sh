#!/bin/sh
# pot.sh OUT: extracts every translatable string of the program into the
# catalogue template OUT. The one extraction: make pot and the catalogue
# test (tests/unit/catalogue.t) both run it, so the test sees new strings.
# _() and N_() mark single strings, ngettext() the singular and plural,
# C_() and NC_() a string with its context (msgctxt: "person", "asset").
set -e
cd "$(dirname "$0")/../.."
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
	--keyword=C_:1c,2 --keyword=NC_:1c,2 \
	--add-comments=TRANSLATORS --package-name=opsdesk --package-version=0.1.0 \
	--sort-by-file -o "$1" src/core/*/*.c src/cli/*.c src/tui/*.c src/main.c
