# opsdesk build. `make` builds build/opsdesk; `make check` runs every test;
# `make run` starts the console on a demo database. Missing Debian packages
# are installed first (as root) or named with the command to run.

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
DATADIR  ?= $(PREFIX)/share/opsdesk
LOCALEDIR?= $(PREFIX)/share/locale
# the database of a shared (setgid) installation, unless the site rules name one
SHARED_DB?= /var/lib/opsdesk/opsdesk.db
# make install-team: the group the program is setgid to, and the login that
# becomes the first operations manager of the new shared database
TEAM_GROUP  ?= opsdesk
TEAM_MANAGER?= root
DESTDIR  ?=

VERSION  := 0.1.0
BUILD    ?= build
CC       ?= cc
PKGS     := ncursesw sqlite3 yaml-0.1 nettle

# Debian packages: to build (and print: paps turns the UTF-8 text of a
# report into PostScript with the WenQuanYi Chinese font for lp to send to
# CUPS), and additionally to test (a private cupsd with a cups-pdf queue,
# pdftotext to read what came out).
DEB_BUILD := gcc make pkg-config libncurses-dev libsqlite3-dev libyaml-dev nettle-dev tzdata \
             paps fonts-wqy-zenhei cups-client gettext
DEB_CHECK := libcmocka-dev tmux sqlite3 perl procps python3-icalendar \
             cups-daemon cups-core-drivers printer-driver-cups-pdf ghostscript poppler-utils \
             clang libclang-rt-14-dev
# and to measure (make bench): the raw sqlite3 shell, tmux, GNU time
DEB_BENCH := sqlite3 tmux time

ifeq ($(V),1)
Q :=
else
Q := @
endif

CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2
# ncursesw.pc already asks for _XOPEN_SOURCE (wide curses); _DEFAULT_SOURCE adds the rest.
CPPFLAGS += -D_DEFAULT_SOURCE -Iinclude -I$(BUILD) \
            -DOPSDESK_VERSION='"$(VERSION)"' -DOPSDESK_LOCALEDIR='"$(LOCALEDIR)"' \
            -DOPSDESK_DATADIR='"$(DATADIR)"' -DOPSDESK_SHARED_DB='"$(SHARED_DB)"'
DEPFLAGS  = -MMD -MP

ifeq ($(SANITIZE),1)
CFLAGS  += -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
BUILD   := build/sanitize
endif
ifeq ($(COVERAGE),1)
CFLAGS  += -O0 --coverage
LDFLAGS += --coverage
BUILD   := build/coverage
endif

