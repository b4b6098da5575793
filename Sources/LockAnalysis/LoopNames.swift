import CSyntax

/// The names a loop may point at another object from one round to the next.
extension PathWalker {
  /// The names (and field chains: `cc->zone`) a loop assigns (`x = …`, `x++`, `x += …`), whose
  /// address it hands to a call (`&folio`: the callee may fill it), or that its loop macro moves on
  /// (`xa_for_each(&vbq->vmap_blocks, idx, vb)`'s `idx` and `vb`), in `header` (initializer,
  /// condition, step) and `body`: a lock on an object reached through none of them is the same
  /// lock in every round.
  static func changingNames(_ header: [Token], _ body: Statement) -> Set<String> {
    var names: Set<String> = []
    func scan(_ tokens: [Token]) {
      for index in tokens.indices where tokens[index].kind == .identifier {
        if index > 0, tokens[index - 1].isPunct("->") || tokens[index - 1].isPunct(".") {
          continue
        }
        // The chain this name starts: `cc->zone->lock`, each prefix a candidate.
        var chain = tokens[index].text
        var end = index
        var prefixes = [chain]
        while end + 2 < tokens.count,
          tokens[end + 1].isPunct("->") || tokens[end + 1].isPunct("."),
          tokens[end + 2].kind == .identifier
        {
          chain += tokens[end + 1].text + tokens[end + 2].text
          prefixes.append(chain)
          end += 2
        }
        let after = end + 1 < tokens.count ? tokens[end + 1] : nil
        let before = index > 0 ? tokens[index - 1] : nil
        let assigned =
          after.map { $0.kind == .punctuation && Self.assignments.contains($0.text) } ?? false
        // `++x`; `&folio` for a callee to fill (not `&cc->zone->lock`, the lock's address).
        let stepped =
          before.map {
            $0.isPunct("++") || $0.isPunct("--") || ($0.isPunct("&") && end == index)
          } ?? false
        if assigned || stepped { names.insert(chain) }
      }
      // A loop macro's plain arguments are its cursors.
      for call in Expression.calls(in: tokens)
      where Statement.isIteratorMacro(call.name) {
        for argument in call.arguments where argument.count == 1 && argument[0].kind == .identifier
        {
          names.insert(argument[0].text)
        }
      }
    }
    scan(header)
    body.forEachTokens(scan)
    return names
  }

  private static let assignments: Set<String> = [
    "=", "+=", "-=", "*=", "/=", "|=", "&=", "^=", "<<=", ">>=", "++", "--",
  ]
}
