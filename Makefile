# Lockstep: two commands do all set-up on a fresh Debian machine.
#   make demo   install what is missing, build, run the main job on the fixtures
#   make test   install what is missing, lint, build, run the whole test suite

SWIFT      ?= swift
BUILD_FLAGS ?=
LOCKSTEP   = .build/debug/lockstep

.PHONY: all deps browser build demo install test lint format bench fuzz real-check mutation-check real-trees clean

all: build

# libgit2 comes from Debian's libgit2-dev, zlib (gzip'd mboxes) from zlib1g-dev;
# git and pkg-config are needed by the fixture builder and SwiftPM's lookup.
deps:
	@if ! pkg-config --exists libgit2 zlib 2>/dev/null || ! command -v git >/dev/null; then \
	  echo "installing libgit2-dev, zlib1g-dev, git and pkg-config with apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libgit2-dev zlib1g-dev git pkg-config >/dev/null; \
	fi

# The HTML report's tests open it in Debian's chromium (headless); without it they skip,
# saying so. Only make test installs it: the tool itself never needs a browser.
browser:
	@if ! command -v chromium >/dev/null; then \
	  echo "installing chromium with apt-get (the HTML report's browser tests)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium >/dev/null || echo "chromium could not be installed: the browser tests will skip"; \
	fi

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

# The main job on the embedded fixtures: seed 000 (the hmm_range_fault() livelock
# fix, a damaged quoted mail) read as a thread, analyzed and replayed against the
# fixture kernel tree, and the stable lines asked where the fix is; then the whole
# thread annotated as one HTML page, kept in .build/demo/ and its path printed.
SEED000 = Fixtures/seeds/000_28e554185c54152d.txt
DEMO_REPORT = .build/demo/seed000-annotated.html
demo: build
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  Fixtures/kernel-tree/build.sh "$$tmp/linux" >/dev/null && \
	  echo "== lockstep thread $(SEED000)" && \
	  $(LOCKSTEP) thread $(SEED000) && echo && \
	  echo "== lockstep analyze $(SEED000) --tree fixture --base v7.0-rc1" && \
	  { $(LOCKSTEP) analyze $(SEED000) --tree "$$tmp/linux" --base v7.0-rc1 || [ $$? -eq 1 ]; } && echo && \
	  echo "== lockstep simulate --patch $(SEED000) --tree fixture --base v7.0-rc1" && \
	  { $(LOCKSTEP) simulate --patch $(SEED000) --tree "$$tmp/linux" --base v7.0-rc1 --cpus 1 || [ $$? -eq 1 ]; } && echo && \
	  echo "== lockstep tree lines --tree fixture" && \
	  $(LOCKSTEP) tree lines --tree "$$tmp/linux" && echo && \
	  echo '== lockstep tree contains "mm/migrate: Trylock device page in do_swap_page"' && \
	  $(LOCKSTEP) tree contains "mm/migrate: Trylock device page in do_swap_page" --tree "$$tmp/linux" && echo && \
	  echo '== lockstep tree contains "mm: Fix a hmm_range_fault() livelock / starvation problem"' && \
	  $(LOCKSTEP) tree contains "mm: Fix a hmm_range_fault() livelock / starvation problem" --tree "$$tmp/linux" && echo && \
	  echo "== lockstep annotate $(SEED000) --tree fixture --base v7.0-rc1 -o $(DEMO_REPORT)" && \
	  mkdir -p $(dir $(DEMO_REPORT)) && \
	  { $(LOCKSTEP) annotate $(SEED000) --tree "$$tmp/linux" --base v7.0-rc1 -o $(DEMO_REPORT) || [ $$? -eq 1 ]; } && \
	  echo "the annotated thread: file://$(CURDIR)/$(DEMO_REPORT)"

# A lockstep that runs from anywhere: the release binary (Swift runtime linked in) and the
# Lockstep_*.resources folders it reads (the primitive table, contenders, scenarios, claim
# patterns, renames, report templates) side by side in PREFIX/lib/lockstep, linked from
# PREFIX/bin/lockstep. A binary copied without them says which file it lacks (exit 65).
PREFIX ?= /usr/local
install: deps
	$(SWIFT) build -c release --static-swift-stdlib --product lockstep
	@bin=$$($(SWIFT) build -c release --static-swift-stdlib --show-bin-path) && \
	  mkdir -p "$(PREFIX)/lib/lockstep" "$(PREFIX)/bin" && \
	  rm -rf "$(PREFIX)/lib/lockstep/"Lockstep_*.resources && \
	  cp "$$bin/lockstep" "$(PREFIX)/lib/lockstep/lockstep" && \
	  cp -R "$$bin"/Lockstep_*.resources "$(PREFIX)/lib/lockstep/" && \
	  ln -sf ../lib/lockstep/lockstep "$(PREFIX)/bin/lockstep" && \
	  echo "installed $(PREFIX)/bin/lockstep -> $(PREFIX)/lib/lockstep/lockstep"

# The Swift sources of the benchmarks are linted with the package's.
SWIFT_SOURCES = Sources Tests Templates Benchmarks/analysis/LockMutation Benchmarks/analysis/MutationCheck

lint:
	$(SWIFT) format lint --strict -r $(SWIFT_SOURCES)

format:
	$(SWIFT) format -i -r $(SWIFT_SOURCES)

test: deps browser lint
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build $(BUILD_FLAGS)

bench: deps
	Benchmarks/run.sh

# The analysis over real kernel code: every function of Debian's linux-source 6.12 and 6.1
# mm/, and their stable changes as patch series; findings by rule, every error listed,
# exit 1 on an error (downloads the packages; not part of make test).
real-check: deps
	Benchmarks/analysis/real-check.sh

# Recall on bugs planted in real code: mutants of every function of the real 6.12 and 6.1
# mm/*.c that uses a primitive of the table (an unlock, pte_unmap or put deleted on one path,
# an early exit while held, a sleep under a spinlock, …), MUTANTS per tree sampled with SEED,
# each analyzed against the tree; recall per operator, function size and file, every miss
# (exit 1 below the issue's thresholds; not part of make test, which runs a fixed sample of
# about 100 on the fixture tree). LINUX_SOURCES=DIR reuses unpacked DIR/linux-source-6.x.
MUTANTS ?= 700
SEED ?= 9
mutation-check: deps
	MUTANTS=$(MUTANTS) SEED=$(SEED) Benchmarks/analysis/mutation-check.sh

# A git repository of real kernel sources (Debian's linux-source-6.1 and -6.12, a commit
# per point release on linux-6.1.y and linux-6.12.y, tagged vX.Y.Z) in
# Benchmarks/work/real-trees, for the backport tests and benchmark (not part of make test).
real-trees: deps
	Benchmarks/real-trees/build.sh

# Bounded libFuzzer runs of every parser (not part of make test): the mail/MIME reader,
# the diff repair, the C reader, the whole-file analysis, the primitive table, the
# Kconfig/Makefile readers and the scenario/contenders reader; FUZZ_SECONDS each, crashes
# kept in .build/fuzz/TARGET/.
# Real kernel files seed the C targets when LINUX_SOURCE (an unpacked linux-source) exists.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= mail patch csyntax analysis primitives kbuild scenario
fuzz: deps
	@for target in $(FUZZ_TARGETS); do Fuzz/run.sh $$target $(FUZZ_SECONDS) || exit 1; done

clean:
	rm -rf .build
