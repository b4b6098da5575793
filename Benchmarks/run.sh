#!/usr/bin/env bash
# Lockstep's benchmarks, each side by side with the tool a user would otherwise run.
# usage: Benchmarks/run.sh [tree|mail|analysis|simulator|backport|claims|report|b4check|hostile|all]   (default: all)
# Generated data goes to Benchmarks/work/ (ignored by git); the release build is used.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
lockstep=$(Benchmarks/build.sh)
export LOCKSTEP="$lockstep"
mkdir -p Benchmarks/work

if [ "$what" = tree ] || [ "$what" = all ]; then
  echo "== lockstep tree contains vs the git CLI pipeline (100k commits, 8 stable lines)"
  if [ ! -f Benchmarks/work/bigtree/bench.json ]; then
    rm -rf Benchmarks/work/bigtree
    python3 Benchmarks/tree/generate.py Benchmarks/work/bigtree
  fi
  python3 Benchmarks/tree/bench.py Benchmarks/work/bigtree "$lockstep"
fi

if [ "$what" = simulator ] || [ "$what" = all ]; then
  echo "== lockstep simulate vs SPIN's compiled verifier (same models, scaled up)"
  LOCKSTEP="$lockstep" Benchmarks/simulator/run.sh
fi

if [ "$what" = mail ] || [ "$what" = all ]; then
  echo "== lockstep thread vs Python mailbox + email and git mailsplit (200 MB mbox)"
  Benchmarks/mail/run.sh
fi

if [ "$what" = analysis ] || [ "$what" = all ]; then
  echo "== lockstep analyze vs checkpatch.pl and Coccinelle (Linux 6.12 mm/)"
  Benchmarks/analysis/run.sh
fi

if [ "$what" = backport ] || [ "$what" = all ]; then
  echo "== lockstep backport vs the git CLI pipeline (8 generated lines; Debian 6.1 + 6.12)"
  Benchmarks/backport/run.sh
fi

if [ "$what" = claims ] || [ "$what" = all ]; then
  echo "== lockstep claims vs the git CLI steps a reviewer runs by hand (44-message thread)"
  Benchmarks/claims/run.sh
fi

if [ "$what" = report ] || [ "$what" = all ]; then
  echo "== lockstep annotate, end to end (40-message thread, fixture tree) vs the commands one by one and Python's email"
  Benchmarks/report/run.sh
fi

if [ "$what" = b4check ] || [ "$what" = all ]; then
  echo "== lockstep b4-check vs checkpatch.pl, one process per patch as b4 review runs them"
  Benchmarks/b4check/run.sh
fi

if [ "$what" = hostile ] || [ "$what" = all ]; then
  echo "== every hostile input of the robustness issue at twice its size: time, peak memory, exit, canary"
  python3 Benchmarks/hostile/run.py "$lockstep" Benchmarks/work/hostile
fi
