/// A person in a header or an attribution line: display name and address.
///
/// Archives hide addresses (`[email protected]`, `matthew.brost@xxxxxxxxx`);
/// such an address is kept as written and marked `isObfuscated`, so it is
/// never mistaken for a real one.
///
/// ```swift
/// Mailbox(parsing: "\"Thomas Hellström\" <thomas.hellstrom@linux.intel.com>")
/// // name "Thomas Hellström", address "thomas.hellstrom@linux.intel.com"
/// ```
public struct Mailbox: Sendable, Equatable, CustomStringConvertible {
  public let name: String?
  public let address: String?
  public let isObfuscated: Bool

  public init(name: String?, address: String?) {
    self.name = name
    self.address = address
    self.isObfuscated = address.map(Mailbox.looksObfuscated) ?? false
  }

  /// Parses `Name <addr>`, `"Name" <addr>`, `addr (Name)`, a bare address or a bare name.
  public init(parsing raw: String) {
    let text = EncodedWord.decode(raw).trimmingSpaces()
    if let open = text.lastIndex(of: "<") {
      let close = text[open...].firstIndex(of: ">") ?? text.endIndex
      let address = String(text[text.index(after: open)..<close]).trimmingSpaces()
      self.init(name: Mailbox.cleanName(text[..<open]), address: address.isEmpty ? nil : address)
    } else if let open = text.firstIndex(of: "("), text.last == ")", text[..<open].contains("@") {
      let name = text[text.index(after: open)..<text.index(before: text.endIndex)]
      self.init(name: Mailbox.cleanName(name), address: text[..<open].trimmingSpaces())
    } else if text.contains("@") && !text.contains(" ") || Mailbox.looksObfuscated(text) {
      self.init(name: nil, address: text)
    } else {
      self.init(name: Mailbox.cleanName(Substring(text)), address: nil)
    }
  }

  /// The display name, else the address: what a reader calls this person.
  public var displayName: String { name ?? address ?? "" }

  public var description: String {
    switch (name, address) {
    case (let name?, let address?): return "\(name) <\(address)>"
    case (let name?, nil): return name
    case (nil, let address?): return address
    case (nil, nil): return ""
    }
  }

  /// Splits an address list at commas outside quotes and angle brackets.
  static func list(_ text: String) -> [Mailbox] {
    var result: [Mailbox] = []
    var current = ""
    var inQuotes = false
    var angle = 0
    for character in text {
      switch character {
      case "\"": inQuotes.toggle()
      case "<" where !inQuotes: angle += 1
      case ">" where !inQuotes: angle = max(0, angle - 1)
      case "," where !inQuotes && angle == 0:
        if !current.trimmingSpaces().isEmpty { result.append(Mailbox(parsing: current)) }
        current = ""
        continue
      default: break
      }
      current.append(character)
    }
    if !current.trimmingSpaces().isEmpty { result.append(Mailbox(parsing: current)) }
    return result
  }

  static func looksObfuscated(_ address: String) -> Bool {
    if address.contains("[email protected]") || address.contains("[email\u{00A0}protected]") {
      return true
    }
    guard let at = address.lastIndex(of: "@") else { return false }
    let domain = address[address.index(after: at)...].split(separator: ".").first ?? ""
    return domain.count >= 3 && domain.allSatisfy { $0 == "x" }
  }

  private static func cleanName(_ raw: Substring) -> String? {
    var name = raw.trimmingSpaces()
    if name.hasPrefix("\"") && name.hasSuffix("\"") && name.count >= 2 {
      name = String(name.dropFirst().dropLast()).replacingBackslashEscapes()
    }
    return name.isEmpty ? nil : name
  }
}

extension String {
  fileprivate func replacingBackslashEscapes() -> String {
    guard contains("\\") else { return self }
    var out = ""
    var escaped = false
    for character in self {
      if escaped || character != "\\" {
        out.append(character)
        escaped = false
      } else {
        escaped = true
      }
    }
    return out
  }
}
