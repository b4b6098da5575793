# Shared by real-check.sh and run.sh: the real Linux 6.12 source from Debian, unpacked
# under Benchmarks/work/ (gitignored; kernel files are never committed), and a release build.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work="$root/Benchmarks/work"
linux="$work/linux-source-6.12"

# need COMMAND PACKAGE: installs the Debian package when the command is missing.
need() {
  command -v "$1" >/dev/null 2>&1 && return
  echo "installing $2 with apt-get"
  apt-get install -y -qq "$2" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
}

fetch_linux() {
  mkdir -p "$work"
  if [ ! -d "$linux/mm" ]; then
    cd "$work"
    if ! ls linux-source-6.12_*.deb >/dev/null 2>&1; then
      apt-get download linux-source-6.12 2>/dev/null || { apt-get update -qq && apt-get download linux-source-6.12; }
    fi
    rm -rf pkg && dpkg-deb -x linux-source-6.12_*.deb pkg
    tar xf pkg/usr/src/linux-source-6.12.tar.xz
    rm -rf pkg
    cd "$root"
  fi
}

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

git_bench() { repo=$1; shift; git -C "$repo" -c user.name=bench -c user.email=bench@example.org "$@"; }
