/// A unified diff: the files it changes, in the order the diff lists them.
///
/// ```swift
/// let patch = try PatchParser.parse(text)
/// patch.files.map(\.newPath)   // ["include/linux/migrate.h", "mm/memory.c"]
/// ```
public struct Patch: Sendable, Hashable {
  /// One entry per `diff --git` (or `---`/`+++` pair) section.
  public var files: [FilePatch]

  public init(files: [FilePatch]) {
    self.files = files
  }
}

/// The changes a patch makes to one file.
public struct FilePatch: Sendable, Hashable {
  /// Path before the change, without the `a/` prefix; `/dev/null` for a new file.
  public var oldPath: String
  /// Path after the change, without the `b/` prefix; `/dev/null` for a deleted file.
  public var newPath: String
  /// The hunks, in file order.
  public var hunks: [Hunk]
  /// `new file mode` was given.
  public var isNew: Bool
  /// `deleted file mode` was given.
  public var isDeleted: Bool
  /// `Binary files … differ` or `GIT binary patch`: no hunks can be read.
  public var isBinary: Bool
  /// Extended header lines kept verbatim (`index …`, `new file mode …`, `rename from …`).
  public var headerLines: [String]

  public init(
    oldPath: String, newPath: String, hunks: [Hunk] = [], isNew: Bool = false,
    isDeleted: Bool = false, isBinary: Bool = false, headerLines: [String] = []
  ) {
    self.oldPath = oldPath
    self.newPath = newPath
    self.hunks = hunks
    self.isNew = isNew
    self.isDeleted = isDeleted
    self.isBinary = isBinary
    self.headerLines = headerLines
  }

  /// The path a reviewer names the file by: the new path, or the old one for a deletion.
  public var path: String { isDeleted ? oldPath : newPath }
}

/// One `@@ -oldStart,oldCount +newStart,newCount @@ section` block.
public struct Hunk: Sendable, Hashable {
  public var oldStart: Int
  public var oldCount: Int
  public var newStart: Int
  public var newCount: Int
  /// The function context git prints after the second `@@` (`vm_fault_t do_swap_page(…)`).
  public var section: String
  public var lines: [HunkLine]

  public init(
    oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, section: String = "",
    lines: [HunkLine] = []
  ) {
    self.oldStart = oldStart
    self.oldCount = oldCount
    self.newStart = newStart
    self.newCount = newCount
    self.section = section
    self.lines = lines
  }

  /// The lines of the file before the change: context and removed lines.
  public var oldLines: [String] { lines.filter { $0.kind != .added }.map(\.text) }
  /// The lines of the file after the change: context and added lines.
  public var newLines: [String] { lines.filter { $0.kind != .removed }.map(\.text) }

  /// Whether the lines agree with the counts in the header.
  public var countsSatisfied: Bool {
    oldLines.count == oldCount && newLines.count == newCount
  }
}

/// One line of a hunk, without its `+`/`-`/space marker.
public struct HunkLine: Sendable, Hashable {
  public enum Kind: Sendable, Hashable {
    case context, added, removed

    /// The marker character git writes in front of the line.
    public var marker: Character {
      switch self {
      case .context: " "
      case .added: "+"
      case .removed: "-"
      }
    }
  }

  public var kind: Kind
  public var text: String
  /// 1-based line in the input text this line came from (0 when synthesised).
  public var sourceLine: Int
  /// `\ No newline at end of file` followed this line.
  public var noNewlineAtEnd: Bool

  public init(_ kind: Kind, _ text: String, sourceLine: Int = 0, noNewlineAtEnd: Bool = false) {
    self.kind = kind
    self.text = text
    self.sourceLine = sourceLine
    self.noNewlineAtEnd = noNewlineAtEnd
  }
}
