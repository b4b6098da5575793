#!/usr/bin/env bash
# Bounded libFuzzer run for one parser.
#   Fuzz/run.sh mail|patch|csyntax|analysis|primitives|kbuild|scenario SECONDS
# Compiles the target's sources with its harness (swiftc -sanitize=fuzzer,address),
# seeds the corpus from Fixtures/, the shipped data and, when unpacked, real kernel files
# (LINUX_SOURCE, default /work/real/linux-source-6.12), runs for SECONDS, and keeps any
# crashing input in .build/fuzz/TARGET/ (printed at the end). Exit status 1 on a finding.
# FUZZ_TIMEOUT (seconds, default 10) is how long one input may take before it counts as a
# hang: raise it on a loaded machine (a niced run's wall-clock time stretches).
#   mail        the mail/MIME reader (Sources/MailThread)
#   patch       the diff repair and everything that consumes it (Sources/PatchDiff)
#   csyntax     the C reader: tokens, #if conditions, functions, statements (Sources/CSyntax)
#   analysis    the whole-file analysis on fuzzed C (LockAnalysis with CSyntax, PatchDiff,
#               KernelTree built as modules beside it)
#   primitives  the primitive-table reader
#   kbuild      the Kconfig and Makefile readers of the stub check
#   scenario    the scenario language, its compiler and a bounded search, and the
#               contenders file (PathSimulator, with PathFormat built as a module)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: Fuzz/run.sh mail|patch|csyntax|analysis|primitives|kbuild|scenario SECONDS}
seconds=${2:-60}
linux=${LINUX_SOURCE:-/work/real/linux-source-6.12}
work=.build/fuzz/$target
mkdir -p "$work/corpus"
root=$PWD
FUZZ_FLAGS=(-sanitize=fuzzer,address -parse-as-library -O)

# Copies files into the corpus (each at most 64 KiB, what the run reads of an input).
seed() {
  for file in "$@"; do
    [ -f "$file" ] && head -c 65536 "$file" >"$work/corpus/seed-$(echo "$file" | tr / _)"
  done
  return 0
}

# Builds a library module from Sources/NAME into .build/fuzz/modules (object and
# .swiftmodule) for the targets that import it.
modules=.build/fuzz/modules
module() {
  local name=$1
  shift
  mkdir -p "$modules"
  mapfile -t files < <(find "Sources/$name" -name '*.swift' | sort)
  swiftc "${FUZZ_FLAGS[@]}" -wmo -module-name "$name" -I "$modules" "$@" \
    -emit-module -emit-module-path "$modules/$name.swiftmodule" \
    -c "${files[@]}" -o "$modules/$name.o"
}

# LockAnalysis and what it imports, compiled with a harness into one executable.
analysis_target() {
  module CSyntax
  module PatchDiff
  module KernelTree -I Sources/CLibGit2
  module PathFormat
  mapfile -t sources < <(find Sources/LockAnalysis -name '*.swift' | sort)
  sources+=(Fuzz/support/ResourceBundle.swift)
  flags=(-I "$modules" -I Sources/CLibGit2 "$modules/CSyntax.o" "$modules/PatchDiff.o"
    "$modules/KernelTree.o" "$modules/PathFormat.o" -lgit2 -lz)
  module=LockAnalysis
  mkdir -p "$work/resources"
  cp Sources/LockAnalysis/Resources/* "$work/resources/"
  export LOCKSTEP_FUZZ_RESOURCES=$root/$work/resources
}

case "$target" in
  mail)
    mapfile -t sources < <(find Sources/MailThread -name '*.swift' | sort)
    flags=(-I Sources/CZlib -lz)
    seed Fixtures/seeds/* Fixtures/mail/*.mbox Fixtures/mail/eml/* Fixtures/hostile/*
    module=MailFuzz
    harness=Fuzz/mail/main.swift
    ;;
  patch)
    mapfile -t sources < <(find Sources/PatchDiff -name '*.swift' | sort)
    flags=()
    seed Fixtures/seeds/* Fixtures/patchdiff/* Fixtures/kernel-tree/expected/*
    module=PatchDiff
    harness=Fuzz/patch/PatchFuzz.swift
    ;;
  csyntax)
    mapfile -t sources < <(find Sources/CSyntax -name '*.swift' | sort)
    flags=()
    seed $(find Fixtures -name '*.c' -o -name '*.h' | sort) "$linux"/mm/*.c "$linux"/mm/*.h \
      "$linux"/include/linux/mm*.h "$linux"/include/linux/spinlock*.h
    module=CSyntax
    harness=Fuzz/csyntax/CSyntaxFuzz.swift
    ;;
  analysis)
    analysis_target
    seed $(find Fixtures -name '*.c' | sort) "$linux"/mm/*.c
    harness=Fuzz/analysis/AnalysisFuzz.swift
    ;;
  primitives)
    analysis_target
    seed Sources/LockAnalysis/Resources/primitives.txt
    harness=Fuzz/primitives/PrimitiveTableFuzz.swift
    ;;
  kbuild)
    analysis_target
    seed $(find Fixtures -name Kconfig -o -name Makefile | sort) "$linux"/mm/Kconfig \
      "$linux"/mm/Makefile "$linux"/fs/Kconfig "$linux"/fs/Makefile "$linux"/kernel/Makefile \
      "$linux"/drivers/Makefile "$linux"/lib/Kconfig "$linux"/lib/Makefile
    harness=Fuzz/kbuild/KbuildFuzz.swift
    ;;
  scenario)
    module PathFormat
    mapfile -t sources < <(find Sources/PathSimulator -name '*.swift' | sort)
    sources+=(Fuzz/support/ResourceBundle.swift)
    flags=(-I "$modules" "$modules/PathFormat.o")
    mkdir -p "$work/resources"
    cp -R Sources/PathSimulator/Resources/* "$work/resources/"
    export LOCKSTEP_FUZZ_RESOURCES=$root/$work/resources
    seed Sources/PathSimulator/Resources/contenders.txt \
      $(find Sources/PathSimulator/Resources/scenarios Fixtures -name '*.scenario' | sort)
    module=PathSimulator
    harness=Fuzz/scenario/ScenarioFuzz.swift
    ;;
  *)
    echo "unknown fuzz target: $target (known: mail, patch, csyntax, analysis, primitives, kbuild, scenario)" >&2
    exit 2
    ;;
esac
swiftc "${FUZZ_FLAGS[@]}" -module-name "$module" \
  "${flags[@]}" "${sources[@]}" "$harness" -o "$work/fuzz-$target"
cd "$work"
# libFuzzer and ASan report crashes themselves; the Swift backtracer would wait.
export SWIFT_BACKTRACE=enable=no
set +e
./"fuzz-$target" corpus -max_total_time="$seconds" -max_len=65536 -timeout="${FUZZ_TIMEOUT:-10}" \
  -rss_limit_mb=2048 -print_final_stats=1 2>&1 | tail -25
status=${PIPESTATUS[0]}
set -e
echo "corpus: $(ls corpus | wc -l) inputs, $(du -sh corpus | cut -f1)"
ls crash-* timeout-* oom-* leak-* 2>/dev/null && echo "findings above, in $work" || true
exit "$status"
