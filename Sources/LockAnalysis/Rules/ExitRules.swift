import CSyntax

/// The rules judged where paths leave a function: `lock-imbalance`, `missing-pte-unmap` and
/// `ref-imbalance` by the function's contract, not by the literal value returned.
///
/// Two exits *leave the same way* when they return the same expression (`return ret;` and
/// `return ret;`, `return 0;` and `return 0;`), when both leave a fragment, or when one
/// returns an error while the other does not (an error path must undo what it took). A lock
/// (map, reference) held at one exit and not at another that leaves the same way is an
/// imbalance. Exits that return different values may differ on purpose: `return NULL`
/// unlocked, `return pte` locked. A lock held at *every* exit that took it, in a function that
/// does not hand it on (no `__acquires`, not a function named for taking it), is a leak
/// the two-exit comparison cannot see.
struct ExitRules {
  let name: String
  let file: String
  let contract: FunctionContract
  /// The primitive table, for the words of a name that say what the function hands on.
  let table: PrimitiveTable
  /// The enumerators the analyzed files define (`SCAN_PAGE_COUNT`, khugepaged.c's `enum
  /// scan_result`): a function's own result codes, which tell its caller what happened, not
  /// which locks are held (unless named for a lock: `…LOCKED`).
  let fileCodes: Set<String>
  /// What the functions of the analyzed files release (``CallSummaries``): a tail call to one
  /// that releases nothing of a lock's class leaves that lock held.
  let summaries: CallSummaries
  /// ``namedForHandingOnLock`` and ``namedForHandingOnReference``, worked out once: the rules
  /// ask them per group of exits and per object, and each answer splits the name into words.
  private(set) var handsOnLock = false
  private(set) var handsOnReference = false

  init(
    name: String, file: String, contract: FunctionContract, table: PrimitiveTable,
    fileCodes: Set<String> = [], summaries: CallSummaries = .empty
  ) {
    self.name = name
    self.file = file
    self.contract = contract
    self.table = table
    self.fileCodes = fileCodes
    self.summaries = summaries
    handsOnLock = namedForHandingOnLock
    handsOnReference = namedForHandingOnReference
  }

  /// Whether an exit took a lock, mapped a PTE page, took a reference or unmapped its
  /// caller's map, where every rule starts: without, there is nothing to compare (and the
  /// name questions, which cost more than a one-line function's walk, are not asked).
  static func haveSomethingToCompare(_ exits: [ExitState]) -> Bool {
    exits.contains { exit in
      !exit.state.acquired.isEmpty || exit.state.mapped || !exit.state.referenced.isEmpty
        || !exit.state.callersMapsUnmapped.isEmpty
    }
  }

  func findings(_ exits: [ExitState]) -> [Finding] {
    var findings: [Finding] = []
    var reported: Set<String> = []
    // One group per segment: a fragment of 10,000 hunks has 10,000 segments.
    let groups = Dictionary(grouping: exits, by: \.segment)
    for segment in groups.keys.sorted() {
      let group = groups[segment]!
      findings += lockImbalances(group, &reported)
      findings += mapImbalances(group, &reported)
      findings += referenceImbalances(group, &reported)
      findings += callersMapsLeftMapped(group, &reported)
    }
    return findings
  }

  /// Whether what the function returns may tell its caller a lock is held: a pointer (`return
  /// vma` locked beside `return NULL`), a truth value (`true` locked), or a code the body
  /// says carries the lock state (`VM_FAULT_LOCKED`). A function returning none of these
  /// (`void`, a count, an address, an errno) leaves with every lock in the same state on
  /// every `return`, whatever it returns: `sys_brk()` returning `brk` beside `origbrk`.
  var returnValueMayTellLockState: Bool {
    let words = contract.returnType.split(separator: " ")
    return contract.returnsPointer || contract.returnsLockState || contract.returnType.isEmpty
      || words.contains("bool") || words.contains("vm_fault_t")
  }

  /// Whether `exit` returns a value that cannot tell the caller a lock is held, in a function
  /// whose return type cannot either (``returnValueMayTellLockState``): a variable (`return
  /// brk;`, `return ret;`) the path does not know to be a code, not a tail call (the callee
  /// may release), not a constant other than 0 or an error (`MIGRATEPAGE_UNMAP` may say
  /// "locked").
  func returnsNoLockState(_ exit: ExitState) -> Bool {
    guard exit.kind == .return, !handsOnLock, !returnValueMayTellLockState,
      let value = exit.value, !Self.isTailCall(value)
    else { return false }
    if Self.isConstant(value) { return Self.isNothing(value) || isFileCode(value) }
    return exit.state.values[value].map { Self.isNothing($0) || isFileCode($0) } ?? true
  }

