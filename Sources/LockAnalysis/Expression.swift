import CSyntax

/// A call found in an expression: `pte_unmap_unlock(vmf->pte, vmf->ptl)`.
struct Call {
  var name: String
  var arguments: [[Token]]
  var line: Int
  /// Whether the call is through a pointer (`ops->migrate_to_ram(vmf)`).
  var indirect: Bool
}

/// Reading calls, assignments and objects out of token lists.
enum Expression {
  static let transparentWrappers: Set<String> = [
    "likely", "unlikely", "data_race", "READ_ONCE", "WARN_ON", "WARN_ON_ONCE", "VM_WARN_ON",
    "VM_WARN_ON_ONCE", "VM_BUG_ON", "BUG_ON", "WARN", "WARN_ONCE", "VM_WARN_ON_FOLIO",
    "VM_BUG_ON_FOLIO", "VM_WARN_ON_ONCE_FOLIO", "VM_BUG_ON_PAGE", "VM_WARN_ON_ONCE_PAGE",
  ]

  static let notCalls: Set<String> = [
    "if", "while", "for", "switch", "return", "sizeof", "typeof", "__typeof__", "offsetof",
    "likely", "unlikely", "alignof", "__alignof__", "_Generic", "__builtin_expect",
  ]

  /// Calls in order of their opening parenthesis.
  static func calls(in tokens: [Token]) -> [Call] {
    var out: [Call] = []
    var index = 0
    while index + 1 < tokens.count {
      let token = tokens[index]
      if token.kind == .identifier, tokens[index + 1].isPunct("("), !notCalls.contains(token.text) {
        let close = matching(tokens, index + 1)
        let arguments = split(Array(tokens[(index + 2)..<close]))
        let indirect =
          index > 0 && (tokens[index - 1].isPunct("->") || tokens[index - 1].isPunct("."))
        out.append(
          Call(name: token.text, arguments: arguments, line: token.line, indirect: indirect))
      } else if token.isPunct("("), index + 4 < tokens.count, tokens[index + 1].isPunct("*"),
        tokens[index + 2].kind == .identifier, tokens[index + 3].isPunct(")"),
        tokens[index + 4].isPunct("(")
      {
        // `(*writepage)(page, wbc, data)`: a call through a function pointer.
        let close = matching(tokens, index + 4)
        let arguments = split(Array(tokens[(index + 5)..<close]))
        out.append(
          Call(
            name: tokens[index + 2].text, arguments: arguments, line: tokens[index + 2].line,
            indirect: true))
      }
      index += 1
    }
    return out
  }

  static func matching(_ tokens: [Token], _ open: Int) -> Int {
    var depth = 0
    var cursor = open
    while cursor < tokens.count {
      if tokens[cursor].kind == .punctuation {
        if tokens[cursor].opensGroup { depth += 1 }
        if tokens[cursor].closesGroup {
          depth -= 1
          if depth == 0 { return cursor }
        }
      }
      cursor += 1
    }
    return tokens.count
  }

  /// Splits at commas outside parentheses.
  static func split(_ tokens: [Token]) -> [[Token]] {
    var parts: [[Token]] = []
    var current: [Token] = []
    var depth = 0
    for token in tokens {
      if token.kind == .punctuation {
        if token.opensGroup { depth += 1 }
        if token.closesGroup { depth -= 1 }
        if token.text == "," && depth == 0 {
          parts.append(current)
          current = []
          continue
        }
      }
      current.append(token)
    }
    if !current.isEmpty || !parts.isEmpty { parts.append(current) }
    return parts
  }

