#!/usr/bin/env bash
# What a stable maintainer runs without Lockstep to answer "where is commit C?":
# the first release (git tag --contains), then per stable line: ancestry, the
# upstream line (git log --grep), the patch-id fallback, the subject fallback.
# usage: git-contains.sh REPO COMMIT
set -eu
export GIT_DIR="$1"
commit=$(git rev-parse "$2^{commit}")
first=$(git tag --contains "$commit" | grep -E '^v[0-9]+\.[0-9]+(-rc[0-9]+)?$' \
  | sed -E 's/^(v[0-9.]+)$/\1-rc99/' | sort -V | head -1 | sed 's/-rc99$//' || true)
echo "first release: ${first:-none}"
subject=$(git log -1 --format=%s "$commit")
pid=""
for line in $(git for-each-ref --format='%(refname:short)' 'refs/heads/linux-*.y'); do
  base="v$(echo "$line" | sed -E 's/^linux-([0-9]+\.[0-9]+)\.y$/\1/')"
  if git merge-base --is-ancestor "$commit" "$line"; then
    echo "$line ancestry"; continue
  fi
  found=$(git log -1 --format=%H -F --grep="$commit" "$base..$line")
  if [ -n "$found" ]; then echo "$line upstream-line $found"; continue; fi
  [ -n "$pid" ] || pid=$(git show "$commit" | git patch-id --stable | cut -d' ' -f1)
  found=$(git log -p "$base..$line" | git patch-id --stable | awk -v p="$pid" '$1 == p {print $2; exit}')
  if [ -n "$found" ]; then echo "$line patch-id $found"; continue; fi
  found=$(git log --format='%H%x09%s' "$base..$line" | awk -F'\t' -v s="$subject" '$2 == s {print $1; exit}')
  if [ -n "$found" ]; then echo "$line subject $found"; continue; fi
  echo "$line absent"
done
