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

# The previous point release's mm/ and include/ (6.12.107): the stable changes between it and
# $linux are the real patches of the benchmark's main series.
previous_version=6.12.107-1~deb12u1
previous="$work/linux-source-6.12.107"

fetch_previous() {
  if [ ! -d "$previous/mm" ]; then
    mkdir -p "$work/previous" && cd "$work/previous"
    apt-get download "linux-source-6.12=$previous_version" 2>/dev/null \
      || { apt-get update -qq && apt-get download "linux-source-6.12=$previous_version"; }
    rm -rf pkg && dpkg-deb -x linux-source-6.12_*.deb pkg
    tar xf pkg/usr/src/linux-source-6.12.tar.xz linux-source-6.12/mm linux-source-6.12/include
    rm -rf "$previous" && mv linux-source-6.12 "$previous"
    rm -rf pkg
    cd "$root"
  fi
}
