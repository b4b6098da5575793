import CSyntax

extension CallSummaries {
  /// The functions of `files` that `roots` call within ``depth`` calls, and the roots.
  ///
  /// `do_swap_page` → `[do_swap_page, pte_unmap_same, …]` (the callees defined in the same file).
  static func reachable(from roots: Set<String>, in files: [SourceFile]) -> Set<String> {
    // Where each function is, not a copy of it: only those reached are read.
    var place: [String: (file: Int, function: Int)] = [:]
    place.reserveCapacity(files.reduce(0) { $0 + $1.functions.count })
    for (fileIndex, file) in files.enumerated() {
      for (index, function) in file.functions.enumerated() where place[function.name] == nil {
        place[function.name] = (fileIndex, index)
      }
    }
    var reached = roots
    var frontier = Array(roots)
    for _ in 0..<depth {
      var next: [String] = []
      for name in frontier {
        guard let (file, index) = place[name] else { continue }
        for call in Expression.calls(in: files[file].functions[index].bodyTokens)
        where !call.indirect {
          if place[call.name] != nil, reached.insert(call.name).inserted { next.append(call.name) }
        }
      }
      frontier = next
    }
    return reached
  }
}
