# roster — build, test, install.  See README.md.
#
#   make                 build ./roster
#   make run             install what running needs, build, open on a demo db
#   make check           install what the tests need, run every test
#   make check SANITIZE=1  the same under ASan + UBSan (objects in build/san)
#   make check-pg        every test again on PostgreSQL (a throwaway cluster)
#   make bench           the benchmarks at 1,000,000 portfolios (bench/run.sh)
#   make bench-pg        the same on PostgreSQL against psql (bench/pg.sh)
#   make install PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
DESTDIR ?=
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/vendor-completions
CC      ?= cc

PKGS    := sqlite3 libargon2 ncursesw xlsxwriter libzip expat
# The PDF slips (src/sheet/slips_pdf.c): cairo's PDF surface, pango, QR.
PKGS    += pangocairo cairo-pdf libqrencode fontconfig
PKG_CONFIG ?= pkg-config
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
# libcsv ships no .pc file on Debian.
CSV_LIBS   := -lcsv
# The PostgreSQL store (src/store/pg*.c) whenever pkg-config finds libpq;
# libpq itself is loaded only when a PostgreSQL database is opened
# (src/store/pg_lib.c), so that a run on SQLite never loads it.
HAVE_PQ    := $(shell pkg-config --exists libpq 2>/dev/null && echo 1)
ifeq ($(HAVE_PQ),1)
PKG_CFLAGS += $(shell pkg-config --cflags libpq) -DRO_HAVE_PG
endif

# Before anything is compiled: pkg-config (and the compiler) find every
# library, or make stops with one line naming the Debian packages to
# install (scripts/deps.sh --check).  The unit tests add cmocka.  Not for
# the targets that install the packages themselves, nor for clean.
DEPS_SET := $(if $(filter check-unit,$(MAKECMDGOALS))$(findstring /tests/test_,$(MAKECMDGOALS)),test,run)
ifneq ($(filter-out deps run check clean,$(or $(MAKECMDGOALS),all)),)
DEPS_MISSING := $(shell CC='$(CC)' PKG_CONFIG='$(PKG_CONFIG)' scripts/deps.sh --check $(DEPS_SET))
ifneq ($(DEPS_MISSING),)
$(error $(DEPS_MISSING))
endif
endif

WARN    := -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-unused-parameter
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE $(WARN) -Iinclude $(PKG_CFLAGS) -MMD -MP
LDLIBS  += $(PKG_LIBS) $(CSV_LIBS) -lpthread -lm

ifeq ($(SANITIZE),1)
BUILD   := build/san
CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
ROSTER  := $(BUILD)/roster
# The two stress tests (SIGKILL at 100 moments, four admins for 60 s) run
# in the plain build only: they check the data, and under ASan they would
# triple CI's time without checking memory any better than the rest.
CLI_EXCLUDE := test_crash.sh test_concurrent.sh
# fontconfig's one pattern a process (see the file).
export LSAN_OPTIONS := suppressions=$(abspath tests/lsan.supp)
else
BUILD   := build/rel
ROSTER  := roster
endif

