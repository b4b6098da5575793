/// How much of each stable line's row a check works out.
///
/// ```swift
/// // the `Cc: stable # v6.15+` claim only asks which lines have the bug:
/// try backporter.check(request, depth: .affected).lines.map(\.affected)
/// ```
public enum BackportDepth: Sendable {
  /// The whole row: affected, already applied, where each hunk lands (also through
  /// libgit2), the identifiers the patch needs and the commits that bring them, its findings
  /// on the line and whether it builds there.
  case full
  /// Whether each line has the bug and has the fix already, and where each hunk lands (in
  /// memory): what a stable range is judged by. The tree-wide search for the identifiers the
  /// patch needs, libgit2's apply and the analysis on the line are left out; their fields
  /// are empty or `null`, and the report's notes say so.
  case affected
}
