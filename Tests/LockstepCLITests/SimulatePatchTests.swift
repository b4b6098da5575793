import Foundation
import TestSupport
import Testing

/// `lockstep simulate --patch`: races composed from a real patch's paths and the kernel's
/// contenders, with no hand-written scenario, run as a user runs the binary.
private func replay(_ patch: String, base: String, _ extra: [String] = []) throws -> (
  status: Int32, json: [String: Any]
) {
  let result = try runCapturing(
    Paths.lockstep,
    [
      "simulate", "--patch", Paths.packageRoot.appendingPathComponent(patch).path,
      "--tree", Paths.fixtureTree.path, "--base", base, "--json",
    ] + extra)
  let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
  return (result.status, json ?? [:])
}

/// Per configuration (`none 1`), the kinds of change against `contender` on `vmf->page` or
/// on the lock it is about.
private func changes(_ json: [String: Any], contender: String) -> [String: Set<String>] {
  var out: [String: Set<String>] = [:]
  for change in json["changes"] as? [[String: Any]] ?? []
  where change["contender"] as? String == contender {
    out["\(change["preempt"] ?? "") \(change["cpus"] ?? "")", default: []].insert(
      change["kind"] as? String ?? "")
  }
  return out
}

@Test func seed000AtV7rc1RemovesTheLivelockUnderNoneAndVoluntary() throws {
  let (status, json) = try replay("Fixtures/kernel-tree/expected/seed000.patch", base: "v7.0-rc1")
  #expect(status == 0)
  let kinds = changes(json, contender: "migrate_device_unmap")
  for cpus in [1, 2] {
    #expect(kinds["none \(cpus)"]?.contains("removes-livelock") == true)
    #expect(kinds["voluntary \(cpus)"]?.contains("removes-livelock") == true)
    #expect(kinds["full \(cpus)"] == ["unchanged"])
  }
  let removal = (json["changes"] as? [[String: Any]] ?? []).first {
    $0["kind"] as? String == "removes-livelock"
  }
  let trace = removal?["trace"] as? [[String: Any]] ?? []
  #expect(trace.contains { $0["file"] as? String == "mm/memory.c" && $0["line"] as? Int == 4677 })
  #expect((json["runs"] as? [Any])?.isEmpty == false)
}

@Test func seed002AtV614IntroducesTheLivelock() throws {
  let (status, json) = try replay("Fixtures/kernel-tree/expected/seed002.patch", base: "v6.14")
  #expect(status == 1)
  let kinds = changes(json, contender: "migrate_device_unmap")
  #expect(kinds["none 1"]?.contains("introduces-livelock") == true)
  #expect(kinds["voluntary 2"]?.contains("introduces-livelock") == true)
  #expect(kinds["full 2"] == ["unchanged"])
}

@Test func seed004TestHmmDeadlocksWithAQueuedWriter() throws {
  let (status, json) = try replay(
    "Fixtures/kernel-tree/history/018-lib-test-hmm-add-a-new-testcase-for-the-migrate-on-fault.patch",
    base: "v7.0")
  #expect(status == 1)
  let kinds = changes(json, contender: "munmap")
  #expect(kinds["none 2"] == ["introduces-deadlock"])
  let deadlock = (json["changes"] as? [[String: Any]] ?? []).first {
    $0["kind"] as? String == "introduces-deadlock" && $0["cpus"] as? Int == 2
  }
  let trace = deadlock?["trace"] as? [[String: Any]] ?? []
  #expect(trace.contains { $0["line"] as? Int == 1267 })
  #expect(trace.contains { $0["line"] as? Int == 368 && $0["file"] as? String == "lib/test_hmm.c" })
  #expect(trace.contains { $0["thread"] as? String == "munmap" })
}

@Test func theTextNamesTheContenderAndPrintsEachTraceOnce() throws {
  let result = try runCapturing(
    Paths.lockstep,
    [
      "simulate", "--patch",
      Paths.packageRoot.appendingPathComponent("Fixtures/kernel-tree/expected/seed002.patch").path,
      "--tree", Paths.fixtureTree.path, "--base", "v6.14", "--cpus", "2",
    ])
  #expect(result.status == 1)
  #expect(
    result.stdout.contains(
      "do_swap_page(): the patch introduces a livelock against migrate_device_unmap (mm/migrate_device.c:migrate_device_unmap)"
    ))
  #expect(result.stdout.contains("in: preempt none / 2 cpu, preempt voluntary / 2 cpu"))
  #expect(result.stderr.isEmpty, "no progress line on a pipe: \(result.stderr)")
}

