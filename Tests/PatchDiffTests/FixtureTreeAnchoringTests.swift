import Foundation
import TestSupport
import Testing

@testable import PatchDiff

/// Where the fixture kernel tree is built for this test process; removed at exit.
private let fixtureFolder = FileManager.default.temporaryDirectory.appendingPathComponent(
  "patchdiff-tree-\(UUID().uuidString)")

/// The fixture kernel tree, built once for these tests by Fixtures/kernel-tree/build.sh.
private let fixtureTree: Result<URL, any Error> = Result {
  atexit { try? FileManager.default.removeItem(at: fixtureFolder) }
  let script = Seeds.packageRoot.appendingPathComponent("Fixtures/kernel-tree/build.sh").path
  _ = try run([script, fixtureFolder.appendingPathComponent("linux").path])
  return fixtureFolder.appendingPathComponent("linux")
}

/// Repairs the seed's patch, anchors it in the tree at `tag`, and checks it with
/// `git apply --check` against those file texts; returns the anchored patch.
private func anchoredSeed(_ seed: String, at tag: String) throws -> (Patch, [Problem]) {
  let tree = try fixtureTree.get()
  let recovered = try #require(PatchFinder.patches(in: try Seeds.text(seed)).first)
  #expect(recovered.problems.isEmpty)
  var texts: [String: String] = [:]
  for file in recovered.patch.files {
    texts[file.oldPath] = try run(
      ["git", "-C", tree.path, "show", "\(tag):\(file.oldPath)"])
  }
  let (anchored, problems) = recovered.patch.anchored(to: texts)

  let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
    "patchdiff-apply-\(UUID().uuidString)")
  defer { try? FileManager.default.removeItem(at: scratch) }
  for (path, text) in texts {
    let file = scratch.appendingPathComponent(path)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: file, atomically: true, encoding: .utf8)
  }
  _ = try run(
    ["git", "-C", scratch.path, "apply", "--check", "-"], input: anchored.text)
  return (anchored, problems)
}

/// The expected repair of a seed, written by hand with the tree's whitespace.
private func expected(_ seed: String) throws -> Patch {
  let url = Seeds.packageRoot.appendingPathComponent(
    "Fixtures/kernel-tree/expected/seed\(seed).patch")
  return try PatchParser.parse(try String(contentsOf: url, encoding: .utf8))
}

/// Hunk headers, and old-side lines exactly: what anchoring must restore.
private func oldSides(_ patch: Patch) -> [String] {
  patch.files.flatMap { file in
    file.hunks.flatMap { hunk in
      [file.path + " " + hunk.header]
        + hunk.lines.filter { $0.kind != .added }.map { "\($0.kind.marker)\($0.text)" }
    }
  }
}

@Test func seed000RepairedAndAnchoredAppliesToV619() throws {
  let (anchored, problems) = try anchoredSeed("000", at: "v6.19")
  #expect(problems.isEmpty)
  #expect(oldSides(anchored) == oldSides(try expected("000")))
  // Added lines get the tree's indentation back from the lines around them; an
  // annotation line's own tab cannot be told from its neighbours.
  #expect(
    addedLinesOff(anchored, from: try expected("000")) == ["__releases(ptl) ≠ \t__releases(ptl)"])
}

@Test func seed001AnchoredAppliesToV619() throws {
  let (anchored, problems) = try anchoredSeed("001", at: "v6.19")
  #expect(problems.isEmpty)
  #expect(anchored.text == (try expected("001")).text)
}

@Test func seed002ReSegmentedAndAnchoredAppliesToV614() throws {
  let (anchored, problems) = try anchoredSeed("002", at: "v6.14")
  #expect(problems.isEmpty)
  #expect(oldSides(anchored) == oldSides(try expected("002")))
  // Continuation lines are aligned after the open parenthesis, kernel style; the
  // author of this one chose three tabs instead.
  #expect(
    addedLinesOff(anchored, from: try expected("002")) == [
      "\t\t\t     unsigned long *dst_pfns, unsigned long npages) ≠ \t\t\tunsigned long *dst_pfns, unsigned long npages)"
    ])
}

@Test func aHunkThatMatchesNowhereIsReportedAndKept() throws {
  let recovered = try #require(PatchFinder.patches(in: try Seeds.text("000")).first)
  let (anchored, problems) = recovered.patch.anchored(to: [
    "include/linux/migrate.h": "#ifndef _LINUX_MIGRATE_H\n#endif\n",
    "mm/memory.c": "int nothing;\n",
  ])
  #expect(problems.count == 2)
  #expect(problems.map(\.hunk) == [0, 0])
  #expect(problems[1].message.hasPrefix("hunk @@ -4684,7 +4684,8 @@"))
  #expect(anchored == recovered.patch)
}

/// Added lines that differ from the expected repair, as "ours ≠ expected".
private func addedLinesOff(_ patch: Patch, from expected: Patch) -> [String] {
  let added = { (patch: Patch) in
    patch.files.flatMap { $0.hunks.flatMap { $0.lines.filter { $0.kind == .added }.map(\.text) } }
  }
  return zip(added(patch), added(expected)).filter { $0 != $1 }.map { "\($0.0) ≠ \($0.1)" }
}