  /// A result code the file defines that does not name a lock (``fileCodes``), returned by a
  /// function whose type is not that enum (`int`, not `enum mc_target_type`, whose
  /// `MC_TARGET_PAGE` may mean "the page is locked").
  func isFileCode(_ value: String) -> Bool {
    fileCodes.contains(value) && !value.containsASCII("LOCK")
      && !contract.returnType.split(separator: " ").contains("enum")
  }

  /// Whether an exit that still holds something (`holding`) and one that does not (`other`)
  /// leave the same way. A holding exit that returns an error, nothing, `0`, `NULL` or `false`
  /// while the other returns anything else tells its caller nothing about the lock: the same
  /// way (`return 0;` under the PTL beside `return ret;`). One that returns something may be
  /// telling (`return vma` locked beside `return NULL`, `true` beside `false`, a success code
  /// beside `rc`); the same expression is the same way unless what the paths know of it
  /// differs.
  static func sameWay(_ holding: ExitState, _ other: ExitState) -> Bool {
    if holding.kind != other.kind { return false }
    if holding.kind == .fragmentEnd { return true }
    if isError(holding.value) && !isError(other.value) { return true }
    // `return do_swap_page(vmf);` hands what it holds to the callee, which may release it.
    if isTailCall(holding.value) { return false }
    // `return 0;` beside `return NULL;` in a function returning a pointer: one value.
    if let value = holding.value, let otherValue = other.value, isZero(value), isZero(otherValue) {
      return true
    }
    guard let value = holding.value, value == other.value else {
      // Holding and returning nothing (0, NULL, false) tells the caller nothing; returning
      // something else may tell it the lock is held.
      return returnsNothing(holding) && !(isConstant(other.value) && isNothing(other.value))
        || holding.value == nil
    }
    if isConstant(value) { return true }
    // `return err;` on both: what the paths know of `err` (or of a test of it, `IS_ERR(vma)`)
    // may tell them apart (`if (err) mmap_read_unlock(mm); return err;` locks on 0 only);
    // `x ? a : b` may differ.
    if value.containsASCII("?") { return false }
    let keys = Set(holding.state.assumptions.keys(mentioning: value)).union(
      other.state.assumptions.keys(mentioning: value))
    var unknown = false
    for key in keys where key == value || PathWalker.mentions(key, value) {
      let held = holding.state.assumptions[key]
      let released = other.state.assumptions[key]
      if let held, let released, held != released { return false }
      if held != released { unknown = true }
    }
    let heldValue = holding.state.values[value]
    let releasedValue = other.state.values[value]
    if let heldValue, let releasedValue, heldValue != releasedValue { return false }
    // Known to be nothing where the lock is held, not known otherwise where it is not.
    if returnsNothing(holding) { return true }
    return !unknown && heldValue == releasedValue
  }

  /// The flag that says whether the lock is held: the holding path set it (`updating = true;`)
  /// and the releasing path tested it the other way before releasing (`if (!updating)
  /// mutex_unlock(…)`), as mm/damon/sysfs.c keeps `damon_sysfs_lock` from one callback to the
  /// next while `damon_sysfs_schemes_regions_updating` is set.
  static func carryingFlag(_ held: ExitState, _ released: ExitState) -> String? {
    for (name, value) in held.state.values.entries.sorted(by: { $0.key < $1.key }) {
      guard let set = ["true": true, "1": true, "false": false, "0": false][value],
        let tested = released.state.assumptions[name], tested != set
      else { continue }
      return name
    }
    return nil
  }

  static func flagNote(_ object: String, _ flag: String) -> String {
    " (a warning: this path sets \(flag), which the other path tests before releasing "
      + "\(object): the flag says whether it is held, and may keep it held on purpose until a "
      + "later call clears it; check that one does)"
  }

  /// Whether the lock on `object` that `exit` holds was taken in an earlier round of a loop
  /// (``HeldLock/keptAcrossIterations``): one a collecting loop kept.
  static func keptFromEarlierRound(_ object: String, _ exit: ExitState) -> Bool {
    exit.state.held.last { $0.object == object }?.keptAcrossIterations ?? false
  }

