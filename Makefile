# tlsexplain - plain GNU Makefile (zstd style).  `make list` shows the targets.
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
LIBDIR      ?= $(PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
DATADIR     ?= $(PREFIX)/share
MANDIR      ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR     ?=

CC          ?= cc
PKG_CONFIG  ?= pkg-config
DEPS        := libpcre2-8 yaml-0.1
# Compressed inputs (cli/decompress.c): gzip, zstd, xz; bzip2 has no .pc file.
Z_DEPS      := zlib libzstd liblzma
# The multi-literal prefilter: Hyperscan where it exists (x86-64), else the
# portable built-in Aho-Corasick.  PREFILTER=ac forces the fallback.
PREFILTER   ?= $(shell $(PKG_CONFIG) --exists libhs 2>/dev/null && echo hs || echo ac)
ifeq ($(PREFILTER),hs)
DEPS        += libhs
PF_CFLAGS   := -DTX_HAVE_HYPERSCAN=1
endif
# Start-up: the shipped rule files' YAML documents are parsed at build time (rules/yamldoc.h),
# their regular expressions compiled (rules/recache.h) and, with Hyperscan, the databases of the
# rulebook's literal sets compiled (rules/hscache.h), all embedded.  STARTUP_CACHE=no parses and
# compiles them at every start instead (e.g. when cross-compiling: the generators run on the
# build machine).
STARTUP_CACHE ?= yes

WARNINGS    := -Wall -Wextra -Wshadow -Wcast-qual -Wcast-align -Wstrict-prototypes \
               -Wmissing-prototypes -Wpointer-arith -Wwrite-strings -Wundef \
               -Wformat=2 -Wvla -Wno-format-nonliteral
CSTD        := -std=c11
OPT         ?= -O2 -g
CPPFLAGS    += -D_GNU_SOURCE -I. -Iinclude $(PF_CFLAGS)
CFLAGS      ?=
ALL_CFLAGS  := $(CSTD) $(OPT) $(WARNINGS) $(shell $(PKG_CONFIG) --cflags $(DEPS) 2>/dev/null) \
               -fvisibility=hidden $(CFLAGS) $(MOREFLAGS)
LDLIBS      += $(shell $(PKG_CONFIG) --libs $(DEPS) 2>/dev/null)
# the decompressors are the CLI's: only the binaries that link the CLI objects need them
CLI_LDLIBS  := $(shell $(PKG_CONFIG) --libs $(Z_DEPS) 2>/dev/null) -lbz2

BUILD       ?= build/default
V           ?= 0
Q           := $(if $(filter 1,$(V)),,@)

LIB_SRC     := $(wildcard parser/*.c) $(wildcard common/*.c) $(wildcard rules/*.c) $(wildcard analysis/*.c) \
               $(wildcard report/*.c) \
               $(wildcard compare/*.c)
CLI_SRC     := $(wildcard cli/*.c)
RULEBOOK    := $(sort $(wildcard rules/tls/*.yaml))
GEN         := $(BUILD)/gen/rulebook.c
ifeq ($(STARTUP_CACHE),yes)
CACHE_OBJ   := $(BUILD)/gen/yamldoc.o $(BUILD)/gen/startup.o
else
CACHE_OBJ   := $(BUILD)/gen/startup_none.o
endif
LIB_OBJ     := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/rulebook.o $(BUILD)/gen/jdkfacts.o $(CACHE_OBJ)
# every library object but gen/startup.o: what its generator links
LIB_OBJ_GEN := $(filter-out $(BUILD)/gen/startup.o,$(LIB_OBJ))
# The JDK release facts (docs/jdk.md), embedded too.
JDKFACTS    := rules/jdk/releases.yaml
CLI_OBJ     := $(CLI_SRC:%.c=$(BUILD)/%.o)
# the CLI without main() (cli/tlsexplain.c): txc_run() for the CLI fuzz target
CLI_LIB_OBJ := $(filter-out $(BUILD)/cli/tlsexplain.o,$(CLI_OBJ))

.PHONY: FORCE completions accuracy unit-bins fuzz-replay-bins fuzz-bins asan-test all list test check asan ubsan install uninstall clean fixtures bless bench fuzz format docs
.DEFAULT_GOAL := all

# BIN: where the binary goes (parallel work trees use BUILD=build/x BIN=build/x/tlsexplain).
BIN         ?= tlsexplain

# The library: libtlsexplain.a and libtlsexplain.so in $(BUILD).  Its version is TX_VERSION
# of include/tlsexplain.h.  The soname carries what may break the ABI: the major number from
# 1.0 on (libtlsexplain.so.1), major.minor before it (0.x: every minor release may break it).
VERSION     := $(shell sed -n 's/^\#define TX_VERSION "\([0-9.]*\)".*/\1/p' include/tlsexplain.h)
V_MAJOR     := $(word 1,$(subst ., ,$(VERSION)))
V_MINOR     := $(word 2,$(subst ., ,$(VERSION)))
SOVERSION   := $(if $(filter 0,$(V_MAJOR)),$(V_MAJOR).$(V_MINOR),$(V_MAJOR))
LIB_A       := $(BUILD)/libtlsexplain.a
LIB_SO      := $(BUILD)/libtlsexplain.so
SONAME      := libtlsexplain.so.$(SOVERSION)
LIB_SO_REAL := $(BUILD)/libtlsexplain.so.$(VERSION)
# pkg-config: what the library itself needs (the decompressors are the CLI's)
PC_REQUIRES := $(DEPS)

## all: build ./tlsexplain, libtlsexplain.a and libtlsexplain.so (in build/default)
all: $(BIN) $(LIB_A) $(LIB_SO)

# The CLI links the static library (the installed binary runs with nothing beside it); it calls
# the public API only (tools/layers.sh, run by suite_docs, checks its includes).
$(BIN): $(CLI_OBJ) $(LIB_A)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB_A) $(LDLIBS) $(CLI_LDLIBS) -lm

$(LIB_A): $(LIB_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# -fvisibility=hidden (ALL_CFLAGS) and TX_API on the declarations of the public header: the
# shared library exports the tx_ functions and nothing else (tests/suite_install.sh checks).
$(LIB_SO_REAL): $(LIB_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,-z,defs -o $@ $^ $(LDLIBS) -lm

$(LIB_SO): $(LIB_SO_REAL)
	$(Q)ln -sf $(notdir $<) $(BUILD)/$(SONAME) && ln -sf $(notdir $<) $@

# Library objects are position-independent (one set of objects serves both libraries).
$(LIB_OBJ): PIC := -fPIC

# Objects depend on the flags they were compiled with: a tree built with other flags (or before
# the library objects became -fPIC) is rebuilt instead of linked stale.
FLAGS_STAMP := $(BUILD)/flags.txt
FLAGS_NOW   := $(CC) $(CPPFLAGS) $(ALL_CFLAGS) lib-objects-pic
$(FLAGS_STAMP): FORCE
	@mkdir -p $(dir $@)
	@echo '$(FLAGS_NOW)' | cmp -s - $@ || echo '$(FLAGS_NOW)' > $@

$(BUILD)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(PIC) -MMD -MP -c -o $@ $<

# The shipped rulebook is embedded in the binary.  RULES_SUM holds a checksum of the rule files
# and their names, rewritten only when it changes: a rule file added, removed or changed
# (whatever its time stamp) re-embeds the rulebook and regenerates the Hyperscan cache.
RULES_SUM   := $(BUILD)/gen/rulebook.sum
$(RULES_SUM): FORCE
	@mkdir -p $(dir $@)
	@cksum $(RULEBOOK) | cmp -s - $@ || cksum $(RULEBOOK) > $@

$(GEN): $(RULEBOOK) $(RULES_SUM) tools/embed.sh
	@mkdir -p $(dir $@)
	@echo "  EMBED   rules/tls/*.yaml"
	$(Q)sh tools/embed.sh $(RULEBOOK) > $@

$(BUILD)/gen/rulebook.o: $(GEN) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(PIC) -c -o $@ $<

# The start-up caches (STARTUP_CACHE=yes): the parsed YAML documents of the shipped rule files
# and of the JDK release facts (rules/yamldoc.h), then, by a program linked with the rest of the library that compiles the
# rulebook, its regular expressions (rules/recache.h) and Hyperscan databases (rules/hscache.h).
$(BUILD)/tools/yamldoc_gen: tools/yamldoc_gen.c rules/yamldoc.h $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

# The files it is made of, listed in YAMLDOC_LIST, rewritten only when the list changes: a file
# added to it regenerates the table in a tree built before.
YAMLDOC_IN   := $(RULEBOOK) $(JDKFACTS)
YAMLDOC_LIST := $(BUILD)/gen/yamldoc.list
$(YAMLDOC_LIST): FORCE
	@mkdir -p $(dir $@)
	@echo '$(YAMLDOC_IN)' | cmp -s - $@ || echo '$(YAMLDOC_IN)' > $@

$(BUILD)/gen/yamldoc.c: $(YAMLDOC_IN) $(RULES_SUM) $(YAMLDOC_LIST) $(BUILD)/tools/yamldoc_gen
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)$(BUILD)/tools/yamldoc_gen $(YAMLDOC_IN) > $@.tmp && mv $@.tmp $@

$(BUILD)/tools/startup_gen: tools/startup_gen.c rules/recache.h rules/hscache.h $(LIB_OBJ_GEN)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJ_GEN) $(LDLIBS) -lm

$(BUILD)/gen/startup.c: $(BUILD)/tools/startup_gen
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)$(BUILD)/tools/startup_gen > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/yamldoc.o $(BUILD)/gen/startup.o: $(BUILD)/gen/%.o: $(BUILD)/gen/%.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(PIC) -MMD -MP -c -o $@ $<

