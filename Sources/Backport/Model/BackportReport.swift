/// The backport answer for every stable line at once.
///
/// ```swift
/// let report = try Backporter(repository: tree, table: table).check(request)
/// report.lines.map(\.status)  // [.notAffected, .alreadyApplied, …]
/// ```
public struct BackportReport: Sendable, Codable {
  /// The patch checked: its subject and commit message.
  public struct PatchSummary: Sendable, Codable {
    public let subject: String
    public let message: String
  }

  /// The commit the `Fixes:` trailer names, as resolved in the tree.
  public struct FixesTarget: Sendable, Codable {
    /// The full id where the tree has it; the id as written otherwise.
    public let commit: String
    public let subject: String?
    public let firstRelease: String?
    /// `id`, `subject`, or `unknown` (not in the repository).
    public let matchedBy: String
  }

  /// The `Cc: stable # vX.Y+` range and whether it agrees with the tree.
  public struct StatedRangeCheck: Sendable, Codable {
    public let text: String
    /// The lines the range names.
    public let lines: [String]
    /// What disagrees with the lines that have the bug; `nil` when they agree.
    public let mismatch: String?
  }

  public let patch: PatchSummary
  /// The fix as a mainline commit of the tree (by subject or patch-id), if it is one.
  public let fixCommit: String?
  public let fixes: FixesTarget?
  public let statedRange: StatedRangeCheck?
  public let lines: [LineReport]
  /// How the check went: what was not covered, and why.
  public let notes: [String]

  /// Exit status 1 territory: an affected line conflicts or needs something.
  public var needsWork: Bool { lines.contains(where: \.needsWork) }
}
