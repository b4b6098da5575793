/// A patch's identity regardless of line numbers and white space: what
/// `git patch-id --stable` prints, so a cherry-pick without an upstream line is
/// still recognised.
///
/// Follows git's `builtin/patch-id.c`: header and hunk lines are hashed with all
/// white space removed, `index` lines, hunk headers and `\ No newline` markers are
/// skipped, and each file's SHA-1 is added into the result bytewise with carry so
/// that the order of files does not matter.
///
/// ```swift
/// PatchID(diff: text).hex  // "b4c5…"; equal to `git show C | git patch-id --stable`
/// ```
public struct PatchID: Hashable, Sendable, CustomStringConvertible {
  /// The 40 hex digits.
  public let hex: String

  /// Computes the stable patch id of unified diff text (`git diff` / `git show` output).
  /// `nil` when the text holds no diff.
  public init?(diff text: String) {
    var result = [UInt8](repeating: 0, count: 20)
    var hasher = SHA1()
    var before = -1
    var after = -1
    var length = 0
    var inBinary = false
    var sawDiff = false

    func flush() {
      let digest = hasher.finish()
      hasher = SHA1()
      var carry: UInt16 = 0
      for i in 0..<20 {
        carry += UInt16(result[i]) + UInt16(digest[i])
        result[i] = UInt8(truncatingIfNeeded: carry)
        carry >>= 8
      }
    }

    for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    {
      let line = Array(rawLine)
      if line.starts(with: Array("\\ ".utf8)) && line.count > 11 { continue }
      if !sawDiff {
        guard line.starts(with: Array("diff ".utf8)) else { continue }
        sawDiff = true
      }
      if before == -1 {
        if line.starts(with: Array("GIT binary patch".utf8))
          || line.starts(with: Array("Binary files".utf8))
        {
          inBinary = true
          before = 0
          flush()
          continue
        } else if line.starts(with: Array("index ".utf8)) {
          continue
        } else if line.starts(with: Array("--- ".utf8)) {
          before = 1
          after = 1
        } else if !PatchID.startsWithLetter(line) {
          break
        }
      }
      if inBinary {
        if line.starts(with: Array("diff ".utf8)) {
          inBinary = false
          before = -1
        }
        continue
      }
      if before == 0 && after == 0 {
        if line.starts(with: Array("@@ -".utf8)) {
          (before, after) = PatchID.hunkCounts(line)
          continue
        }
        guard line.starts(with: Array("diff ".utf8)) else { break }
        flush()
        before = -1
        after = -1
      }
      if let first = line.first {
        if first == UInt8(ascii: "-") || first == UInt8(ascii: " ") { before -= 1 }
        if first == UInt8(ascii: "+") || first == UInt8(ascii: " ") { after -= 1 }
      }
      let kept = line.filter { !($0 == 32 || (9...13).contains($0)) }
      length += kept.count
      hasher.update(kept)
    }
    guard sawDiff, length > 0 else { return nil }
    flush()
    hex = result.map { byte in
      let digits = Array("0123456789abcdef")
      return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }.joined()
  }

  public var description: String { hex }

  /// A patch id read back from a cache file.
  init?(hex: String) {
    guard hex.count == 40, hex.allSatisfy(\.isHexDigit) else { return nil }
    self.hex = hex
  }

  private static func startsWithLetter(_ line: [UInt8]) -> Bool {
    guard let first = line.first else { return false }
    return (65...90).contains(first) || (97...122).contains(first)
  }

  /// The old and new line counts of `@@ -a,b +c,d @@` (a missing count means 1).
  private static func hunkCounts(_ line: [UInt8]) -> (Int, Int) {
    let text = String(decoding: line, as: UTF8.self)
    let parts = text.split(separator: " ")
    guard parts.count >= 3 else { return (0, 0) }
    func count(_ range: Substring) -> Int {
      let fields = range.dropFirst().split(separator: ",")
      return fields.count > 1 ? Int(fields[1]) ?? 0 : 1
    }
    return (count(parts[1]), count(parts[2]))
  }
}