$(BUILD)/gen/startup_none.o: tools/startup_none.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(PIC) -MMD -MP -c -o $@ $<

$(BUILD)/gen/jdkfacts.c: $(JDKFACTS) tools/embed.sh
	@mkdir -p $(dir $@)
	@echo "  EMBED   $(JDKFACTS)"
	$(Q)sh tools/embed.sh --var txr_jdk_releases_yaml $(JDKFACTS) > $@

$(BUILD)/gen/jdkfacts.o: $(BUILD)/gen/jdkfacts.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -include rules/jdkfacts.h -c -o $@ $<

# Unit tests: one program per tests/unit/test_*.c, linked with the library objects.
UNIT_SRC    := $(wildcard tests/unit/test_*.c)
UNIT_BIN    := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

$(BUILD)/tests/%: tests/unit/%.c tests/tx_test.h tests/json_events.h $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJ) $(LDLIBS) -lm

unit-bins: $(UNIT_BIN)

# Fuzz replay drivers: each tests/fuzz/fuzz_*.c linked with regress.c (no
# libFuzzer needed), so `make test` replays the corpus and regressions.
FUZZ_SRC    := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN    := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/regress.c tests/fuzz/fuzz_common.h $(LIB_OBJ) $(CLI_LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/regress.c $(LIB_OBJ) $(CLI_LIB_OBJ) $(LDLIBS) $(CLI_LDLIBS) -lm

fuzz-replay-bins: $(FUZZ_BIN)

# libFuzzer binaries, for tests/fuzz/run.sh (CC=clang, sanitizers in MOREFLAGS).
$(BUILD)/libfuzzer/%: tests/fuzz/%.c tests/fuzz/fuzz_common.h $(LIB_OBJ) $(CLI_LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB_OBJ) $(CLI_LIB_OBJ) $(LDLIBS) $(CLI_LDLIBS) -lm

fuzz-bins: $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/libfuzzer/%)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