CORE_SRC := $(wildcard src/core/*/*.c)
CLI_SRC  := $(wildcard src/cli/*.c)
TUI_SRC  := $(wildcard src/tui/*.c)
APP_SRC  := $(CORE_SRC) $(CLI_SRC) $(TUI_SRC) src/main.c
APP_OBJ  := $(APP_SRC:%.c=$(BUILD)/%.o) $(BUILD)/embedded_rules.o
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/embedded_rules.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

TESTS    := $(wildcard tests/unit/*.t tests/cli/*.t tests/tui/*.t tests/fuzz/*.t)

# Fuzz targets (libFuzzer, clang from Debian): tests/fuzz/fuzz_NAME.c with
# its seed corpus tests/fuzz/NAME/, built with the core under ASan and
# UBSan in build/fuzz/. make check runs each for FUZZ_RUNS inputs; make fuzz
# for FUZZ_SECONDS each.
FUZZ_CC      ?= clang
FUZZ_DIR     := build/fuzz
FUZZ_CFLAGS  := -std=c11 -Wall -Wextra -g -O1 -fno-omit-frame-pointer \
                -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN     := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_OBJ     := $(CORE_SRC:%.c=$(FUZZ_DIR)/%.o) $(FUZZ_DIR)/embedded_rules.o
FUZZ_RUNS    ?= 400
FUZZ_SECONDS ?= 60

# Translations: po/LANG.po, compiled beside the program in $(BUILD)/locale,
# where a binary run from the build tree finds it (src/core/base/i18n.c).
PO_LANGS := $(patsubst po/%.po,%,$(wildcard po/*.po))
MO_FILES := $(PO_LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/opsdesk.mo)

DEPS_STAMP := build/.deps-build
CHECK_STAMP := build/.deps-check

.PHONY: all check fuzz run install install-team uninstall clean deps check-deps sanitize coverage bench format pot

all: $(BUILD)/opsdesk $(MO_FILES)

# --- Debian packages -------------------------------------------------------
# Installs what is missing when run as root; otherwise names the command.
define need_packages
	@missing=""; for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null \
	  | grep -q 'ok installed' || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "opsdesk needs:$$missing (Debian package names); install them and run make again" >&2; exit 1; \
	  elif [ "$$(id -u)" = 0 ]; then \
	    echo "installing missing Debian packages:$$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	  else \
	    echo "missing Debian packages; run:  sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi
endef

# Asked for testing, the packages to build and to test are named together,
# so that whoever is not root runs one apt-get, not two.
ifneq ($(filter check sanitize coverage check-deps,$(MAKECMDGOALS)),)
DEB_FIRST := $(DEB_BUILD) $(DEB_CHECK)
else
DEB_FIRST := $(DEB_BUILD)
endif

$(DEPS_STAMP): Makefile
	$(call need_packages,$(DEB_FIRST))
	@mkdir -p $(@D) && touch $@
$(CHECK_STAMP): $(DEPS_STAMP)
	$(call need_packages,$(DEB_CHECK))
	@mkdir -p $(@D) && touch $@
BENCH_STAMP := build/.deps-bench
$(BENCH_STAMP): $(DEPS_STAMP)
	$(call need_packages,$(DEB_BENCH))
	@mkdir -p $(@D) && touch $@
deps: $(DEPS_STAMP)
check-deps: $(CHECK_STAMP)

# Flags from pkg-config are read only after the packages are there.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

# --- the program -----------------------------------------------------------
$(BUILD)/opsdesk: $(APP_OBJ) | $(DEPS_STAMP)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

# The default rules are compiled in, so the console runs with no files installed.
$(BUILD)/embedded_rules.c: config/workflow.yaml tests/lib/embed.sh
	@mkdir -p $(@D)
	@echo "  EMBED   $<"
	$(Q)sh tests/lib/embed.sh $< embedded_rules > $@
$(BUILD)/embedded_rules.o: $(BUILD)/embedded_rules.c
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/locale/%/LC_MESSAGES/opsdesk.mo: po/%.po | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  MSGFMT  $<"
	$(Q)msgfmt --check -o $@ $<

# --- tests -----------------------------------------------------------------
$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(CORE_OBJ) | $(CHECK_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(CORE_OBJ) $(LDFLAGS) $(PKG_LIBS) -lcmocka

# --- fuzzing -----------------------------------------------------------------
# The objects are kept (not intermediate): the next build reuses them.
.SECONDARY: $(FUZZ_OBJ)
$(FUZZ_DIR)/%.o: %.c | $(CHECK_STAMP)
	@mkdir -p $(@D)
	@echo "  FUZZCC  $<"
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(PKG_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(DEPFLAGS) -c -o $@ $<
$(FUZZ_DIR)/embedded_rules.c: config/workflow.yaml tests/lib/embed.sh
	@mkdir -p $(@D)
	$(Q)sh tests/lib/embed.sh $< embedded_rules > $@
$(FUZZ_DIR)/embedded_rules.o: $(FUZZ_DIR)/embedded_rules.c
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<
$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJ) | $(CHECK_STAMP)
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(PKG_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS)

# Runs every target for FUZZ_SECONDS (default 60) each; new inputs go to
# build/fuzz/corpus/NAME, a crash to build/fuzz/crash-NAME-*. A crash found
# becomes a regression test by copying it into tests/fuzz/NAME/.
fuzz: $(FUZZ_BIN)
	$(Q)for n in $(FUZZ_NAMES); do mkdir -p $(FUZZ_DIR)/corpus/$$n; \
	  echo "  FUZZ    $$n for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_DIR)/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$(FUZZ_DIR)/crash-$$n- \
	    $(FUZZ_DIR)/corpus/$$n tests/fuzz/$$n || exit 1; done

# Every test is a TAP producer; prove runs them and prints the summary.
check: $(BUILD)/opsdesk $(MO_FILES) $(UNIT_BIN) $(FUZZ_BIN) | $(CHECK_STAMP)
	$(Q)OPSDESK_BIN=$(abspath $(BUILD)/opsdesk) UNIT_DIR=$(abspath $(BUILD)/tests) \
	  FUZZ_DIR=$(abspath $(FUZZ_DIR)) FUZZ_RUNS=$(FUZZ_RUNS) \
	  LSAN_OPTIONS=suppressions=$(abspath tests/lib/lsan.supp) \
	  prove -j2 $(TESTS)

sanitize:
	$(Q)$(MAKE) --no-print-directory SANITIZE=1 check

coverage:
	$(Q)$(MAKE) --no-print-directory COVERAGE=1 check

# BENCH_INCIDENTS (default 100000) and BENCH_RUNS (5) set the size and repeats.
bench: $(BUILD)/opsdesk | $(BENCH_STAMP)
	$(Q)OPSDESK_BIN=$(abspath $(BUILD)/opsdesk) sh tests/bench/run.sh

# --- running ---------------------------------------------------------------
DEMO_DB := build/demo.db
# The console in Chinese, as the centre uses it: LANG names zh_CN, and a
# machine without that locale still gets the Chinese catalogue (src/core/base/i18n.c).
# RUN_LANG=C.UTF-8 make run gives the English interface.
RUN_LANG ?= zh_CN.UTF-8
run: $(BUILD)/opsdesk $(MO_FILES)
	$(Q)[ -f $(DEMO_DB) ] || LANG=$(RUN_LANG) LC_ALL= $(BUILD)/opsdesk --db $(DEMO_DB) init --demo
	$(Q)LANG=$(RUN_LANG) LC_ALL= LC_MESSAGES= $(BUILD)/opsdesk --db $(DEMO_DB)

# The message catalogue template: a translation is a po/LANG.po made from it.
# tests/lib/pot.sh is the one extraction, shared with the catalogue test.
pot:
	$(Q)sh tests/lib/pot.sh po/opsdesk.pot

format:
	clang-format -i $(APP_SRC) include/opsdesk/*.h tests/unit/*.[ch]

# --- installing ------------------------------------------------------------
install: $(BUILD)/opsdesk $(MO_FILES)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR)
	for l in $(PO_LANGS); do install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/opsdesk.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/opsdesk.mo || exit 1; done
	install -m 755 $(BUILD)/opsdesk $(DESTDIR)$(BINDIR)/opsdesk
	install -m 644 man/opsdesk.1 $(DESTDIR)$(MANDIR)/man1/opsdesk.1
	install -m 644 man/opsdesk-rules.5 $(DESTDIR)$(MANDIR)/man5/opsdesk-rules.5
	install -m 644 config/workflow.yaml $(DESTDIR)$(DATADIR)/workflow.yaml
	install -d $(DESTDIR)$(DATADIR)/systemd
	install -m 644 config/systemd/opsdesk-escalate.service config/systemd/opsdesk-escalate.timer \
	  $(DESTDIR)$(DATADIR)/systemd/
	install -m 644 config/cron.example $(DESTDIR)$(DATADIR)/cron.example

# The shared (team) installation of README.md's "Team set-up": the program
# setgid to a group no user belongs to, which alone may open the database
# directory (2770) and the database with its -wal and -shm files (660,
# root:group; kept when the last session closes, so never a user's own).
# An existing database is upgraded, never replaced; an existing
# /etc/opsdesk/workflow.yaml is kept.
SHARED_DIR = $(patsubst %/,%,$(dir $(SHARED_DB)))
install-team: install
	@[ "$$(id -u)" = 0 ] || { echo "make install-team must run as root (it creates a group and sets owners)" >&2; exit 1; }
	getent group $(TEAM_GROUP) >/dev/null || groupadd --system $(TEAM_GROUP)
	chgrp $(TEAM_GROUP) $(DESTDIR)$(BINDIR)/opsdesk
	chmod 2755 $(DESTDIR)$(BINDIR)/opsdesk
	install -d -m 755 $(DESTDIR)/etc/opsdesk
	[ -e $(DESTDIR)/etc/opsdesk/workflow.yaml ] || install -m 644 config/workflow.yaml $(DESTDIR)/etc/opsdesk/workflow.yaml
	install -d -o root -g $(TEAM_GROUP) -m 2770 $(DESTDIR)$(SHARED_DIR)
	OPSDESK_USER=$(TEAM_MANAGER) $(DESTDIR)$(BINDIR)/opsdesk --rules $(DESTDIR)/etc/opsdesk/workflow.yaml \
	  --db $(DESTDIR)$(SHARED_DB) init
	for f in $(DESTDIR)$(SHARED_DB) $(DESTDIR)$(SHARED_DB)-wal $(DESTDIR)$(SHARED_DB)-shm; do \
	  [ -e $$f ] || : >$$f; chown root:$(TEAM_GROUP) $$f && chmod 660 $$f || exit 1; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/opsdesk $(DESTDIR)$(MANDIR)/man1/opsdesk.1 \
	      $(DESTDIR)$(MANDIR)/man5/opsdesk-rules.5 $(DESTDIR)$(DATADIR)/workflow.yaml \
	      $(DESTDIR)$(DATADIR)/systemd/opsdesk-escalate.service \
	      $(DESTDIR)$(DATADIR)/systemd/opsdesk-escalate.timer $(DESTDIR)$(DATADIR)/cron.example \
	      $(PO_LANGS:%=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/opsdesk.mo)
	-rmdir $(DESTDIR)$(DATADIR)/systemd $(DESTDIR)$(DATADIR) 2>/dev/null

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
