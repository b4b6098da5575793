import CSyntax
import Foundation
import LockAnalysis
import Testing

/// The paths `lockstep analyze --paths --json` exports, in the PATHS.md shape the simulator reads.
@Suite struct PathExportTests {
  @Test func theFailedTrylockPathOfTheFixReadsAsPathsMdOperations() throws {
    let result = try treeAnalyzer(at: "v7.0-rc1").analyze(try seedPatch("000"))
    let swap = try #require(result.functions.first { $0.name == "do_swap_page" })
    #expect(swap.file == "mm/memory.c")
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let json = String(decoding: try encoder.encode(swap), as: UTF8.self)
    #expect(json.contains("\"op\":\"map-lock\""))
    #expect(json.contains("\"op\":\"trylock\""))
    #expect(json.contains("\"outcome\":\"failed\""))
    #expect(json.contains("\"op\":\"wait-unlocked\""))
    #expect(json.contains("\"releases\":\"vmf->ptl\""))
    #expect(json.contains("\"retries\":true"))
    let before = try #require(
      swap.before?.paths.first { path in
        path.ops.contains { $0.op == .trylock && $0.outcome == .failed } && path.returnValue == "0"
      })
    #expect(before.retries)
    #expect(before.ops.map(\.op).contains(.unmapUnlock))
  }

  /// Paths share the operations before a fork; a long path must still come out whole and in order.
  @Test func aPathOfFiveThousandCallsIsExportedWholeAndInOrder() throws {
    let calls = (1...5_000).map { "\ttouch_\($0 % 7)(page);" }.joined(separator: "\n")
    let text =
      "static void walk(struct page *page)\n{\n\tspin_lock(&page->lock);\n\(calls)\n"
      + "\tspin_unlock(&page->lock);\n}\n"
    let result = Analyzer(table: try .builtin()).analyze(
      file: SourceFile(text: text, path: "mm/example.c"))
    let walk = try #require(result.functions.first { $0.name == "walk" })
    let path = try #require(walk.after?.paths.first)
    #expect(walk.after?.paths.count == 1)
    #expect(path.ops.count == 5_003)
    #expect(path.ops.first?.op == .lock)
    #expect((1...5_000).allSatisfy { path.ops[$0].call == "touch_\($0 % 7)" })
    #expect(path.ops[5_001].op == .unlock && path.ops.last?.op == .return)
  }

  /// A text report reads findings and whether each side was walked whole, never the paths.
  @Test func withoutPathsTheSameFindingsAndCoverageAreReportedAndNoPathIsKept() throws {
    var analyzer = try treeAnalyzer(at: "v6.14")
    let patch = try seedPatch("002")
    let kept = analyzer.analyze(patch)
    analyzer.keepsPaths = false
    let lean = analyzer.analyze(patch)
    #expect(kept.functions.contains { !($0.after?.paths.isEmpty ?? true) }, "paths were walked")
    #expect(lean.functions.allSatisfy { ($0.before?.paths ?? []).isEmpty })
    #expect(lean.functions.allSatisfy { ($0.after?.paths ?? []).isEmpty })
    #expect(lean.functions.map(\.name) == kept.functions.map(\.name))
    #expect(lean.functions.map(\.after?.truncated) == kept.functions.map(\.after?.truncated))
    #expect(lean.findings.map(\.message) == kept.findings.map(\.message))
    #expect(!lean.findings.isEmpty, "seed 002's findings are there")
  }
}
