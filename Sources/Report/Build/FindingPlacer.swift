import LockAnalysis
import PatchDiff
import PathFormat

/// Puts each finding of a patch at the diff line it is about.
///
/// A finding names a line of the post-image where it exists, else of the pre-image. It goes
/// under the added or context line of that new number, else under the removed or context
/// line of that old number. A line the hunks do not show but within ``reach`` lines of a
/// hunk is shown as extra context read from the tree at the base revision, so the finding
/// still sits at its line; anything else is listed apart with its line's text.
struct FindingPlacer {
  let baseFile: ((String) -> String?)?
  /// How far from a hunk a finding's line may be for the hunk to be widened to it.
  static let reach = 12
  private var texts: [String: [Substring]?] = [:]
  private var numbered = 0

  init(baseFile: ((String) -> String?)?) {
    self.baseFile = baseFile
  }

  /// The patch's files and hunks as diff lines, its findings placed.
  ///
  /// - Complexity: O(d + f·h) for d diff lines, f findings and h hunks.
  mutating func annotate(_ posted: Patch, findings: [Finding]) -> AnnotatedPatch {
    // Shown with the tree's whitespace when it has the files (mail often loses tabs).
    var texts: [String: String] = [:]
    for file in posted.files where !file.isNew {
      if let lines = lines(of: file.oldPath) { texts[file.oldPath] = lines.joined(separator: "\n") }
    }
    let patch = texts.isEmpty ? posted : posted.anchored(to: texts).patch
    var files = patch.files.map { file in
      FileDiff(
        path: file.path,
        title: file.oldPath == file.newPath || file.isNew || file.isDeleted
          ? file.path : "\(file.oldPath) → \(file.newPath)",
        hunks: file.hunks.map(Self.view))
    }
    var elsewhere: [FindingNote] = []
    for finding in findings {
      numbered += 1
      var note = Self.note(finding, anchor: "f\(numbered)")
      guard
        let slot = files.firstIndex(where: { $0.path == finding.file })
          ?? patch.files.firstIndex(where: { $0.oldPath == finding.file })
      else {
        note.sourceText = line(finding.line, of: finding.file)
        elsewhere.append(note)
        continue
      }
      if Self.place(note, in: &files[slot].hunks) { continue }
      let oldPath = patch.files[slot].oldPath
      if let text = lines(of: oldPath), widen(&files[slot].hunks, to: finding.line, text: text),
        Self.place(note, in: &files[slot].hunks)
      {
        continue
      }
      note.sourceText = line(finding.line, of: oldPath)
      elsewhere.append(note)
    }
    let annotated = AnnotatedPatch(
      anchor: "", number: 0, subject: "", message: nil, replyTo: nil, files: files,
      elsewhere: elsewhere, notes: [])
    assert(annotated.allFindings.count == findings.count, "every finding is shown exactly once")
    return annotated
  }

  static func note(_ finding: Finding, anchor: String) -> FindingNote {
    // A call step is shown only when it is the whole path, as `lockstep analyze` does.
    let path = finding.path.filter { $0.op != .call || finding.path.count == 1 }.map(\.summary)
    return FindingNote(
      anchor: anchor, rule: finding.rule, severity: finding.severity, file: finding.file,
      line: finding.line, function: finding.function, message: finding.message, path: path,
      sourceText: nil)
  }

  /// A hunk's lines numbered in the old and the new file.
  static func view(_ hunk: Hunk) -> HunkView {
    var old = hunk.oldStart
    var new = hunk.newStart
    var lines: [DiffLine] = []
    for line in hunk.lines {
      switch line.kind {
      case .context:
        lines.append(DiffLine(kind: .context, oldNumber: old, newNumber: new, text: line.text))
        old += 1
        new += 1
      case .added:
        lines.append(DiffLine(kind: .added, oldNumber: nil, newNumber: new, text: line.text))
        new += 1
      case .removed:
        lines.append(DiffLine(kind: .removed, oldNumber: old, newNumber: nil, text: line.text))
        old += 1
      }
    }
    let section = hunk.section.isEmpty ? "" : " \(hunk.section)"
    return HunkView(
      header:
        "@@ -\(hunk.oldStart),\(hunk.oldCount) +\(hunk.newStart),\(hunk.newCount) @@\(section)",
      lines: lines)
  }

  /// Places `note` under the line of its number, the new side first; false when no hunk shows it.
  static func place(_ note: FindingNote, in hunks: inout [HunkView]) -> Bool {
    for side in [\DiffLine.newNumber, \DiffLine.oldNumber] {
      for hunk in hunks.indices {
        if let line = hunks[hunk].lines.firstIndex(where: { $0[keyPath: side] == note.line }) {
          hunks[hunk].lines[line].findings.append(note)
          return true
        }
      }
    }
    return false
  }

  /// Adds the tree's lines between the nearest hunk and `number` (an old-file line) as context.
  private func widen(_ hunks: inout [HunkView], to number: Int, text: [Substring]) -> Bool {
    guard number >= 1, number <= text.count else { return false }
    for index in hunks.indices {
      let lines = hunks[index].lines
      guard let firstOld = lines.compactMap(\.oldNumber).first,
        let lastOld = lines.compactMap(\.oldNumber).last,
        let firstNew = lines.compactMap(\.newNumber).first,
        let lastNew = lines.compactMap(\.newNumber).last
      else { continue }
      if number < firstOld, firstOld - number <= Self.reach {
        let shift = firstNew - firstOld
        let added = (number..<firstOld).map {
          DiffLine(
            kind: .context, oldNumber: $0, newNumber: $0 + shift, text: String(text[$0 - 1]),
            fromTree: true)
        }
        hunks[index].lines.insert(contentsOf: added, at: 0)
        return true
      }
      if number > lastOld, number - lastOld <= Self.reach {
        let shift = lastNew - lastOld
        let added = (lastOld + 1...number).map {
          DiffLine(
            kind: .context, oldNumber: $0, newNumber: $0 + shift, text: String(text[$0 - 1]),
            fromTree: true)
        }
        hunks[index].lines.append(contentsOf: added)
        return true
      }
    }
    return false
  }

  private mutating func lines(of path: String) -> [Substring]? {
    if let cached = texts[path] { return cached }
    let split = baseFile?(path).map {
      $0.split(separator: "\n", omittingEmptySubsequences: false)
    }
    texts[path] = split
    return split
  }

  private mutating func line(_ number: Int, of path: String) -> String? {
    guard let text = lines(of: path), number >= 1, number <= text.count else { return nil }
    return String(text[number - 1])
  }
}

extension DiffLine {
  init(kind: Kind, oldNumber: Int?, newNumber: Int?, text: String, fromTree: Bool = false) {
    self.init(
      kind: kind, oldNumber: oldNumber, newNumber: newNumber, text: text, fromTree: fromTree,
      findings: [])
  }
}
