import Foundation
import TestSupport
import Testing

/// How `lockstep simulate` prints for a terminal and for a pipe.
@Test func eachDistinctTraceIsPrintedOnceUnderTheConfigurationsSharingIt() throws {
  let result = try runCapturing(Paths.lockstep, ["simulate", "hmm-range-fault-livelock"])
  #expect(result.status == 1)
  let livelockRows = result.stdout.split(separator: "\n").filter {
    $0.hasPrefix("hmm-range-fault-livelock ") && $0.contains(" livelock ")
  }
  let traces = result.stdout.components(separatedBy: "-- cycle, repeats forever").count - 1
  #expect(livelockRows.count == 4)
  #expect(traces >= 1 && traces < livelockRows.count, "\(result.stdout)")
  #expect(
    result.stdout.contains(
      "livelock in before / preempt none / 1 cpu, before / preempt voluntary / 1 cpu"))
}

@Test func theMarkOfAContradictedExpectationIsExplained() throws {
  let folder = try TemporaryFolder("lockstep-mark")
  let scenario = try folder.write(
    "wrong.scenario",
    """
    scenario wrong
    cpus 1
    preempt none
    thread t {
      lock l
      lock l
    }
    expect ok
    """)
  let result = try runCapturing(Paths.lockstep, ["simulate", scenario.path])
  #expect(result.status == 1)
  #expect(result.stdout.contains("deadlock (!)"))
  #expect(
    result.stdout.contains(
      "(!) the verdict differs from the one the scenario's 'expect' line gives"))
}

/// Progress goes to a terminal only: run under `script`, which gives the command a
/// pseudo-terminal, with TERM=xterm and TERM=dumb; shown at once
/// (`LOCKSTEP_PROGRESS_DELAY=0`), so that how fast the run is does not decide the test.
@Test func progressIsShownOnATerminalOnlyAndNeverForADumbOne() throws {
  guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
  let patch = Paths.packageRoot.appendingPathComponent(
    "Fixtures/kernel-tree/expected/seed002.patch")
  let command =
    "\(Paths.lockstep) simulate --patch \(patch.path) --tree \(Paths.fixtureTree.path) --base v6.14 "
    + "--cpus 2 >/dev/null"
  let xterm = try runCapturing(
    "/usr/bin/script", ["-qec", command, "/dev/null"],
    environment: ["TERM": "xterm", "LOCKSTEP_PROGRESS_DELAY": "0"])
  #expect(xterm.stdout.contains("simulate --patch: "), "\(xterm.stdout)")
  #expect(xterm.stdout.contains("\r\u{1B}[K"))
  let dumb = try runCapturing(
    "/usr/bin/script", ["-qec", command, "/dev/null"],
    environment: ["TERM": "dumb", "LOCKSTEP_PROGRESS_DELAY": "0"])
  #expect(!dumb.stdout.contains("\u{1B}[K"), "\(dumb.stdout)")
  #expect(!dumb.stdout.contains("simulate --patch: "))
}

/// Hostile scenario files end with an error naming the line, never a crash.
@Test func tenThousandNestedTrylocksAreRefusedWithTheLine() throws {
  let folder = try TemporaryFolder("lockstep-deep")
  var text = "scenario deep\nthread t {\n"
  for _ in 0..<10_000 { text += "trylock l else {\n" }
  for _ in 0..<10_000 { text += "}\n" }
  text += "}\n"
  let file = try folder.write("deep.scenario", text)
  let result = try runCapturing(Paths.lockstep, ["simulate", file.path])
  #expect(result.status == 65)
  #expect(result.stderr.contains("deep.scenario:203: blocks nested more than 200 levels deep"))
}

@Test func aRetryLoopThatTakesAReferenceEveryTimeIsALeakNotACrash() throws {
  let folder = try TemporaryFolder("lockstep-leak")
  let file = try folder.write(
    "leak.scenario",
    """
    scenario leak
    cpus 1
    preempt none
    thread fault {
      loop {
        get page
        trylock page else {
          retry
        }
        unlock page
        retry
      }
    }
    """)
  let result = try runCapturing(Paths.lockstep, ["simulate", file.path])
  #expect(result.status == 1)
  #expect(result.stdout.contains("reference-leak"))
  #expect(result.stdout.contains("page: the reference count grows without bound"))
}

/// A put on a zero count is a finding with its trace, in text and JSON: the double put of
/// `Fixtures/scenarios/device-fault-double-put.scenario`; the balanced variant of the same race
/// is explored and stays ok.
@Test func aPutOnAZeroReferenceCountIsAFindingWithItsTrace() throws {
  let file = Paths.packageRoot.appendingPathComponent(
    "Fixtures/scenarios/device-fault-double-put.scenario"
  ).path
  let text = try runCapturing(Paths.lockstep, ["simulate", file])
  #expect(text.status == 1)
  #expect(!text.stdout.contains("(!)"), "every run as the scenario expects: \(text.stdout)")
  #expect(text.stdout.contains("refcount-underflow in double-put / preempt none / 1 cpu"))
  #expect(text.stdout.contains("put page: the count is already 0 (refcount underflow)"))
  #expect(
    text.stdout.contains("page: put on a zero reference count (a use-after-free or a double put)"))

  let json = try runCapturing(Paths.lockstep, ["simulate", file, "--json"])
  #expect(json.status == 1)
  let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
  let runs = try #require(object?["runs"] as? [[String: Any]])
  #expect(runs.count == 12)
  let doublePut = runs.filter { $0["variant"] as? String == "double-put" }
  let balanced = runs.filter { $0["variant"] as? String == "balanced" }
  #expect(doublePut.count == 6 && balanced.count == 6)
  for run in doublePut {
    #expect(run["verdict"] as? String == "refcount-underflow")
    #expect(run["underflowed"] as? String == "page")
    let trace = try #require(run["trace"] as? [[String: Any]])
    // The shortest trace: the fault's get and both its puts, then zap's put on zero.
    #expect(trace.compactMap { $0["op"] as? String }.filter { $0.hasPrefix("put page") }.count == 3)
    #expect(trace.last?["op"] as? String == "put page: the count is already 0 (refcount underflow)")
  }
  for run in balanced {
    #expect(run["verdict"] as? String == "ok")
    #expect(run["underflowed"] is NSNull)
    #expect((run["states"] as? Int ?? 0) > 10, "the balanced race was explored")
  }
}

/// A run that left out states where a thread stood at an outcome its paths never take says
/// so: a line under the table, and `offPathStates` in JSON.
@Test func statesOffThePathsAreCountedInTextAndJSON() throws {
  let scenario = Paths.packageRoot.appendingPathComponent(
    "Fixtures/scenarios/drain-beside-impossible-failure.scenario")
  let text = try runCapturing(Paths.lockstep, ["simulate", scenario.path])
  #expect(text.status == 0, "no deadlock rests on the stuck thread: \(text.stdout)")
  #expect(text.stdout.contains("1 run(s) left out"))
  #expect(text.stdout.contains("where a thread stood at an outcome its paths never take"))
  let json = try runCapturing(Paths.lockstep, ["simulate", scenario.path, "--json"])
  let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
  let run = try #require((object?["runs"] as? [[String: Any]])?.first)
  #expect(run["verdict"] as? String == "ok")
  #expect((run["offPathStates"] as? Int ?? 0) > 0)
}
