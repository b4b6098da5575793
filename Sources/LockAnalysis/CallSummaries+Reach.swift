import CSyntax

extension CallSummaries {
  /// The functions of `files` that `roots` call within ``depth`` calls, and the roots.
  ///
  /// `do_swap_page` → `[do_swap_page, pte_unmap_same, …]` (the callees defined in the same file).
  static func reachable(from roots: Set<String>, in files: [SourceFile]) -> Set<String> {
    // The functions, not copies of their bodies: only those reached are read.
    var bodies: [String: Function] = [:]
    for file in files {
      for function in file.functions where bodies[function.name] == nil {
        bodies[function.name] = function
      }
    }
    var reached = roots
    var frontier = Array(roots)
    for _ in 0..<depth {
      var next: [String] = []
      for name in frontier {
        for call in Expression.calls(in: bodies[name]?.bodyTokens ?? []) where !call.indirect {
          if bodies[call.name] != nil, reached.insert(call.name).inserted { next.append(call.name) }
        }
      }
      frontier = next
    }
    return reached
  }
}
