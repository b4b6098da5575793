import PatchDiff

/// Whether a line's files hold the lines a fix removes (its pre-image: the bug is there)
/// or the lines it adds (its post-image: the fix is there), white space ignored and the
/// line's older spellings substituted (`softleaf_is_hwpoison` → `is_hwpoison_entry`).
///
/// ```swift
/// let content = ContentCheck(patch: patch, files: texts, renames: ["softleaf_t": "swp_entry_t"])
/// content.preImagePresent   // false
/// content.evidence          // ["mm/memory.c hunk 1: pre-image not found; closest …"]
/// ```
struct ContentCheck: Sendable {
  let preImagePresent: Bool
  let postImagePresent: Bool
  let evidence: [String]

  init(patch: Patch, files: [String: FileLines], renames: [String: String]) {
    var preImage = true
    var postImage = true
    var checkedRemoval = false
    var evidence: [String] = []
    for file in patch.files where file.isNew {
      // A file the patch creates: its post-image is there only if the line has the file
      // with those lines already.
      let new = file.hunks.flatMap(\.lines).filter { $0.kind != .removed }
      let pattern = new.map { FileLines.squeeze(Self.respell($0.text, renames)) }
      if let lines = files[file.newPath], lines.find(pattern) != nil { continue }
      postImage = false
    }
    for file in patch.files where !file.isNew {
      guard let lines = files[file.oldPath] else {
        preImage = false
        postImage = false
        evidence.append("\(file.oldPath) is not in the line")
        continue
      }
      for (index, hunk) in file.hunks.enumerated() {
        let old = hunk.lines.filter { $0.kind != .added }
        let new = hunk.lines.filter { $0.kind != .removed }
        let oldPattern = old.map { FileLines.squeeze(Self.respell($0.text, renames)) }
        let newPattern = new.map { FileLines.squeeze(Self.respell($0.text, renames)) }
        let removes = hunk.lines.contains { $0.kind == .removed }
        if removes {
          checkedRemoval = true
          if !lines.contains(oldPattern, isContext: old.map { $0.kind == .context }, fuzz: 1) {
            preImage = false
            let place = ClosestPlace(
              old.map { Self.respell($0.text, renames) }, in: lines, near: hunk.oldStart - 1)
            let missing = place.differing.map { "`\($0.expected.trimmed)`" }
            evidence.append(
              "\(file.oldPath) hunk \(index + 1): the lines it changes are not there; closest "
                + "\(place.summary), missing \(missing.joined(separator: ", "))")
          }
        }
        if !lines.contains(newPattern, isContext: new.map { $0.kind == .context }, fuzz: 1) {
          postImage = false
        }
      }
    }
    preImagePresent = preImage
    postImagePresent = postImage && !(checkedRemoval && preImage)
    if !checkedRemoval {
      evidence.append("the patch removes no line: its pre-image says nothing about the bug")
    }
    self.evidence = evidence
  }

  /// The line with each identifier that has an older spelling replaced by it.
  static func respell(_ line: String, _ renames: [String: String]) -> String {
    guard !renames.isEmpty else { return line }
    var out = ""
    var word = ""
    func flush() {
      out += renames[word] ?? word
      word = ""
    }
    for character in line {
      if character == "_" || character.isLetter || character.isNumber {
        word.append(character)
      } else {
        flush()
        out.append(character)
      }
    }
    flush()
    return out
  }
}

extension String {
  /// Without leading and trailing white space.
  var trimmed: String {
    String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
  }
}
