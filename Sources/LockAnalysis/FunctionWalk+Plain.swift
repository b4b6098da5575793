import CSyntax

/// Bodies in which a walk can find nothing: what a caller that keeps no paths need not walk.
///
/// A body is *plain* when it is one straight path (expression statements, returns and the
/// blocks around them: no branch, loop, `switch`, label, `goto`, `?:` or statement the reader
/// left unread), makes no call (no `(` after a name, a `)` or a `]`: no primitive, no callee,
/// no assertion, no macro), and its function holds nothing on entry (no `__must_hold` or
/// `__releases`). `int f(int x) { x++; return x; }` is plain; `return spin_trylock(l);` is not.
///
/// Why nothing can come of its walk: every finding of the walk and of the exit and round-end
/// rules starts from a lock, reference or map that a primitive call took, dropped or mapped
/// (or that the function holds on entry), from a call (a callee's summary, an assertion, a
/// sleep), or from a loop or a jump back (round ends); every bound (``Bound``) from more than
/// one path, a loop or label, an unread statement or more work than
/// ``PathWalker/workLimit``, which one path through at most that many statements does not
/// reach. A plain body's one path holds nothing at its one exit: the walk would report nothing
/// and stop nowhere short. Checked in debug builds: the walk of a plain body finds nothing.
///
/// - Complexity: O(*n*) in the body's tokens, with no allocation per token: the 200,000
///   one-line functions of a hostile patch cost this scan instead of 400,000 walks.
extension FunctionWalk {
  static func isPlain(_ body: [Statement], contract: FunctionContract) -> Bool {
    guard contract.heldOnEntry.isEmpty else { return false }
    // Iterative: a body nested 10,000 blocks deep is scanned without a deep stack.
    var pending = body
    var statements = 0
    while let statement = pending.popLast() {
      statements += 1
      guard statements <= PathWalker.workLimit else { return false }
      switch statement {
      case .expression(let tokens, _), .returnStatement(let tokens, _):
        guard !Self.mayBranchOrCall(tokens) else { return false }
      case .block(let inner, _):
        pending += inner
      default:
        return false
      }
    }
    return true
  }

  /// Whether `tokens` hold a `?` (a path per branch) or a call: a `(` after an identifier
  /// (`f(x)`, `sizeof(x)`, `if (x)` in a statement expression), a `)` (`(*fn)(x)`, a cast of
  /// a call) or a `]` (`ops[i](x)`), or after anything not punctuation.
  static func mayBranchOrCall(_ tokens: [Token]) -> Bool {
    for index in tokens.indices where tokens[index].kind == .punctuation {
      if tokens[index].isPunct("?") { return true }
      guard index > 0, tokens[index].isPunct("(") else { continue }
      let before = tokens[index - 1]
      if before.kind != .punctuation || before.isPunct(")") || before.isPunct("]") { return true }
    }
    return false
  }
}