ENGINE_SRC := $(wildcard src/base/*.c src/core/*.c src/store/*.c src/sheet/*.c)
ifneq ($(HAVE_PQ),1)
ENGINE_SRC := $(filter-out src/store/pg%.c,$(ENGINE_SRC))
endif
FRONT_SRC  := $(wildcard src/cli/*.c src/tui/*.c) src/main.c
ENGINE_OBJ := $(ENGINE_SRC:%.c=$(BUILD)/%.o)
FRONT_OBJ  := $(FRONT_SRC:%.c=$(BUILD)/%.o)
LIBENGINE  := $(BUILD)/libroster.a

UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
UNIT_HELP  := $(BUILD)/tests/unit/helpers.o

# Keep the shared test objects between runs.
.SECONDARY:

.PHONY: all run check check-unit check-cli check-tui check-layering deps \
        install clean bench bench-pg fuzz valgrind demo

all: $(ROSTER)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(LIBENGINE): $(ENGINE_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(ROSTER): $(FRONT_OBJ) $(LIBENGINE)
	$(CC) $(LDFLAGS) -o $@ $(FRONT_OBJ) $(LIBENGINE) $(LDLIBS)

$(BUILD)/tests/test_%: tests/unit/test_%.c $(UNIT_HELP) $(LIBENGINE)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(UNIT_HELP) $(LIBENGINE) \
	    $(LDLIBS) $(shell $(PKG_CONFIG) --libs cmocka)

# What each installs: scripts/deps.sh --list run|test.
deps:
	@scripts/deps.sh all

# The demo database lives beside the checkout (ignored by git).
DEMO_DB := demo/roster.db
demo: $(ROSTER)
	@scripts/demo.sh ./$(ROSTER) $(DEMO_DB)

run:
	@scripts/deps.sh run
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh ./roster $(DEMO_DB)
	@ROSTER_DB=$(DEMO_DB) ./roster

check:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory $(ROSTER) $(UNIT_BIN)
	@$(MAKE) --no-print-directory check-layering check-unit check-cli check-tui

# The same suites with every test database on PostgreSQL: a cluster of
# its own (scripts/pg-cluster.sh), stopped however the run ends.
.PHONY: check-pg
check-pg: deps
	@$(MAKE) --no-print-directory $(ROSTER) $(UNIT_BIN)
	@trap 'scripts/pg-cluster.sh stop' EXIT; trap 'exit 130' INT TERM; \
	    env=$$(scripts/pg-cluster.sh start) || exit 1; eval "$$env"; \
	    echo "check-pg: cluster in $$ROSTER_TEST_PG_DIR"; \
	    $(MAKE) --no-print-directory check-layering check-unit check-cli check-tui

check-layering: $(ROSTER)
	@BUILD=$(BUILD) scripts/check-layering.sh

check-unit: $(UNIT_BIN)
	@scripts/run-unit.sh $(UNIT_BIN)

check-cli: $(ROSTER)
	@ROSTER=$(abspath $(ROSTER)) CLI_EXCLUDE="$(CLI_EXCLUDE)" tests/cli/run.sh

check-tui: $(ROSTER)
	@ROSTER=$(abspath $(ROSTER)) tests/tui/run.sh

bench: all
	@bench/run.sh

# On PostgreSQL, against psql (a throwaway cluster of its own).
bench-pg: all
	@bench/pg.sh

# libFuzzer harnesses (clang) for every reader, SECONDS each.
FUZZ_SECONDS ?= 600
fuzz:
	@fuzz/build.sh run $(FUZZ_SECONDS)

# The command-line tests with every roster run under memcheck: no errors,
# no definite leaks (exit 99 and a log in build/valgrind otherwise).
valgrind: all
	@rm -rf build/valgrind && mkdir -p build/valgrind
	@ROSTER_REAL=$(abspath roster) ROSTER=$(abspath scripts/valgrind-roster.sh) \
	    ROSTER_VALGRIND_LOG=$(abspath build/valgrind)/%p.log tests/cli/run.sh; \
	    st=$$?; bad=$$(grep -lE 'Invalid (read|write|free)|uninitialised|definitely lost|Mismatched free|overlap|Syscall param|Conditional jump|Process terminating' build/valgrind/*.log 2>/dev/null); \
	    if [ -n "$$bad" ]; then echo "valgrind: reports in $$bad"; exit 1; fi; \
	    echo "valgrind: no errors, no definite leaks"; exit $$st

install: $(ROSTER)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(ROSTER) $(DESTDIR)$(PREFIX)/bin/roster
	install -m 0644 man/roster.1 $(DESTDIR)$(PREFIX)/share/man/man1/roster.1
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 0644 completions/roster.bash $(DESTDIR)$(BASHCOMPDIR)/roster
	install -m 0644 completions/_roster $(DESTDIR)$(ZSHCOMPDIR)/_roster

# What install put, and nothing else (the folders may hold others' files).
.PHONY: uninstall
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/roster \
	    $(DESTDIR)$(PREFIX)/share/man/man1/roster.1 \
	    $(DESTDIR)$(BASHCOMPDIR)/roster $(DESTDIR)$(ZSHCOMPDIR)/_roster

clean:
	rm -rf build roster

-include $(ENGINE_OBJ:.o=.d) $(FRONT_OBJ:.o=.d)
