/// Reads statements from the tokens of a function body or of a fragment.
///
/// Tolerant: a `}` that closes nothing ends a *segment* (the fragment left the
/// block it started in); an `else` with no `if` reads as the start of its branch.
/// Unclosed blocks close at the end of the input.
///
/// Bounded: recursion stops at ``ReadingLimit/maximumNesting`` levels and what lies deeper
/// reads as ``Statement/unread(_:line:)``, as do expressions and labels past the other
/// ``ReadingLimit``s.
///
/// ```swift
/// let segments = StatementParser.segments(Lexer.tokens(of: "unlock_page(p); } else { put_page(p); }"))
/// segments.count   // 2: [unlock_page(p);] and [{ put_page(p); }]
/// ```
///
/// - Complexity: O(*n*) for *n* tokens (brackets are matched once, up front).
public struct StatementParser {
  private let tokens: [Token]
  /// For each opening bracket, the index of the bracket closing it (`tokens.count` if none).
  private let partners: [Int]
  private var index: Int
  private let end: Int
  /// Statements around the one being read (blocks, branches, loop bodies).
  private var depth = 0
  /// Labels read so far in this body.
  private var labels = 0

  /// The statements of a complete body (the tokens between its braces).
  public static func parse(_ tokens: [Token]) -> [Statement] {
    segments(tokens).flatMap { $0 }
  }

  /// The statements of a fragment, split where a `}` closes a block opened before it.
  public static func segments(_ tokens: [Token]) -> [[Statement]] {
    var parser = StatementParser(
      tokens: tokens, partners: Self.partners(tokens), range: 0..<tokens.count)
    var segments: [[Statement]] = [[]]
    while parser.index < parser.end {
      if parser.current.isPunct("}") {
        parser.index += 1
        if !segments[segments.count - 1].isEmpty { segments.append([]) }
        continue
      }
      if parser.current.isWord("else") {
        parser.index += 1
        continue
      }
      segments[segments.count - 1].append(parser.statement())
    }
    return segments.filter { !$0.isEmpty }
  }

  private init(tokens: [Token], partners: [Int], range: Range<Int>) {
    self.tokens = tokens
    self.partners = partners
    self.index = range.lowerBound
    self.end = range.upperBound
  }

  /// The closing partner of every opening bracket: any closer closes the innermost open
  /// bracket, whatever its kind, as ``matching(_:)`` has always read them.
  static func partners(_ tokens: [Token]) -> [Int] {
    var partners = [Int](repeating: tokens.count, count: tokens.count)
    var open: [Int] = []
    for (position, token) in tokens.enumerated() where token.kind == .punctuation {
      switch token.text {
      case "(", "{", "[": open.append(position)
      case ")", "}", "]":
        if let opener = open.popLast() { partners[opener] = position }
      default: break
      }
    }
    return partners
  }

  private var current: Token { tokens[index] }
  private var lastLine: Int { tokens[max(0, min(index, end) - 1)].line }

  private func token(at position: Int) -> Token? { position < end ? tokens[position] : nil }

  /// The index of the `)` / `}` / `]` matching the opener at `position`, or `end`.
  private func matching(_ position: Int) -> Int {
    min(partners[position], end)
  }

  /// Tokens of a parenthesised group starting at `index` (which must be `(`), without the parens.
  private mutating func parenthesised() -> [Token] {
    guard index < end, current.isPunct("(") else { return [] }
    let close = matching(index)
    let inner = Array(tokens[(index + 1)..<min(close, end)])
    index = min(close + 1, end)
    return inner
  }

  /// The next statement, or what stands for it where a ``ReadingLimit`` is passed.
  mutating func statement() -> Statement {
    let line = current.line
    guard depth < ReadingLimit.maximumNesting else {
      // Deeper than the bound: the rest of the innermost block stays unread.
      index = end
      return .unread(.nesting(ReadingLimit.maximumNesting), line: line)
    }
    let read = unboundedStatement()
    if let limit = Self.exceeded(by: read) { return .unread(limit, line: line) }
    return read
  }

  /// The bound one of `statement`'s own expressions passes (not those of the statements in it).
  private static func exceeded(by statement: Statement) -> ReadingLimit? {
    switch statement {
    case .expression(let tokens, _), .returnStatement(let tokens, _), .caseLabel(let tokens, _),
      .ifElse(let tokens, _, _, _), .switchCase(let tokens, _, _), .doWhile(_, let tokens, _):
      return ReadingLimit.exceeded(by: tokens)
    case .loop(let initial, let condition, let step, _, _):
      return ReadingLimit.exceeded(by: initial + condition + step)
    case .block, .goto, .label, .breakStatement, .continueStatement, .unread:
      return nil
    }
  }