  private func lockImbalances(_ exits: [ExitState], _ reported: inout Set<String>) -> [Finding] {
    var findings: [Finding] = []
    for object in Set(exits.flatMap(\.state.acquired)).sorted()
    where !contract.acquires.contains(object)
      && !contract.heldOnEntry.contains(where: { $0.object == object })
    {
      let taking = exits.filter { $0.state.acquired.contains(object) }
      // A lock handed to the caller through an out-parameter (`*foliop = folio`) is its to drop.
      // A path that released and jumped back to retry decided again: it is no witness.
      let releasing = taking.filter { exit in
        !exit.state.jumpedBack && !exit.state.held.contains { $0.object == object }
      }
      // A lock kept from an earlier round on an object handed to a call that keeps it (the
      // list `collapse_file()` collects its locked folios on) is the list's to release.
      // A lock stored in the caller's structure (`pvmw->ptl`) is the caller's to release, unless
      // the exit says by its value that nothing is held (`return false` beside a `false` that
      // released it: page_vma_mapped_walk()).
      let candidates = taking.filter { exit in
        let pairedRelease = releasing.contains { Self.sameWay(exit, $0) && $0.kind == .return }
        let saysNothingHeld = exit.value.map(Self.isZero) ?? false
        return exit.state.held.contains { $0.object == object }
          && !handsOutToCaller(object, exit.state)
          && !(exit.state.handedOn.contains(object) && Self.keptFromEarlierRound(object, exit))
          && !(handsOut(exit.state.held.last { $0.object == object })
            && ((returnValueMayTellLockState && !(saysNothingHeld && pairedRelease))
              || !pairedRelease))
      }
      // A lock taken in the round the path leaves from is the witness before one kept from an
      // earlier round: a loop that collects locked objects (a warning) may also leak the one
      // it is on (an error).
      let holding =
        candidates.filter { !Self.keptFromEarlierRound(object, $0) }
        + candidates.filter { Self.keptFromEarlierRound(object, $0) }
      // A spinlock is not a caller's to release unless the function says it hands it on (by
      // name, `__acquires`, an out-parameter): any exit holding it beside one that does not.
      let spin = holding.contains { exit in
        exit.state.held.contains { $0.object == object && $0.family == .spinlock }
      }
      let strict = spin && !handsOnLock
      // One pair per line that took the lock: a leak of the lock taken at one line is not the
      // leak of the same lock taken at another (collapse_pte_mapped_thp()'s two pmd_lock()s).
      var pairedLines: Set<Int> = []
      let pairs = holding.compactMap { held -> (ExitState, ExitState)? in
        guard let line = held.state.held.last(where: { $0.object == object })?.line,
          !pairedLines.contains(line),
          let released = releasing.first(where: {
            Self.sameWay(held, $0) || (strict && held.kind == $0.kind)
              || (returnsNoLockState(held) && held.kind == $0.kind)
              || (keptThroughTailCall(object, held) && $0.kind == .return)
          }) ?? releasedBeforeRetry(object, besides: held, taking)
        else { return nil }
        pairedLines.insert(line)
        return (held, released)
      }
      for (held, released) in pairs {
        guard let lock = held.state.held.last(where: { $0.object == object }),
          reported.insert("lock|\(object)|\(lock.line)").inserted
        else { continue }
        let oneLock = Self.assumedOneLock(object, held.state)
        let flag = Self.carryingFlag(held, released)
        let releaseLine = released.state.releasedAfterAcquire[object].map {
          released.state.ops[$0].line
        }
        findings.append(
          Finding(
            rule: .lockImbalance,
            severity: lock.keptAcrossIterations || oneLock != nil || flag != nil
              ? .warning : .error,
            file: file, line: lock.line, function: name,
            message:
              "\(object) taken by \(lock.call)() at \(lock.line) is still held when \(name)() "
              + "\(Self.leaves(held)) on this path, but released"
              + (releaseLine.map { " at \($0)" } ?? "")
              + " on another path that leaves the same way"
              + (lock.keptAcrossIterations ? Self.collectingNote : "")
              + (oneLock.map { Self.oneLockNote(object, $0) } ?? "")
              + (flag.map { Self.flagNote(object, $0) } ?? ""),
            path: held.state.ops.array))
      }
      if pairs.isEmpty, !releasing.isEmpty {
        findings += heldBesideUntaken(
          object, holding: holding, releasing: releasing,
          untaken: exits.filter { !$0.state.acquired.contains(object) }, &reported)
      }
      if pairs.isEmpty, releasing.isEmpty, !holding.isEmpty, !handsOnLock,
        !holding.contains(where: { Self.takesBackCallersLock(object, $0.state) }),
        holding.allSatisfy({ exit in
          // `return VM_FAULT_LOCKED;` (secretmem_fault()): the fault handler's caller gets
          // the page locked, as the code says.
          // A tail call that releases nothing of it leaves it held as well.
          exit.kind == .return
            && (!Self.isTailCall(exit.value) || keptThroughTailCall(object, exit))
            && !(exit.value?.containsASCII("VM_FAULT_LOCKED") ?? false)
            && (Self.isConstant(exit.value) || Self.returnsNothing(exit)
              || (!contract.returnsPointer && !contract.returnsLockState)
              // An RCU read section or a spinlock is not handed on by what is returned
              // (`return memcg;` in get_mem_cgroup_from_folio(), `return vaddr;` in
              // vb_alloc()): only `__acquires(…)`, a lock word in the name, or the object
              // whose lock it is (`return p;` holding `p->lock`) says so.
              || (exit.state.held.contains {
                $0.object == object && ($0.family == .rcu || $0.family == .spinlock)
              } && !(exit.value.map { PathWalker.isBased(object, on: $0) } ?? false)))
        }),
        let witness = holding.first,
        let lock = witness.state.held.last(where: { $0.object == object }),
        !lock.keptAcrossIterations,
        reported.insert("lock|\(object)|\(lock.line)").inserted
      {
        findings.append(
          Finding(
            rule: .lockImbalance, severity: .warning, file: file, line: lock.line,
            function: name,
            message:
              "\(object) taken by \(lock.call)() at \(lock.line) is still held when \(name)() "
              + "\(Self.leaves(witness)), and on every other path that takes it: nothing in "
              + "\(name)() releases it, and its declaration does not say it returns holding it "
              + "(no __acquires(\(object))); a warning: check that every caller expects it held",
            path: witness.state.ops.array))
      }
    }
    return findings
  }

