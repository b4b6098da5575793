import CSyntax

/// What the functions defined in the analyzed files do to locks, for their callers:
/// which sleeping locks (rw-semaphores, mutexes) each takes, directly or through the functions
/// it calls (the evidence for `recursive-lock`), and which locks it releases that its caller
/// took (a helper such as `compact_unlock_should_abort(&zone->lock, …)`), and which of its
/// caller's flags it clears when it does (`*locked = false`).
///
/// `dmirror_range_fault()` → sites `[mmap_lock via mmap_read_lock at lib/test_hmm.c:368]`.
struct CallSummaries: Sendable {
  static let depth = 4

  /// Lock sites reachable through each function, by function name.
  var sites: [String: [LockSite]] = [:]
  /// Parameters (0-based) whose lock a function releases.
  var releasedParameters: [String: Set<Int>] = [:]
  /// Lock classes (field names such as `mmap_lock`) a function releases.
  var releasedClasses: [String: Set<String>] = [:]
  /// Locks in a structure a parameter points to that a function releases, as templates of its
  /// call's arguments: `$1->lock` for `migrate_write_unlock(zspage)`, whose
  /// `write_unlock(&zspage->lock)` drops that zspage's lock, not every lock named `lock`.
  var releasedFields: [String: Set<String>] = [:]
  /// Parameters (0-based) through which a function clears its caller's flag (`*locked = false`):
  /// `compact_unlock_should_abort(&zone->lock, flags, &locked, cc)` drops the lock and says so.
  var clearedFlags: [String: Set<Int>] = [:]
  /// Parameters (0-based) on which a function unmaps a PTE map its caller made:
  /// `wp_page_reuse(vmf, folio)` ends in `pte_unmap_unlock(vmf->pte, vmf->ptl)`.
  var unmappedParameters: [String: Set<Int>] = [:]
  /// Parameters (0-based) that are themselves a PTE pointer the function may unmap on some path:
  /// `hmm_vma_handle_pte(walk, addr, end, pmdp, ptep, hmm_pfns)` unmaps `ptep` when it fails, so
  /// its caller's map may be gone when it returns (not a summary its callers are judged by:
  /// ``knows(_:)`` leaves it out).
  var mayUnmapPointerParameters: [String: Set<Int>] = [:]
  /// Functions that wait or yield on some path (a wait for an unlock, a sleeping lock,
  /// `cond_resched()`), directly or through the calls they make: after a failed trylock, a
  /// call to one of them is the wait the retry needs.
  var waits: Set<String> = []
  /// Parameters (0-based) a function hands to a call through a function pointer, which may
  /// release their locks (``notePasses(of:calls:parameters:table:into:)``).
  var handedToIndirect: [String: Set<Int>] = [:]
  /// Whether each enumerator the files define is non-zero (``enumeratorTruth(in:)``): not a
  /// summary of a call, but what the same files tell the walk about its conditions.
  var enumerators: [String: Bool] = [:]
  /// The enumerators of each enumerator's enum (``enumeratorSiblings(in:)``).
  var enumeratorSiblings: [String: [String]] = [:]

  /// Functions whose bodies call nothing but the table's `reads-only` and `quiet` calls
  /// (`migrate_vma_collect_skip()` fills arrays): they release nothing their caller holds.
  var callsNothing: Set<String> = []
  /// The functions these summaries were built for (those the roots reach within ``depth``
  /// calls), or nil for every function of the files: what ``ReturnedObjects`` learns from.
  var reached: Set<String>?

  static let empty = CallSummaries()

  /// Whether any summary speaks of `function`.
  func knows(_ function: String) -> Bool {
    sites[function] != nil || releasedParameters[function] != nil
      || releasedClasses[function] != nil || releasedFields[function] != nil
      || clearedFlags[function] != nil
      || unmappedParameters[function] != nil || waits.contains(function)
      || handedToIndirect[function] != nil
  }

