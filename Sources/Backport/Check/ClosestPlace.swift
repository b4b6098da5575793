/// Where a block of lines comes closest to matching a file, for a conflict report: the
/// position with the most equal lines (white space ignored), the nearest to where the
/// hunk header points on a tie, and the lines that differ there.
///
/// ```swift
/// let place = ClosestPlace(["a", "b", "c"], in: file, near: 120)
/// place.line       // 118 (1-based)
/// place.matched    // 2
/// place.differing  // [Difference(line: 119, expected: "b", actual: "B")]
/// ```
struct ClosestPlace: Sendable {
  /// 1-based line of the file where the block's first line would be.
  let line: Int
  let matched: Int
  let total: Int
  let differing: [HunkCheck.Difference]

  init(_ block: [String], in file: FileLines, near expected: Int) {
    let pattern = block.map(FileLines.squeeze)
    let lastStart = max(0, file.squeezed.count - pattern.count)
    var best = (start: min(max(0, expected), lastStart), score: -1)
    for start in 0...lastStart {
      var score = 0
      for (offset, line) in pattern.enumerated()
      where start + offset < file.squeezed.count && file.squeezed[start + offset] == line {
        score += 1
      }
      let closer = abs(start - expected) < abs(best.start - expected)
      if score > best.score || (score == best.score && closer) { best = (start, score) }
    }
    line = best.start + 1
    matched = max(0, best.score)
    total = pattern.count
    differing = block.enumerated().compactMap { offset, expectedLine in
      let index = best.start + offset
      let actual = index < file.lines.count ? file.lines[index] : nil
      guard actual.map(FileLines.squeeze) != pattern[offset] else { return nil }
      return HunkCheck.Difference(line: index + 1, expected: expectedLine, actual: actual)
    }
  }

  /// `line 4101 (5 of 9 lines match)`.
  var summary: String { "line \(line) (\(matched) of \(total) lines match)" }
}
