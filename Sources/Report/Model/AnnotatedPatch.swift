import LockAnalysis

/// One patch as a reviewer reads it: its diff, file by file and hunk by hunk, with each
/// finding of the analysis placed under the line it is about.
///
/// A finding whose line the hunks do not show is placed on extra context lines read from
/// the tree (``DiffLine/fromTree``) when it is near a hunk, else listed in ``elsewhere``
/// with the line's text from the tree when there is one.
public struct AnnotatedPatch: Sendable {
  /// `p1`: the anchor of the patch in the page.
  public var anchor: String
  public var number: Int
  public var subject: String
  /// The anchor of the message that posts (or quotes) it, when the input has it.
  public var message: String?
  /// Where the reply about this patch goes (nil: the input had no headers to answer).
  public var replyTo: ReplyTarget?
  public var files: [FileDiff]
  /// Findings about lines the diff does not show.
  public var elsewhere: [FindingNote]
  /// `mm/memory.c: from the hunks alone (no tree)`; a function's walk cut short.
  public var notes: [String]

  /// Every finding, wherever it is shown.
  public var allFindings: [FindingNote] {
    files.flatMap { $0.hunks.flatMap { $0.lines.flatMap(\.findings) } } + elsewhere
  }
}

/// The mail a reply answers: its headers as the reply needs them.
public struct ReplyTarget: Sendable, Equatable {
  public var messageID: String?
  /// The References of the patch mail, oldest first (the reply's References add messageID).
  public var references: [String]
  public var subject: String
  /// The patch's author (`Name <address>`), who the reply goes to.
  public var from: String?
  /// The patch mail's To and Cc, who the reply copies.
  public var cc: [String]
  /// `Thomas Hellström`, for `On <date>, <name> wrote:`.
  public var authorName: String?
  public var date: String?
}

/// One file of a patch.
public struct FileDiff: Sendable {
  public var path: String
  /// `mm/memory.c` or `a/old.c → b/new.c`.
  public var title: String
  public var hunks: [HunkView]
}

/// One hunk: its `@@` header and its lines.
public struct HunkView: Sendable {
  public var header: String
  public var lines: [DiffLine]
}

/// A line of a diff with its numbers in the old and new file, and the findings at it.
public struct DiffLine: Sendable {
  public enum Kind: String, Sendable, Codable {
    case context, added, removed
  }

  public var kind: Kind
  public var oldNumber: Int?
  public var newNumber: Int?
  public var text: String
  /// A context line the patch does not show, read from the tree to place a finding.
  public var fromTree: Bool
  public var findings: [FindingNote]

  /// `+`, `-` or a space, as git writes it.
  public var marker: String {
    switch kind {
    case .context: " "
    case .added: "+"
    case .removed: "-"
    }
  }
}

/// A finding as the report shows it.
public struct FindingNote: Sendable, Equatable {
  /// `f3`: the anchor of the finding in the page.
  public var anchor: String
  public var rule: RuleID
  public var severity: Finding.Severity
  public var file: String
  public var line: Int
  public var function: String
  public var message: String
  /// The primitive operations along the path that shows it (`pte_offset_map_lock(vmf->ptl) at 4666`).
  public var path: [String]
  /// The line's text from the tree, for a finding the diff does not show.
  public var sourceText: String?
}
