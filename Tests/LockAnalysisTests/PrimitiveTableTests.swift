import LockAnalysis
import Testing

@Suite struct PrimitiveTableTests {
  /// Every primitive of DOMAIN.md's table, and the common ones around them.
  @Test(arguments: [
    "spin_lock", "spin_unlock", "pte_offset_map_lock", "pte_offset_map", "pte_unmap",
    "pte_unmap_unlock",
    "trylock_page", "folio_trylock", "lock_page", "folio_lock", "unlock_page", "folio_unlock",
    "get_page",
    "folio_get", "folio_try_get", "put_page", "folio_put", "migration_entry_wait_on_locked",
    "lru_add_drain_all", "lru_cache_disable", "cond_resched", "mmap_read_lock", "mmap_write_lock",
    "spin_lock_irqsave", "spin_unlock_irqrestore", "spin_trylock", "mutex_lock", "mutex_unlock",
    "mutex_trylock", "down_read", "up_read", "down_write", "folio_lock_killable", "rcu_read_lock",
    "rcu_read_unlock", "read_lock", "mmap_read_unlock", "might_sleep", "kmalloc",
  ])
  func theBuiltInTableKnows(name: String) throws {
    #expect(try PrimitiveTable.builtin()[name] != nil)
  }

  @Test func theWaitDropsTheSpinlockItIsGivenLast() throws {
    let wait = try #require(try PrimitiveTable.builtin()["migration_entry_wait_on_locked"])
    #expect(wait.effect == .waitUnlocked)
    #expect(wait.releases == "$last")
  }

  @Test func aUsersLineReplacesTheBuiltInOne() throws {
    var table = try PrimitiveTable.builtin()
    try table.add(
      contentsOf:
        "# mine\nmy_driver_lock acquire family=mutex sleeps\nlock_page acquire family=page\n",
      source: "mine.txt")
    #expect(table["my_driver_lock"]?.family == .mutex)
    #expect(table["my_driver_lock"]?.evidence == "mine.txt:2")
    #expect(table["lock_page"]?.sleeps == false)
  }

  @Test func aBadLineNamesTheFileAndLine() throws {
    var table = PrimitiveTable()
    #expect(throws: AnalysisError.self) {
      try table.add(contentsOf: "\nfoo grab\n", source: "mine.txt")
    }
    do {
      try table.add(contentsOf: "\nfoo grab\n", source: "mine.txt")
    } catch {
      #expect(error.description.hasPrefix("mine.txt:2:"))
    }
  }

  /// Found by `make fuzz` (primitives): a field `=` crashed the reader with an index out of
  /// range; it is an unknown key, named with its file and line.
  @Test(arguments: [
    "foo acquire =\n", "foo acquire =spinlock\n", "foo acquire family=spinlock =\n",
  ])
  func aFieldWithNoKeyIsAnUnknownKey(line: String) throws {
    var table = PrimitiveTable()
    #expect {
      try table.add(contentsOf: "# mine\n" + line, source: "mine.txt")
    } throws: { error in
      "\(error)".hasPrefix("mine.txt:2:") && "\(error)".contains("unknown key ``")
    }
    #expect(table["foo"] == nil)
  }
}
