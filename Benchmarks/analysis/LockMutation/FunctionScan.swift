import CSyntax

/// One function of a file read for mutation: its statements, its primitive calls, and the
/// file's lines and tokens around it.
public struct FunctionScan: Sendable {
  public let path: String
  public let function: Function
  public let index: BodyIndex
  /// Every call in the body (primitive or not), in source order.
  public let calls: [CallSite]
  let lines: [String]
  let tokensPerLine: [Int: Int]
  let disabledLines: Set<Int>

  init(
    path: String, function: Function, lines: [String], tokensPerLine: [Int: Int],
    conditions: ConditionMap
  ) {
    self.path = path
    self.function = function
    self.lines = lines
    self.tokensPerLine = tokensPerLine
    let index = BodyIndex(function.body)
    self.index = index
    var calls: [CallSite] = []
    for (number, site) in index.sites.enumerated() where !site.tokens.isEmpty {
      calls += CallSite.calls(in: site.tokens, site: number)
    }
    self.calls = calls.sorted { $0.line < $1.line }
    var disabled: Set<Int> = []
    for line in function.line...max(function.line, function.endLine)
    where conditions.clauses(atLine: line).contains("0") {
      disabled.insert(line)
    }
    self.disabledLines = disabled
  }

  /// The function's size in lines, name to closing brace.
  public var size: Int { function.endLine - function.line + 1 }

  public func site(of call: CallSite) -> StatementSite { index.sites[call.site] }

  /// Whether the statement's lines hold nothing but it (so lines can be cut or moved).
  func ownsLines(_ site: StatementSite) -> Bool {
    guard site.kind == .expression else { return false }
    let onLines = (site.firstLine...site.lastLine).reduce(0) { $0 + (tokensPerLine[$1] ?? 0) }
    // The parser keeps an expression statement's tokens without its `;`.
    return onLines == site.tokens.count + 1
  }

  /// The leading white space of `line`.
  func indent(_ line: Int) -> String {
    guard line >= 1, line <= lines.count else { return "\t" }
    return String(lines[line - 1].prefix { $0 == " " || $0 == "\t" })
  }

  /// The original text of lines `first...last`.
  func text(_ first: Int, _ last: Int) -> [String] { Array(lines[(first - 1)...(last - 1)]) }

  /// The line of the `}` closing the then-block of a guard whose last statement ends on
  /// `line`, when that brace is alone on its line; nil otherwise.
  func closingBrace(afterStatementEndingOn line: Int) -> Int? {
    let body = function.bodyTokens
    guard let last = body.lastIndex(where: { $0.line == line }), last + 1 < body.count,
      body[last + 1].isPunct("}"), tokensPerLine[body[last + 1].line] == 1
    else { return nil }
    if last + 2 < body.count, body[last + 2].isWord("else") { return nil }
    return body[last + 1].line
  }

  /// Why a mutation at `site` cannot change behaviour, if it provably cannot.
  func equivalence(at site: StatementSite) -> Equivalence? {
    if disabledLines.contains(site.firstLine) { return .disabledByPreprocessor }
    if index.isAfterJump(site) { return .unreachableSite }
    return nil
  }

  /// Whether a `return` or `goto` comes before `line` in the function.
  func exitsBefore(_ line: Int) -> Bool {
    index.sites.contains {
      ($0.kind == .returnStatement || ($0.kind == .jump && $0.label != nil)) && $0.firstLine < line
    }
  }
}