@Test func thePrintedScenarioRunsAgainAsAScenarioFile() throws {
  let printed = try runCapturing(
    Paths.lockstep,
    [
      "simulate", "--patch",
      Paths.packageRoot.appendingPathComponent("Fixtures/kernel-tree/expected/seed002.patch").path,
      "--tree", Paths.fixtureTree.path, "--base", "v6.14", "--print-scenario",
    ])
  #expect(printed.status == 0)
  let scenarios = printed.stdout.components(separatedBy: "\nscenario ").map {
    $0.hasPrefix("scenario ") ? $0 : "scenario " + $0
  }
  let race = try #require(
    scenarios.first { $0.hasPrefix("scenario do_swap_page-vs-migrate_device_unmap-on-vmf->page") })
  let folder = try TemporaryFolder("lockstep-printed")
  let file = try folder.write("race.scenario", race)
  let rerun = try runCapturing(
    Paths.lockstep, ["simulate", file.path, "--preempt", "none", "--json"])
  let json = try JSONSerialization.jsonObject(with: Data(rerun.stdout.utf8)) as? [String: Any]
  let verdicts = (json?["runs"] as? [[String: Any]] ?? []).map {
    "\($0["variant"] ?? "") \($0["cpus"] ?? "") \($0["verdict"] ?? "")"
  }
  #expect(verdicts.contains("before 1 ok"))
  #expect(verdicts.contains("after 1 livelock"))
}

@Test func aPatchWithNoLockInItsPathsHasNothingToReplay() throws {
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
  let folder = try TemporaryFolder("lockstep-nothing")
  let file = try folder.write("plain.patch", patch)
  let result = try runCapturing(Paths.lockstep, ["simulate", "--patch", file.path])
  #expect(result.status == 0)
  #expect(result.stderr.contains("nothing to replay"))
  let plain = try folder.write(
    "count.patch",
    """
    diff --git a/mm/swap.c b/mm/swap.c
    --- a/mm/swap.c
    +++ b/mm/swap.c
    @@ -1,4 +1,4 @@
     int count(struct folio *folio)
     {
    -\treturn folio_nr_pages(folio);
    +\treturn folio_nr_pages(folio) + 0;
     }
    """)
  let analyzed = try runCapturing(Paths.lockstep, ["simulate", "--patch", plain.path])
  #expect(analyzed.status == 0)
  #expect(analyzed.stderr.contains("nothing to replay: the paths of the changed functions (count)"))
}

@Test func anEndlessTimeoutIsAUsageError() throws {
  for value in ["inf", "1e308", "nan"] {
    let result = try runCapturing(
      Paths.lockstep, ["simulate", "mmap-lock-recursion", "--timeout", value])
    #expect(result.status == 2, "\(value): \(result.stderr)")
    #expect(result.stderr.contains("--timeout"))
  }
}

@Test func aBoundReachedRunIsNeverOk() throws {
  let result = try runCapturing(
    Paths.lockstep,
    ["simulate", "device-page-fault-race", "--max-states", "50", "--variant", "after"])
  #expect(result.status == 3)
  #expect(result.stdout.contains("bound-reached"))
  #expect(result.stdout.contains("not decided"))
}

@Test func aBrokenContendersFileNamesItsLine() throws {
  let folder = try TemporaryFolder("lockstep-contenders")
  let file = try folder.write(
    "mine.txt", "# mine\ncontender x takes spinlock from a.c:f {\n  fly @\n}\n")
  let result = try runCapturing(
    Paths.lockstep,
    [
      "simulate", "--patch",
      Paths.packageRoot.appendingPathComponent("Fixtures/kernel-tree/expected/seed000.patch").path,
      "--contenders", file.path,
    ])
  #expect(result.status == 65)
  #expect(result.stderr.contains("mine.txt:3: unknown operation 'fly'"))
}

@Test func thePathsAnalyzeWritesAreWhatSimulateReads() throws {
  let folder = try TemporaryFolder("lockstep-paths")
  let analyzed = try runCapturing(
    Paths.lockstep,
    [
      "analyze",
      Paths.packageRoot.appendingPathComponent("Fixtures/kernel-tree/expected/seed000.patch").path,
      "--tree", Paths.fixtureTree.path, "--base", "v7.0-rc1", "--paths", "--json",
    ])
  #expect(analyzed.stdout.contains("\"schema\" : 1"))
  let export = try folder.write("seed000.paths.json", analyzed.stdout)
  let result = try runCapturing(
    Paths.lockstep,
    ["simulate", "hmm-range-fault-replay", "--paths", export.path, "--preempt", "none", "--json"])
  let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
  let verdicts = (json?["runs"] as? [[String: Any]] ?? []).map {
    "\($0["variant"] ?? "") \($0["verdict"] ?? "")"
  }
  #expect(verdicts.contains("before livelock"), "\(result.stderr)")
  #expect(verdicts.contains("after ok"))
}
