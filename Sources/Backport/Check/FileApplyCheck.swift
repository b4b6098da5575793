import PatchDiff

/// Applies one file's hunks to the line's text the way `patch` does (the project's own
/// applier: offsets, then fuzz up to 2) and says where each hunk landed; a conflict gets
/// the closest place and the lines that differ.
///
/// ```swift
/// let check = FileApplyCheck(file, text: text)
/// check.hunks.map(\.status)  // [.clean, .fuzz]
/// ```
struct FileApplyCheck: Sendable {
  let hunks: [HunkCheck]
  /// The hunks as they would go into this text: old lines read from the file where they
  /// landed (`nil` when some hunk does not land, or the file is missing).
  let adapted: FilePatch?
  /// The file's text with the patch applied, when every hunk lands (`nil` for a deleted
  /// file, or when some hunk does not land).
  let patchedText: String?

  init(_ file: FilePatch, text: String?) {
    let path = file.path
    guard let text else {
      hunks = file.hunks.indices.map { index in
        HunkCheck(
          file: path, hunk: index + 1, status: file.isNew ? .clean : .missingFile, offset: 0,
          fuzz: 0, line: nil, closest: nil, differing: [])
      }
      adapted = file.isNew ? file : nil
      patchedText = file.isNew ? file.apply(to: "").text : nil
      return
    }
    let result = file.apply(to: text)
    let lines = FileLines(text)
    var checks: [HunkCheck] = []
    var adapted = file
    var fits = true
    for placement in result.hunks {
      let hunk = file.hunks[placement.hunk]
      let number = placement.hunk + 1
      switch placement.landing {
      case .clean, .offset, .fuzz:
        let (status, offset, fuzz): (HunkCheck.Status, Int, Int) =
          switch placement.landing {
          case .offset(let lines): (.offset, lines, 0)
          case .fuzz(let level, let lines): (.fuzz, lines, level)
          default: (.clean, 0, 0)
          }
        checks.append(
          HunkCheck(
            file: path, hunk: number, status: status, offset: offset, fuzz: fuzz,
            line: placement.line, closest: nil, differing: []))
        adapted.hunks[placement.hunk] = Self.adapt(hunk, at: placement.line ?? 1, in: lines)
      case .conflict:
        fits = false
        let place = ClosestPlace(hunk.oldLines, in: lines, near: hunk.oldStart - 1)
        checks.append(
          HunkCheck(
            file: path, hunk: number, status: .conflict, offset: 0, fuzz: 0, line: place.line,
            closest: place.summary, differing: place.differing))
      }
    }
    hunks = checks
    self.adapted = fits ? adapted : nil
    patchedText = fits && !file.isDeleted ? result.text : nil
  }

  /// The hunk with its old lines as the file reads them from `line` on (fuzz replaced
  /// context lines), and its header pointing there.
  static func adapt(_ hunk: Hunk, at line: Int, in file: FileLines) -> Hunk {
    var adapted = hunk
    var index = line - 1
    for position in adapted.lines.indices where adapted.lines[position].kind != .added {
      if index < file.lines.count { adapted.lines[position].text = file.lines[index] }
      index += 1
    }
    adapted.newStart += line - hunk.oldStart
    adapted.oldStart = line
    return adapted
  }
}
