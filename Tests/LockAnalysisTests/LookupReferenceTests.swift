import LockAnalysis
import Testing

/// A page-cache lookup that returns its folio with a reference (`filemap_get_folio()`: the
/// folio, or NULL in 6.1 and an error pointer in 6.12) takes a reference the caller must drop,
/// as the table's `try-get … object=return success=nonerror` line says.
@Suite struct LookupReferenceTests {
  /// 6.12 `move_pages_pte()` reduced: the swap cache's folio is looked up, a large one refused
  /// with `failed` as the body of that check, a small one locked and handed to the move.
  static func moveSwapEntry(failed: String) -> String {
    """
    static int move_entry(struct mm_struct *mm, swp_entry_t entry, struct folio *src_folio)
    {
    \tstruct folio *folio = NULL;
    \tint err = 0;
    \tif (!src_folio)
    \t\tfolio = filemap_get_folio(swap_address_space(entry),
    \t\t\t\tswap_cache_index(entry));
    \tif (!IS_ERR_OR_NULL(folio)) {
    \t\tif (folio_test_large(folio)) {
    \t\t\terr = -EBUSY;
    \t\t\t\(failed)
    \t\t\tgoto out;
    \t\t}
    \t\tsrc_folio = folio;
    \t\tif (!folio_trylock(src_folio)) {
    \t\t\terr = -EAGAIN;
    \t\t\tgoto out;
    \t\t}
    \t\terr = move_swap_pte(mm, entry, src_folio);
    \t\tfolio_unlock(src_folio);
    \t}
    out:
    \tif (src_folio)
    \t\tfolio_put(src_folio);
    \treturn err;
    }
    """
  }

  /// With the `folio_put()` of the large folio deleted, that path returns `-EBUSY` holding the
  /// reference the lookup took.
  @Test func aReferenceALookupReturnedIsKeptWhenItsPutIsMissing() throws {
    let result = try analyzeFragment(Self.moveSwapEntry(failed: ""))
    _ = try WalkCoverageTests.walkedWhole(result, "move_entry")
    let kept = try #require(result.findings.first { $0.rule == .refImbalance })
    #expect(kept.message.contains("taken by filemap_get_folio()"))
  }

  /// The unmutated function: the large folio's path drops the reference, the others drop it at
  /// `out:`, and a failed lookup took none.
  @Test func aReferenceALookupReturnedAndDroppedOnEveryPathIsBalanced() throws {
    let result = try analyzeFragment(Self.moveSwapEntry(failed: "folio_put(folio);"))
    _ = try WalkCoverageTests.walkedWhole(result, "move_entry")
    #expect(!result.findings.contains { $0.rule == .refImbalance })
  }

  /// 6.12 `filemap_fault()` reduced: the fault returns `VM_FAULT_LOCKED` with a page of the
  /// folio in `vmf->page`, and with it the lookup's reference; the path that finds the folio
  /// beyond the file's end drops it.
  @Test func aReferenceStoredAsAPageOfTheFolioForTheCallerIsHandedOn() throws {
    let result = try analyzeFragment(
      """
      vm_fault_t fault_page(struct vm_fault *vmf, struct address_space *mapping, pgoff_t index)
      {
      \tstruct folio *folio = filemap_get_folio(mapping, index);
      \tif (IS_ERR(folio))
      \t\treturn VM_FAULT_OOM;
      \tfolio_lock(folio);
      \tif (index >= max_index(mapping)) {
      \t\tfolio_unlock(folio);
      \t\tfolio_put(folio);
      \t\treturn VM_FAULT_SIGBUS;
      \t}
      \tvmf->page = folio_file_page(folio, index);
      \treturn VM_FAULT_LOCKED;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "fault_page")
    #expect(!result.findings.contains { $0.rule == .refImbalance })
  }

  /// 6.12 `do_read_cache_folio()`: each `goto repeat;` looks the folio up again, so the
  /// reference of the folio the name had before (dropped, or dropped by
  /// `folio_put_wait_locked()`, which the table does not know) is not counted on top of the new
  /// one: the walk of the retries ends, and no exit is judged to keep a reference.
  @Test func aLookupAfterAJumpBackToRetryNamesANewFolio() throws {
    let result = try analyzeFragment(
      """
      static struct folio *read_folio_retrying(struct address_space *mapping, pgoff_t index,
      \t\tfiller_t filler, struct file *file, gfp_t gfp)
      {
      \tstruct folio *folio;
      \tint err;
      repeat:
      \tfolio = filemap_get_folio(mapping, index);
      \tif (IS_ERR(folio)) {
      \t\tfolio = filemap_alloc_folio(gfp, 0);
      \t\tif (!folio)
      \t\t\treturn ERR_PTR(-ENOMEM);
      \t\terr = filemap_add_folio(mapping, folio, index, gfp);
      \t\tif (unlikely(err)) {
      \t\t\tfolio_put(folio);
      \t\t\tif (err == -EEXIST)
      \t\t\t\tgoto repeat;
      \t\t\treturn ERR_PTR(err);
      \t\t}
      \t\tgoto filler;
      \t}
      \tif (folio_test_uptodate(folio))
      \t\tgoto out;
      \tif (!folio_trylock(folio)) {
      \t\tfolio_put_wait_locked(folio, TASK_UNINTERRUPTIBLE);
      \t\tgoto repeat;
      \t}
      \tif (!folio->mapping) {
      \t\tfolio_unlock(folio);
      \t\tfolio_put(folio);
      \t\tgoto repeat;
      \t}
      \tif (folio_test_uptodate(folio)) {
      \t\tfolio_unlock(folio);
      \t\tgoto out;
      \t}
      filler:
      \terr = filemap_read_folio(file, filler, folio);
      \tif (err) {
      \t\tfolio_put(folio);
      \t\tif (err == AOP_TRUNCATED_PAGE)
      \t\t\tgoto repeat;
      \t\treturn ERR_PTR(err);
      \t}
      out:
      \tfolio_mark_accessed(folio);
      \treturn folio;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "read_folio_retrying")
    #expect(!result.findings.contains { $0.rule == .refImbalance })
  }
}
