import Foundation
import LockAnalysis
import PatchDiff
import TestSupport
import Testing

@testable import Report

/// The list's convention for quoting a patch in a reply, on a real patch of the fixture
/// history (mm/migrate: Trylock device page in do_swap_page, 13 hunks in two files).
@Suite struct InterleavedQuotingTests {
  let patch: Patch

  init() throws {
    let file = Paths.packageRoot.appendingPathComponent(
      "Fixtures/kernel-tree/history/009-mm-migrate-trylock-device-page-in-do-swap-page.patch")
    patch = try PatchParser.parse(try String(contentsOf: file, encoding: .utf8))
  }

  /// The new-file number of the first added line containing `text` in `file`'s hunk that
  /// starts at old line `oldStart`.
  func newLine(_ file: String, hunk oldStart: Int, containing text: String) throws -> Int {
    let found = try #require(patch.files.first { $0.path == file })
    let view = FindingPlacer.view(try #require(found.hunks.first { $0.oldStart == oldStart }))
    return try #require(view.lines.first { $0.kind == .added && $0.text.contains(text) }?.newNumber)
  }

  func finding(_ file: String, _ line: Int, _ message: String) -> Finding {
    Finding(
      rule: .trylockRetry, severity: .warning, file: file, line: line, function: "f",
      message: message)
  }

  @Test func onlyHunksWithFindingsAreQuotedFiveLinesAtMostGapsMarked() throws {
    let deep = try newLine("mm/memory.c", hunk: 4046, containing: "unlock_page(vmf->page)")
    let later = try newLine(
      "mm/migrate_device.c", hunk: 204, containing: "fault_folio != folio")
    var placer = FindingPlacer(baseFile: nil)
    let annotated = placer.annotate(
      patch,
      findings: [
        finding("mm/memory.c", deep, "first comment"),
        finding("mm/migrate_device.c", later, "second comment"),
      ])
    #expect(annotated.elsewhere.isEmpty)
    let lines = ReplyMail.blocks(annotated).flatMap { $0.quoted + [""] + $0.comment }
    let text = lines.joined(separator: "\n")
    // The comment's line is the last quoted line above it.
    let first = try #require(lines.firstIndex { $0.contains("first comment") })
    #expect(lines[first - 2].hasSuffix("unlock_page(vmf->page);"))
    // Lines of the hunk above the window are skipped and marked.
    #expect(lines.prefix(first).contains("[ ... ]"))
    #expect(lines.prefix(first).contains("> diff --git a/mm/memory.c b/mm/memory.c"))
    // Hunks without findings (-60, -88, -192 of migrate_device.c) are not quoted.
    #expect(!text.contains("@@ -60,6"))
    #expect(!text.contains("@@ -88,11"))
    #expect(text.contains("@@ -204,7 +208,8 @@"))
    let second = try #require(lines.firstIndex { $0.contains("second comment") })
    #expect(lines[first..<second].contains("[ ... ]"))
    // At most five quoted lines directly above each comment.
    for index in [first, second] {
      let above = lines[..<(index - 1)].reversed().prefix { $0.hasPrefix(">") }
      #expect(above.count <= 5)
      #expect(above.count >= 1)
    }
  }

  @Test func aFindingOnLinesNoHunkShowsIsListedApartWithoutATree() throws {
    var placer = FindingPlacer(baseFile: nil)
    let annotated = placer.annotate(
      patch, findings: [finding("mm/memory.c", 12, "far away"), finding("mm/gup.c", 3, "other")])
    #expect(annotated.elsewhere.map(\.message) == ["far away", "other"])
    #expect(ReplyMail.blocks(annotated).isEmpty)
    // Every hunk line was looked at: the patch is all there, with no finding on any line.
    #expect(annotated.files.flatMap { $0.hunks.flatMap(\.lines) }.count > 60)
    #expect(
      annotated.files.allSatisfy { $0.hunks.allSatisfy { $0.lines.allSatisfy(\.findings.isEmpty) } }
    )
  }

  @Test func aFindingJustAboveAHunkSitsOnContextReadFromTheTree() throws {
    let text = (1...5000).map { "line \($0)" }.joined(separator: "\n")
    var placer = FindingPlacer(baseFile: { $0 == "mm/memory.c" ? text : nil })
    let annotated = placer.annotate(patch, findings: [finding("mm/memory.c", 4040, "above")])
    let hunk = try #require(annotated.files.first?.hunks.first)
    let line = try #require(hunk.lines.first { !$0.findings.isEmpty })
    #expect(line.oldNumber == 4040 && line.fromTree && line.text == "line 4040")
    #expect(hunk.lines.prefix(6).allSatisfy { $0.fromTree })
    // The mail quotes only what the patch posts, naming the line from the tree.
    let mail = ReplyMail.blocks(annotated).flatMap { $0.quoted + $0.comment }
    #expect(!mail.contains { $0.hasPrefix(">") && $0.contains("line 4040") })
    #expect(mail.contains("mm/memory.c:4040: line 4040"))
  }
}
