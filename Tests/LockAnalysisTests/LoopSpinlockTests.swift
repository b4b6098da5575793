import LockAnalysis
import Testing

/// A spinlock a loop round takes and does not release, planted in real mm/ code (`make
/// mutation-check`): the next round takes it again (the same lock: a self-deadlock), or gives
/// the structure it belongs to another value (nothing can release it any more). Loops collect
/// page locks, never spinlocks. Each planted bug is committed on top of the real fragments in a
/// git repository built by the test; the unmutated fragments are walked whole and give nothing.
@Suite struct LoopSpinlockTests {
  /// 6.1.192 try_to_unmap_one() and 6.12.117 pcpu_get_vm_areas(), trimmed.
  static let text = """
    static bool try_to_unmap_one(struct folio *folio, struct vm_area_struct *vma,
    \t\t     unsigned long address, void *arg)
    {
    \tstruct mm_struct *mm = vma->vm_mm;
    \tDEFINE_FOLIO_VMA_WALK(pvmw, folio, vma, address, 0);
    \tbool ret = true;

    \twhile (page_vma_mapped_walk(&pvmw)) {
    \t\tif (folio_test_anon(folio)) {
    \t\t\tif (list_empty(&mm->mmlist)) {
    \t\t\t\tspin_lock(&mmlist_lock);
    \t\t\t\tif (list_empty(&mm->mmlist))
    \t\t\t\t\tlist_add(&mm->mmlist, &init_mm.mmlist);
    \t\t\t\tspin_unlock(&mmlist_lock);
    \t\t\t}
    \t\t\tdec_mm_counter(mm, MM_ANONPAGES);
    \t\t}
    \t}
    \treturn ret;
    }

    struct vm_struct **pcpu_get_vm_areas(const unsigned long *offsets,
    \t\t\t\t     const size_t *sizes, int nr_vms)
    {
    \tstruct vmap_area **vas;
    \tstruct vm_struct **vms;
    \tint area;

    \tfor (area = 0; area < nr_vms; area++) {
    \t\tstruct vmap_node *vn = addr_to_node(vas[area]->va_start);

    \t\tspin_lock(&vn->busy.lock);
    \t\tinsert_vmap_area(vas[area], &vn->busy.root, &vn->busy.head);
    \t\tspin_unlock(&vn->busy.lock);
    \t}
    \tkfree(vas);
    \treturn vms;
    }

    """

  static func planted(deleting release: String) throws -> PatchAnalysis {
    try analyzePlanted(
      Self.text, as: "mm/rmap.c", walking: ["try_to_unmap_one", "pcpu_get_vm_areas"]
    ) { $0.replacingOccurrences(of: release + "\n", with: "") }
  }

  @Test func aSpinlockKeptFromAnEarlierRoundAndTakenAgainIsReported() throws {
    let result = try Self.planted(deleting: "\t\t\t\tspin_unlock(&mmlist_lock);")
    let again = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(again.function == "try_to_unmap_one")
    #expect(again.line == 11)
    #expect(again.message.contains("again in a later round"))
  }

  @Test func aSpinlockOfAStructureTheNextRoundNamesAnewIsLost() throws {
    let result = try Self.planted(deleting: "\t\tspin_unlock(&vn->busy.lock);")
    let lost = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(lost.function == "pcpu_get_vm_areas")
    #expect(lost.line == 32)
    #expect(lost.message.contains("vn is given another value at 30"))
  }
}
