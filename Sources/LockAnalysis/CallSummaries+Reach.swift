import CSyntax

extension CallSummaries {
  /// The functions of `files` that `roots` call within ``depth`` calls, and the roots.
  ///
  /// `do_swap_page` → `[do_swap_page, pte_unmap_same, …]` (the callees defined in the same file).
  static func reachable(from roots: Set<String>, in files: [SourceFile]) -> Set<String> {
    // Where each function is, not a copy of it: only those reached are read. One file has
    // its own index by name (a second one, for a file of 200,000 functions, was 17 MB).
    var place: [String: (file: Int, function: Int)] = [:]
    if files.count > 1 {
      place.reserveCapacity(files.reduce(0) { $0 + $1.functions.count })
      for (fileIndex, file) in files.enumerated() {
        for (index, function) in file.functions.enumerated() where place[function.name] == nil {
          place[function.name] = (fileIndex, index)
        }
      }
    }
    let locate = { (name: String) -> (file: Int, function: Int)? in
      files.count > 1 ? place[name] : files.first?.functionIndex(named: name).map { (0, $0) }
    }
    var reached = roots
    var frontier = Array(roots)
    for _ in 0..<depth {
      var next: [String] = []
      for name in frontier {
        guard let (file, index) = locate(name) else { continue }
        for call in Expression.calls(in: files[file].functions[index].bodyTokens)
        where !call.indirect {
          if locate(call.name) != nil, reached.insert(call.name).inserted {
            next.append(call.name)
          }
        }
      }
      frontier = next
    }
    return reached
  }
}
