import CSyntax

/// A `goto` to a label inside a block or an `if` branch of the list it jumps in
/// (`if (…) { warn: WARN_ON(…); … }` in `__wp_page_copy_user()`): the path runs from the
/// label to the end of its block, then on after each enclosing statement.
extension PathWalker {
  /// Where a label sits below a statement list: the lists from the outermost in, with the
  /// index to go on from in each (the statement after the one that holds the label; in the
  /// innermost, the statement after the label).
  typealias LabelPlace = [(list: [Statement], next: Int)]

  /// The place of `label` inside the blocks and `if` branches of `list` (not inside loops or
  /// switches, whose rounds and cases a jump in would have to rejoin), or nil.
  static func place(of label: String, in list: [Statement]) -> LabelPlace? {
    for (index, statement) in list.enumerated() {
      if case .label(let name, _) = statement, name == label {
        return [(list, index + 1)]
      }
      for inner in Self.innerLists(of: statement) {
        if let found = place(of: label, in: inner) { return [(list, index + 1)] + found }
      }
    }
    return nil
  }

  /// The statement lists directly inside a block or an `if`.
  private static func innerLists(of statement: Statement) -> [[Statement]] {
    switch statement {
    case .block(let body, _): return [body]
    case .ifElse(_, let then, let elseBranch, _):
      return [then, elseBranch].compactMap { branch -> [Statement]? in
        guard let branch else { return nil }
        if case .block(let body, _) = branch { return body }
        return [branch]
      }
    default: return []
    }
  }

  /// Runs `state` from a nested label: the innermost list from the label on, then each
  /// enclosing list from after the statement that holds it. A path that comes back to the
  /// label in a state already walked from there stops (``HeadSet``).
  func executeNested(_ place: LabelPlace, label: String, _ state: PathState) -> Flow {
    guard let innermost = place.last else { return Flow() }
    let admitted = rerun(
      from: label, line: innermost.list[innermost.next - 1].line, state)
    guard !admitted.isEmpty else { return Flow() }
    var flow = Flow()
    var current = admitted
    for level in place.reversed() {
      let inner = executeList(level.list, current, from: level.next)
      flow.absorbJumps(inner)
      current = inner.normal
    }
    flow.normal = current
    return flow
  }
}
