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

/// The notes of `analyze ARGUMENTS` containing `text`: as the JSON lists them (one per
/// patch) and as the text shows them.
private func notes(_ arguments: [String], containing text: String) throws -> (
  json: [String], shown: [String]
) {
  let listed = try json(arguments)["notes"] as? [String] ?? []
  let lines = try analyze(arguments).stdout.split(separator: "\n").map(String.init)
  return (listed.filter { $0.contains(text) }, lines.filter { $0.contains(text) })
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
  let (perPatch, shown) = try notes(
    arguments,
    containing:
      "the patch does not apply to \(Paths.fixtureTree.path)@v6.14; analyzed from the hunks alone")
  #expect(perPatch.count == 2)
  #expect(
    shown == [
      "note: patches 2, 3: mm/memory.c: the patch does not apply to "
        + "\(Paths.fixtureTree.path)@v6.14; analyzed from the hunks alone"
    ])
}

@Test func patchesOfASeriesThatDoNotApplyAfterTheEarlierOnesAreOneNote() throws {
  // Three patches of one series (they answer its cover letter), each rewriting the same
  // line of mm/hmm.c: the second and third do not apply after the first, and are analyzed
  // against the base alone.
  func mail(_ number: Int, _ words: String) -> String {
    """
    From lockstep Mon Sep 17 00:00:00 2001
    From: Dev <dev@example.org>
    Date: Mon, 2 Feb 2026 10:0\(number):00 +0000
    Subject: [PATCH \(number)/3] mm/hmm: say \(words)
    Message-ID: <series-\(number)@example.org>
    In-Reply-To: <series-0@example.org>

    Say \(words).

    Signed-off-by: Dev <dev@example.org>
    ---
    diff --git a/mm/hmm.c b/mm/hmm.c
    --- a/mm/hmm.c
    +++ b/mm/hmm.c
    @@ -1,6 +1,6 @@
     // SPDX-License-Identifier: GPL-2.0-or-later
     /*
    - * Heterogeneous Memory Management (HMM): mirror a range of a process's
    + * Heterogeneous Memory Management (HMM): \(words)
      * CPU page tables into a device, faulting in what is missing.
      *
      * hmm_range_fault() walks the range with the mmap_lock held for read.

    """
  }
  let folder = try TemporaryFolder()
  let cover = """
    From lockstep Mon Sep 17 00:00:00 2001
    From: Dev <dev@example.org>
    Date: Mon, 2 Feb 2026 10:00:00 +0000
    Subject: [PATCH 0/3] mm/hmm: three ways to say it
    Message-ID: <series-0@example.org>

    Three ways to say it.

    """
  let mbox = try folder.write(
    "series.mbox",
    [cover, mail(1, "one"), mail(2, "two"), mail(3, "three")].joined(separator: "\n"))
  let arguments = [mbox.path, "--tree", Paths.fixtureTree.path, "--base", "v7.0-rc1"]
  let (perPatch, shown) = try notes(
    arguments, containing: "does not apply after the earlier patches")
  #expect(perPatch.count == 2)
  #expect(
    shown == [
      "note: patches 2, 3 of 3 (mm/hmm.c): does not apply after the earlier patches; "
        + "analyzed against \(Paths.fixtureTree.path)@v7.0-rc1 alone"
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
