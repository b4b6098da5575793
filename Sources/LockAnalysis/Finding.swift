/// A reviewer's remark about a patch, with the evidence that supports it.
///
/// ```text
/// warning trylock-retry mm/memory.c:4677 do_swap_page: when trylock_page(vmf->page) fails …
/// ```
public struct Finding: Sendable, Codable, Equatable {
  public enum Severity: String, Sendable, Codable, Comparable {
    case info, warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
      let order: [Severity] = [.info, .warning, .error]
      return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
  }

  /// The rule: `trylock-retry`, `put-before-unlock`, `stub-gap`, …
  public var rule: RuleID
  public var severity: Severity
  public var file: String
  /// The line in the post-image where it exists, else the pre-image line.
  public var line: Int
  public var function: String
  public var message: String
  /// The primitive operations along the path that shows the problem.
  public var path: [PathOp]

  public init(
    rule: RuleID, severity: Severity, file: String, line: Int, function: String, message: String,
    path: [PathOp] = []
  ) {
    self.rule = rule
    self.severity = severity
    self.file = file
    self.line = line
    self.function = function
    self.message = message
    self.path = path
  }
}
