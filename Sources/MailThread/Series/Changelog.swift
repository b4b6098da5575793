/// One version's entry in a changelog: `Changes v9-v10` with its items.
///
/// Recognised headings: `v2:`, `Changes v9-v10`, `Changes v3-v4:`,
/// `Changes RFC-v1:`, `Changes since v1:`, `Changes in v2:`, `v1 -> v2:`.
/// Items start with `-`, `*` or `o`; wrapped item lines join their item.
///
/// ```swift
/// Changelog.find(in: quoted).map(\.label)  // ["v9-v10", "v8-v9", …, "RFC-v1"]
/// ```
public struct Changelog: Sendable, Equatable {
  /// As written: `v9-v10`, `RFC-v1`, `v2`.
  public let label: String
  /// The version these changes produced: `v10`, `v1`, `v2`.
  public let version: String
  public let changes: [String]
  public let depth: Int
  public let line: Int

  public static func find(in quoted: QuotedText) -> [Changelog] {
    var result: [Changelog] = []
    let lines = quoted.lines
    var i = 0
    while i < lines.count {
      guard let (label, version) = heading(lines[i].text) else {
        i += 1
        continue
      }
      let depth = lines[i].depth
      var items: [String] = []
      var j = i + 1
      while j < lines.count, lines[j].depth == depth {
        let text = lines[j].text.trimmingSpaces()
        if text.isEmpty || heading(text) != nil || text == "---" { break }
        if let bullet = ["- ", "* ", "o "].first(where: { text.hasPrefix($0) }) {
          items.append(String(text.dropFirst(bullet.count)).trimmingSpaces())
        } else if !items.isEmpty {
          items[items.count - 1] += " " + text
        } else {
          items.append(text)
        }
        j += 1
      }
      if !items.isEmpty {
        result.append(
          Changelog(
            label: label, version: version, changes: items, depth: depth, line: lines[i].number))
      }
      i = j
    }
    return result
  }

  /// The heading's label and the version it describes, or nil.
  static func heading(_ raw: String) -> (String, String)? {
    // Every heading starts with `v`, `rfc` or `changes`/`changelog`: the lines of a diff,
    // most of a patch mail, are turned away before any copy is made.
    guard let first = raw.utf8.first(where: { !isSpaceByte($0) }).map({ $0 | 0x20 }),
      first == UInt8(ascii: "v") || first == UInt8(ascii: "c") || first == UInt8(ascii: "r")
    else { return nil }
    var text = raw.trimmingSpaces()
    guard text.utf8.count <= 80 else { return nil }
    if text.hasSuffix(":") { text.removeLast() }
    let lower = text.lowercased()
    if lower.first == "v", text.count <= 4, Int(text.dropFirst()) != nil {
      return (text, lower)
    }
    for prefix in ["changes since ", "changes in ", "changes ", "changelog "] {
      guard lower.hasPrefix(prefix) else { continue }
      let label = String(text.dropFirst(prefix.count)).trimmingSpaces()
      let parts = label.lowercased().split(whereSeparator: { $0 == "-" || $0 == ">" || $0 == " " })
        .filter { !$0.isEmpty && $0 != "to" }
      guard let last = parts.last, isVersion(last) else { return nil }
      if prefix == "changes since ", parts.count == 1, let n = Int(last.dropFirst()) {
        return (label, "v\(n + 1)")
      }
      return (label, String(last))
    }
    let arrow = lower.split(separator: " ").filter { $0 != "->" }
    if arrow.count == 2, isVersion(arrow[0]), isVersion(arrow[1]), lower.containsBytes("->") {
      return (text, String(arrow[1]))
    }
    return nil
  }

  private static func isVersion(_ word: Substring) -> Bool {
    word == "rfc" || (word.first == "v" && word.count <= 4 && Int(word.dropFirst()) != nil)
  }
}
