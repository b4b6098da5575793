import CSyntax

extension CallSummaries {
  /// The parameters (0-based) of each function of `files` that it passes to a call through a
  /// function pointer, directly or through the functions it calls (within ``depth`` calls):
  /// `identify_page_state(pfn, p, …)` → `page_action(ps, p, pfn)` → `ps->action(ps, p)`, which
  /// unlocks `p`'s page (`/* page p should be unlocked after returning from ps->action() */`).
  /// What such a callee does with the object's locks cannot be read here, so a caller stops
  /// judging them (as for `(*writepage)(page, wbc, data)`, which unlocks the page it is given).
  static func handedToIndirectCalls(in files: [SourceFile], wanted: Set<String>?) -> [String: Set<
    Int
  >] {
    var handed: [String: Set<Int>] = [:]
    // For each function: (callee, callee argument index, own parameter index) of direct calls.
    var passes: [String: [(callee: String, argument: Int, parameter: Int)]] = [:]
    for file in files {
      for function in file.functions where wanted?.contains(function.name) ?? true {
        let parameters = function.parameterNames
        for call in Expression.calls(in: function.bodyTokens) {
          for (index, argument) in call.arguments.enumerated() {
            guard let position = parameters.firstIndex(of: Self.base(of: argument)) else {
              continue
            }
            if call.indirect {
              guard Self.mayReleaseWhatItIsGiven(call.name) else { continue }
              handed[function.name, default: []].insert(position)
            } else {
              passes[function.name, default: []].append((call.name, index, position))
            }
          }
        }
      }
    }
    for _ in 1..<depth {
      var changed = false
      for (name, calls) in passes {
        for pass in calls where handed[pass.callee]?.contains(pass.argument) == true {
          if handed[name, default: []].insert(pass.parameter).inserted { changed = true }
        }
      }
      if !changed { break }
    }
    return handed
  }

  /// Words in the name of a function pointer whose callee may release what it is given:
  /// `writepage`, `read_folio`, `write_end` (they unlock the folio), `ps->action` (memory
  /// failure's handlers unlock the page); `is_dirty_writeback` only looks.
  static let releasingPointerWords: Set<String> = [
    "action", "writepage", "writepages", "read", "readpage", "write", "end", "filler", "fill",
    "release", "put", "free", "unlock", "done", "complete", "finish",
  ]

  /// Whether a call through the pointer `name` may release the locks of its arguments.
  static func mayReleaseWhatItIsGiven(_ name: String) -> Bool {
    name.split(separator: "_").contains { releasingPointerWords.contains(String($0)) }
  }

  /// The variable an argument is based on: `&folio->lru` → `folio`, `*ptlp` → `ptlp`.
  static func base(of argument: [Token]) -> String {
    let object = Expression.object(argument)
    let trimmed = object.drop { $0 == "*" || $0 == "&" || $0 == " " }
    let end = trimmed.firstIndex { !($0.isLetter || $0.isNumber || $0 == "_") } ?? trimmed.endIndex
    return String(trimmed[..<end])
  }
}