## list: show the targets
list:
	@grep -E '^## ' Makefile | sed 's/^## /  /'

# The ASan+UBSan tree: build/asan, binary build/asan/tlsexplain (./tlsexplain untouched).
SAN_FLAGS   := -fsanitize=address,undefined -fno-sanitize-recover=all
ASAN_VARS   := BUILD=build/asan BIN=build/asan/tlsexplain OPT="-O1 -g -fno-omit-frame-pointer $(SAN_FLAGS)" \
               LDFLAGS="$(SAN_FLAGS)"

## test: build, run every suite, then again the unit, hostile, fuzz-replay and golden suites on
## an ASan+UBSan build; one closing line "N passed, M failed, K skipped" for all of it (CI)
test: all asan-bins
	$(Q)TX_ASAN=build/asan/tlsexplain TX_ASAN_OPT='-O1 -g -fno-omit-frame-pointer $(SAN_FLAGS)' \
		TX_ASAN_LDFLAGS='$(SAN_FLAGS)' sh tests/run.sh


asan-bins:
	$(Q)env MAKEFLAGS= $(MAKE) --no-print-directory $(ASAN_VARS) build/asan/tlsexplain unit-bins fuzz-replay-bins

## asan-test: only the unit, hostile, fuzz-replay and golden suites on an ASan+UBSan build
asan-test: asan-bins
	$(Q)env MAKEFLAGS= $(ASAN_VARS) TLSEXPLAIN=build/asan/tlsexplain sh tests/run.sh unit hostile fuzz golden

