#!/usr/bin/env bash
# What a stable maintainer scripts without Lockstep to answer, for every linux-X.Y.y line,
# "affected? already there? applies? what is missing?" for a fix mail:
#   per line: git merge-base --is-ancestor (the Fixes: target, and the fix), git log --grep
#   for the fix's upstream line, git apply --check on the line's tree (a scratch index,
#   never the repository's), git grep for each identifier of the added lines, and
#   git log -S on mainline for the commit that introduced each one the line lacks.
# usage: git-backport.sh REPO MAIL
set -eu
export GIT_DIR
GIT_DIR=$(git -C "$1" rev-parse --absolute-git-dir 2>/dev/null || echo "$1")
mail=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
subject=$(sed -n 's/^Subject: \(\[[^]]*\] *\)*//p' "$mail" | head -1)
target=$(sed -n 's/^Fixes: \([0-9a-f]*\).*/\1/p' "$mail" | head -1)
fix=$(git log -1 --format=%H -F --grep="$subject" master 2>/dev/null || true)
files=$(sed -n 's|^+++ b/||p' "$mail" | sort -u)
folders=$(for f in $files; do dirname "$f"; done | sort -u)
ids=$(sed -n '/^+++/d; s/^+//p' "$mail" | grep -oE '\b[A-Za-z_][A-Za-z0-9_]*\b' | sort -u)
for line in $(git for-each-ref --format='%(refname:short)' 'refs/heads/linux-*.y'); do
  affected=no
  if [ -n "$target" ] && git merge-base --is-ancestor "$target" "$line" 2>/dev/null; then
    affected=yes
  fi
  status=""
  if [ -n "$fix" ] && git merge-base --is-ancestor "$fix" "$line"; then status=already-applied; fi
  if [ -z "$status" ] && [ -n "$fix" ] \
    && [ -n "$(git log -1 --format=%H -F --grep="$fix" "$line")" ]; then
    status=already-applied
  fi
  if [ -z "$status" ]; then
    GIT_INDEX_FILE="$scratch/index" git read-tree "$line"
    if GIT_INDEX_FILE="$scratch/index" git apply --check --cached "$mail" 2>/dev/null; then
      status=applies
    else
      status=conflict
    fi
  fi
  missing=""
  for id in $ids; do
    if ! git grep -q -w -e "$id" "$line" -- include $folders 2>/dev/null; then
      intro=$(git log --reverse --format=%h -S"$id" master -- include $folders | head -1)
      missing="$missing $id${intro:+@$intro}"
    fi
  done
  echo "$line affected=$affected $status missing:${missing:- none}"
done
