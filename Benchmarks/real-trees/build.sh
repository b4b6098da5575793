#!/bin/sh
# make real-trees: a git repository of real kernel sources from Debian's linux-source
# packages, one commit per point release on a linux-6.1.y and a linux-6.12.y branch, each
# tagged vX.Y.Z, for `lockstep backport` on real trees (tests and the benchmark).
#
#   Benchmarks/real-trees/build.sh [DEST]     (default Benchmarks/work/real-trees)
#
# Packages are downloaded with `apt-get download linux-source-X.Y=VERSION` into
# Benchmarks/work (kernel files are never committed to Lockstep). A tree already unpacked
# in $REAL_SOURCES/linux-source-X.Y (default /work/real) is used for its version instead of
# a download. To stay within minutes, each commit holds the parts of the kernel that a
# backport check reads: the top-level files, include/, mm/, kernel/, lib/, init/, block/,
# ipc/, security/, virt/, fs/ and arch/x86/ (set REAL_TREE_PARTS to change that).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work="$root/Benchmarks/work"
dest=${1:-$work/real-trees}
sources=${REAL_SOURCES:-/work/real}
parts=${REAL_TREE_PARTS:-"include mm kernel lib init block ipc security virt fs arch/x86"}
# line: series and Debian versions, oldest first
lines="6.1:6.1.187-1,6.1.190-1,6.1.192-3 6.12:6.12.107-1~deb12u1,6.12.113-1~deb12u1,6.12.117-1~deb12u1,6.12.118-1~deb12u1"

if [ -d "$dest/.git" ] && [ -f "$dest/.complete" ]; then
  echo "$dest exists (remove it to rebuild)"; exit 0
fi
rm -rf "$dest" && mkdir -p "$dest" "$work"
git -C "$dest" init -q
gitc() {
  GIT_AUTHOR_NAME="Debian kernel" GIT_AUTHOR_EMAIL=debian-kernel@lists.debian.org \
  GIT_COMMITTER_NAME="Debian kernel" GIT_COMMITTER_EMAIL=debian-kernel@lists.debian.org \
  GIT_AUTHOR_DATE="$when" GIT_COMMITTER_DATE="$when" git -C "$dest" -c commit.gpgsign=false -c gc.auto=0 "$@"
}

# unpack SERIES VERSION FOLDER: the parts of linux-source-SERIES at VERSION into FOLDER.
unpack() {
  series=$1 version=$2 folder=$3
  upstream=${version%%-*}
  mkdir -p "$folder"
  local_tree="$sources/linux-source-$series"
  if [ -f "$local_tree/Makefile" ] && [ "$(make -s -C "$local_tree" kernelversion 2>/dev/null)" = "$upstream" ]; then
    echo "  $upstream from $local_tree"
    (cd "$local_tree" && tar cf - --exclude=.git $(ls -p | grep -v / ) $parts) | tar xf - -C "$folder"
    return
  fi
  deb=$(ls "$work"/linux-source-"$series"_"$(echo "$version" | sed 's/~/%7e/')"_all.deb 2>/dev/null || true)
  if [ -z "$deb" ]; then
    echo "  downloading linux-source-$series=$version"
    (cd "$work" && { apt-get download "linux-source-$series=$version" >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get download "linux-source-$series=$version" >/dev/null; }; })
    deb=$(ls "$work"/linux-source-"$series"_*"${upstream}"*_all.deb | head -1)
  fi
  echo "  unpacking $deb"
  dpkg-deb --fsys-tarfile "$deb" | tar xf - -O "./usr/src/linux-source-$series.tar.xz" \
    | xz -dc | tar xf - -C "$folder" --strip-components=1 \
      --wildcards --no-wildcards-match-slash $(for part in $parts; do printf 'linux-source-%s/%s ' "$series" "$part"; done) \
      "linux-source-$series/[A-Z]*"
}

day=0
when="2026-01-01T12:00:00+0000"
for entry in $lines; do
  series=${entry%%:*}
  branch="linux-$series.y"
  first=1
  for version in $(echo "${entry#*:}" | tr ',' ' '); do
    upstream=${version%%-*}
    echo "$branch: v$upstream"
    if [ "$first" = 1 ]; then gitc checkout -q --orphan "$branch"; first=0; fi
    find "$dest" -mindepth 1 -maxdepth 1 ! -name .git ! -name .complete -exec rm -rf {} +
    unpack "$series" "$version" "$dest"
    day=$((day + 1))
    when="2026-01-$(printf %02d "$day")T12:00:00+0000"
    gitc add -A
    gitc commit -qm "Linux $upstream" -m "Debian linux-source-$series $version."
    gitc tag -a "v$upstream" -m "Linux $upstream"
  done
done
gitc checkout -q linux-6.12.y
touch "$dest/.complete"
echo "$dest: $(git -C "$dest" branch --format='%(refname:short)' | tr '\n' ' ')"
