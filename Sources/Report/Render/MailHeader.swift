import Foundation

/// Header fields as RFC 5322 and RFC 2047 want them: non-ASCII words encoded, long lists
/// folded at 78 columns.
enum MailHeader {
  /// `Name: value`.
  static func field(_ name: String, _ value: String) -> String { "\(name): \(value)" }

  /// A list folded after each item when the line would pass 78 columns.
  static func list(_ name: String, _ items: [String], comma: Bool = true) -> String {
    var out = "\(name):"
    var column = out.count
    for (index, item) in items.enumerated() {
      let piece = item + (comma && index < items.count - 1 ? "," : "")
      if column + 1 + piece.count > 78, column > name.count + 1 {
        out += "\n "
        column = 1
      } else {
        out += " "
        column += 1
      }
      out += piece
      column += piece.count
    }
    return out
  }

  /// `Thomas Hellström <t@example.org>` with the name encoded when it is not ASCII.
  static func address(_ mailbox: String) -> String {
    guard let open = mailbox.lastIndex(of: "<") else { return encoded(mailbox) }
    let name = mailbox[..<open].trimmingCharacters(in: .whitespaces)
    let address = mailbox[open...]
    guard !name.isEmpty else { return String(address) }
    let shown =
      name.allSatisfy(\.isASCII)
      ? (name.contains { ",;:@\"".contains($0) }
        ? "\"\(name.replacingOccurrences(of: "\"", with: ""))\"" : name)
      : encoded(name)
    return "\(shown) \(address)"
  }

  /// `text` as it stands when ASCII, else as RFC 2047 encoded words (`=?UTF-8?B?…?=`),
  /// each under 76 characters.
  static func encoded(_ text: String) -> String {
    guard !text.allSatisfy(\.isASCII) else { return text }
    var words: [String] = []
    var chunk = ""
    for character in text {
      if (chunk + String(character)).utf8.count > 45 {
        words.append(chunk)
        chunk = ""
      }
      chunk.append(character)
    }
    if !chunk.isEmpty { words.append(chunk) }
    return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }
      .joined(separator: "\n ")
  }
}
