/// The answer for one stable line, as the table's status column prints it.
///
/// ```
/// linux-6.18.y  applies-with-fuzz
/// ```
public enum LineStatus: String, Sendable, Codable, CaseIterable {
  /// Every hunk applies at its own line.
  case applies
  /// Every hunk applies, some a number of lines away (`git apply --check` accepts it).
  case appliesWithOffset = "applies-with-offset"
  /// Some hunk applies only with outer context lines ignored (`patch` accepts it, `git apply` not).
  case appliesWithFuzz = "applies-with-fuzz"
  /// Some hunk fits nowhere.
  case conflict
  /// The fix, a copy of it, or its post-image is already in the line.
  case alreadyApplied = "already-applied"
  /// The line does not have the bug.
  case notAffected = "not-affected"

  /// Whether the patch goes in as it is (clean, offset or fuzz).
  public var applies: Bool { [.applies, .appliesWithOffset, .appliesWithFuzz].contains(self) }
}

/// How a line was judged to have the bug, or not.
public enum AffectedBy: String, Sendable, Codable, CaseIterable {
  /// The `Fixes:` target is in the line (ancestry or a copy of it).
  case fixesTarget = "fixes-target"
  /// The lines the fix removes (its pre-image) are in the line's files.
  case preImage = "pre-image"
  /// No `Fixes:`: the line is in the `Cc: stable # vX.Y+` range.
  case statedRange = "stated-range"
}
