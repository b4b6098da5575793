/// One line of a mail body with its quote prefix taken apart.
///
/// `> > >ptl);` is depth 3 with text `ptl);` and `tight` set: the last `>`
/// touches the text, so inside a depth-2 diff it is the wrapped tail
/// `>ptl);` of `vmf->ptl`, not a third quote level.
struct BodyLine: Sendable {
  /// Text after the quote prefix.
  var text: Substring
  var depth: Int
  /// The last `>` of the prefix is directly followed by text.
  var tight: Bool
  /// 1-based line of the input.
  var source: Int
  /// Cut out of a line whose line breaks were lost.
  var flattened: Bool = false

  /// The line as a diff quoted `depth` levels deep sees it, or nil when the
  /// line belongs to someone else (a reviewer's comment, a deeper quote).
  func content(atDepth wanted: Int) -> Substring? {
    if depth == wanted { return text }
    if depth == wanted + 1, tight, let first = text.first, first != " " {
      return ">" + text
    }
    return nil
  }

  /// Takes the quote prefix off `line`: `>`, `> `, `>>`, `> > `, mixed.
  init(_ line: Substring, source: Int) {
    var depth = 0
    var tight = false
    var rest = line
    while rest.utf8.first == 0x3E {
      depth += 1
      rest = rest.dropFirst()
      tight = false
      if rest.utf8.first == 0x20 {
        rest = rest.dropFirst()
      } else if let next = rest.utf8.first, next != 0x3E {
        tight = true
      }
    }
    self.init(text: rest, depth: depth, tight: tight, source: source)
  }

  init(text: Substring, depth: Int, tight: Bool, source: Int, flattened: Bool = false) {
    self.text = text
    self.depth = depth
    self.tight = tight
    self.source = source
    self.flattened = flattened
  }
}

enum BodyLines {
  /// The body's lines, with flattened lines (seed 002: a whole quoted diff on
  /// one line, ` > ` where the line breaks were) cut back into lines.
  static func read(_ body: String) -> [BodyLine] {
    var result: [BodyLine] = []
    for (index, line) in textLines(body).enumerated() {
      let parsed = BodyLine(line, source: index + 1)
      if isFlattened(parsed.text) {
        result += unflatten(line, source: index + 1)
      } else {
        result.append(parsed)
      }
    }
    return result
  }

  /// A line carrying a diff header after a ` > ` separator lost its line breaks.
  static func isFlattened(_ line: Substring) -> Bool {
    line.utf8.count > 200
      && (line.firstRange(of: " > diff --git ") != nil || line.firstRange(of: " > @@ -") != nil)
  }

  /// Each `>` that stands alone between spaces began a line before the breaks
  /// were lost: `pmdp, > > folio_get(folio);` is `pmdp,`, a blank quoted line
  /// and `folio_get(folio);`.
  static func unflatten(_ line: Substring, source: Int) -> [BodyLine] {
    let utf8 = line.utf8
    var starts: [Substring.Index] = []
    var previous: UInt8 = 0
    var index = utf8.startIndex
    while index < utf8.endIndex {
      let byte = utf8[index]
      let next = utf8.index(after: index)
      if byte == 0x3E, previous == 0x20, next == utf8.endIndex || utf8[next] == 0x20 {
        starts.append(index)
      }
      previous = byte
      index = next
    }
    guard let first = starts.first else { return [BodyLine(line, source: source)] }
    let head = BodyLine(line[..<utf8.index(before: first)], source: source)
    var result = [head]
    let depth = max(1, head.depth)
    for (position, start) in starts.enumerated() {
      let end =
        position + 1 < starts.count ? utf8.index(before: starts[position + 1]) : line.endIndex
      var text = line[utf8.index(after: start)..<end]
      if text.hasPrefix(" ") { text = text.dropFirst() }
      let (code, prose) = ReviewerText.split(text)
      result.append(
        BodyLine(text: code, depth: depth, tight: false, source: source, flattened: true))
      if let prose {
        result.append(
          BodyLine(text: prose, depth: depth - 1, tight: false, source: source, flattened: true))
      }
    }
    return result
  }
}

/// Finds a reviewer's reply glued to the end of a quoted diff line when the
/// line breaks were lost: `+ pte_unmap_unlock(vmf->pte, vmf->ptl); This is all …`.
enum ReviewerText {
  static func split(_ text: Substring) -> (Substring, Substring?) {
    let bytes = Array(text.utf8)
    guard bytes.count > 40 else { return (text, nil) }
    let ends: Set<UInt8> = [0x3B, 0x7B, 0x7D, 0x29, 0x2C, 0x2E, 0x3A]  // ; { } ) , . :
    var sawCode = false
    var index = 1
    while index + 2 < bytes.count {
      sawCode = sawCode || isCode(bytes[index - 1])
      if bytes[index] == 0x20, ends.contains(bytes[index - 1]), isUpper(bytes[index + 1]), sawCode {
        let start = text.utf8.index(text.startIndex, offsetBy: index + 1)
        let rest = text[start...]
        if looksLikeProse(rest) {
          return (text[..<text.utf8.index(text.startIndex, offsetBy: index)], rest)
        }
      }
      index += 1
    }
    return (text, nil)
  }

  static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }

  static func isCode(_ byte: UInt8) -> Bool {
    [0x28, 0x3B, 0x7B, 0x7D, 0x3D].contains(byte)  // ( ; { } =
  }

  /// Several words, nearly all of them plain words.
  static func looksLikeProse(_ text: Substring) -> Bool {
    let words = text.prefix(400).split(separator: " ")
    guard words.count >= 6 else { return false }
    let plain = words.filter { word in
      word.unicodeScalars.allSatisfy {
        ($0.properties.isAlphabetic) || ".,;:?!'\"()-".unicodeScalars.contains($0)
      }
    }
    return plain.count * 10 >= words.count * 7
  }
}
