import Foundation
import TestSupport
import Testing

/// `lockstep simulate --patch`: the analyzer's paths of a real patch, replayed.
private func replay(_ patch: String, base: String) throws -> [[String: Any]] {
  let result = try runCapturing(
    Paths.lockstep,
    [
      "simulate", "--patch", Paths.packageRoot.appendingPathComponent(patch).path,
      "--tree", Paths.fixtureTree.path, "--base", base, "--cpus", "1", "--json",
    ])
  #expect([0, 1].contains(result.status), "\(result.stderr)")
  let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
  return json?["runs"] as? [[String: Any]] ?? []
}

private func verdict(_ runs: [[String: Any]], _ variant: String, _ preempt: String) -> String? {
  runs.first { $0["variant"] as? String == variant && $0["preempt"] as? String == preempt }?[
    "verdict"] as? String
}

@Test func theFixReplayedFromItsPatchLivelocksBeforeAndNotAfter() throws {
  let runs = try replay("Fixtures/kernel-tree/expected/seed000.patch", base: "v7.0-rc1")
  #expect(Set(runs.compactMap { $0["scenario"] as? String }) == ["hmm-range-fault-replay"])
  #expect(verdict(runs, "before", "none") == "livelock")
  #expect(verdict(runs, "before", "voluntary") == "livelock")
  #expect(verdict(runs, "before", "full") == "ok")
  for preempt in ["none", "voluntary", "full"] {
    #expect(verdict(runs, "after", preempt) == "ok")
  }
  let trace = runs.first { $0["variant"] as? String == "before" }?["trace"] as? [[String: Any]]
  #expect(trace?.contains { $0["file"] as? String == "mm/memory.c" } == true)
}

@Test func theTrylockPatchReplayedFromItsPatchIntroducesTheLivelock() throws {
  let runs = try replay("Fixtures/kernel-tree/expected/seed002.patch", base: "v6.14")
  #expect(verdict(runs, "before", "none") == "ok")
  #expect(verdict(runs, "after", "none") == "livelock")
  #expect(verdict(runs, "after", "full") == "ok")
}

@Test func aPatchNoScenarioReplaysSaysSo() throws {
  let patch = """
    diff --git a/mm/swap.c b/mm/swap.c
    --- a/mm/swap.c
    +++ b/mm/swap.c
    @@ -1,3 +1,4 @@
     int a;
    +int b;
     int c;
     int d;
    """
  let file = FileManager.default.temporaryDirectory.appendingPathComponent(
    "lockstep-\(UUID()).patch")
  try Data(patch.utf8).write(to: file)
  defer { try? FileManager.default.removeItem(at: file) }
  let result = try runCapturing(Paths.lockstep, ["simulate", "--patch", file.path])
  #expect(result.status == 0)
  #expect(result.stderr.contains("no scenario replays a function this patch changes"))
}
