# Shared by real-check.sh and run.sh: the real Linux 6.12 source from Debian, unpacked
# under Benchmarks/work/ (gitignored; kernel files are never committed), and a release build.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work="$root/Benchmarks/work"
mkdir -p "$work"

# need COMMAND PACKAGE: installs the Debian package when the command is missing.
need() {
  command -v "$1" >/dev/null 2>&1 && return
  echo "installing $2 with apt-get"
  apt-get install -y -qq "$2" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
}

# build_release: $lockstep, the release binary every benchmark measures.
build_release() {
  lockstep=${LOCKSTEP:-$("$root/Benchmarks/build.sh")}
}

# fetch_mm SERIES VERSION: mm/ and include/ of one Debian point release of linux-source-SERIES
# (e.g. 6.12 6.12.107-1~deb12u1), unpacked once under $work; sets $tree to its folder.
fetch_mm() {
  tree="$work/linux-$1-${2%%-*}"
  [ -d "$tree/mm" ] && return
  download=$(mktemp -d "$work/download.XXXXXX")
  (
    cd "$download"
    apt-get download "linux-source-$1=$2" 2>/dev/null \
      || { apt-get update -qq && apt-get download "linux-source-$1=$2"; }
    dpkg-deb -x linux-source-*.deb pkg
    tar xf "pkg/usr/src/linux-source-$1.tar.xz" "linux-source-$1/mm" "linux-source-$1/include"
    mv "linux-source-$1" "$tree"
  )
  rm -rf "$download"
}

# stable_series OLD NEW DEST [LIMIT] [PATTERN]: a git repository DEST/repo holding OLD's mm/ and
# include/, then one commit per mm/ file that differs in NEW (at most LIMIT, files matching
# PATTERN, default *.c and *.h), and DEST/series.mbox and DEST/patches/ made by format-patch.
# Sets $count to the number of patches.
stable_series() {
  old=$1 new=$2 dest=$3 limit=${4:-100000} pattern=${5:-'*.[ch]'}
  rm -rf "$dest" && mkdir -p "$dest/repo" "$dest/patches"
  cp -r "$old/mm" "$old/include" "$dest/repo/"
  git -C "$dest/repo" init -q
  git_bench "$dest/repo" add -A
  git_bench "$dest/repo" commit -qm "$(basename "$old")"
  count=0
  for file in $(cd "$new" && find mm -name "$pattern" | sort); do
    [ -f "$dest/repo/$file" ] && ! cmp -s "$dest/repo/$file" "$new/$file" || continue
    cp "$new/$file" "$dest/repo/$file"
    git_bench "$dest/repo" commit -qam "${file%.*}: stable changes $(basename "$old")..$(basename "$new")"
    count=$((count + 1))
    [ "$count" -lt "$limit" ] || break
  done
  git -C "$dest/repo" format-patch -q -o "$dest/patches" "HEAD~$count..HEAD"
  cat "$dest"/patches/*.patch > "$dest/series.mbox"
}

# real_source SERIES VERSION: the whole source of one pinned Debian point release of
# linux-source-SERIES (e.g. 6.1 6.1.192-3); sets $tree to its folder. A folder
# $LINUX_SOURCES/linux-source-SERIES whose Makefile is that release is used as it is (no
# download); otherwise the package is downloaded and unpacked once under $work.
real_source() {
  release=${2%%-*}
  for candidate in "${LINUX_SOURCES:-}/linux-source-$1" "$work/linux-source-$1-$release"; do
    if [ -f "$candidate/Makefile" ] && [ "$(source_release "$candidate")" = "$release" ]; then
      tree=$candidate
      return
    fi
  done
  tree="$work/linux-source-$1-$release"
  download=$(mktemp -d "$work/download.XXXXXX")
  (
    cd "$download"
    apt-get download "linux-source-$1=$2" 2>/dev/null \
      || { apt-get update -qq && apt-get download "linux-source-$1=$2"; }
    dpkg-deb -x linux-source-*.deb pkg
    tar xf "pkg/usr/src/linux-source-$1.tar.xz"
    rm -rf "$tree" && mv "linux-source-$1" "$tree"
  )
  rm -rf "$download"
}

# source_release DIR: the release a kernel source folder's Makefile names (6.12.117).
source_release() {
  sed -n 's/^VERSION = //p; s/^PATCHLEVEL = //p; s/^SUBLEVEL = //p' "$1/Makefile" | head -3 | paste -sd.
}

# mm_repository SOURCE DEST: a git repository DEST holding SOURCE's mm/, include/ and
# lib/Kconfig.debug in one commit (HEAD), for `lockstep analyze --tree DEST --base HEAD`.
mm_repository() {
  rm -rf "$2" && mkdir -p "$2/lib"
  cp -r "$1/mm" "$1/include" "$2/"
  cp "$1/lib/Kconfig.debug" "$2/lib/" 2>/dev/null || true
  git -C "$2" init -q
  git_bench "$2" add -A
  git_bench "$2" commit -qm "$(basename "$1") $(source_release "$1")"
}

git_bench() { repo=$1; shift; git -C "$repo" -c user.name=bench -c user.email=bench@example.org "$@"; }
