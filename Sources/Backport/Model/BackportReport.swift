/// The backport answer for every stable line at once: for one patch, or for a series
/// (`lines` then give the series applied in order, and `series` each patch's own report).
///
/// ```swift
/// let report = try Backporter(repository: tree, table: table).check(request)
/// report.lines.map(\.status)  // [.notAffected, .alreadyApplied, …]
/// ```
///
/// JSON keys are always present; an absent value is `null`.
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

    enum CodingKeys: String, CodingKey { case commit, subject, firstRelease, matchedBy }

    public func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(commit, forKey: .commit)
      try container.encode(subject, forKey: .subject)
      try container.encode(firstRelease, forKey: .firstRelease)
      try container.encode(matchedBy, forKey: .matchedBy)
    }
  }

  /// The `Cc: stable # vX.Y+` range and whether it agrees with the tree.
  public struct StatedRangeCheck: Sendable, Codable {
    public let text: String
    /// The lines the range names.
    public let lines: [String]
    /// What disagrees with the lines that have the bug; `nil` when they agree.
    public let mismatch: String?

    enum CodingKeys: String, CodingKey { case text, lines, mismatch }

    public func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(text, forKey: .text)
      try container.encode(lines, forKey: .lines)
      try container.encode(mismatch, forKey: .mismatch)
    }
  }

  public let patch: PatchSummary
  /// The fix as a mainline commit of the tree (by subject or patch-id), if it is one.
  public let fixCommit: String?
  public let fixes: FixesTarget?
  public let statedRange: StatedRangeCheck?
  public let lines: [LineReport]
  /// How the check went: what was not covered, and why.
  public let notes: [String]
  /// For a series of several patches: each patch's report, checked on every line with the
  /// patches before it applied; `nil` for a single patch.
  public let series: [BackportReport]?

  enum CodingKeys: String, CodingKey {
    case patch, fixCommit, fixes, statedRange, lines, notes, series
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(patch, forKey: .patch)
    try container.encode(fixCommit, forKey: .fixCommit)
    try container.encode(fixes, forKey: .fixes)
    try container.encode(statedRange, forKey: .statedRange)
    try container.encode(lines, forKey: .lines)
    try container.encode(notes, forKey: .notes)
    try container.encode(series, forKey: .series)
  }

  /// Exit status 1 territory: an affected line conflicts or needs something.
  public var needsWork: Bool {
    lines.contains(where: \.needsWork) || (series ?? []).contains(where: \.needsWork)
  }
}
