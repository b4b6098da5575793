/// A bound of the statement reader: what it leaves unread so that reading a function, and
/// walking what was read, stays linear in time and bounded in stack and memory on code no
/// kernel holds (10,000 nested `if`, 50,000 nested parentheses, a chain of 20,000 `?:`).
///
/// Real kernel code stays below each bound: across 5,957 files of 6.12 (mm/, fs/, kernel/,
/// net/, include/linux/, drivers/gpu/drm/amd/) no statement nests brackets deeper than 14 or
/// chains more than 21 `?:`; functions nest statements about 10 deep and hold a few dozen
/// labels at most. The walk's cost per statement grows with the square of the first two. Where one is passed, the reader puts a ``Statement/unread(_:line:)`` in place
/// of what it skipped, so the analysis can say that function was not fully checked while
/// the rest of the file is read as usual.
///
/// ```swift
/// let deep = String(repeating: "if (x)\n", count: 300) + "y++;\n"
/// StatementParser.parse(Lexer.tokens(of: deep))   // 256 ifs, then .unread(.nesting(256), line: 257)
/// ```
public enum ReadingLimit: Equatable, Hashable, Sendable {
  /// Statements nested deeper than this (each block, branch and loop body is a level; an
  /// `if (x) {` two): the rest of the innermost block is left unread.
  case nesting(Int)
  /// An expression whose brackets nest deeper than this: the statement is left unread.
  case bracketDepth(Int)
  /// An expression with more conditional operators (`?:`) than this: the statement is left
  /// unread.
  case conditionals(Int)
  /// More labels than this in one body: the rest of the block holding the next one is left
  /// unread (a `goto` to it cannot be followed).
  case labels(Int)

  /// The bounds the reader applies.
  public static let maximumNesting = 256
  public static let maximumBracketDepth = 64
  public static let maximumConditionals = 32
  public static let maximumLabels = 256

  /// In a reviewer's words: `statements nested more than 256 deep`.
  public var summary: String {
    switch self {
    case .nesting(let limit): return "statements nested more than \(limit) deep were not read"
    case .bracketDepth(let limit):
      return "an expression with brackets nested more than \(limit) deep was not read"
    case .conditionals(let limit):
      return "an expression with more than \(limit) conditional operators (?:) was not read"
    case .labels(let limit):
      return "the code from the label after the first \(limit) of the function on was not read"
    }
  }

  /// The bound an expression passes, if any.
  ///
  /// - Complexity: O(*n*) for *n* tokens.
  static func exceeded(by tokens: [Token]) -> ReadingLimit? {
    var depth = 0
    var deepest = 0
    var conditionals = 0
    for token in tokens where token.kind == .punctuation {
      if token.opensGroup {
        depth += 1
        deepest = max(deepest, depth)
      } else if token.closesGroup {
        depth -= 1
      } else if token.text == "?" {
        conditionals += 1
      }
    }
    if deepest > maximumBracketDepth { return .bracketDepth(maximumBracketDepth) }
    if conditionals > maximumConditionals { return .conditionals(maximumConditionals) }
    return nil
  }
}
