/// The paths of one function before and after a patch.
///
/// `before` is nil for a function the patch adds, `after` for one it removes.
public struct FunctionPaths: Sendable, Codable, Equatable {
  /// Where a side's paths were walked.
  public enum Source: String, Sendable, Codable {
    /// The whole function, from the tree.
    case tree
    /// Only the lines the patch shows (no tree, or the function is not whole in it): a race
    /// replaying them replays a fragment, so its verdicts may not hold for the function.
    case hunks
  }

  public struct Side: Sendable, Codable, Equatable {
    public var paths: [AnalysisPath]
    public var source: Source
    /// Whether a bound of the walk was reached, so some paths were not walked (the function's
    /// `analysis-incomplete` finding says which bound and where).
    public var truncated: Bool

    public init(paths: [AnalysisPath], source: Source, truncated: Bool) {
      self.paths = paths
      self.source = source
      self.truncated = truncated
    }
  }

  public var name: String
  public var file: String
  public var before: Side?
  public var after: Side?

  /// Whether a side was walked from the patch's lines only, not from the whole function.
  public var isFragment: Bool { before?.source == .hunks || after?.source == .hunks }

  public init(name: String, file: String, before: Side?, after: Side?) {
    self.name = name
    self.file = file
    self.before = before
    self.after = after
  }
}