  private mutating func unboundedStatement() -> Statement {
    let start = current
    let line = start.line
    if start.isPunct("{") {
      let close = matching(index)
      var inner = StatementParser(tokens: tokens, partners: partners, range: (index + 1)..<close)
      inner.depth = depth + 1
      inner.labels = labels
      var body: [Statement] = []
      while inner.index < inner.end {
        if inner.current.isPunct("}") || inner.current.isPunct(";") {
          inner.index += 1
          continue
        }
        body.append(inner.statement())
      }
      labels = inner.labels
      index = min(close + 1, end)
      return .block(body, line: line)
    }
    if start.kind == .identifier {
      switch start.text {
      case "if": return ifStatement()
      case "switch":
        index += 1
        let subject = parenthesised()
        return .switchCase(subject: subject, body: bodyStatement(), line: line)
      case "while":
        index += 1
        let condition = parenthesised()
        return .loop(initial: [], condition: condition, step: [], body: bodyStatement(), line: line)
      case "for": return forStatement()
      case "do":
        index += 1
        let body = bodyStatement()
        var condition: [Token] = []
        if index < end, current.isWord("while") {
          index += 1
          condition = parenthesised()
        }
        skipSemicolon()
        return .doWhile(body: body, condition: condition, line: line)
      case "goto":
        let label = token(at: index + 1)?.text ?? ""
        index += 2
        skipSemicolon()
        return .goto(label: label, line: line)
      case "return":
        index += 1
        return .returnStatement(expressionTokens(), line: line)
      case "break":
        index += 1
        skipSemicolon()
        return .breakStatement(line: line)
      case "continue":
        index += 1
        skipSemicolon()
        return .continueStatement(line: line)
      case "case":
        index += 1
        let value = labelTokens()
        return .caseLabel(value: value, line: line)
      case "default" where token(at: index + 1)?.isPunct(":") == true:
        index += 2
        return .caseLabel(value: [], line: line)
      default:
        if let next = token(at: index + 1), next.isPunct(":"),
          token(at: index + 2)?.isPunct(":") != true
        {
          index += 2
          labels += 1
          guard labels <= ReadingLimit.maximumLabels else {
            // The rest of the block stays unread: its gotos could not be followed either.
            index = end
            return .unread(.labels(ReadingLimit.maximumLabels), line: line)
          }
          return .label(start.text, line: line)
        }
        if let loop = iteratorMacro() { return loop }
      }
    }
    if start.isPunct(";") {
      index += 1
      return .expression([], line: line)
    }
    return .expression(expressionTokens(), line: line)
  }

  private mutating func ifStatement() -> Statement {
    let line = current.line
    index += 1
    let condition = parenthesised()
    let then = bodyStatement()
    var elseBranch: Statement?
    if index < end, current.isWord("else") {
      index += 1
      elseBranch = bodyStatement()
    }
    return .ifElse(condition: condition, then: then, else: elseBranch, line: line)
  }

  private mutating func forStatement() -> Statement {
    let line = current.line
    index += 1
    let header = parenthesised()
    var parts: [[Token]] = [[]]
    var depth = 0
    for token in header {
      if token.kind == .punctuation {
        if token.opensGroup { depth += 1 }
        if token.closesGroup { depth -= 1 }
        if token.text == ";" && depth == 0 && parts.count < 3 {
          parts.append([])
          continue
        }
      }
      parts[parts.count - 1].append(token)
    }
    while parts.count < 3 { parts.append([]) }
    return .loop(
      initial: parts[0], condition: parts[1], step: parts[2], body: bodyStatement(), line: line)
  }

  /// `list_for_each_entry(pos, head, member) { … }`: a call followed by a statement, not `;`.
  private mutating func iteratorMacro() -> Statement? {
    guard let open = token(at: index + 1), open.isPunct("(") else { return nil }
    let close = matching(index + 1)
    guard let after = token(at: close + 1) else { return nil }
    let name = current.text
    let looksLikeIterator = Statement.isIteratorMacro(name)
    let startsStatement =
      after.isPunct("{")
      || (after.kind == .identifier
        && ["if", "for", "while", "do", "switch", "return", "break", "continue", "goto"].contains(
          after.text))
    guard startsStatement || (looksLikeIterator && after.kind == .identifier) else { return nil }
    let line = current.line
    let call = Array(tokens[index...close])
    index = close + 1
    return .loop(initial: [], condition: call, step: [], body: bodyStatement(), line: line)
  }

  /// The statement a branch or loop runs, one level deeper.
  private mutating func bodyStatement() -> Statement {
    guard index < end else { return .block([], line: lastLine) }
    if current.isPunct("}") { return .block([], line: current.line) }
    depth += 1
    defer { depth -= 1 }
    return statement()
  }

  /// Tokens up to the `;` at depth 0 (consumed), or up to an unmatched `}` (kept).
  private mutating func expressionTokens() -> [Token] {
    var out: [Token] = []
    var depth = 0
    while index < end {
      let token = current
      if token.kind == .punctuation {
        if depth == 0 && token.text == ";" {
          index += 1
          return out
        }
        if depth == 0 && token.text == "}" { return out }
        if token.opensGroup { depth += 1 }
        if token.closesGroup { depth -= 1 }
      }
      out.append(token)
      index += 1
    }
    return out
  }

  /// The value of a `case` label: tokens to the `:` not part of `?:`.
  private mutating func labelTokens() -> [Token] {
    var out: [Token] = []
    var pendingQuestion = 0
    while index < end {
      let token = current
      index += 1
      if token.isPunct("?") { pendingQuestion += 1 }
      if token.isPunct(":") {
        if pendingQuestion == 0 { return out }
        pendingQuestion -= 1
      }
      out.append(token)
    }
    return out
  }

  private mutating func skipSemicolon() {
    if index < end, current.isPunct(";") { index += 1 }
  }
}
