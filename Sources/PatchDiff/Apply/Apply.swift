/// Where one hunk landed when a patch was applied to a text.
public enum Landing: Sendable, Hashable, Codable, CustomStringConvertible {
  /// At the line its header names.
  case clean
  /// All its lines matched, this many lines away from the header's line.
  case offset(Int)
  /// Matched only after ignoring this many context lines at each end.
  case fuzz(Int, offset: Int)
  /// Did not match anywhere; the reason names the first line that differs.
  case conflict(String)

  public var description: String {
    switch self {
    case .clean: "clean"
    case .offset(let lines): "offset \(lines)"
    case .fuzz(let fuzz, let offset): "fuzz \(fuzz)" + (offset == 0 ? "" : ", offset \(offset)")
    case .conflict(let reason): "conflict: \(reason)"
    }
  }
}

/// One hunk's outcome.
public struct HunkPlacement: Sendable, Hashable, Codable {
  /// Index of the hunk in the list applied.
  public var hunk: Int
  public var landing: Landing
  /// 1-based line of the original text where the hunk's first line landed.
  public var line: Int?
}

/// The text after applying the hunks that fit, and where each hunk landed.
public struct ApplyResult: Sendable, Hashable, Codable {
  /// The text with every hunk that landed applied.
  public var text: String
  public var hunks: [HunkPlacement]

  /// Every hunk landed (cleanly, with offset or with fuzz).
  public var applied: Bool {
    hunks.allSatisfy {
      if case .conflict = $0.landing { false } else { true }
    }
  }
}

/// Applies hunks to a file's text the way `patch` does: at the header's line,
/// else at the nearest line where all old lines match (offset), else ignoring
/// up to `maxFuzz` context lines at each end (fuzz). A hunk that fits nowhere
/// is a conflict and leaves the text unchanged; the others still apply.
///
/// ```swift
/// let result = apply(patch.files[0].hunks, to: oldText)
/// result.hunks.map(\.landing)   // [.clean, .offset(3)]
/// ```
public func apply(_ hunks: [Hunk], to text: String, maxFuzz: Int = 2) -> ApplyResult {
  let lines = textLines(text)
  var output = AppliedText(text: text, lines: lines)
  var placements: [HunkPlacement] = []
  placements.reserveCapacity(hunks.count)
  var consumed = 0
  var lastOffset = 0
  for (index, hunk) in hunks.enumerated() {
    let headerStart = hunk.oldCount == 0 ? hunk.oldStart : hunk.oldStart - 1
    guard
      let fit = Placement.find(
        hunk, in: lines, near: headerStart + lastOffset, from: consumed, maxFuzz: maxFuzz)
    else {
      let reason = Placement.mismatch(hunk, in: lines, at: max(0, headerStart + lastOffset))
      placements.append(HunkPlacement(hunk: index, landing: .conflict(reason), line: nil))
      continue
    }
    let offset = fit.start - headerStart
    lastOffset = offset
    let replaced = fit.start + fit.head
    output.appendOriginal(consumed..<replaced)
    let new = hunk.newLines
    for line in new[fit.head..<max(fit.head, new.count - fit.tail)] { output.append(line[...]) }
    consumed = replaced + hunk.oldCount - fit.head - fit.tail
    let landing: Landing =
      fit.fuzz > 0 ? .fuzz(fit.fuzz, offset: offset) : offset == 0 ? .clean : .offset(offset)
    placements.append(HunkPlacement(hunk: index, landing: landing, line: max(1, fit.start + 1)))
  }
  output.appendOriginal(min(consumed, lines.count)..<lines.count)
  var result = output.text
  if !output.isEmpty, text.hasSuffix("\n") || lines.isEmpty { result += "\n" }
  return ApplyResult(text: result, hunks: placements)
}

/// The post-image being written: lines joined by `\n`, where a run of untouched lines is
/// copied from the pre-image in one piece (unless it has `\r\n` ends, which become `\n`).
struct AppliedText {
  let original: String
  let lines: [Substring]
  let copiesRuns: Bool
  private(set) var text = ""
  private(set) var isEmpty = true

  init(text: String, lines: [Substring]) {
    original = text
    self.lines = lines
    copiesRuns =
      !(text.utf8.withContiguousStorageIfAvailable { $0.contains(0x0D) }
      ?? text.utf8.contains(0x0D))
    self.text.reserveCapacity(text.utf8.count + 4096)
  }

  mutating func append(_ line: Substring) {
    if !isEmpty { text += "\n" }
    text += line
    isEmpty = false
  }

  mutating func appendOriginal(_ range: Range<Int>) {
    guard !range.isEmpty else { return }
    guard copiesRuns else {
      for line in lines[range] { append(line) }
      return
    }
    append(original[lines[range.lowerBound].startIndex..<lines[range.upperBound - 1].endIndex])
  }
}

extension FilePatch {
  /// Applies this file's hunks to its old text. See ``apply(_:to:maxFuzz:)``.
  public func apply(to text: String, maxFuzz: Int = 2) -> ApplyResult {
    PatchDiff.apply(hunks, to: text, maxFuzz: maxFuzz)
  }
}

enum Placement {
  /// Where a hunk fits: its first line (0-based), the context lines left
  /// unchecked at each end, and the fuzz that took.
  struct Fit {
    var start: Int
    var head: Int
    var tail: Int
    var fuzz: Int
  }

  static func find(
    _ hunk: Hunk, in lines: [Substring], near expected: Int, from earliest: Int, maxFuzz: Int
  ) -> Fit? {
    let old = hunk.oldLines
    let leading = hunk.lines.prefix { $0.kind == .context }.count
    let trailing = hunk.lines.reversed().prefix { $0.kind == .context }.count
    var tried: (Int, Int)?
    for fuzz in 0...max(0, maxFuzz) {
      let head = min(fuzz, leading)
      let tail = min(fuzz, trailing, old.count - head)
      if let tried, tried == (head, tail) { continue }
      tried = (head, tail)
      let pattern = old[head..<(old.count - tail)]
      let lowest = earliest
      let highest = lines.count - pattern.count
      guard lowest <= highest else { continue }
      let start = min(max(expected + head, lowest), highest)
      for distance in 0...max(start - lowest, highest - start) {
        for candidate in distance == 0 ? [start] : [start - distance, start + distance]
        where candidate >= lowest && candidate <= highest {
          if matches(pattern, lines, at: candidate) {
            return Fit(start: candidate - head, head: head, tail: tail, fuzz: fuzz)
          }
        }
      }
    }
    return nil
  }

  static func matches(_ pattern: ArraySlice<String>, _ lines: [Substring], at start: Int) -> Bool {
    for (offset, line) in pattern.enumerated() where lines[start + offset] != line[...] {
      return false
    }
    return true
  }

  /// Why the hunk does not fit at `start`: the first line that differs.
  static func mismatch(_ hunk: Hunk, in lines: [Substring], at start: Int) -> String {
    for (offset, expected) in hunk.oldLines.enumerated() {
      let number = start + offset
      guard number < lines.count else {
        return
          "the text ends at line \(lines.count), the hunk needs \(hunk.oldCount) lines from line \(start + 1)"
      }
      if lines[number] != expected[...] {
        return
          "line \(number + 1) reads \"\(PatchError.clip(String(lines[number])))\", the hunk expects \"\(PatchError.clip(expected))\""
      }
    }
    return "no position matches"
  }
}
