import LockAnalysis
import Testing

/// A patch to a function the file defines twice, an empty stub under `#else` before the real
/// one (6.1.192 zsmalloc.c's `migrate_read_lock()` without CONFIG_COMPACTION): the definition
/// the changed lines are in is the one analyzed (a planted bug of `make mutation-check`). The
/// file is committed in a git repository built by the test and the change analyzed as a commit.
@Suite struct TwiceDefinedFunctionTests {
  @Test func aChangeToTheSecondDefinitionIsAnalyzedThere() throws {
    let before = """
      static void migrate_read_lock(struct zspage *zspage);
      #ifdef CONFIG_COMPACTION
      static void migrate_read_unlock(struct zspage *zspage);
      #else
      static void migrate_read_lock(struct zspage *zspage) {}
      static void migrate_read_unlock(struct zspage *zspage) {}
      #endif

      static void zs_map(struct zspage *zspage)
      {
      \tmigrate_read_lock(zspage);
      \tmigrate_read_unlock(zspage);
      }

      #ifdef CONFIG_COMPACTION
      static void migrate_read_lock(struct zspage *zspage) __acquires(&zspage->lock)
      {
      \tread_lock(&zspage->lock);
      }

      static void migrate_read_unlock(struct zspage *zspage) __releases(&zspage->lock)
      {
      \tread_unlock(&zspage->lock);
      }
      #endif

      """
    let after = before.replacingOccurrences(
      of: "\tread_lock(&zspage->lock);\n",
      with: "\tread_lock(&zspage->lock);\n\tkfree(kmalloc(sizeof(long), GFP_KERNEL));\n")
    let result = try analyzeCommit(
      base: ["mm/zsmalloc.c": before], change: ["mm/zsmalloc.c": after])
    let walked = try #require(result.functions.first { $0.name == "migrate_read_lock" })
    #expect(walked.after?.paths.isEmpty == false)
    let sleep = try #require(result.findings.first { $0.rule == .sleepUnderSpinlock })
    #expect(sleep.line == 19)
    #expect(sleep.message.contains("read_lock() at 18"))
  }
}
