/// Reads statements from the tokens of a function body or of a fragment.
///
/// Tolerant: a `}` that closes nothing ends a *segment* (the fragment left the
/// block it started in); an `else` with no `if` reads as the start of its branch.
/// Unclosed blocks close at the end of the input.
///
/// ```swift
/// let segments = StatementParser.segments(Lexer.tokens(of: "unlock_page(p); } else { put_page(p); }"))
/// segments.count   // 2: [unlock_page(p);] and [{ put_page(p); }]
/// ```
public struct StatementParser {
  private let tokens: [Token]
  private var index: Int
  private let end: Int

  /// The statements of a complete body (the tokens between its braces).
  public static func parse(_ tokens: [Token]) -> [Statement] {
    segments(tokens).flatMap { $0 }
  }

  /// The statements of a fragment, split where a `}` closes a block opened before it.
  public static func segments(_ tokens: [Token]) -> [[Statement]] {
    var parser = StatementParser(tokens: tokens, range: 0..<tokens.count)
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

  init(tokens: [Token], range: Range<Int>) {
    self.tokens = tokens
    self.index = range.lowerBound
    self.end = range.upperBound
  }

  private var current: Token { tokens[index] }
  private var lastLine: Int { tokens[max(0, min(index, end) - 1)].line }

  private func token(at position: Int) -> Token? { position < end ? tokens[position] : nil }

  /// The index of the `)` / `}` / `]` matching the opener at `position`, or `end`.
  private func matching(_ position: Int) -> Int {
    var depth = 0
    var cursor = position
    while cursor < end {
      let text = tokens[cursor]
      if text.kind == .punctuation {
        switch text.text {
        case "(", "{", "[": depth += 1
        case ")", "}", "]":
          depth -= 1
          if depth == 0 { return cursor }
        default: break
        }
      }
      cursor += 1
    }
    return end
  }

  /// Tokens of a parenthesised group starting at `index` (which must be `(`), without the parens.
  private mutating func parenthesised() -> [Token] {
    guard index < end, current.isPunct("(") else { return [] }
    let close = matching(index)
    let inner = Array(tokens[(index + 1)..<min(close, end)])
    index = min(close + 1, end)
    return inner
  }

  mutating func statement() -> Statement {
    let start = current
    let line = start.line
    if start.isPunct("{") {
      let close = matching(index)
      var inner = StatementParser(tokens: tokens, range: (index + 1)..<close)
      var body: [Statement] = []
      while inner.index < inner.end {
        if inner.current.isPunct("}") || inner.current.isPunct(";") {
          inner.index += 1
          continue
        }
        body.append(inner.statement())
      }
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
    let looksLikeIterator =
      name.contains("for_each") || name.hasPrefix("for_") || name.hasSuffix("_for_each")
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

  private mutating func bodyStatement() -> Statement {
    guard index < end else { return .block([], line: lastLine) }
    if current.isPunct("}") { return .block([], line: current.line) }
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
