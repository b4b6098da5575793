/// `git patch-id --stable`: a patch's identity that survives line shifts,
/// whitespace changes and file reordering, as git computes it
/// (builtin/patch-id.c): per file, the SHA-1 of the diff lines with all
/// whitespace removed (`index` lines and hunk headers left out); the file
/// sums added bytewise with carry.
///
/// ```swift
/// PatchID.stable(of: try String(contentsOfFile: "fix.patch"))   // "3b1f…"
/// recovered.patch.patchID                                         // same
/// ```
public enum PatchID {
  /// The id of the first patch in `text` (a diff, or a commit with its diff),
  /// or nil when it has no diff lines.
  public static func stable(of text: String) -> String? {
    var result = [UInt8](repeating: 0, count: 20)
    var hash = SHA1()
    var length = 0
    var before = -1
    var after = -1
    var binary = false
    var preImage = ""
    var postImage = ""
    for line in textLines(text) {
      if isCommitLine(line) {
        if length > 0 { break }
        continue
      }
      if length == 0, !line.hasPrefix("diff ") { continue }
      if before == -1 {
        if line.hasPrefix("GIT binary patch") || line.hasPrefix("Binary files") {
          binary = true
          before = 0
          hash.update(preImage.utf8)
          hash.update(postImage.utf8)
          flush(&hash, into: &result)
          continue
        } else if line.hasPrefix("index ") {
          let ids = line.dropFirst(6)
          if let dots = ids.firstRange(of: "..") {
            preImage = String(ids[..<dots.lowerBound])
            let post = ids[dots.upperBound...]
            postImage = String(post.prefix { $0 != " " })
          }
          continue
        } else if line.hasPrefix("--- ") {
          before = 1
          after = 1
        } else if !(line.first?.isASCII == true && line.first?.isLetter == true) {
          break
        }
      }
      if binary {
        if line.hasPrefix("diff ") {
          binary = false
          before = -1
        }
        continue
      }
      if before == 0, after == 0 {
        if line.hasPrefix("@@ -") {
          guard let hunk = DiffHeader.hunkHeader(line) else { break }
          before = hunk.oldCount
          after = hunk.newCount
          continue
        }
        if !line.hasPrefix("diff ") { break }
        flush(&hash, into: &result)
        before = -1
        after = -1
      }
      if line.hasPrefix("-") || line.hasPrefix(" ") { before -= 1 }
      if line.hasPrefix("+") || line.hasPrefix(" ") { after -= 1 }
      let squeezed = line.utf8.filter { !isSpace($0) }
      length += squeezed.count
      hash.update(squeezed)
    }
    guard length > 0 else { return nil }
    flush(&hash, into: &result)
    return result.map { byte in
      let digits = Array("0123456789abcdef")
      return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }.joined()
  }

  /// `commit <id>` or `From <id>`: the next patch of a log starts.
  static func isCommitLine(_ line: Substring) -> Bool {
    let id: Substring
    if line.hasPrefix("commit ") {
      id = line.dropFirst(7)
    } else if line.hasPrefix("From ") {
      id = line.dropFirst(5)
    } else {
      return false
    }
    let hex = id.prefix { $0.isHexDigit }
    return hex.count == 40
  }

  /// C's `isspace`: space, \t, \n, \v, \f, \r.
  static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
  }

  static func flush(_ hash: inout SHA1, into result: inout [UInt8]) {
    let digest = hash.finish()
    hash = SHA1()
    var carry: UInt16 = 0
    for index in 0..<20 {
      carry += UInt16(result[index]) + UInt16(digest[index])
      result[index] = UInt8(truncatingIfNeeded: carry)
      carry >>= 8
    }
  }
}

extension Patch {
  /// `git patch-id --stable` of ``text``; nil for a patch without diff lines.
  public var patchID: String? { PatchID.stable(of: text) }
}
