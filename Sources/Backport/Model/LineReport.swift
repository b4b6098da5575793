import LockAnalysis

/// Everything the backport check says about one stable line.
///
/// ```
/// linux-6.18.y  affected  applies-with-fuzz  needs softleaf_t, softleaf_is_hwpoison
/// ```
public struct LineReport: Sendable, Codable {
  /// `linux-X.Y.y`.
  public let line: String
  /// The tip id read.
  public let tip: String
  public let affected: Bool
  /// How `affected` was decided.
  public let affectedBy: AffectedBy?
  public let status: LineStatus
  /// Why: the copies found, the target's presence, the pre-image lines missing.
  public let evidence: [String]
  public let hunks: [HunkCheck]
  /// What libgit2's apply says of the whole patch on the line's tree, in memory (it applies
  /// hunks only at their own lines: `true` exactly when the status is `applies`); `nil`
  /// when it could not read the patch, or (in a series) the patch changes a file an
  /// earlier patch changed. Offsets and fuzz come from the project's applier.
  public let libgit2Applies: Bool?
  public let missing: [MissingIdentifier]
  /// The commits that bring the missing identifiers, in apply order.
  public let dependencies: [Dependency]
  /// Lock and reference findings of the patch as applied to the line.
  public let findings: [Finding]
  /// `true` when no `stub-gap` was found against the line's headers and Makefiles, `nil`
  /// when the patch was not analyzed there (it does not apply).
  public let builds: Bool?
  /// Notes of the analysis (how files were read, what could not be).
  public let notes: [String]

  /// An affected line where the patch does not go in as it is: it conflicts, needs
  /// identifiers the line lacks, or does not build there.
  public var needsWork: Bool {
    affected && status != .alreadyApplied
      && (status == .conflict || !missing.isEmpty || builds == false)
  }

  enum CodingKeys: String, CodingKey {
    case line, tip, affected, affectedBy, status, evidence, hunks, libgit2Applies, missing
    case dependencies, findings, builds, notes
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(line, forKey: .line)
    try container.encode(tip, forKey: .tip)
    try container.encode(affected, forKey: .affected)
    try container.encode(affectedBy, forKey: .affectedBy)
    try container.encode(status, forKey: .status)
    try container.encode(evidence, forKey: .evidence)
    try container.encode(hunks, forKey: .hunks)
    try container.encode(libgit2Applies, forKey: .libgit2Applies)
    try container.encode(missing, forKey: .missing)
    try container.encode(dependencies, forKey: .dependencies)
    try container.encode(findings, forKey: .findings)
    try container.encode(builds, forKey: .builds)
    try container.encode(notes, forKey: .notes)
  }
}
