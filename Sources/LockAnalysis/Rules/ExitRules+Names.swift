/// What the function's name says it hands on to its caller (``ExitRules/handsOnLock`` and
/// ``ExitRules/handsOnReference`` keep the answers).
extension ExitRules {
  /// Whether `name` says it returns holding a lock (a word of the table's `lock-handing-word`
  /// list: `lock_page_lruvec`, `huge_pte_lock`; `locked` with a `get` or in a function whose
  /// return value may say so: `__get_locked_pte()`, `bool swap_offset_available_and_locked()`,
  /// not `void __split_huge_pmd_locked()`, which is called locked).
  var namedForHandingOnLock: Bool {
    if table.namesWord(name, as: .lockHandingWord) { return true }
    let words = name.split(separator: "_")
    return words.contains("locked") && (words.contains("get") || returnValueMayTellLockState)
  }

  /// Whether the function's name and type say it returns holding a PTE map
  /// (``namedForHandingOnLock``, returning the map or whether it is held: `pte_t
  /// *__get_locked_pte()`), not a function named for mapping pages into page tables
  /// (`vm_fault_t filemap_map_pages()`).
  var handsOnMap: Bool {
    handsOnLock
      && (contract.returnsPointer || contract.returnType.split(separator: " ").contains("bool"))
  }

  /// Whether `name` says it hands on a reference it takes (a word of the table's
  /// `reference-handing-word` list: `filemap_get_folio`, `isolate_lru_folios`, `folio_alloc`;
  /// not the lock words: `lock_zspage` hands on locks, not the references it takes to lock them).
  var namedForHandingOnReference: Bool { table.namesWord(name, as: .referenceHandingWord) }
}
