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
    let bytes = Array(EncodedWord.decode(raw).utf8)
    var low = 0
    var high = bytes.count
    while low < high && isSpaceByte(bytes[low]) { low += 1 }
    while high > low && isSpaceByte(bytes[high - 1]) { high -= 1 }
    func text(_ range: Range<Int>) -> String {
      var a = range.lowerBound
      var b = range.upperBound
      while a < b && isSpaceByte(bytes[a]) { a += 1 }
      while b > a && isSpaceByte(bytes[b - 1]) { b -= 1 }
      return String(decoding: bytes[a..<b], as: UTF8.self)
    }
    let whole = low..<high
    if let open = bytes[whole].lastIndex(of: UInt8(ascii: "<")) {
      let close = bytes[(open + 1)..<high].firstIndex(of: UInt8(ascii: ">")) ?? high
      let address = text((open + 1)..<close)
      self.init(
        name: Mailbox.cleanName(Substring(text(low..<open))),
        address: address.isEmpty ? nil : address)
    } else if let open = bytes[whole].firstIndex(of: UInt8(ascii: "(")), high > low,
      bytes[high - 1] == UInt8(ascii: ")"), bytes[low..<open].contains(UInt8(ascii: "@"))
    {
      self.init(
        name: Mailbox.cleanName(Substring(text((open + 1)..<(high - 1)))),
        address: text(low..<open))
    } else {
      let all = text(whole)
      if bytes[whole].contains(UInt8(ascii: "@")) && !bytes[whole].contains(0x20)
        || Mailbox.looksObfuscated(all)
      {
        self.init(name: nil, address: all)
      } else {
        self.init(name: Mailbox.cleanName(Substring(all)), address: nil)
      }
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
    let bytes = address.utf8
    if bytes.last == UInt8(ascii: "]") && address.containsBytes("protected]") { return true }
    guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
    var count = 0
    for byte in bytes[bytes.index(after: at)...] {
      if byte == UInt8(ascii: ".") { break }
      guard byte == UInt8(ascii: "x") else { return false }
      count += 1
    }
    return count >= 3
  }

  private static func cleanName(_ raw: Substring) -> String? {
    var name = raw.trimmingSpaces()
    if name.utf8.count >= 2 && name.utf8.first == 0x22 && name.utf8.last == 0x22 {
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
