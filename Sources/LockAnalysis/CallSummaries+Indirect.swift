import CSyntax

extension CallSummaries {
  /// The parameters (0-based) of each function of `files` that it passes to a call through a
  /// function pointer, directly or through the functions it calls (within ``depth`` calls):
  /// `identify_page_state(pfn, p, …)` → `page_action(ps, p, pfn)` → `ps->action(ps, p)`, which
  /// unlocks `p`'s page (`/* page p should be unlocked after returning from ps->action() */`).
  /// What such a callee does with the object's locks cannot be read here, so a caller stops
  /// judging them (as for `(*writepage)(page, wbc, data)`, which unlocks the page it is given).
  ///
  /// What the functions hand on, noted one function at a time while ``build(_:table:roots:)``
  /// reads its calls: (callee, callee argument index, own parameter index) of direct calls,
  /// and the parameters given to a call through a pointer.
  struct IndirectHands {
    var handed: [String: Set<Int>] = [:]
    var passes: [String: [(callee: String, argument: Int, parameter: Int)]] = [:]
  }

  /// Notes the parameters `name` passes in `calls`; its parameters' names are read only when
  /// a call has arguments (most of a generated file's functions call nothing).
  static func notePasses(
    of name: String, calls: [Call], parameters: @autoclosure () -> [String],
    table: PrimitiveTable, into hands: inout IndirectHands
  ) {
    guard calls.contains(where: { !$0.arguments.isEmpty }) else { return }
    let parameters = parameters()
    for call in calls {
      for (index, argument) in call.arguments.enumerated() {
        guard let position = parameters.firstIndex(of: Self.base(of: argument)) else {
          continue
        }
        if call.indirect {
          guard Self.mayReleaseWhatItIsGiven(call.name, table: table) else { continue }
          hands.handed[name, default: []].insert(position)
        } else {
          hands.passes[name, default: []].append((call.name, index, position))
        }
      }
    }
  }

  /// The parameters each function hands to a call through a pointer, directly or through
  /// the functions it calls (within ``depth`` calls), from what was noted of each.
  static func closed(_ hands: IndirectHands) -> [String: Set<Int>] {
    var handed = hands.handed
    for _ in 1..<depth {
      var changed = false
      for (name, calls) in hands.passes {
        for pass in calls where handed[pass.callee]?.contains(pass.argument) == true {
          if handed[name, default: []].insert(pass.parameter).inserted { changed = true }
        }
      }
      if !changed { break }
    }
    return handed
  }

  /// Whether a call through the pointer `name` may release the locks of its arguments: a word
  /// of its name is on the table's `releasing-pointer-word` list (`writepage`, `read_folio`,
  /// `write_end` unlock the folio; `ps->action`, memory failure's handlers, unlock the page;
  /// `is_dirty_writeback` only looks).
  static func mayReleaseWhatItIsGiven(_ name: String, table: PrimitiveTable) -> Bool {
    table.namesWord(name, as: .releasingPointerWord)
  }

  /// The variable an argument is based on: `&folio->lru` → `folio`, `*ptlp` → `ptlp`.
  static func base(of argument: [Token]) -> String {
    let object = Expression.object(argument).utf8
    // On the bytes: `Character.isLetter` asks Unicode's tables for every character.
    let trimmed = object.drop {
      $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: " ")
    }
    let end = trimmed.firstIndex { !($0.isIdentifierByte || $0 >= 0x80) } ?? trimmed.endIndex
    return String(Substring(trimmed[..<end]))
  }
}
