extension Patch {
  /// Anchors every hunk in the file texts it was written against, ignoring
  /// whitespace, and re-emits it with the files' exact whitespace and line numbers.
  ///
  /// A repaired mail patch has lost its tabs; anchored, it applies with
  /// `git apply --check`. `files` maps old paths to their text at the base
  /// revision (the caller reads them, e.g. with `git show REV:path`). A hunk
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
      let squeezed = lines.map(Self.squeeze)
      var earliest = 0
      var shift = 0
      var delta = 0
      for (hunkIndex, hunk) in file.hunks.enumerated() {
        let pattern = hunk.oldLines.map { Self.squeeze($0[...]) }
        let expected = max(0, hunk.oldStart - 1 + shift)
        guard let position = Self.nearest(pattern, in: squeezed, near: expected, from: earliest)
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
        for index in anchored.lines.indices where anchored.lines[index].kind != .added {
          anchored.lines[index].text = String(lines[fileLine])
          fileLine += 1
        }
        anchored.oldStart = hunk.oldCount == 0 ? position : position + 1
        anchored.newStart = anchored.oldStart + delta
        if hunk.oldCount == 0 || hunk.newCount == 0 {
          anchored.newStart = max(0, anchored.newStart + (hunk.newCount == 0 ? -1 : 1))
        }
        shift = position - (hunk.oldStart - 1)
        delta += hunk.newCount - hunk.oldCount
        earliest = position + pattern.count
        result.files[fileIndex].hunks[hunkIndex] = anchored
      }
    }
    return (result, problems)
  }

  static func squeeze(_ line: Substring) -> String {
    String(line.unicodeScalars.filter { !$0.properties.isWhitespace })
  }

  static func nearest(
    _ pattern: [String], in lines: [String], near expected: Int, from earliest: Int
  )
    -> Int?
  {
    let highest = lines.count - pattern.count
    guard earliest <= highest else { return nil }
    let start = min(max(expected, earliest), highest)
    for distance in 0...max(start - earliest, highest - start) {
      for candidate in distance == 0 ? [start] : [start - distance, start + distance]
      where candidate >= earliest && candidate <= highest {
        if pattern.indices.allSatisfy({ lines[candidate + $0] == pattern[$0] }) { return candidate }
      }
    }
    return nil
  }
}
