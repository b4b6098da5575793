import CSyntax
import Foundation
import PatchDiff
import TestSupport
import Testing

@testable import LockAnalysis

/// A caller that keeps no paths (a text report) does not walk a plain body — one straight
/// path with no call, and nothing held on entry — since nothing can come of its walk: the
/// findings and the coverage are those of the walk, and the function is still analyzed whole.
@Suite struct PlainBodyTests {
  /// The C files and headers of the fixture kernel tree's base, as on disk (the headers' stubs,
  /// `{ return -ENOSYS; }`, are plain).
  static func fixtureFiles() throws -> [SourceFile] {
    let base = packageRoot.appendingPathComponent("Fixtures/kernel-tree/base")
    let paths = try FileManager.default.subpathsOfDirectory(atPath: base.path)
      .filter { $0.hasSuffix(".c") || $0.hasSuffix(".h") }.sorted()
    return try paths.map { path in
      SourceFile(
        text: try String(contentsOf: base.appendingPathComponent(path), encoding: .utf8),
        path: path)
    }
  }

  static func isPlain(_ source: String) throws -> Bool {
    let function = try #require(SourceFile(text: source).functions.first)
    return FunctionWalk.isPlain(function.body, contract: .of(function))
  }

  @Test func aStraightBodyWithoutCallsIsPlainAndACallABranchOrAHeldLockIsNot() throws {
    #expect(try Self.isPlain("int f(int x)\n{\n\tx++;\n\treturn x;\n}\n"))
    #expect(try Self.isPlain("void f(struct s *s)\n{\n\t{ s->a = (int)s->b; }\n}\n"))
    #expect(try !Self.isPlain("int f(int x)\n{\n\treturn g(x);\n}\n"))
    #expect(try !Self.isPlain("int f(int (*g)(int))\n{\n\treturn (*g)(1);\n}\n"))
    #expect(try !Self.isPlain("int f(int x)\n{\n\treturn x ? 1 : 0;\n}\n"))
    #expect(try !Self.isPlain("int f(int x)\n{\n\tif (x)\n\t\treturn 1;\n\treturn 0;\n}\n"))
    #expect(try !Self.isPlain("int f(int x)\n{\nagain:\n\tx++;\n\treturn x;\n}\n"))
    #expect(
      try !Self.isPlain(
        "void f(spinlock_t *l)\n\t__must_hold(l)\n{\n\tint x = 1;\n}\n"))
  }

  /// Every plain body of the fixture's real kernel files, walked, finds nothing and stops
  /// nowhere short: what leaving it unwalked relies on.
  @Test func everyPlainBodyOfTheFixtureFilesWalksToNothing() throws {
    let table = try PrimitiveTable.builtin()
    var plain = 0
    for file in try Self.fixtureFiles() {
      for function in file.functions {
        let contract = FunctionContract.of(function)
        guard FunctionWalk.isPlain(function.body, contract: contract) else { continue }
        plain += 1
        let walk = FunctionWalk(
          segments: [function.body], name: function.name, file: file.path, fragment: false,
          endLine: function.endLine, table: table, summaries: .empty, contract: contract)
        #expect(walk.findings.isEmpty, "\(function.name)")
        #expect(!walk.side.truncated && walk.side.paths.count == 1, "\(function.name)")
      }
    }
    #expect(plain > 0, "the fixture files have plain bodies")
  }

  /// The fixture's files analyzed whole without paths: the same functions, findings and
  /// coverage as with them.
  @Test func withoutPathsTheFixtureFilesGiveTheSameFindingsAndCoverage() throws {
    let files = try Self.fixtureFiles()
    let table = try PrimitiveTable.builtin()
    let kept = Analyzer.analyze(files: files, table: table, keepsPaths: true)
    let lean = Analyzer.analyze(files: files, table: table, keepsPaths: false)
    #expect(lean.functions.map(\.name) == kept.functions.map(\.name))
    #expect(lean.functions.map(\.after?.truncated) == kept.functions.map(\.after?.truncated))
    #expect(lean.findings.map(\.message) == kept.findings.map(\.message))
    #expect(!kept.findings.isEmpty, "the fixture files have findings")
  }

  /// A patch changing a line of each of 300 one-line functions and a canary: each function
  /// is analyzed whole on both sides, and the canary's sleep under its spinlock is found.
  @Test func aPatchOfOneLineFunctionsAnalyzesEachWholeAndFindsTheCanary() throws {
    let count = 300
    let functions = (0..<count).map { "int f\($0)(int x)\n{\n\tx++;\n\treturn x;\n}\n" }
    let canary = "void canary(spinlock_t *l)\n{\n\tspin_lock(l);\n\tspin_unlock(l);\n}\n"
    let changed = functions.map { $0.replacingOccurrences(of: "x++;", with: "x += 2;") }
    let sleeping = canary.replacingOccurrences(
      of: "spin_lock(l);\n", with: "spin_lock(l);\n\tmight_sleep();\n")
    let sandbox = try GitSandbox()
    try sandbox.git("init", "-q")
    let base = try sandbox.commit(
      "base", files: ["mm/many.c": functions.joined() + canary])
    try sandbox.commit("change", files: ["mm/many.c": changed.joined() + sleeping])
    let patch = try PatchParser.parse(try sandbox.git("show", "--format=", "HEAD"))
    var analyzer = try treeAnalyzer(sandbox, at: base)
    analyzer.keepsPaths = false
    let result = analyzer.analyze(patch)
    #expect(result.functions.count == count + 1)
    #expect(
      result.functions.allSatisfy {
        $0.before?.truncated == false && $0.after?.truncated == false
          && $0.before?.source == .tree && $0.after?.source == .tree
      })
    let sleep = try #require(result.findings.first { $0.rule == .sleepUnderSpinlock })
    #expect(sleep.function == "canary" && sleep.severity == .error)
    #expect(result.findings.count == 1)
  }
}
