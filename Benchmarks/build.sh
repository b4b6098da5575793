#!/bin/sh
# The binary every benchmark measures: a release build with the Swift runtime linked in
# (--static-swift-stdlib), as a packaged lockstep would be. Prints its path.
# (The shared Swift libraries cost each process about a quarter of its start: 8 ms.)
set -eu
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product lockstep >&2
echo "$(swift build -c release --static-swift-stdlib --show-bin-path)/lockstep"
