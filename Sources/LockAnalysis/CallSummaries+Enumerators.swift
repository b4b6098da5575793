import CSyntax

extension CallSummaries {
  /// Whether each enumerator the files define is non-zero: `enum mc_target_type {
  /// MC_TARGET_NONE = 0, MC_TARGET_PAGE, … }` → `MC_TARGET_NONE: false, MC_TARGET_PAGE: true`.
  /// `ret = MC_TARGET_NONE; … if (!ret || !target)` is then decided, not forked into a path
  /// that keeps a lock the code releases. An enumerator after one whose value is not a plain
  /// number is left out (its value is not known).
  ///
  /// - Complexity: O(*n*) in the number of tokens.
  static func enumeratorTruth(in files: [SourceFile]) -> [String: Bool] {
    var truth: [String: Bool] = [:]
    for entries in enumBodies(in: files) {
      var next: Int? = 0
      for entry in entries {
        guard let name = entry.first, name.kind == .identifier else { continue }
        if entry.count > 2, entry[1].isPunct("=") {
          next = entry.count == 3 ? Self.number(entry[2].text) : nil
        }
        if let value = next {
          truth[name.text] = value != 0
          next = value + 1
        }
      }
    }
    return truth
  }

  /// The enumerators of each enum the files define, by each of its enumerators: `enum
  /// ksm_get_folio_flags { KSM_GET_FOLIO_NOLOCK, KSM_GET_FOLIO_LOCK, KSM_GET_FOLIO_TRYLOCK }`
  /// → each of the three names maps to all three. A variable of the enum found unequal to all
  /// but one of them is that one (`if (flags == …LOCK) … else if (flags == …TRYLOCK) … if
  /// (flags != …NOLOCK)` is decided). Enums of more than 8 enumerators are left out.
  ///
  /// - Complexity: O(*n*) in the number of tokens.
  static func enumeratorSiblings(in files: [SourceFile]) -> [String: [String]] {
    var siblings: [String: [String]] = [:]
    for entries in enumBodies(in: files) {
      let names = entries.compactMap { entry in
        entry.first.flatMap { $0.kind == .identifier ? $0.text : nil }
      }
      if (2...8).contains(names.count) {
        for name in names { siblings[name] = names }
      }
    }
    return siblings
  }

  /// The entries (`NAME`, `NAME = value`) of each `enum [tag] { … }` the files define, in order.
  ///
  /// - Complexity: O(*n*) in the number of tokens.
  private static func enumBodies(in files: [SourceFile]) -> [[[Token]]] {
    var bodies: [[[Token]]] = []
    for file in files {
      let tokens = file.tokens
      var index = 0
      while index + 1 < tokens.count {
        defer { index += 1 }
        guard tokens[index].kind == .identifier, tokens[index].text == "enum" else { continue }
        var open = index + 1
        if tokens[open].kind == .identifier { open += 1 }
        guard open < tokens.count, tokens[open].isPunct("{") else { continue }
        let close = Expression.matching(tokens, open)
        bodies.append(Expression.split(Array(tokens[(open + 1)..<close])))
        index = close
      }
    }
    return bodies
  }

  /// `0`, `12`, `0x10`: a literal's value; nil for anything else.
  private static func number(_ text: String) -> Int? {
    var digits = Substring(text.lowercased())
    while let last = digits.last, last == "u" || last == "l" { digits = digits.dropLast() }
    if digits.hasPrefix("0x") { return Int(digits.dropFirst(2), radix: 16) }
    return Int(digits)
  }
}
