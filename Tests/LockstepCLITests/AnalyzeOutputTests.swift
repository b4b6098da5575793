import Foundation
import TestSupport
import Testing

// `lockstep analyze` as a reviewer runs it on a terminal and in scripts: which patches of a
// thread it takes, --terse, --quiet, grouped notes, wrapped paths, JSON with every key.

private let thread = Paths.packageRoot.appendingPathComponent(
  "Fixtures/mail/livelock-thread.mbox"
).path
private let seed000 = Paths.packageRoot.appendingPathComponent(
  "Fixtures/seeds/000_28e554185c54152d.txt"
).path

private func analyze(_ arguments: [String]) throws -> CommandResult {
  try runCapturing(Paths.lockstep, ["analyze"] + arguments, in: Paths.packageRoot)
}

private func json(_ arguments: [String]) throws -> [String: Any] {
  let result = try analyze(arguments + ["--json"])
  return try #require(
    try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
}

@Test func aThreadIsAnalyzedAsItsNewestPostedVersionNotItsProposalsOrNotices() throws {
  let tree = Paths.fixtureTree.path
  let output = try json([thread, "--tree", tree, "--base", "v7.0-rc1"])
  let patches = try #require(output["patches"] as? [[String: Any]])
  #expect(
    patches.map { $0["subject"] as? String } == [
      "[PATCH v3] mm: Fix a hmm_range_fault() livelock / starvation problem"
    ])
  let notes = output["notes"] as? [String] ?? []
  #expect(
    notes.contains {
      $0.hasSuffix("v3 analyzed, v1, v2 left out (--all-versions analyzes every version)")
    })
  #expect(notes.contains { $0.hasPrefix("not analyzed: 1 reviewers' proposals and 2 copies") })
  let all = try json([thread, "--tree", tree, "--base", "v7.0-rc1", "--all-versions"])
  #expect((all["patches"] as? [[String: Any]])?.count == 3)
}

@Test func terseIsOneLinePerFindingAndQuietLeavesOutNotesInfoAndSummary() throws {
  let tree = Paths.fixtureTree.path
  let base = ["--tree", tree, "--base", "v7.0-rc1"]
  let findings = try #require(try json([seed000] + base)["findings"] as? [[String: Any]])
  #expect(findings.count == 2)
  let terse = try analyze([seed000, "--terse"] + base)
  let lines = terse.stdout.split(separator: "\n")
  #expect(lines.count == findings.count)
  // The same findings, each as FILE:LINE: SEVERITY: [rule] on one line.
  let expected = Set(
    findings.map {
      "\($0["file"] as? String ?? ""):\($0["line"] as? Int ?? 0): "
        + "\($0["severity"] as? String ?? ""): [\($0["rule"] as? String ?? "")]"
    })
  let seen = Set(lines.map { $0.components(separatedBy: "] ").first.map { $0 + "]" } ?? "" })
  #expect(seen == expected)
  let full = try analyze([seed000] + base)
  #expect(full.stdout.contains("info"))
  // Both findings are info: nothing of severity warning or error to say.
  let quiet = try analyze([seed000, "--quiet"] + base)
  #expect(quiet.status == 0)
  #expect(quiet.stdout.isEmpty)
  let usage = try analyze([seed000, "--terse", "--json"])
  #expect(usage.status == 2)
}

@Test func theSameNoteOfSeveralPatchesIsSaidOnceWithTheirNumbers() throws {
  let arguments = [thread, "--all-versions", "--tree", Paths.fixtureTree.path, "--base", "v6.14"]
  let notes = try json(arguments)["notes"] as? [String] ?? []
  let perPatch = notes.filter {
    $0.hasSuffix(
      "the patch does not apply to \(Paths.fixtureTree.path)@v6.14; analyzed from the hunks alone")
  }
  #expect(perPatch.count == 2)
  let text = try analyze(arguments).stdout
  let shown = text.split(separator: "\n").filter { $0.contains("analyzed from the hunks alone") }
  #expect(
    shown == [
      "note: patches 2, 3: mm/memory.c: the patch does not apply to "
        + "\(Paths.fixtureTree.path)@v6.14; analyzed from the hunks alone"
    ])
}

@Test func jsonWritesAbsentValuesAsNullNotMissingKeys() throws {
  let file = Paths.fixtureTree.appendingPathComponent("mm/hmm.c").path
  let whole = try json(["--whole-file", file])
  let function = try #require((whole["functions"] as? [[String: Any]])?.first)
  #expect(function["patch"] is NSNull)
  #expect(function["before"] is NSNull)
  let after = try #require(function["after"] as? [String: Any])
  #expect(after["paths"] is NSNull)
  let tree = ["--tree", Paths.fixtureTree.path, "--base", "v7.0-rc1", "--paths"]
  let withPaths = try json([seed000] + tree)
  let functions = try #require(withPaths["functions"] as? [[String: Any]])
  let ops = functions.flatMap { function in
    ["before", "after"].flatMap { side in
      ((function[side] as? [String: Any])?["paths"] as? [[String: Any]] ?? []).flatMap {
        $0["ops"] as? [[String: Any]] ?? []
      }
    }
  }
  #expect(!ops.isEmpty)
  let keys: Set<String> = [
    "op", "call", "object", "outcome", "kind", "releases", "value", "line", "file",
  ]
  for op in ops { #expect(Set(op.keys) == keys) }
  #expect(ops.contains { $0["outcome"] is NSNull })
  for finding in withPaths["findings"] as? [[String: Any]] ?? [] {
    #expect(finding["patch"] as? Int == 1)
  }
}

@Test func longPathLinesAreWrappedAtAStep() throws {
  let text = try analyze([
    seed000, "--tree", Paths.fixtureTree.path, "--base", "v7.0-rc1", "--paths",
  ]).stdout
  let lines = text.split(separator: "\n")
  #expect(lines.contains { $0.hasPrefix("            → ") })
  for line in lines where line.contains(" → ") {
    #expect(line.count <= 100, "\(line)")
  }
}
