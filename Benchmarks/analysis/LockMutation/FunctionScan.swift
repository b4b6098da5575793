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
    if isInDeadBranch(site.firstLine) { return .deadBranch }
    return nil
  }

  /// Whether `line` is inside the then-branch of an `if` with a conjunct `a != b` that the
  /// function makes false on every path to it (``EqualNames``).
  func isInDeadBranch(_ line: Int) -> Bool {
    var dead = false
    func visit(_ statement: Statement) {
      guard !dead else { return }
      switch statement {
      case .block(let inner, _): inner.forEach(visit)
      case .ifElse(let condition, let then, let otherwise, let ifLine):
        if then.line <= line, line <= BodyIndex.lastLine(then) {
          for (first, second) in Self.unequalNames(condition)
          where isLocal(first) && isLocal(second)
            && EqualNames(first, second, in: function.body).alwaysEqual(atLine: ifLine)
          {
            dead = true
          }
        }
        visit(then)
        otherwise.map(visit)
      case .switchCase(_, let inner, _), .loop(_, _, _, let inner, _), .doWhile(let inner, _, _):
        visit(inner)
      default: break
      }
    }
    function.body.forEach(visit)
    return dead
  }

  /// Whether `name` is a parameter or declared in the body (`struct folio *swapcache, *folio`,
  /// `int ret`): a global could be changed by any call, which ``EqualNames`` does not follow.
  func isLocal(_ name: String) -> Bool {
    if function.parameterNames.contains(name) { return true }
    let tokens = function.bodyTokens
    let notTypes: Set<String> = ["return", "case", "goto", "sizeof", "else", "do"]
    for index in tokens.indices.dropFirst(2) where tokens[index].text == name {
      let previous = tokens[index - 1]
      let before = tokens[index - 2]
      let next = index + 1 < tokens.count ? tokens[index + 1] : nil
      guard next.map({ [";", ",", "=", "["].contains($0.text) }) ?? false else { continue }
      if previous.kind == .identifier, !notTypes.contains(previous.text) { return true }
      if previous.isPunct("*"),
        before.kind == .identifier || before.isPunct(",") || before.isPunct("*")
      {
        return true
      }
    }
    return false
  }

  /// The index of the `)` closing the `(` at `open`, or nil.
  static func closing(_ tokens: [Token], _ open: Int) -> Int? {
    var depth = 0
    for index in open..<tokens.count {
      if tokens[index].isPunct("(") { depth += 1 }
      if tokens[index].isPunct(")") {
        depth -= 1
        if depth == 0 { return index }
      }
    }
    return nil
  }

  /// The `a != b` conjuncts of a condition (`unlikely(folio != swapcache && swapcache)` →
  /// `folio`, `swapcache`), both plain names.
  static func unequalNames(_ condition: [Token]) -> [(String, String)] {
    var tokens = condition
    // `(…)`, `likely(…)`, `unlikely(…)` around the whole condition.
    while let open = tokens.firstIndex(where: { $0.isPunct("(") }),
      open == 0 || (open == 1 && ["likely", "unlikely"].contains(tokens[0].text)),
      Self.closing(tokens, open) == tokens.count - 1
    {
      tokens = Array(tokens[(open + 1)..<(tokens.count - 1)])
    }
    var conjuncts: [[Token]] = [[]]
    var depth = 0
    for token in tokens {
      if token.isPunct("(") { depth += 1 }
      if token.isPunct(")") { depth -= 1 }
      if depth == 0, token.isPunct("&&") {
        conjuncts.append([])
      } else {
        conjuncts[conjuncts.count - 1].append(token)
      }
    }
    return conjuncts.compactMap { part in
      guard part.count == 3, part[0].kind == .identifier, part[1].isPunct("!="),
        part[2].kind == .identifier
      else { return nil }
      return (part[0].text, part[2].text)
    }
  }

  /// Whether a `return` or `goto` comes before `line` in the function.
  func exitsBefore(_ line: Int) -> Bool {
    index.sites.contains {
      ($0.kind == .returnStatement || ($0.kind == .jump && $0.label != nil)) && $0.firstLine < line
    }
  }
}
