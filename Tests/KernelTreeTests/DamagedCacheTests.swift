import Foundation
import TestSupport
import Testing

/// A warm cache file that is empty or cut short (a full disk, a killed process, an older
/// version's format) is scanned again, never trusted: the answer is the cold one.
@Test(arguments: ["empty", "cut at a line", "cut mid-line"])
func aDamagedLineScanIsRebuiltNotTrusted(damage: String) throws {
  let cache = try TemporaryFolder("lockstep-damaged-cache")
  let arguments = [
    "tree", "contains", "--json", "--tree", Paths.fixtureTree.path,
    "mm: Fix a hmm_range_fault() livelock / starvation problem",
  ]
  let environment = ["LOCKSTEP_CACHE_DIR": cache.url.path]
  let cold = try run(Paths.lockstep, arguments + ["--no-cache"])
  _ = try run(Paths.lockstep, arguments, environment: environment)
  let scans = try FileManager.default.contentsOfDirectory(atPath: cache.url.path).filter {
    $0.hasPrefix("line-") && $0.hasSuffix(".tsv")
  }
  #expect(!scans.isEmpty, "the first run filled the cache")
  for name in scans {
    let url = cache.url.appendingPathComponent(name)
    let text = try String(contentsOf: url, encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    switch damage {
    case "empty": lines = []
    case "cut at a line": lines = Array(lines.prefix(max(lines.count - 3, 1))) + [""]
    default: lines = [Substring(text.prefix(text.count * 2 / 3))]
    }
    try Data(lines.joined(separator: "\n").utf8).write(to: url)
  }
  let warm = try run(Paths.lockstep, arguments, environment: environment)
  #expect(warm == cold)
}
