/// Finds every diff in a mail body, at any quote depth, and repairs mail damage.
///
/// Quote prefixes are stripped, lines broken by the mail client are joined,
/// context lines get back their leading space, text whose line breaks were lost
/// is cut back into lines, and a reviewer's comments inside a quoted diff are
/// lifted out and anchored to the diff line they follow. The diffstat and the
/// signature are not part of the patch. Each hunk header's counts are the
/// constraint a repair must meet; a hunk that cannot meet them is reported in
/// `problems` and kept as read.
///
/// ```swift
/// let found = PatchFinder.patches(in: reply)
/// found[0].quoteDepth                 // 2
/// found[0].comments[0].anchorText     // "+ migration_entry_wait_on_locked(entry, vmf->ptl);"
/// ```
public enum PatchFinder {
  public static func patches(in body: String) -> [RecoveredPatch] {
    // Most mail carries no diff: skip the line-by-line work for it.
    guard body.contains("@@ -") || body.contains("diff --git ") else { return [] }
    let lines = BodyLines.read(body)
    let identifiers = BodyIdentifiers(lines)
    var found: [RecoveredPatch] = []
    var index = 0
    // Per depth, the end of the lines a diff read there consumed: a diff at another depth
    // between them (a reviewer's proposal inside the quoted patch it answers) is still found.
    var readUntil: [Int: Int] = [:]
    while index < lines.count {
      let line = lines[index]
      if index < readUntil[line.depth, default: 0] {
        index += 1
      } else if line.text.hasPrefix("diff --git ") || isMarkerPair(lines, index, depth: line.depth)
      {
        var reader = DiffReader(lines: lines, depth: line.depth, identifiers: identifiers)
        let (patch, next) = reader.read(from: index)
        if !patch.patch.files.isEmpty || !patch.problems.isEmpty { found.append(patch) }
        readUntil[line.depth] = max(next, index + 1)
        index += 1
      } else {
        index += 1
      }
    }
    return found
  }

  static func isMarkerPair(_ lines: [BodyLine], _ index: Int, depth: Int) -> Bool {
    guard lines[index].content(atDepth: depth)?.hasPrefix("--- ") == true else { return false }
    // `+++` follows `---` at once; a few lines of other depths are allowed, not a scan.
    var next = index + 1
    while next < lines.count, next - index < 16, lines[next].content(atDepth: depth) == nil {
      next += 1
    }
    return next < lines.count && lines[next].content(atDepth: depth)?.hasPrefix("+++ ") == true
  }

  /// Words of three or more identifier characters, to tell `ent` + `ry` from
  /// `softleaf_t` + `entry` when rejoining a wrapped line.
  static func identifiers(in lines: [BodyLine]) -> Set<Substring> {
    var words: Set<Substring> = []
    for line in lines {
      let text = line.text
      var start: Substring.Index?
      var index = text.utf8.startIndex
      while true {
        let atEnd = index == text.utf8.endIndex
        let isWord = !atEnd && isIdentifierByte(text.utf8[index])
        if isWord, start == nil { start = index }
        if !isWord, let begin = start {
          if text.utf8.distance(from: begin, to: index) >= 3 { words.insert(text[begin..<index]) }
          start = nil
        }
        if atEnd { break }
        index = text.utf8.index(after: index)
      }
    }
    return words
  }

  @inline(__always)
  static func isIdentifierByte(_ byte: UInt8) -> Bool {
    byte == 0x5F || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
  }
}

/// The words of a mail body (``PatchFinder/identifiers(in:)``), read the first time a
/// wrapped line is rejoined: a well-formed patch, however large, never needs them.
final class BodyIdentifiers {
  private let lines: [BodyLine]
  private lazy var words: Set<Substring> = PatchFinder.identifiers(in: lines)

  init(_ lines: [BodyLine]) { self.lines = lines }

  func contains(_ word: Substring) -> Bool { words.contains(word) }
}
