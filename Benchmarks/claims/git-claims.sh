#!/usr/bin/env bash
# What a reviewer runs by hand to check a thread's claims against the tree with the git CLI:
# per version, `git am` on a scratch branch and `git diff` against the version before (the
# changelog entries); per Fixes: trailer, the commit by id, else by subject, and its diff
# (the lines it introduced); per C name the thread writes, `git grep` for its definition at
# the base (code facts, identifiers). The analysis and the simulator have no git equivalent:
# this is the part of the work git can do at all.
# usage: git-claims.sh REPO BASE THREAD.mbox
set -euo pipefail
repo=$(realpath "$1") base=$2 mbox=$(realpath "$3")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
git clone -q --shared --no-checkout "$repo" "$scratch/clone"
cd "$scratch/clone"
git checkout -q "$base" 2>/dev/null
git -c user.name=b -c user.email=b@example.org checkout -q -b review
# The patches of every version, in order (git mailsplit keeps each mail).
mkdir "$scratch/mails"
git mailsplit -o"$scratch/mails" "$mbox" > /dev/null
previous=
for mail in "$scratch"/mails/*; do
  grep -q '^Subject: \[PATCH' "$mail" || continue
  git checkout -q "$base"
  if git -c user.name=b -c user.email=b@example.org am -q "$mail" 2>/dev/null; then
    current=$(git rev-parse HEAD)
    [ -n "$previous" ] && git diff --stat "$previous" "$current" > /dev/null
    previous=$current
  else
    git am --abort 2>/dev/null || true
  fi
  grep -o '^Fixes: [0-9a-f]*' "$mail" | while read -r _ id; do
    if ! git rev-parse -q --verify "$id^{commit}" > /dev/null; then
      subject=$(grep -A1 '^Fixes:' "$mail" | tr '\n' ' ' | sed 's/.*("\(.*\)").*/\1/')
      id=$(git log --format='%H %s' "$base" | grep -F " $subject" | head -1 | cut -d' ' -f1)
    fi
    [ -n "$id" ] && git show "$id" > /dev/null
  done
done
git checkout -q "$base"
# Every C name the thread writes: where is it defined at the base?
grep -o '[a-z_][a-z0-9_]*_[a-z0-9_]*()' "$scratch"/mails/* | sed 's/.*://; s/()//' | sort -u \
  | while read -r name; do
    git grep -n -E "^[a-z].*\b$name\(|^#define $name\b" "$base" -- '*.c' '*.h' > /dev/null || true
  done