  /// Summaries of the functions of `files`; with `roots`, only of those the roots reach in
  /// ``depth`` calls (all a walk of the roots asks about), which spares a patch to one function
  /// of memory.c summarizing the other four hundred.
  static func build(_ files: [SourceFile], table: PrimitiveTable, roots: Set<String>? = nil)
    -> CallSummaries
  {
    var summaries = CallSummaries()
    var callees: [String: [(name: String, released: Set<String>)]] = [:]
    let wanted = roots.map { reachable(from: $0, in: files) }
    summaries.reached = wanted
    var hands = IndirectHands()
    var plainCalls: [String: [String]] = [:]
    for file in files {
      for function in file.functions where wanted?.contains(function.name) ?? true {
        // Each body copied and its calls read once, its parameters' names only when asked.
        let body = function.bodyTokens
        let calls = Expression.calls(in: body)
        lazy var parameters = function.parameterNames
        let cleared = Self.clearedFlags(in: body, parameters: parameters)
        if !cleared.isEmpty { summaries.clearedFlags[function.name] = cleared }
        notePasses(
          of: function.name, calls: calls, parameters: parameters, table: table, into: &hands)
        var sites: [LockSite] = []
        var released: Set<String> = []
        var acquired: Set<String> = []
        var called: [(String, Set<String>)] = []
        let others = calls.filter {
          !table.lists($0.name, as: .readsOnly) && !table.lists($0.name, as: .quiet)
        }
        if !others.contains(where: \.indirect) { plainCalls[function.name] = others.map(\.name) }
        for call in calls {
          guard let primitive = table[call.name] else {
            if !call.indirect { called.append((call.name, released)) }
            continue
          }
          let object =
            primitive.effect == .mayRelease
            ? primitive.object : Expression.instantiate(primitive.object, call.arguments)
          let lockClass = PathWalker.lockClass(object)
          if primitive.effect == .waitUnlocked || primitive.effect == .condResched
            || primitive.effect == .drainAll || (primitive.sleeps && !primitive.isConditional)
          {
            summaries.waits.insert(function.name)
          }
          switch primitive.effect {
          case .acquire, .readAcquire, .writeAcquire, .tryAcquire, .readTryAcquire,
            .writeTryAcquire, .mapLock:
            acquired.insert(lockClass)
            guard primitive.effect != .mapLock,
              primitive.family == .rwsem || primitive.family == .mutex,
              !released.contains(lockClass)
            else { continue }
            sites.append(
              LockSite(
                lockClass: lockClass, call: call.name, file: file.path, line: call.line,
                chain: [function.name],
                checkedThroughCalls: primitive.throughCalls))
          case .mayRelease:
            released.insert(primitive.object)
            summaries.releasedClasses[function.name, default: []].insert(primitive.object)
          case .unmap, .unmapUnlock:
            let mapped = Expression.object(call.arguments.first ?? [])
            let base = mapped.asciiRange(of: "->").map { String(mapped[..<$0.lowerBound]) }
            if let base, let index = parameters.firstIndex(of: base) {
              summaries.unmappedParameters[function.name, default: []].insert(index)
            } else if base == nil, let index = parameters.firstIndex(of: mapped) {
              summaries.mayUnmapPointerParameters[function.name, default: []].insert(index)
            }
            guard primitive.effect == .unmapUnlock, !acquired.contains(lockClass) else { continue }
            released.insert(lockClass)
            if let index = parameters.firstIndex(of: object) {
              summaries.releasedParameters[function.name, default: []].insert(index)
            } else if let field = Self.parameterField(object, parameters) {
              summaries.releasedFields[function.name, default: []].insert(field)
            } else if object.containsASCII("->") || object.containsASCII(".")
              || object.containsASCII("[")
            {
              summaries.releasedClasses[function.name, default: []].insert(lockClass)
            }
          case .release, .readRelease, .writeRelease:
            // Only a release of a lock this function did not take is its caller's lock.
            guard !acquired.contains(lockClass) else { continue }
            released.insert(lockClass)
            if let index = parameters.firstIndex(of: object) {
              summaries.releasedParameters[function.name, default: []].insert(index)
            } else if let field = Self.parameterField(object, parameters) {
              summaries.releasedFields[function.name, default: []].insert(field)
            } else if object.containsASCII("->") || object.containsASCII(".")
              || object.containsASCII("[")
            {
              summaries.releasedClasses[function.name, default: []].insert(lockClass)
            }
          default:
            continue
          }
        }
        if !sites.isEmpty { summaries.sites[function.name, default: []] += sites }
        if !called.isEmpty { callees[function.name, default: []] += called }
      }
    }
    for _ in 1..<depth {
      var next = summaries.sites
      for (name, called) in callees {
        for (callee, releasedBefore) in called where callee != name {
          for site in summaries.sites[callee] ?? []
          where !releasedBefore.contains(site.lockClass)
            && !next[name, default: []].contains(where: {
              $0.lockClass == site.lockClass && $0.line == site.line
            })
          {
            var through = site
            through.chain = [name] + site.chain
            next[name, default: []].append(through)
          }
        }
      }
      summaries.sites = next
      for (name, called) in callees where !summaries.waits.contains(name) {
        if called.contains(where: { summaries.waits.contains($0.name) }) {
          summaries.waits.insert(name)
        }
      }
    }
    summaries.sites = summaries.sites.filter { !$0.value.isEmpty }
    summaries.handedToIndirect = closed(hands)
    summaries.enumerators = enumeratorTruth(in: files)
    summaries.enumeratorSiblings = enumeratorSiblings(in: files)
    summaries.callsNothing = callingNothing(plainCalls)
    return summaries
  }

  /// The functions of `plainCalls` (each function's direct calls but `reads-only` and `quiet`
  /// ones, for those that call through no pointer) that call nothing but each other: a
  /// fixpoint from the leaves (`migrate_vma_collect_hole()` calls only
  /// `migrate_vma_collect_skip()`, which calls nothing).
  /// - Complexity: O(*f*·*c*) per round, at most *f* rounds, for *f* functions of *c* calls.
  static func callingNothing(_ plainCalls: [String: [String]]) -> Set<String> {
    var quiet: Set<String> = []
    var changed = true
    while changed {
      changed = false
      for (name, calls) in plainCalls where !quiet.contains(name) {
        if calls.allSatisfy({ $0 == name || quiet.contains($0) }) {
          quiet.insert(name)
          changed = true
        }
      }
    }
    return quiet
  }

  /// `zspage->lock` in a function whose first parameter is `zspage` → `$1->lock`: a field
  /// reached through a parameter by `->` alone; nil for any other object.
  static func parameterField(_ object: String, _ parameters: [String]) -> String? {
    guard let arrow = object.asciiRange(of: "->"),
      let index = parameters.firstIndex(of: String(object[..<arrow.lowerBound])),
      !object.containsASCII("."), !object.containsASCII("[")
    else { return nil }
    return "$\(index + 1)" + object[arrow.lowerBound...]
  }

  /// The parameters a body writes `false` (or 0) through: `*locked = false;`.
  static func clearedFlags(in tokens: [Token], parameters: @autoclosure () -> [String]) -> Set<
    Int
  > {
    var out: Set<Int> = []
    var names: [String]?
    for index in tokens.indices.dropLast(3)
    where tokens[index].isPunct("*") && tokens[index + 2].isPunct("=")
      && ["false", "0"].contains(tokens[index + 3].text)
    {
      let known = names ?? parameters()
      names = known
      if let position = known.firstIndex(of: tokens[index + 1].text) { out.insert(position) }
    }
    return out
  }
}
