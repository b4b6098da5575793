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
    for (message, quoted) in thread.quotes.enumerated() {
      for line in quoted.lines {
        let text = line.text
        guard !text.hasPrefix("+"), !text.hasPrefix("-"), !text.hasPrefix("@@") else { continue }
        for name in Self.names(in: text) where seen.insert(name).inserted {
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
