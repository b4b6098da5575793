import Backport

/// The stable table: per `linux-X.Y.y` line, whether it has the bug, whether the fix goes in
/// and what it needs first.
public struct BackportTable: Sendable {
  public var subject: String
  /// `Fixes: ff5d832c3f4b ("mm/migrate: …"), first in v6.15`.
  public var fixes: String?
  /// `# v6.15+ → linux-6.15.y, …` and whether it agrees with the tree.
  public var statedRange: String?
  public var rows: [Row]
  public var notes: [String]
  /// A line has the bug and the fix does not go in as it is.
  public var needsWork: Bool

  public struct Row: Sendable {
    public var line: String
    public var affected: Bool
    public var status: LineStatus
    /// Hunks as they land: `fuzz, conflict`.
    public var hunks: String
    /// Identifiers the line lacks, and what brings them.
    public var needs: [String]
    /// `ok`, `stub-gap`, or nil when not built.
    public var builds: String?
    /// Errors and warnings of the analysis on the line's code.
    public var findings: Int
    public var needsWork: Bool
    public var evidence: [String]
  }
}
