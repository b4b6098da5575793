/// Every C name a message writes in prose or quoted code (`lru_add_drain_all()`,
/// `migrate_device_unmap()->lru_add_drain_all()`), once, with the message that names it
/// first and its definition in the tree at the base revision.
///
/// ```swift
/// IdentifierLinks(context: context).all().first
/// // IdentifierLink(name: "folio_trylock", message: "2026…@linux.intel.com", definedAt: …)
/// ```
struct IdentifierLinks {
  let context: SettlingContext

  func all() -> [IdentifierLink] {
    var links: [IdentifierLink] = []
    var seen: Set<String> = []
    let thread = context.input.thread
    // A posting's own diff is the patch, not a reply's code.
    func posts(_ message: Int) -> Bool {
      if case .posted = thread.role(ofDiffIn: message, quoteDepth: 0) { return true }
      return false
    }
    for (message, quoted) in thread.quotes.enumerated() {
      for line in quoted.lines {
        let text = line.text
        let names: [String]
        if text.hasPrefix("@@") || text.hasPrefix("diff ") || text.hasPrefix("+++")
          || text.hasPrefix("---")
        {
          continue
        } else if text.hasPrefix("+") || text.hasPrefix("-") {
          // Code a reply writes or quotes (a proposed diff, the hunk it answers).
          guard line.depth > 0 || !posts(message) else { continue }
          names = Self.codeNames(in: String(text.dropFirst()))
        } else {
          names = Self.names(in: text)
        }
        for name in names where seen.insert(name).inserted {
          let place = context.index?.definition(of: name)
          links.append(
            IdentifierLink(
              name: name, message: context.input.name(ofMessage: message),
              definedAt: place.map { IdentifierLink.Place(file: $0.file, line: $0.line) }))
        }
      }
    }
    return links
  }

  /// The names a line of C code uses: each identifier with an underscore or called (`lock_page(`),
  /// not a keyword.
  static func codeNames(in text: String) -> [String] {
    var names: [String] = []
    let bytes = Array(text.utf8)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      guard byte == UInt8(ascii: "_") || (byte | 0x20 >= 97 && byte | 0x20 <= 122) else {
        index += 1
        continue
      }
      let start = index
      while index < bytes.count,
        bytes[index] == UInt8(ascii: "_")
          || (bytes[index] | 0x20 >= 97 && bytes[index] | 0x20 <= 122)
          || (bytes[index] >= 48 && bytes[index] <= 57)
      {
        index += 1
      }
      let name = String(decoding: bytes[start..<index], as: UTF8.self)
      let called = index < bytes.count && bytes[index] == UInt8(ascii: "(")
      let afterMember =
        start >= 1
        && (bytes[start - 1] == UInt8(ascii: ".") || bytes[start - 1] == UInt8(ascii: ">"))
      guard name.count >= 4, name.contains("_") || called, !afterMember || called,
        !Self.keywords.contains(name), !name.hasPrefix("CONFIG_")
      else { continue }
      names.append(name)
    }
    return names
  }

  private static let keywords: Set<String> = [
    "sizeof", "while", "return", "switch", "unsigned", "static", "inline", "struct", "const",
    "typeof", "__always_inline", "unlikely", "likely",
  ]

  /// The C names of a line of prose written as code: with an underscore, or followed by `()`;
  /// not part of an address, a path or a URL.
  static func names(in text: String) -> [String] {
    var names: [String] = []
    let characters = Array(text)
    var index = 0
    while index < characters.count {
      let character = characters[index]
      guard character.isASCII, character.isLetter || character == "_" else {
        index += 1
        continue
      }
      let start = index
      while index < characters.count, characters[index].isASCII,
        characters[index].isLetter || characters[index].isNumber || characters[index] == "_"
      {
        index += 1
      }
      let before = start > 0 ? characters[start - 1] : " "
      let after = index < characters.count ? characters[index] : " "
      let name = String(characters[start..<index])
      let called = after == "(" && index + 1 < characters.count && characters[index + 1] == ")"
      let partOfSomethingElse =
        ["@", ".", "/", "-", ":", "<", "="].contains(before) && !(before == ">" || before == "-")
        || ["@", ".", "/", "[", "%", ":"].contains(after) && !called
      guard !partOfSomethingElse, name.count >= 4, name.contains("_") || called,
        !name.hasPrefix("CONFIG_"), name.first != "_" || name.count > 4
      else { continue }
      names.append(name)
    }
    return names
  }
}
