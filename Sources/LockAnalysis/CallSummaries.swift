import CSyntax

/// Which sleeping locks (rw-semaphores, mutexes) each function takes, directly or through
/// the functions it calls in the same files: the evidence for `recursive-lock`.
///
/// `dmirror_range_fault()` → `[mmap_lock via mmap_read_lock at lib/test_hmm.c:368]`.
enum CallSummaries {
  static let depth = 4

  static func build(_ files: [SourceFile], table: PrimitiveTable) -> [String: [LockSite]] {
    var direct: [String: [LockSite]] = [:]
    var callees: [String: [String]] = [:]
    for file in files {
      for function in file.functions {
        var sites: [LockSite] = []
        var called: [String] = []
        for call in Expression.calls(in: function.bodyTokens) {
          if let primitive = table[call.name] {
            guard primitive.family == .rwsem || primitive.family == .mutex else { continue }
            switch primitive.effect {
            case .acquire, .readAcquire, .writeAcquire:
              let object = Expression.instantiate(primitive.object, call.arguments)
              sites.append(
                LockSite(
                  lockClass: PathWalker.lockClass(object), call: call.name, file: file.path, line: call.line,
                  chain: [function.name]))
            default:
              continue
            }
          } else if !call.indirect {
            called.append(call.name)
          }
        }
        direct[function.name, default: []] += sites
        callees[function.name, default: []] += called
      }
    }
    var summaries = direct
    for _ in 1..<depth {
      var next = summaries
      for (name, called) in callees {
        for callee in Set(called) where callee != name {
          for site in summaries[callee] ?? []
          where !next[name, default: []].contains(where: { $0.lockClass == site.lockClass && $0.line == site.line })
          {
            var through = site
            through.chain = [name] + site.chain
            next[name, default: []].append(through)
          }
        }
      }
      summaries = next
    }
    return summaries.filter { !$0.value.isEmpty }
  }
}
