import CSyntax
import LockAnalysis
import Testing

/// The name-word lists of the primitive table (`lock-handing-word`, `same-object`, …) are data a
/// kernel developer extends with `--primitives FILE`: a line added there changes what the rules
/// conclude, with no change to the code.
@Suite struct NameWordListTests {
  static let seize = """
    static void frob_seize(struct frob *f)
    {
    \tspin_lock(&f->lock);
    \tf->busy = 1;
    }
    """

  /// `frob_seize()` returns holding the lock it took on its only path: a leak, unless a word of
  /// its name says it hands the lock on to its caller, which a user's table line can say.
  @Test func aLockHandingWordAddedToTheTableMakesTheHeldLockAHandOver() throws {
    let builtin = try analyzeFragment(Self.seize)
    _ = try WalkCoverageTests.walkedWhole(builtin, "frob_seize")
    #expect(builtin.findings.contains { $0.rule == .lockImbalance })

    var table = try PrimitiveTable.builtin()
    try table.add(contentsOf: "seize lock-handing-word\n", source: "mine.txt")
    let result = Analyzer(table: table).analyze(
      file: SourceFile(text: Self.seize, path: "mm/example.c"))
    _ = try WalkCoverageTests.walkedWhole(result, "frob_seize")
    #expect(!result.findings.contains { $0.rule == .lockImbalance })
  }

  /// `folio = my_page_folio(page)` names the page's object only when the table says the call is
  /// `same-object`: then the lock taken on `page` is released by `folio_unlock(folio)`.
  @Test func aSameObjectCallAddedToTheTableAliasesItsResult() throws {
    let text = """
      static void frob_page(struct page *page)
      {
      \tstruct folio *folio;
      \tlock_page(page);
      \tfolio = my_page_folio(page);
      \tfolio_unlock(folio);
      }
      """
    let builtin = try analyzeFragment(text)
    _ = try WalkCoverageTests.walkedWhole(builtin, "frob_page")
    #expect(builtin.findings.contains { $0.rule == .lockImbalance })

    var table = try PrimitiveTable.builtin()
    try table.add(contentsOf: "my_page_folio same-object\n", source: "mine.txt")
    let result = Analyzer(table: table).analyze(file: SourceFile(text: text, path: "mm/example.c"))
    _ = try WalkCoverageTests.walkedWhole(result, "frob_page")
    #expect(!result.findings.contains { $0.rule == .lockImbalance })
  }
}