## check: the inner loop, under a minute on 2 cores: unit, rules and golden suites (events,
## explain, evidence, compare and timeline goldens, docs), no sanitizers, CHECK_JOBS at once
CHECK_SUITES ?= compare golden evidence unit rules docs htmlcheck fastpath
CHECK_JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
check: all unit-bins
	$(Q)sh tests/run.sh -j $(CHECK_JOBS) $(CHECK_SUITES)

## asan: ASan+UBSan build of ./tlsexplain (same path), for `make asan test`
asan:
	$(Q)rm -f tlsexplain
	$(Q)$(MAKE) --no-print-directory BUILD=build/asan OPT="-O1 -g -fno-omit-frame-pointer $(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" BIN=tlsexplain tlsexplain

## ubsan: UBSan-only build of ./tlsexplain
ubsan:
	$(Q)rm -f tlsexplain
	$(Q)$(MAKE) --no-print-directory BUILD=build/ubsan OPT="-O1 -g -fsanitize=undefined -fno-sanitize-recover=all" LDFLAGS="-fsanitize=undefined" BIN=tlsexplain tlsexplain

## bless: rewrite the golden expectations from the current output (review the diff!)
bless: all
	$(Q)BLESS=1 sh tests/run.sh golden evidence compare

## fixtures: regenerate the lab logs with a real JDK (needs openjdk-17-jdk-headless, openssl)
fixtures:
	$(Q)bash fixtures/lab/generate.sh

## bench: throughput and memory benchmark against grep (writes nothing to the repo)
bench: all
	$(Q)sh bench/run.sh

## accuracy: top-1/top-3 on the lab, public-dev and public-heldout corpora, by format and category (misses listed, never the held-out ones)
accuracy: all
	$(Q)sh tools/accuracy.sh --misses

## fuzz: run every libFuzzer target for FUZZ_SECONDS (default 60) each (clang; FUZZ_JOBS=2 in parallel)
fuzz:
	$(Q)sh tests/fuzz/run.sh

## docs: regenerate docs/diagnoses.md from the rulebook and docs/messages.md from the message catalogue
docs: all
	$(Q)./tlsexplain rules list --format markdown > docs/diagnoses.md
	$(Q)sh tools/messages-doc.sh tests/messages/catalogue.tsv > docs/messages.md

