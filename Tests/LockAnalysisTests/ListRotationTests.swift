import LockAnalysis
import Testing

/// A folio moved back onto the list it was taken from (`folio = lru_to_folio(src); …
/// list_move(&folio->lru, src)`) is rotated, not handed to a list that keeps its reference:
/// 6.12 `isolate_lru_folios()` moves a folio it isolates to `dst` with the reference it took,
/// and one it does not back to `src` after dropping it (`make mutation-check`: the deleted
/// `folio_put()` of the folio another thread isolates was missed, the `list_move()` counted as
/// handing the reference on).
@Suite struct ListRotationTests {
  /// 6.12.117 mm/vmscan.c `isolate_lru_folios()`, its comments and the skipped folios'
  /// splice left out.
  static let isolateLRUFolios = """
    static unsigned long isolate_lru_folios(unsigned long nr_to_scan,
    \t\tstruct lruvec *lruvec, struct list_head *dst,
    \t\tunsigned long *nr_scanned, struct scan_control *sc,
    \t\tenum lru_list lru)
    {
    \tstruct list_head *src = &lruvec->lists[lru];
    \tunsigned long nr_taken = 0;
    \tunsigned long nr_zone_taken[MAX_NR_ZONES] = { 0 };
    \tunsigned long nr_skipped[MAX_NR_ZONES] = { 0, };
    \tunsigned long scan, total_scan, nr_pages;
    \tLIST_HEAD(folios_skipped);

    \ttotal_scan = 0;
    \tscan = 0;
    \twhile (scan < nr_to_scan && !list_empty(src)) {
    \t\tstruct list_head *move_to = src;
    \t\tstruct folio *folio;

    \t\tfolio = lru_to_folio(src);
    \t\tprefetchw_prev_lru_folio(folio, src, flags);

    \t\tnr_pages = folio_nr_pages(folio);
    \t\ttotal_scan += nr_pages;

    \t\tif (folio_zonenum(folio) > sc->reclaim_idx) {
    \t\t\tnr_skipped[folio_zonenum(folio)] += nr_pages;
    \t\t\tmove_to = &folios_skipped;
    \t\t\tgoto move;
    \t\t}
    \t\tscan += nr_pages;

    \t\tif (!folio_test_lru(folio))
    \t\t\tgoto move;
    \t\tif (!sc->may_unmap && folio_mapped(folio))
    \t\t\tgoto move;
    \t\tif (unlikely(!folio_try_get(folio)))
    \t\t\tgoto move;

    \t\tif (!folio_test_clear_lru(folio)) {
    \t\t\t/* Another thread is already isolating this folio */
    \t\t\tfolio_put(folio);
    \t\t\tgoto move;
    \t\t}

    \t\tnr_taken += nr_pages;
    \t\tnr_zone_taken[folio_zonenum(folio)] += nr_pages;
    \t\tmove_to = dst;
    move:
    \t\tlist_move(&folio->lru, move_to);
    \t}
    \t*nr_scanned = total_scan;
    \tupdate_lru_sizes(lruvec, lru, nr_zone_taken);
    \treturn nr_taken;
    }

    """

  /// The unmutated function: each isolated folio's reference goes to `dst` with it, and the
  /// folio another thread isolates is put before it goes back to `src`.
  @Test func aFolioMovedToTheCallersListHandsItsReferenceOn() throws {
    let result = try analyzeCommit(
      base: ["mm/example.c": ""], change: ["mm/example.c": Self.isolateLRUFolios])
    _ = try WalkCoverageTests.walkedWhole(result, "isolate_lru_folios")
    #expect(result.findings.filter { $0.severity != .info }.isEmpty, "\(result.findings)")
  }

  /// Without that `folio_put()`, the folio goes back to `src` still holding the reference
  /// `folio_try_get()` took, which the next round's folio then loses.
  @Test func aFolioMovedBackToTheListItCameFromHandsNothingOn() throws {
    let mutated = Self.isolateLRUFolios.replacingOccurrences(
      of: "\t\t\tfolio_put(folio);\n\t\t\tgoto move;\n", with: "\t\t\tgoto move;\n")
    #expect(mutated != Self.isolateLRUFolios, "the mutation applies")
    let result = try analyzeCommit(
      base: ["mm/example.c": Self.isolateLRUFolios], change: ["mm/example.c": mutated])
    _ = try WalkCoverageTests.walkedWhole(result, "isolate_lru_folios")
    #expect(
      result.findings.contains {
        $0.rule == .refImbalance && $0.severity == .warning
          && $0.message.contains("taken by folio_try_get()")
      }, "\(result.findings)")
  }
}
