/// A statement of a function body, with the line it starts on.
///
/// The reader keeps expressions as token lists: the analysis reads calls and
/// conditions from them. Iterator macros (`list_for_each_entry(…) { … }`) read
/// as loops; a `do { … } while (0)` reads as a loop that runs once.
///
/// ```swift
/// let body = StatementParser.parse(Lexer.tokens(of: "if (!pte) return 0; pte_unmap(pte);"))
/// // [.ifElse(condition: [!, pte], then: .return([0]), else: nil), .expression(pte_unmap(pte);)]
/// ```
public indirect enum Statement: Sendable {
  case expression([Token], line: Int)
  case block([Statement], line: Int)
  case ifElse(condition: [Token], then: Statement, else: Statement?, line: Int)
  case switchCase(subject: [Token], body: Statement, line: Int)
  /// `case X:` or `default:` inside a switch; `value` is empty for `default`.
  case caseLabel(value: [Token], line: Int)
  /// `while`, `for` and iterator macros. `initial` and `step` are empty for `while`.
  case loop(initial: [Token], condition: [Token], step: [Token], body: Statement, line: Int)
  case doWhile(body: Statement, condition: [Token], line: Int)
  case goto(label: String, line: Int)
  case label(String, line: Int)
  case returnStatement([Token], line: Int)
  case breakStatement(line: Int)
  case continueStatement(line: Int)
  /// What the reader skipped at a ``ReadingLimit`` (from `line`): paths through it are not
  /// known, and the analysis says so.
  case unread(ReadingLimit, line: Int)

  /// The line the statement starts on.
  public var line: Int {
    switch self {
    case .expression(_, let line), .block(_, let line), .ifElse(_, _, _, let line),
      .switchCase(_, _, let line), .caseLabel(_, let line), .loop(_, _, _, _, let line),
      .doWhile(_, _, let line), .goto(_, let line), .label(_, let line),
      .returnStatement(_, let line), .breakStatement(let line), .continueStatement(let line),
      .unread(_, let line):
      return line
    }
  }
}

extension Statement {
  /// Whether `name` reads as an iterator macro (`list_for_each_entry`, `for_each_vma`,
  /// `xas_for_each`): a call that loops over the statement after it. The reader, the walk's
  /// loop rounds and its loop-name scan all ask this one question.
  public static func isIteratorMacro(_ name: String) -> Bool {
    name.hasPrefix("for_") || name.containsASCII("for_each")
  }
}

extension Statement {
  /// Calls `body` with the tokens of every expression, return, condition, switch subject and
  /// loop header in this statement, into its blocks, branches and loops: the scans over a
  /// function's text (the walk's loop names, list origins, unmap locks; the mutation
  /// generator's names given away) share this one visit.
  public func forEachTokens(_ body: ([Token]) -> Void) {
    switch self {
    case .expression(let tokens, _), .returnStatement(let tokens, _): body(tokens)
    case .block(let statements, _):
      for inner in statements { inner.forEachTokens(body) }
    case .ifElse(let condition, let then, let elseBranch, _):
      body(condition)
      then.forEachTokens(body)
      elseBranch?.forEachTokens(body)
    case .switchCase(let subject, let inner, _):
      body(subject)
      inner.forEachTokens(body)
    case .loop(let initial, let condition, let step, let inner, _):
      body(initial + condition + step)
      inner.forEachTokens(body)
    case .doWhile(let inner, let condition, _):
      body(condition)
      inner.forEachTokens(body)
    default: break
    }
  }
}
