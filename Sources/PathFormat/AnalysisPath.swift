/// How a path leaves what was walked.
public enum ExitKind: String, Sendable, Codable {
  /// A `return` statement or the end of the body.
  case `return`
  /// The end of the lines a patch shows (the rest of the function is unknown).
  case fragmentEnd = "fragment-end"
}

/// One path through a function: its operations, how it leaves, and whether its caller retries.
///
/// ```swift
/// let path = AnalysisPath(
///   id: 1, ops: [PathOp(op: .trylock, call: "trylock_page", object: "vmf->page", line: 4677)],
///   exit: .return, returnValue: "0", retries: true)
/// ```
public struct AnalysisPath: Sendable, Codable, Equatable {
  public var id: Int
  public var ops: [PathOp]
  public var exit: ExitKind
  public var returnValue: String?
  public var retries: Bool

  public init(id: Int, ops: [PathOp], exit: ExitKind, returnValue: String?, retries: Bool) {
    self.id = id
    self.ops = ops
    self.exit = exit
    self.returnValue = returnValue
    self.retries = retries
  }
}
