import Foundation
import TestSupport
import Testing

@testable import PatchDiff

/// A file with two changes committed in a scratch repository, and its diff.
private struct TwoChanges {
  let repo: ScratchRepository
  let before: [String]
  let after: String
  let patch: Patch

  init() throws {
    repo = try ScratchRepository()
    before = (1...60).map { "\tstatement_\($0)(vmf);" }
    try repo.write("mm/memory.c", before.joined(separator: "\n") + "\n")
    try repo.commit("base")
    var changed = before
    changed[9] = "\tpte_unmap(vmf->pte);"
    changed.insert("\tmigration_entry_wait_on_locked(entry, vmf->ptl);", at: 10)
    changed[45] = "\tunlock_page(vmf->page);"
    after = changed.joined(separator: "\n") + "\n"
    try repo.write("mm/memory.c", after)
    patch = try PatchParser.parse(try repo.git("diff"))
  }
}

@Test func hunksLandCleanlyOnTheTextTheyWereMadeFrom() throws {
  let change = try TwoChanges()
  defer { change.repo.remove() }
  let result = change.patch.files[0].apply(to: change.before.joined(separator: "\n") + "\n")
  #expect(result.hunks.map(\.landing) == [.clean, .clean])
  #expect(result.text == change.after)
}

@Test func hunksLandWithAnOffsetWhenLinesWereInsertedAboveLikeGitApply() throws {
  let change = try TwoChanges()
  defer { change.repo.remove() }
  let shifted = ["#include <a.h>", "#include <b.h>", "#include <c.h>"] + change.before
  let text = shifted.joined(separator: "\n") + "\n"
  let result = change.patch.files[0].apply(to: text)
  #expect(result.hunks.map(\.landing) == [.offset(3), .offset(3)])
  #expect(result.hunks.map(\.line) == [10, 45])
  try change.repo.write("mm/memory.c", text)
  try change.repo.git("apply", input: change.patch.text)
  let applied = try String(
    contentsOf: change.repo.url.appendingPathComponent("mm/memory.c"), encoding: .utf8)
  #expect(result.text == applied)
}

@Test func aHunkWhoseOuterContextChangedLandsWithFuzz() throws {
  let change = try TwoChanges()
  defer { change.repo.remove() }
  var drifted = change.before
  drifted[41] = "\tstatement_42(vmf, 0);"
  let result = change.patch.files[0].apply(to: drifted.joined(separator: "\n") + "\n")
  #expect(result.hunks.map(\.landing) == [.clean, .fuzz(1, offset: 0)])
  #expect(result.text.contains("\tunlock_page(vmf->page);\n"))
  #expect(result.text.contains("\tstatement_42(vmf, 0);\n"))
}

@Test func aHunkWhoseRemovedLineChangedIsAConflictTheOtherStillApplies() throws {
  let change = try TwoChanges()
  defer { change.repo.remove() }
  var rewritten = change.before
  rewritten[9] = "\tpte_unmap_unlock(vmf->pte, vmf->ptl);"
  let result = change.patch.files[0].apply(to: rewritten.joined(separator: "\n") + "\n")
  #expect(!result.applied)
  guard case .conflict(let reason) = result.hunks[0].landing else {
    Issue.record("expected a conflict, got \(result.hunks[0].landing)")
    return
  }
  #expect(reason.hasPrefix("line 10 reads \"\tpte_unmap_unlock(vmf->pte, vmf->ptl);\""))
  #expect(result.hunks[1].landing == .clean)
  #expect(result.text.contains("\tunlock_page(vmf->page);\n"))
  #expect(result.text.contains("\tpte_unmap_unlock(vmf->pte, vmf->ptl);\n"))
}

@Test func comparingTwoVersionsNamesTheAddedFileAndTheChangedHunk() throws {
  let v3 = try #require(PatchFinder.patches(in: try Seeds.text("000")).first).patch
  var v2 = v3
  v2.files.removeFirst()
  let change = PatchComparison(from: v2, to: v3)
  #expect(change.filesAdded == ["include/linux/migrate.h"])
  #expect(change.filesRemoved.isEmpty)
  #expect(change.files.map(\.path) == ["mm/memory.c"])
  #expect(change.files[0].unchanged == 1)
  #expect(!change.isIdentical)
  #expect(PatchComparison(from: v3, to: v3).isIdentical)

  let proposal = try #require(PatchFinder.patches(in: try Seeds.text("001")).first).patch
  let fromProposal = PatchComparison(from: proposal, to: v2)
  #expect(fromProposal.files[0].hunksChanged.map(\.old.oldStart) == [4674])
  #expect(fromProposal.files[0].hunksChanged.map(\.new.oldStart) == [4684])
  #expect(fromProposal.files[0].hunksRemoved.map(\.oldStart) == [4652])
  #expect(fromProposal.files[0].hunksAdded.isEmpty)
}
