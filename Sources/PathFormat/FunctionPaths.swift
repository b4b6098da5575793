/// The paths of one function before and after a patch.
///
/// `before` is nil for a function the patch adds, `after` for one it removes.
public struct FunctionPaths: Sendable, Codable, Equatable {
  public struct Side: Sendable, Codable, Equatable {
    public var paths: [AnalysisPath]
    /// `tree` (the whole function from the tree) or `hunks` (only the lines the patch shows).
    public var source: String
    /// Whether a bound of the walk was reached, so some paths were not walked (the function's
    /// `analysis-incomplete` finding says which bound and where).
    public var truncated: Bool

    public init(paths: [AnalysisPath], source: String, truncated: Bool) {
      self.paths = paths
      self.source = source
      self.truncated = truncated
    }
  }

  public var name: String
  public var file: String
  public var before: Side?
  public var after: Side?

  public init(name: String, file: String, before: Side?, after: Side?) {
    self.name = name
    self.file = file
    self.before = before
    self.after = after
  }
}