  /// `vmf->pte = pte_offset_map_lock(…)` → (`vmf->pte`, right-hand tokens); also declarations
  /// (`struct folio *folio = page_folio(page)` → `folio`). Compound assignments give `op` ≠ "=".
  static func assignment(in tokens: [Token]) -> (target: String, op: String, value: [Token])? {
    var depth = 0
    for (index, token) in tokens.enumerated() where token.kind == .punctuation {
      if token.opensGroup { depth += 1 }
      if token.closesGroup { depth -= 1 }
      guard depth == 0 else { continue }
      if ["=", "+=", "-=", "|=", "&=", "^=", "<<=", ">>=", "*=", "/=", "%="].contains(token.text) {
        var start = index
        while start > 0 {
          let previous = tokens[start - 1]
          if previous.kind == .identifier || previous.isPunct("->") || previous.isPunct(".") {
            start -= 1
          } else if previous.isPunct("]") {
            var cursor = start - 1
            var bracketDepth = 0
            while cursor >= 0 {
              if tokens[cursor].isPunct("]") { bracketDepth += 1 }
              if tokens[cursor].isPunct("[") {
                bracketDepth -= 1
                if bracketDepth == 0 { break }
              }
              cursor -= 1
            }
            start = max(cursor, 0)
          } else {
            break
          }
        }
        // A declaration's type words are identifiers too: keep the last postfix chain.
        var chainStart = start
        var cursor = index - 1
        while cursor >= start {
          let token = tokens[cursor]
          if token.kind == .identifier, cursor > start, tokens[cursor - 1].kind == .identifier {
            chainStart = cursor
            break
          }
          cursor -= 1
        }
        var target = Array(tokens[chainStart..<index]).joinedText
        // `*foliop = folio;` stores through the pointer: the target is `*foliop`, not `foliop`.
        if chainStart == 1, tokens[0].isPunct("*") { target = "*" + target }
        return (target, token.text, Array(tokens[(index + 1)...]))
      }
    }
    if let last = tokens.last, last.isPunct("++") || last.isPunct("--") {
      return (Array(tokens.dropLast()).joinedText, last.text, [])
    }
    return nil
  }

  /// Strips `&`, `*&`, outer parentheses and casts: `&vmf->ptl` → `vmf->ptl`.
  static func object(_ tokens: [Token]) -> String {
    var tokens = tokens
    while let first = tokens.first, first.isPunct("("),
      Expression.matching(tokens, 0) == tokens.count - 1
    {
      tokens = Array(tokens.dropFirst().dropLast())
    }
    if tokens.count > 2, tokens[0].isPunct("("),
      let close = Optional(Expression.matching(tokens, 0)),
      close < tokens.count - 1, tokens[1].kind == .identifier,
      ["struct", "spinlock_t", "void", "unsigned", "pte_t", "pmd_t"].contains(tokens[1].text)
    {
      tokens = Array(tokens[(close + 1)...])
    }
    if let first = tokens.first, first.isPunct("&") { tokens.removeFirst() }
    return tokens.joinedText
  }

  /// Fills a table template (`*$4`, `$1->mmap_lock`) with a call's arguments:
  /// `*$4` of `&vmf->ptl` is `vmf->ptl`, of `ptlp` it is `*ptlp`.
  static func instantiate(_ template: String, _ arguments: [[Token]]) -> String {
    var text = Substring(template)
    var dereference = false
    if text.hasPrefix("*") {
      dereference = true
      text.removeFirst()
    }
    var out = ""
    var index = text.startIndex
    while index < text.endIndex {
      let character = text[index]
      guard character == "$" else {
        out.append(character)
        index = text.index(after: index)
        continue
      }
      var digits = ""
      var cursor = text.index(after: index)
      while cursor < text.endIndex, text[cursor].isNumber {
        digits.append(text[cursor])
        cursor = text.index(after: cursor)
      }
      var position = (Int(digits) ?? 1) - 1
      // `$last`: the last argument, wherever a kernel version puts it.
      if digits.isEmpty, text[cursor...].hasPrefix("last") {
        position = arguments.count - 1
        cursor = text.index(cursor, offsetBy: 4)
      }
      let argument = arguments.indices.contains(position) ? arguments[position] : []
      if dereference {
        if argument.first?.isPunct("&") != true { out += "*" }
        dereference = false
      }
      var rendered = object(argument)
      if cursor < text.endIndex, text[cursor] == "-",
        rendered.contains(where: { " +*&".contains($0) })
      {
        rendered = "(" + rendered + ")"
      }
      out += rendered
      index = cursor
    }
    return out
  }
}
