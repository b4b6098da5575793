import Foundation
import Testing

@testable import PatchDiff

@Test func aQuotedDiffWithClimbingPathsIsReportedNamingFileAndLineAndDropped() {
  let mail = """
    On Mon, Someone wrote:
    > diff --git a/../../etc/passwd b/../../etc/passwd
    > --- a/../../etc/passwd
    > +++ b/../../etc/passwd
    > @@ -1 +1 @@
    > -root
    > +toor
    > diff --git a/mm/memory.c b/mm/memory.c
    > --- a/mm/memory.c
    > +++ b/mm/memory.c
    > @@ -1 +1 @@
    > -a
    > +b

    """
  let found = PatchFinder.patches(in: mail)
  #expect(found.count == 1)
  #expect(found[0].patch.files.map(\.path) == ["mm/memory.c"])
  #expect(
    found[0].problems.map(\.description) == [
      "line 2: ../../etc/passwd: unsafe path \"../../etc/passwd\" rejected"
    ])
}

@Test func anAbsoluteMarkerPathInAMailIsReported() {
  let found = PatchFinder.patches(in: "--- /etc/shadow\n+++ /etc/shadow\n@@ -1 +1 @@\n-a\n+b\n")
  #expect(found.first?.patch.files.isEmpty == true)
  #expect(
    found.first?.problems.first?.description.hasPrefix("line 1: /etc/shadow: unsafe path") == true)
}

@Test func aHunkClaimingAbsurdCountsIsReportedUnrepairedNotSearched() {
  let mail =
    "diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,9999999 +1,9999999 @@\n a\n-b\n+c\n"
  let found = PatchFinder.patches(in: mail)
  #expect(found.count == 1)
  #expect(found[0].problems.count == 1)
  #expect(found[0].problems[0].line == 4)
  #expect(found[0].problems[0].message.contains("cannot be repaired"))
  #expect(found[0].patch.files[0].hunks[0].lines.map(\.text) == ["a", "b", "c"])

  let overflow = "--- a/x.c\n+++ b/x.c\n@@ -1,99999999999999999999999 +1 @@\n a\n"
  #expect(
    PatchFinder.patches(in: overflow).first?.problems.first?.message.hasPrefix("bad hunk header")
      == true)
}

@Test func binaryJunkYieldsNoPatchAndNoCrash() {
  var generator = SystemRandomNumberGenerator()
  let bytes = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
  let junk = String(decoding: bytes, as: UTF8.self)
  #expect(PatchFinder.patches(in: junk).isEmpty)
  #expect(throws: PatchError(line: 1, reason: .noDiff)) { try PatchParser.parse(junk) }
  let withHeaders = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n" + junk
  _ = PatchFinder.patches(in: withHeaders)
}

@Test func aTenMegabyteLineIsReadInOnePass() {
  let line = String(repeating: "> + x = y; ", count: 1_000_000)
  let mail = "diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n" + line + "\n"
  let found = PatchFinder.patches(in: mail)
  #expect(found.count == 1)
  #expect(found[0].problems.count == 1)
  let flattened = "> diff --git a/x.c b/x.c > --- a/x.c > +++ b/x.c > @@ -1,2 +1,2 @@ " + line
  #expect(PatchFinder.patches(in: flattened).count == 1)
  #expect(throws: PatchError.self) { try PatchParser.parse(mail) }
}

@Test func quoteDepthOfAHundredThousandIsJustDeep() {
  let deep = String(repeating: "> ", count: 100_000)
  let mail =
    deep + "diff --git a/x.c b/x.c\n" + deep + "--- a/x.c\n" + deep + "+++ b/x.c\n" + deep
    + "@@ -1 +1 @@\n" + deep + "-a\n" + deep + "+b\n"
  let found = PatchFinder.patches(in: mail)
  #expect(found.map(\.quoteDepth) == [100_000])
  #expect(found.first?.patch.files.first?.hunks.first?.countsSatisfied == true)
}

@Test func thousandsOfWrappedLinesCostAboundedSearch() {
  let wrapped = (0..<5000).map { "word\($0)" }.joined(separator: "\n")
  let mail = "diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,40 +1,3000 @@\n" + wrapped + "\n"
  let found = PatchFinder.patches(in: mail)
  #expect(found.first?.problems.count == 1)
}
