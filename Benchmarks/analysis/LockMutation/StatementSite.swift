import CSyntax

/// One statement of a function body with where it sits: its block and position there, or
/// whether it is the unbraced body of an `if`, `else` or loop.
public struct StatementSite: Sendable {
  public enum Kind: Sendable, Equatable {
    case expression, returnStatement, jump, label, compound, caseLabel
  }

  public var kind: Kind
  /// The statement's own tokens: the expression or returned value; the condition of an `if`
  /// or loop; empty for the rest.
  public var tokens: [Token]
  public var firstLine: Int
  public var lastLine: Int
  /// The block the statement is in (an index into `BodyIndex.blocks`), or nil when it is
  /// the unbraced body of an `if`, `else` or loop.
  public var block: Int?
  /// The position in that block.
  public var position: Int
  /// The label of a `label:` or `goto label`.
  public var label: String?
  /// Whether this is an `if` without `else` whose branch leaves (return, goto, break, continue).
  public var isGuard: Bool
  /// The first line inside the braces of an `if`'s then-block, when it has braces.
  public var thenBlockLine: Int?
}
