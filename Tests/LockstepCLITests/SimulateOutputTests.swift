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
/// pseudo-terminal, with TERM=xterm and TERM=dumb.
@Test func progressIsShownOnATerminalOnlyAndNeverForADumbOne() throws {
  guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
  let patch = Paths.packageRoot.appendingPathComponent(
    "Fixtures/kernel-tree/expected/seed002.patch")
  let command =
    "\(Paths.lockstep) simulate --patch \(patch.path) --tree \(Paths.fixtureTree.path) --base v6.14 "
    + "--cpus 2 >/dev/null"
  let xterm = try runCapturing(
    "/usr/bin/script", ["-qec", command, "/dev/null"], environment: ["TERM": "xterm"])
  #expect(xterm.stdout.contains("simulate --patch: "), "\(xterm.stdout)")
  #expect(xterm.stdout.contains("\r\u{1B}[K"))
  let dumb = try runCapturing(
    "/usr/bin/script", ["-qec", command, "/dev/null"], environment: ["TERM": "dumb"])
  #expect(!dumb.stdout.contains("\u{1B}[K"), "\(dumb.stdout)")
  #expect(!dumb.stdout.contains("simulate --patch: "))
}
