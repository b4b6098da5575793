/// A patch found in a mail body, repaired from mail damage where that was possible.
///
/// ```swift
/// for found in PatchFinder.patches(in: body) {
///   print(found.quoteDepth, found.patch.files.map(\.path), found.repairs.count)
/// }
/// ```
public struct RecoveredPatch: Sendable, Hashable {
  /// How many `>` levels quoted the diff (0 for a diff posted as is).
  public var quoteDepth: Int
  /// The patch with every repairable hunk repaired. Hunks listed in
  /// `problems` are kept as read, unchanged.
  public var patch: Patch
  /// What was changed to undo the mail damage, and why.
  public var repairs: [Repair]
  /// Hunks that could not be repaired, with the reason.
  public var problems: [Problem]
  /// Reviewer text found inside the quoted diff.
  public var comments: [InlineComment]
  /// 1-based input line where the diff starts.
  public var firstLine: Int

  public init(
    quoteDepth: Int, patch: Patch, repairs: [Repair] = [], problems: [Problem] = [],
    comments: [InlineComment] = [], firstLine: Int = 0
  ) {
    self.quoteDepth = quoteDepth
    self.patch = patch
    self.repairs = repairs
    self.problems = problems
    self.comments = comments
    self.firstLine = firstLine
  }

  /// Whether anything was changed to recover the patch.
  public var repaired: Bool { !repairs.isEmpty }
}

/// One change made to undo mail damage.
public struct Repair: Sendable, Hashable, CustomStringConvertible {
  public enum Kind: Sendable, Hashable {
    /// A line broken by the mail client was joined with the one before it.
    case joinedWrappedLine
    /// A hunk header's function context continued on the next line.
    case joinedWrappedHunkHeader
    /// A context line had lost its leading space.
    case restoredContextSpace
    /// Blank context lines at the very end of the text had been stripped.
    case restoredTrailingBlankContext
    /// Text whose line breaks were lost was cut into lines at ` > `.
    case resegmentedFlattenedText
    /// Reviewer text inside a flattened diff line was cut off it.
    case splitOffComment
    /// Whitespace and line numbers taken from the file the hunk was anchored in.
    case anchoredInFile
  }

  public var kind: Kind
  /// 1-based input line the repair concerns.
  public var line: Int
  public var file: String
  public var detail: String

  public init(kind: Kind, line: Int, file: String, detail: String) {
    self.kind = kind
    self.line = line
    self.file = file
    self.detail = detail
  }

  public var description: String { "line \(line): \(file): \(detail)" }
}

/// A hunk (or file) that could not be recovered or anchored, with the reason.
public struct Problem: Sendable, Hashable, CustomStringConvertible {
  /// 1-based input line (of the hunk header, usually).
  public var line: Int
  public var file: String
  /// Index of the hunk in its file, when the problem concerns one hunk.
  public var hunk: Int?
  public var message: String

  public init(line: Int, file: String, hunk: Int? = nil, message: String) {
    self.line = line
    self.file = file
    self.hunk = hunk
    self.message = message
  }

  public var description: String { "line \(line): \(file): \(message)" }
}

/// Reviewer text that interrupts a quoted diff, anchored to the diff line it follows.
public struct InlineComment: Sendable, Hashable {
  /// The comment, its own quote prefixes removed, one entry per line.
  public var text: [String]
  /// 1-based input line where the comment starts.
  public var line: Int
  /// Quote depth of the comment (lower than the diff's).
  public var quoteDepth: Int
  public var file: String
  /// Index of the hunk in `file`'s hunks, and of the hunk line the comment follows.
  public var hunk: Int
  public var afterLine: Int
  /// The text of the hunk line the comment follows, with its marker (`+ pte_unmap(…)`).
  public var anchorText: String

  public init(
    text: [String], line: Int, quoteDepth: Int, file: String, hunk: Int, afterLine: Int,
    anchorText: String
  ) {
    self.text = text
    self.line = line
    self.quoteDepth = quoteDepth
    self.file = file
    self.hunk = hunk
    self.afterLine = afterLine
    self.anchorText = anchorText
  }
}
