/// The `#if` condition every line of a file is compiled under.
///
/// A condition is a conjunction of clauses in the kernel's own words:
/// `#ifdef CONFIG_MIGRATION … #else` gives the `#else` lines the clause
/// `!CONFIG_MIGRATION`; `defined(X)` and `IS_ENABLED(X)` read as `X`.
///
/// ```swift
/// let map = ConditionMap(Lexer.lex(text).directives)
/// map.clauses(atLine: 40)       // ["!CONFIG_MIGRATION"]
/// map.requires("CONFIG_MIGRATION", atLine: 40)   // false
/// ```
public struct ConditionMap: Sendable {
  /// A line range and the clauses that hold on it.
  struct Region: Sendable {
    let firstLine: Int
    let clauses: [String]
  }

  private var regions: [Region] = [Region(firstLine: 1, clauses: [])]

  public init(_ directives: [Lexer.Directive]) {
    var stack: [(previous: [String], current: [String])] = []
    for directive in directives {
      switch directive.keyword {
      case "if":
        stack.append((previous: [], current: [Self.normalize(directive.argument)]))
      case "ifdef":
        stack.append((previous: [], current: [Self.normalize(directive.argument)]))
      case "ifndef":
        stack.append((previous: [], current: [Self.negate(Self.normalize(directive.argument))]))
      case "elif", "elifdef", "elifndef":
        guard var top = stack.popLast() else { continue }
        top.previous += top.current.suffix(1)
        var clause = Self.normalize(directive.argument)
        if directive.keyword == "elifndef" { clause = Self.negate(clause) }
        top.current = top.previous.map(Self.negate) + [clause]
        stack.append(top)
      case "else":
        guard var top = stack.popLast() else { continue }
        top.previous += top.current.suffix(1)
        top.current = top.previous.map(Self.negate)
        stack.append(top)
      case "endif":
        _ = stack.popLast()
      default:
        continue
      }
      let clauses = stack.flatMap(\.current)
      // The directive line itself keeps the outer condition; the change starts on the next line.
      regions.append(Region(firstLine: directive.line + 1, clauses: clauses))
    }
  }

  /// The clauses that hold on `line` (1-based), outermost first.
  public func clauses(atLine line: Int) -> [String] {
    var low = 0
    var high = regions.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if regions[middle].firstLine <= line { low = middle } else { high = middle - 1 }
    }
    return regions[low].clauses
  }

  /// Whether `symbol` must be set (`true`), must be unset (`false`), or is not
  /// decided (`nil`) for `line` to be compiled.
  public func requires(_ symbol: String, atLine line: Int) -> Bool? {
    for clause in clauses(atLine: line) {
      if clause == symbol { return true }
      if clause == "!" + symbol { return false }
      if clause.contains(symbol) && !clause.hasPrefix("!(") && !clause.contains("||") {
        return !clause.hasPrefix("!")
      }
    }
    return nil
  }

  /// `defined(CONFIG_X)`, `IS_ENABLED(CONFIG_X)` and `defined CONFIG_X` read as `CONFIG_X`.
  static func normalize(_ expression: String) -> String {
    let tokens = Lexer.tokens(of: expression)
    var out: [Token] = []
    var index = 0
    let wrappers: Set<String> = ["defined", "IS_ENABLED", "IS_BUILTIN", "IS_REACHABLE"]
    while index < tokens.count {
      let token = tokens[index]
      if token.kind == .identifier && wrappers.contains(token.text) {
        if index + 3 < tokens.count && tokens[index + 1].isPunct("(")
          && tokens[index + 3].isPunct(")")
        {
          out.append(tokens[index + 2])
          index += 4
          continue
        }
        if index + 1 < tokens.count && tokens[index + 1].kind == .identifier {
          out.append(tokens[index + 1])
          index += 2
          continue
        }
      }
      out.append(token)
      index += 1
    }
    return out.map(\.text).joined(separator: " ")
      .replacingSpaces()
  }

  static func negate(_ clause: String) -> String {
    if clause.hasPrefix("!"), !clause.dropFirst().contains(where: { " &|()".contains($0) }) {
      return String(clause.dropFirst())
    }
    if !clause.contains(where: { " &|()!<>=".contains($0) }) { return "!" + clause }
    return "!(" + clause + ")"
  }
}

extension String {
  /// `! CONFIG_X && CONFIG_Y` → `!CONFIG_X && CONFIG_Y`.
  fileprivate func replacingSpaces() -> String {
    var out = ""
    var previous: Character = " "
    for character in self {
      if character == " " && (previous == "!" || previous == "(") { continue }
      if character == ")" && out.hasSuffix(" ") { out.removeLast() }
      out.append(character)
      previous = character
    }
    return out
  }
}
