import LockAnalysis
import Testing

/// Each object a loop takes off a list of the function's own receives the one reference the
/// loop that filled the list took for it, and is no NULL: 6.12 `deferred_split_scan()` pins
/// each queued folio (`folio_try_get(folio)`, `list_move(…, &list)`) and drops the pin of
/// each folio of `list` in a second loop under the same cursor name (`make mutation-check`:
/// the deleted `folio_put()` of that second loop was missed).
@Suite struct ListReceiptTests {
  /// 6.12.117 mm/huge_memory.c `deferred_split_scan()` (without its `CONFIG_MEMCG` block).
  static let deferredSplitScan = """
    static unsigned long deferred_split_scan(struct shrinker *shrink,
    \t\tstruct shrink_control *sc)
    {
    \tstruct pglist_data *pgdata = NODE_DATA(sc->nid);
    \tstruct deferred_split *ds_queue = &pgdata->deferred_split_queue;
    \tunsigned long flags;
    \tLIST_HEAD(list);
    \tstruct folio *folio, *next, *prev = NULL;
    \tint split = 0, removed = 0;

    \tspin_lock_irqsave(&ds_queue->split_queue_lock, flags);
    \t/* Take pin on all head pages to avoid freeing them under us */
    \tlist_for_each_entry_safe(folio, next, &ds_queue->split_queue,
    \t\t\t\t\t\t\t_deferred_list) {
    \t\tif (folio_try_get(folio)) {
    \t\t\tlist_move(&folio->_deferred_list, &list);
    \t\t} else {
    \t\t\t/* We lost race with folio_put() */
    \t\t\tif (folio_test_partially_mapped(folio)) {
    \t\t\t\tfolio_clear_partially_mapped(folio);
    \t\t\t\tmod_mthp_stat(folio_order(folio),
    \t\t\t\t\t      MTHP_STAT_NR_ANON_PARTIALLY_MAPPED, -1);
    \t\t\t}
    \t\t\tlist_del_init(&folio->_deferred_list);
    \t\t\tds_queue->split_queue_len--;
    \t\t}
    \t\tif (!--sc->nr_to_scan)
    \t\t\tbreak;
    \t}
    \tspin_unlock_irqrestore(&ds_queue->split_queue_lock, flags);

    \tlist_for_each_entry_safe(folio, next, &list, _deferred_list) {
    \t\tbool did_split = false;
    \t\tbool underused = false;

    \t\tif (!folio_test_partially_mapped(folio)) {
    \t\t\tunderused = thp_underused(folio);
    \t\t\tif (!underused)
    \t\t\t\tgoto next;
    \t\t}
    \t\tif (!folio_trylock(folio))
    \t\t\tgoto next;
    \t\tif (!split_folio(folio)) {
    \t\t\tdid_split = true;
    \t\t\tif (underused)
    \t\t\t\tcount_vm_event(THP_UNDERUSED_SPLIT_PAGE);
    \t\t\tsplit++;
    \t\t}
    \t\tfolio_unlock(folio);
    next:
    \t\t/*
    \t\t * split_folio() removes folio from list on success.
    \t\t * Only add back to the queue if folio is partially mapped.
    \t\t * If thp_underused returns false, or if split_folio fails
    \t\t * in the case it was underused, then consider it used and
    \t\t * don't add it back to split_queue.
    \t\t */
    \t\tif (did_split) {
    \t\t\t; /* folio already removed from list */
    \t\t} else if (!folio_test_partially_mapped(folio)) {
    \t\t\tlist_del_init(&folio->_deferred_list);
    \t\t\tremoved++;
    \t\t} else {
    \t\t\t/*
    \t\t\t * That unlocked list_del_init() above would be unsafe,
    \t\t\t * unless its folio is separated from any earlier folios
    \t\t\t * left on the list (which may be concurrently unqueued)
    \t\t\t * by one safe folio with refcount still raised.
    \t\t\t */
    \t\t\tswap(folio, prev);
    \t\t}
    \t\tif (folio)
    \t\t\tfolio_put(folio);
    \t}

    \tspin_lock_irqsave(&ds_queue->split_queue_lock, flags);
    \tlist_splice_tail(&list, &ds_queue->split_queue);
    \tds_queue->split_queue_len -= removed;
    \tspin_unlock_irqrestore(&ds_queue->split_queue_lock, flags);

    \tif (prev)
    \t\tfolio_put(prev);

    \t/*
    \t * Stop shrinker if we didn't split any page, but the queue is empty.
    \t * This can happen if pages were freed under us.
    \t */
    \tif (!split && list_empty(&ds_queue->split_queue))
    \t\treturn SHRINK_STOP;
    \treturn split;
    }

    """

  /// The unmutated function: each round drops the pin, or swaps the folio with `prev` (an
  /// unknown `swap()` that may keep it) and drops the one it swapped out.
  @Test func eachObjectTakenOffTheListDropsTheReferenceItReceived() throws {
    let result = try analyzeCommit(
      base: ["mm/example.c": ""], change: ["mm/example.c": Self.deferredSplitScan])
    _ = try WalkCoverageTests.walkedWhole(result, "deferred_split_scan")
    #expect(result.findings.filter { $0.severity != .info }.isEmpty, "\(result.findings)")
  }

  /// Without the `folio_put()`, a folio taken off `list` by `list_del_init()` keeps its pin.
  @Test func anObjectTakenOffTheListKeepsTheReferenceWhenItsPutIsMissing() throws {
    let mutated = Self.deferredSplitScan.replacingOccurrences(
      of: "\t\tif (folio)\n\t\t\tfolio_put(folio);\n", with: "\t\tif (folio)\n\t\t\t;\n")
    #expect(mutated != Self.deferredSplitScan, "the mutation applies")
    let result = try analyzeCommit(
      base: ["mm/example.c": Self.deferredSplitScan], change: ["mm/example.c": mutated])
    _ = try WalkCoverageTests.walkedWhole(result, "deferred_split_scan")
    #expect(
      result.findings.contains {
        $0.rule == .refImbalance && $0.severity == .warning
          && $0.message.contains("taken by folio_try_get()")
      }, "\(result.findings)")
  }
}
