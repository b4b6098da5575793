import Testing

@testable import PatchDiff

@Test func aCleanDiffInAnArchivePageIsReadWithItsHunks() throws {
  let patch = try PatchParser.parse(try Seeds.text("001"))
  #expect(patch.files.map(\.path) == ["mm/memory.c"])
  let hunks = patch.files[0].hunks
  #expect(
    hunks.map(\.header).map { String($0.prefix(29)) } == [
      "@@ -4652,6 +4652,8 @@ vm_faul", "@@ -4674,18 +4676,13 @@ vm_fa",
    ])
  #expect(hunks.allSatisfy { $0.countsSatisfied })
  #expect(hunks[1].lines.filter { $0.kind == .removed }.count == 12)
}

@Test func aPathClimbingOutOfTheTreeIsRejectedNamingFileAndLine() {
  let diff = """
    Subject: evil

    diff --git a/../../etc/passwd b/../../etc/passwd
    --- a/../../etc/passwd
    +++ b/../../etc/passwd
    @@ -1 +1 @@
    -root
    +toor

    """
  #expect(
    throws: PatchError(line: 3, file: "../../etc/passwd", reason: .unsafePath("../../etc/passwd"))
  ) {
    try PatchParser.parse(diff)
  }
}

@Test func anAbsolutePathIsRejected() {
  let diff = "--- /etc/passwd\n+++ /etc/passwd\n@@ -1 +1 @@\n-a\n+b\n"
  #expect(throws: PatchError(line: 1, file: "/etc/passwd", reason: .unsafePath("/etc/passwd"))) {
    try PatchParser.parse(diff)
  }
}

@Test func aHunkHeaderWithAbsurdCountsIsAnErrorNotAnAllocation() {
  let diff = "--- a/x\n+++ b/x\n@@ -1,99999999999999999999 +1,2 @@\n a\n"
  #expect(throws: PatchError.self) { try PatchParser.parse(diff) }
  let large = "--- a/x\n+++ b/x\n@@ -1,9999999 +1,9999999 @@\n a\n"
  do {
    _ = try PatchParser.parse(large)
    Issue.record("a hunk claiming 9999999 lines with one present must not parse")
  } catch {
    #expect(error.line == 3)
    #expect(error.description.hasPrefix("line 3: x: hunk expects 9999999 old"))
  }
}
