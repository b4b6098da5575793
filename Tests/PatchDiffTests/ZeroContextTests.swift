import Foundation
import TestSupport
import Testing

@testable import PatchDiff

/// `git diff -U0` patches: hunks without context, pure insertions written `@@ -N,0 +M,K @@`
/// (after line N). Anchored and applied, they give what `git apply --unidiff-zero` gives.
@Suite struct ZeroContextTests {
  static let before = """
    static int zap_pte_range(struct mmu_gather *tlb, pmd_t *pmd)
    {
    \tspinlock_t *ptl;
    \tpte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
    \t/* walk the ptes */
    \tfor (;;)
    \t\tbreak;
    \tpte_unmap_unlock(pte, ptl);
    \treturn 0;
    }
    /* a comment */
    int other(void)
    {
    \treturn 1;
    }

    """

  /// The file at its base, the working copy with `after`, and `git diff -U0` of the two.
  static func zeroContextDiff(after: String) throws -> (ScratchRepository, String) {
    let repo = try ScratchRepository()
    try repo.write("mm/memory.c", before)
    try repo.commit("base")
    try repo.write("mm/memory.c", after)
    return (repo, try repo.git("diff", "-U0"))
  }

  /// The anchored, applied text must be what `git apply --unidiff-zero` writes.
  static func expectAgreesWithGitApply(after: String) throws {
    let (repo, diff) = try zeroContextDiff(after: after)
    defer { repo.remove() }
    let patch = try PatchParser.parse(diff)
    let anchored = patch.anchored(to: ["mm/memory.c": before])
    #expect(anchored.problems.isEmpty)
    let ours = anchored.patch.files[0].apply(to: before)
    #expect(ours.applied)
    try repo.git("checkout", "--", "mm/memory.c")
    try repo.git("apply", "--unidiff-zero", input: diff)
    let git = try String(
      contentsOf: repo.url.appendingPathComponent("mm/memory.c"), encoding: .utf8)
    #expect(git == after, "git apply --unidiff-zero restores the edit")
    #expect(ours.text == git)
    // The anchored patch must itself be a -U0 patch git applies.
    try repo.git("checkout", "--", "mm/memory.c")
    try repo.git("apply", "--unidiff-zero", input: anchored.patch.text)
    #expect(
      try String(contentsOf: repo.url.appendingPathComponent("mm/memory.c"), encoding: .utf8)
        == after)
  }

  @Test func aPureInsertionAfterTheUnlockLandsAfterIt() throws {
    try Self.expectAgreesWithGitApply(
      after: Self.before.replacingOccurrences(
        of: "\tpte_unmap_unlock(pte, ptl);\n",
        with: "\tpte_unmap_unlock(pte, ptl);\n\tcond_resched();\n"))
  }

  @Test func insertionsDeletionsAndCommentEditsTogether() throws {
    var after = Self.before.replacingOccurrences(
      of: "/* walk the ptes */", with: "/* walk each pte */")
    after = after.replacingOccurrences(of: "/* a comment */\n", with: "")
    after = after.replacingOccurrences(of: "{\n\tspinlock_t", with: "{\n\t/* new */\n\tspinlock_t")
    after = "/* head */\n" + after + "/* tail */\n"
    try Self.expectAgreesWithGitApply(after: after)
  }
}
