import Foundation
import PatchDiff
import TestSupport
import Testing

@testable import MailThread

@Test func seedPatchesReadFromMailAndAnchoredPassGitApplyCheckAtTheirBase() throws {
  let temp = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
  try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: temp) }
  let tree = Paths.fixtureTree
  for (number, revision) in [(0, "v6.19"), (1, "v6.19"), (2, "v6.14")] {
    let review = try seed(number)
    let found = review.archive.messages.flatMap { PatchFinder.patches(in: $0.body) }
    #expect(found.count == 1, "seed \(number)")
    guard let recovered = found.first else { continue }
    var texts: [String: String] = [:]
    for file in recovered.patch.files {
      let shown = try runCapturing(
        "/usr/bin/env", ["git", "show", "\(revision):\(file.oldPath)"], in: tree)
      if shown.status == 0 { texts[file.oldPath] = shown.stdout }
    }
    let (anchored, problems) = recovered.patch.anchored(to: texts)
    #expect(problems.isEmpty, "seed \(number): \(problems)")
    let patchFile = temp.appendingPathComponent("seed\(number).patch").path
    try anchored.text.write(toFile: patchFile, atomically: true, encoding: .utf8)
    // A private index: the shared fixture tree's own index and work tree stay untouched.
    let index = ["GIT_INDEX_FILE": temp.appendingPathComponent("index\(number)").path]
    try run("/usr/bin/env", ["git", "read-tree", revision], in: tree, environment: index)
    #expect(
      succeeds(
        ["git", "-C", tree.path, "apply", "--cached", "--check", patchFile], environment: index),
      "seed \(number) at \(revision)")
  }
}

@Test func everySeedDiffIsFoundAtItsQuoteDepthWithHunkCountsSatisfied() throws {
  let expected: [(Int, Int, [String: [String]])] = [
    (0, 2, ["include/linux/migrate.h": ["-97,6 +97,12"], "mm/memory.c": ["-4684,7 +4684,8"]]),
    (1, 0, ["mm/memory.c": ["-4652,6 +4652,8", "-4674,18 +4676,13"]]),
  ]
  for (number, depth, files) in expected {
    let review = try seed(number)
    let found = try #require(PatchFinder.patches(in: review.archive.messages[0].body).first)
    #expect(found.quoteDepth == depth)
    var seen: [String: [String]] = [:]
    for file in found.patch.files {
      seen[file.path] = file.hunks.map {
        "-\($0.oldStart),\($0.oldCount) +\($0.newStart),\($0.newCount)"
      }
      #expect(file.hunks.allSatisfy { $0.countsSatisfied })
    }
    #expect(seen == files, "seed \(number)")
  }
  let flattened = try seed(2)
  let found = try #require(PatchFinder.patches(in: flattened.archive.messages[0].body).first)
  #expect(found.patch.files.map(\.path) == ["mm/memory.c", "mm/migrate_device.c"])
  #expect(found.patch.files.flatMap(\.hunks).count == 12)
  #expect(found.patch.files.flatMap(\.hunks).allSatisfy { $0.countsSatisfied })
}

@Test func seed000AlistairsCommentFollowsTheRepairedHunkLine() throws {
  let review = try seed(0)
  let found = try #require(PatchFinder.patches(in: review.archive.messages[0].body).first)
  let authors = review.quotes[0].authors
  let alistair = found.comments.filter { authors[$0.quoteDepth] == "Alistair Popple" }
  #expect(alistair.count == 1)
  #expect(alistair.first?.anchorText == "+ migration_entry_wait_on_locked(entry, vmf->ptl);")
  #expect(alistair.first?.file == "mm/memory.c")
  #expect(alistair.first?.text.first?.hasPrefix("Code wise this looks fine") == true)
}
