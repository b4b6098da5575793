extension Patch {
  /// Anchors every hunk in the file texts it was written against, ignoring
  /// whitespace, and re-emits it with the files' exact whitespace and line numbers.
  ///
  /// A repaired mail patch has lost its tabs; anchored, it applies with
  /// `git apply --check`. `files` maps old paths to their text at the base
  /// revision (the caller reads them, e.g. with `git show REV:path`). Where the
  /// mail had collapsed the indentation, added lines are re-indented from the
  /// lines around them (see `Indentation`). A hunk
  /// that matches nowhere is kept as it was and reported.
  ///
  /// ```swift
  /// let (clean, problems) = recovered.patch.anchored(to: ["mm/memory.c": text])
  /// ```
  public func anchored(to files: [String: String]) -> (patch: Patch, problems: [Problem]) {
    var problems: [Problem] = []
    var result = self
    for (fileIndex, file) in self.files.enumerated() where !file.isNew && !file.isBinary {
      guard let text = files[file.oldPath] else {
        problems.append(
          Problem(
            line: file.hunks.first?.lines.first?.sourceLine ?? 0, file: file.oldPath,
            message: "no text given for \(file.oldPath) to anchor its hunks in"))
        continue
      }
      let lines = textLines(text)
      var squeezed = SqueezedLines(lines)
      var earliest = 0
      var shift = 0
      var delta = 0
      for (hunkIndex, hunk) in file.hunks.enumerated() {
        let pattern = hunk.oldLines.map { Self.squeeze($0[...]) }
        // `@@ -N,0 +M,K @@` (a pure insertion, as `git diff -U0` writes it) inserts after
        // line N: the place is N lines in, not N - 1 like a hunk whose first old line is N.
        let headerPlace = hunk.oldCount == 0 ? hunk.oldStart : hunk.oldStart - 1
        let expected = max(0, headerPlace + shift)
        guard let position = squeezed.nearest(pattern, near: expected, from: earliest)
        else {
          problems.append(
            Problem(
              line: hunk.lines.first?.sourceLine ?? 0, file: file.oldPath, hunk: hunkIndex,
              message:
                "hunk \(hunk.header.prefix(40)) matches no place in \(file.oldPath), whitespace ignored"
            ))
          continue
        }
        var anchored = hunk
        var fileLine = position
        var whitespaceLost = false
        for index in anchored.lines.indices where anchored.lines[index].kind != .added {
          // A line already as the tree has it is left alone: writing it would copy the
          // hunk's lines, and a patch of 200,000 hunks would then be held twice.
          if anchored.lines[index].text[...] != lines[fileLine] {
            let exact = String(lines[fileLine])
            whitespaceLost =
              whitespaceLost
              || Indentation.leading(exact) != Indentation.leading(anchored.lines[index].text)
            anchored.lines[index].text = exact
          }
          fileLine += 1
        }
        if whitespaceLost { anchored = Indentation.restore(anchored) }
        anchored.oldStart = hunk.oldCount == 0 ? position : position + 1
        anchored.newStart = anchored.oldStart + delta
        if hunk.oldCount == 0 || hunk.newCount == 0 {
          anchored.newStart = max(0, anchored.newStart + (hunk.newCount == 0 ? -1 : 1))
        }
        shift = position - headerPlace
        delta += hunk.newCount - hunk.oldCount
        earliest = position + pattern.count
        if anchored != hunk { result.files[fileIndex].hunks[hunkIndex] = anchored }
      }
    }
    return (result, problems)
  }

  /// The line without its whitespace: `\tif (x)  {` → `if(x){`.
  static func squeeze(_ line: Substring) -> String {
    let blanks: Set<UInt8> = [0x20, 0x09, 0x0D, 0x0B, 0x0C]
    if line.utf8.allSatisfy({ $0 < 0x80 }) {
      return String(decoding: line.utf8.filter { !blanks.contains($0) }, as: UTF8.self)
    }
    return String(line.unicodeScalars.filter { !$0.properties.isWhitespace })
  }
}

/// A file's lines, squeezed (see `Patch.squeeze`) only when a hunk is compared with them:
/// a hunk is usually found at or near its own line numbers, so most lines are never looked at.
struct SqueezedLines {
  let lines: [Substring]
  private var squeezed: [String?]

  init(_ lines: [Substring]) {
    self.lines = lines
    squeezed = Array(repeating: nil, count: lines.count)
  }

  mutating func line(_ index: Int) -> String {
    if let known = squeezed[index] { return known }
    let line = Patch.squeeze(lines[index])
    squeezed[index] = line
    return line
  }

  /// The first line of the place nearest `expected` (not before `earliest`) where `pattern` matches.
  mutating func nearest(_ pattern: [String], near expected: Int, from earliest: Int) -> Int? {
    let highest = lines.count - pattern.count
    guard earliest <= highest else { return nil }
    let start = min(max(expected, earliest), highest)
    for distance in 0...max(start - earliest, highest - start) {
      for candidate in distance == 0 ? [start] : [start - distance, start + distance]
      where candidate >= earliest && candidate <= highest {
        if pattern.indices.allSatisfy({ line(candidate + $0) == pattern[$0] }) { return candidate }
      }
    }
    return nil
  }
}
