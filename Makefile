# tlsexplain - plain GNU Makefile (zstd style).  `make list` shows the targets.
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
DATADIR     ?= $(PREFIX)/share
MANDIR      ?= $(PREFIX)/share/man
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

LIB_SRC     := $(wildcard parser/*.c) $(wildcard rules/*.c) $(wildcard report/*.c) \
               $(wildcard compare/*.c)
CLI_SRC     := $(wildcard cli/*.c)
RULEBOOK    := $(sort $(wildcard rules/tls/*.yaml))
GEN         := $(BUILD)/gen/rulebook.c
LIB_OBJ     := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/rulebook.o $(BUILD)/gen/jdkfacts.o
# The JDK release facts (docs/jdk.md), embedded too.
JDKFACTS    := rules/jdk/releases.yaml
CLI_OBJ     := $(CLI_SRC:%.c=$(BUILD)/%.o)
# the CLI without main() (cli/tlsexplain.c): txc_run() for the CLI fuzz target
CLI_LIB_OBJ := $(filter-out $(BUILD)/cli/tlsexplain.o,$(CLI_OBJ))

.PHONY: completions accuracy unit-bins fuzz-replay-bins fuzz-bins asan-test all list test check asan ubsan install uninstall clean fixtures bless bench fuzz format docs
.DEFAULT_GOAL := all

# BIN: where the binary goes (parallel work trees use BUILD=build/x BIN=build/x/tlsexplain).
BIN         ?= tlsexplain

## all: build ./tlsexplain
all: $(BIN)

$(BIN): $(LIB_OBJ) $(CLI_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(CLI_LDLIBS) -lm

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The shipped rulebook is embedded in the binary.
$(GEN): $(RULEBOOK) tools/embed.sh
	@mkdir -p $(dir $@)
	@echo "  EMBED   rules/tls/*.yaml"
	$(Q)sh tools/embed.sh $(RULEBOOK) > $@

$(BUILD)/gen/rulebook.o: $(GEN)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/gen/jdkfacts.c: $(JDKFACTS) tools/embed.sh
	@mkdir -p $(dir $@)
	@echo "  EMBED   $(JDKFACTS)"
	$(Q)sh tools/embed.sh --var txi_jdk_releases_yaml $(JDKFACTS) > $@

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
## an ASan+UBSan build; one closing line "N passed, M failed" for all of it
test: all asan-bins
	$(Q)TX_ASAN=build/asan/tlsexplain TX_ASAN_OPT='-O1 -g -fno-omit-frame-pointer $(SAN_FLAGS)' \
		TX_ASAN_LDFLAGS='$(SAN_FLAGS)' sh tests/run.sh


asan-bins:
	$(Q)env MAKEFLAGS= $(MAKE) --no-print-directory $(ASAN_VARS) build/asan/tlsexplain unit-bins fuzz-replay-bins

## asan-test: only the unit, hostile, fuzz-replay and golden suites on an ASan+UBSan build
asan-test: asan-bins
	$(Q)env MAKEFLAGS= $(ASAN_VARS) TLSEXPLAIN=build/asan/tlsexplain sh tests/run.sh unit hostile fuzz golden

## check: the quick unit tests only
check: all
	$(Q)sh tests/run.sh unit

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

## accuracy: top-1/top-3 on the lab, public-dev and public-heldout corpora, by format and category (misses listed)
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
	$(Q)clang-format -i $(LIB_SRC) $(CLI_SRC) $(wildcard parser/*.h rules/*.h report/*.h compare/*.h cli/*.h include/*.h)

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

## install: binary, man page, rulebook and shell completions under $(DESTDIR)$(PREFIX)
install: all completions
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/tlsexplain/rules
	install -m 0755 tlsexplain $(DESTDIR)$(BINDIR)/tlsexplain
	install -m 0644 docs/tlsexplain.1 $(DESTDIR)$(MANDIR)/man1/tlsexplain.1
	install -m 0644 $(RULEBOOK) $(DESTDIR)$(DATADIR)/tlsexplain/rules/
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 0644 $(BUILD)/completions/tlsexplain.bash $(DESTDIR)$(BASHCOMPDIR)/tlsexplain
	install -m 0644 $(BUILD)/completions/_tlsexplain $(DESTDIR)$(ZSHCOMPDIR)/_tlsexplain
	install -m 0644 $(BUILD)/completions/tlsexplain.fish $(DESTDIR)$(FISHCOMPDIR)/tlsexplain.fish

## uninstall: remove what install put there
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tlsexplain $(DESTDIR)$(MANDIR)/man1/tlsexplain.1
	rm -rf $(DESTDIR)$(DATADIR)/tlsexplain
	rm -f $(DESTDIR)$(BASHCOMPDIR)/tlsexplain $(DESTDIR)$(ZSHCOMPDIR)/_tlsexplain $(DESTDIR)$(FISHCOMPDIR)/tlsexplain.fish

## clean: remove build products
clean:
	rm -rf build tlsexplain tests/out
