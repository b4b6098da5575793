import CSyntax

/// A call of a table primitive in a function body, with its arguments and the statement it is in.
public struct CallSite: Sendable {
  public var name: String
  public var arguments: [String]
  public var line: Int
  /// The variable the result is assigned to: `ptl` in `ptl = pmd_lock(mm, pmd);`.
  public var assignedTo: String?
  /// The statement holding the call (an index into `BodyIndex.sites`).
  public var site: Int
  /// Whether the statement is only this call (`spin_unlock(ptl);`, `pte = pte_offset_map(…);`).
  public var isWholeStatement: Bool

  /// The calls in `tokens` (a statement's own tokens), outermost first.
  static func calls(in tokens: [Token], site: Int) -> [CallSite] {
    var found: [CallSite] = []
    for index in tokens.indices where tokens[index].kind == .identifier {
      guard index + 1 < tokens.count, tokens[index + 1].isPunct("("),
        let close = matching(tokens, index + 1)
      else { continue }
      if index > 0, tokens[index - 1].isPunct(".") || tokens[index - 1].isPunct("->") { continue }
      let arguments = split(Array(tokens[(index + 2)..<close]))
      var assigned: String?
      var whole = false
      let tail = tokens[(close + 1)...]
      let endsStatement = tail.isEmpty || (tail.count == 1 && tail.first?.isPunct(";") == true)
      if index == 0, endsStatement {
        whole = true
      } else if index >= 2, tokens[index - 1].isPunct("="), endsStatement {
        let target = Array(tokens[..<(index - 1)])
        if target.allSatisfy({ $0.kind == .identifier || $0.isPunct("->") || $0.isPunct(".") }) {
          assigned = target.joinedText
          whole =
            target.count == 1 || !target.contains { $0.kind == .identifier && $0.text == "struct" }
        }
      }
      found.append(
        CallSite(
          name: tokens[index].text, arguments: arguments, line: tokens[index].line,
          assignedTo: assigned, site: site, isWholeStatement: whole))
    }
    return found
  }

  /// The index of the `)` closing the `(` at `open`.
  static func matching(_ tokens: [Token], _ open: Int) -> Int? {
    var depth = 0
    for index in open..<tokens.count {
      if tokens[index].opensGroup { depth += 1 }
      if tokens[index].closesGroup {
        depth -= 1
        if depth == 0 { return index }
      }
    }
    return nil
  }

  /// Arguments split at top-level commas, each as compact text.
  static func split(_ tokens: [Token]) -> [String] {
    var arguments: [String] = []
    var current: [Token] = []
    var depth = 0
    for token in tokens {
      if token.opensGroup { depth += 1 }
      if token.closesGroup { depth -= 1 }
      if depth == 0, token.isPunct(",") {
        arguments.append(current.joinedText)
        current = []
      } else {
        current.append(token)
      }
    }
    if !current.isEmpty { arguments.append(current.joinedText) }
    return arguments
  }
}