## format: clang-format every C file
format:
	$(Q)clang-format -i $(LIB_SRC) $(CLI_SRC) $(wildcard parser/*.h common/*.h rules/*.h analysis/*.h report/*.h compare/*.h cli/*.h include/*.h)

# Shell completions, generated by the built binary from its option table.
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR  ?= $(DATADIR)/zsh/site-functions
FISHCOMPDIR ?= $(DATADIR)/fish/vendor_completions.d
COMPLETIONS := $(BUILD)/completions/tlsexplain.bash $(BUILD)/completions/_tlsexplain $(BUILD)/completions/tlsexplain.fish

## completions: generate the bash, zsh and fish completion scripts (build/.../completions)
completions: $(COMPLETIONS)

$(BUILD)/completions/tlsexplain.bash: $(BIN)
	@mkdir -p $(dir $@)
	$(Q)./$(BIN) completion bash > $@.tmp && mv $@.tmp $@
$(BUILD)/completions/_tlsexplain: $(BIN)
	@mkdir -p $(dir $@)
	$(Q)./$(BIN) completion zsh > $@.tmp && mv $@.tmp $@
$(BUILD)/completions/tlsexplain.fish: $(BIN)
	@mkdir -p $(dir $@)
	$(Q)./$(BIN) completion fish > $@.tmp && mv $@.tmp $@

# tlsexplain.pc for the PREFIX/LIBDIR/INCLUDEDIR of this install (relative to ${prefix} when
# under it, so that pkg-config --define-prefix can relocate it)
$(BUILD)/tlsexplain.pc: tlsexplain.pc.in FORCE
	@mkdir -p $(dir $@)
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))|' \
		-e 's|@INCLUDEDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))|' \
		-e 's|@VERSION@|$(VERSION)|' -e 's|@REQUIRES@|$(PC_REQUIRES)|' tlsexplain.pc.in > $@.tmp && mv $@.tmp $@

FORCE:

# tlsexplain(1) names the files as installed: the /usr/local/share/... of its FILES section
# become DATADIR and the completion directories ('-' escaped for troff)
MAN_PATH    = $(subst -,\\-,$(1))
MAN1_SED    = -e 's|/usr/local/share/bash\\-completion/completions/|$(call MAN_PATH,$(BASHCOMPDIR))/|' \
              -e 's|/usr/local/share/zsh/site\\-functions/|$(call MAN_PATH,$(ZSHCOMPDIR))/|' \
              -e 's|/usr/local/share/fish/vendor_completions.d/|$(call MAN_PATH,$(FISHCOMPDIR))/|' \
              -e 's|/usr/local/share/|$(call MAN_PATH,$(DATADIR))/|'

## install: binary, libraries, header, tlsexplain.pc, man pages (1 and 3), rulebook and shell
## completions under $(DESTDIR)$(PREFIX) (BINDIR, LIBDIR, INCLUDEDIR, PKGCONFIGDIR, MANDIR ...)
install: all completions $(BUILD)/tlsexplain.pc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(DATADIR)/tlsexplain/rules
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/tlsexplain
	install -m 0644 $(LIB_A) $(DESTDIR)$(LIBDIR)/libtlsexplain.a
	install -m 0755 $(LIB_SO_REAL) $(DESTDIR)$(LIBDIR)/libtlsexplain.so.$(VERSION)
	ln -sf libtlsexplain.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf libtlsexplain.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libtlsexplain.so
	install -m 0644 include/tlsexplain.h $(DESTDIR)$(INCLUDEDIR)/tlsexplain.h
	install -m 0644 $(BUILD)/tlsexplain.pc $(DESTDIR)$(PKGCONFIGDIR)/tlsexplain.pc
	sed $(MAN1_SED) docs/tlsexplain.1 > $(DESTDIR)$(MANDIR)/man1/tlsexplain.1
	chmod 0644 $(DESTDIR)$(MANDIR)/man1/tlsexplain.1
	install -m 0644 docs/tlsexplain.3 $(DESTDIR)$(MANDIR)/man3/tlsexplain.3
	install -m 0644 $(RULEBOOK) $(DESTDIR)$(DATADIR)/tlsexplain/rules/
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 0644 $(BUILD)/completions/tlsexplain.bash $(DESTDIR)$(BASHCOMPDIR)/tlsexplain
	install -m 0644 $(BUILD)/completions/_tlsexplain $(DESTDIR)$(ZSHCOMPDIR)/_tlsexplain
	install -m 0644 $(BUILD)/completions/tlsexplain.fish $(DESTDIR)$(FISHCOMPDIR)/tlsexplain.fish

## uninstall: remove what install put there
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tlsexplain $(DESTDIR)$(MANDIR)/man1/tlsexplain.1 $(DESTDIR)$(MANDIR)/man3/tlsexplain.3
	rm -f $(DESTDIR)$(LIBDIR)/libtlsexplain.a $(DESTDIR)$(LIBDIR)/libtlsexplain.so.$(VERSION) \
		$(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libtlsexplain.so
	rm -f $(DESTDIR)$(INCLUDEDIR)/tlsexplain.h $(DESTDIR)$(PKGCONFIGDIR)/tlsexplain.pc
	rm -rf $(DESTDIR)$(DATADIR)/tlsexplain
	rm -f $(DESTDIR)$(BASHCOMPDIR)/tlsexplain $(DESTDIR)$(ZSHCOMPDIR)/_tlsexplain $(DESTDIR)$(FISHCOMPDIR)/tlsexplain.fish

## clean: remove build products
clean:
	rm -rf build tlsexplain tests/out
