import CSyntax

/// The statements of one function body, flattened with their blocks, so that operators can
/// ask "what follows this statement" and "is this line only this statement".
public struct BodyIndex: Sendable {
  public private(set) var sites: [StatementSite] = []
  /// Each block's statements, as indices into `sites`.
  public private(set) var blocks: [[Int]] = []

  public init(_ body: [Statement]) {
    blocks.append([])
    add(body, block: 0)
  }

  /// The statement after `site` in its block, if any.
  public func next(after site: StatementSite) -> StatementSite? {
    guard let block = site.block, site.position + 1 < blocks[block].count else { return nil }
    return sites[blocks[block][site.position + 1]]
  }

  /// Whether an unconditional `return`, `goto`, `break` or `continue` precedes `site` in its block.
  public func isAfterJump(_ site: StatementSite) -> Bool {
    guard let block = site.block else { return false }
    for index in blocks[block][..<site.position].reversed() {
      switch sites[index].kind {
      case .label, .caseLabel: return false
      case .returnStatement, .jump: return true
      default: continue
      }
    }
    return false
  }

  private mutating func add(_ statements: [Statement], block: Int) {
    for statement in statements { add(statement, block: block) }
  }

  private mutating func add(_ statement: Statement, block: Int?) {
    let position = block.map { blocks[$0].count } ?? 0
    var site = StatementSite(
      kind: .compound, tokens: [], firstLine: statement.line,
      lastLine: Self.lastLine(statement), block: block, position: position, label: nil,
      isGuard: false, thenBlockLine: nil)
    switch statement {
    case .expression(let tokens, _):
      site.kind = .expression
      site.tokens = tokens
    case .returnStatement(let tokens, _):
      site.kind = .returnStatement
      site.tokens = tokens
    case .goto(let label, _):
      site.kind = .jump
      site.label = label
    case .breakStatement, .continueStatement:
      site.kind = .jump
    case .label(let label, _):
      site.kind = .label
      site.label = label
    case .caseLabel(let value, _):
      site.kind = .caseLabel
      site.tokens = value
    case .ifElse(let condition, let then, let otherwise, _):
      site.tokens = condition
      site.isGuard = otherwise == nil && Self.leaves(then)
      if case .block(let inner, _) = then, let first = inner.first {
        site.thenBlockLine = first.line
      }
    case .loop(_, let condition, _, _, _), .doWhile(_, let condition, _),
      .switchCase(let condition, _, _):
      site.tokens = condition
    case .block, .unread:
      break
    }
    if let block { blocks[block].append(sites.count) }
    sites.append(site)
    switch statement {
    case .block(let inner, _):
      blocks.append([])
      add(inner, block: blocks.count - 1)
    case .ifElse(_, let then, let otherwise, _):
      addBranch(then)
      if let otherwise { addBranch(otherwise) }
    case .loop(_, _, _, let body, _), .doWhile(let body, _, _), .switchCase(_, let body, _):
      addBranch(body)
    default:
      break
    }
  }

  /// A branch: a block's statements get their own block; an unbraced statement none.
  private mutating func addBranch(_ statement: Statement) {
    if case .block(let inner, _) = statement {
      blocks.append([])
      add(inner, block: blocks.count - 1)
    } else {
      add(statement, block: nil)
    }
  }

  /// Whether every way through `statement` leaves the enclosing code.
  static func leaves(_ statement: Statement) -> Bool {
    switch statement {
    case .returnStatement, .goto, .breakStatement, .continueStatement: return true
    case .block(let inner, _): return inner.last.map(leaves) ?? false
    default: return false
    }
  }

  /// The last line any token of `statement` is on.
  static func lastLine(_ statement: Statement) -> Int {
    switch statement {
    case .expression(let tokens, let line), .returnStatement(let tokens, let line),
      .caseLabel(let tokens, let line):
      return tokens.last?.line ?? line
    case .block(let inner, let line):
      return inner.map(lastLine).max() ?? line
    case .ifElse(let condition, let then, let otherwise, let line):
      return max(condition.last?.line ?? line, lastLine(then), otherwise.map(lastLine) ?? line)
    case .switchCase(_, let body, _), .loop(_, _, _, let body, _):
      return lastLine(body)
    case .doWhile(_, let condition, let line):
      return condition.last?.line ?? line
    case .goto(_, let line), .label(_, let line), .breakStatement(let line),
      .continueStatement(let line), .unread(_, let line):
      return line
    }
  }
}