  /// Whether the path stored `object` (or what it belongs to) through a pointer parameter:
  /// `*foliop = folio` hands the locked folio to the caller.
  static func handsOut(_ object: String, _ state: PathState) -> Bool {
    state.aliases.contains { name, value in
      (name.hasPrefix("*") || name.containsASCII("->") || name.containsASCII("."))
        && (PathWalker.isBased(object, on: value) || value == object)
    }
  }

  /// Whether a lock a call returned was stored in a parameter's structure (`pvmw->ptl =
  /// pmd_lock(…)` in page_vma_mapped_walk()): the caller releases it — unless the function's
  /// return value cannot say it is held and another exit that leaves the same way released it
  /// (`void huge_pmd_set_accessed()` stores `vmf->ptl` and releases it on every return).
  /// A fault handler hands no spinlock on: its value can say the page is locked
  /// (`VM_FAULT_LOCKED`), never that `vmf->ptl` is (do_huge_pmd_anonymous_page()); and it hands
  /// no lock on at all unless its body names that code (6.1 do_wp_page() stores `vmf->page`
  /// and locks its folio, but returns with it unlocked).
  func handsOut(_ lock: HeldLock?) -> Bool {
    guard let lock,
      !(contract.handlesFaults && (lock.family == .spinlock || !contract.returnsLockState))
    else { return false }
    if contract.assignedParameterFields.contains(lock.object) { return true }
    // `pte_offset_map_lock(mm, pmd, address, ptlp)`: the lock is `*ptlp`, the caller's.
    if lock.object.hasPrefix("*"), contract.parameters.contains(String(lock.object.dropFirst())) {
      return true
    }
    guard lock.returnedByCall, let arrow = lock.object.asciiRange(of: "->") else {
      return false
    }
    return contract.parameters.contains(String(lock.object[..<arrow.lowerBound]))
  }

  private static let collectingNote =
    " (taken in a loop that went on to its next object still holding it: a loop that collects "
    + "locked objects, as migrate_vma_collect_pmd() does in migrate->src[], keeps them on "
    + "purpose; check that this one does)"

  private static func leaves(_ exit: ExitState) -> String {
    exit.kind == .return ? "returns \(exit.value ?? "")" : "leaves the patch's lines"
  }
}
