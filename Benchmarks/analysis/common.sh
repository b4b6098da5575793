# Shared by real-check.sh and run.sh: the real Linux 6.12 source from Debian, unpacked
# under Benchmarks/work/ (gitignored; kernel files are never committed), and a release build.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work="$root/Benchmarks/work"
linux="$work/linux-source-6.12"
lockstep="$root/.build/release/lockstep"

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
  (cd "$root" && swift build -c release --product lockstep >/dev/null)
}
