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
    var decoded = EncodedWord.decode(raw)
    self = decoded.withUTF8 { Mailbox(utf8: $0) }
  }

  /// Parses a header value's raw bytes: in place when they are ASCII with
  /// no encoded word (the usual case), else through the decoded `String`.
  init(headerBytes bytes: UnsafeBufferPointer<UInt8>) {
    if isASCII(bytes) && !EncodedWord.mayContainWord(bytes) {
      self.init(utf8: bytes)
    } else if isASCII(bytes) {
      self = EncodedWord.decodedUTF8(bytes).withUnsafeBufferPointer { Mailbox(utf8: $0) }
    } else {
      self.init(parsing: Charset.utf8.decode(bytes))
    }
  }

  /// Parses decoded text given as valid UTF-8.
  private init(utf8 bytes: UnsafeBufferPointer<UInt8>) {
    let whole = trimmedSpaces(bytes)
    let (low, high) = (whole.lowerBound, whole.upperBound)
    func text(_ range: Range<Int>) -> String {
      let trimmed = trimmedSpaces(UnsafeBufferPointer(rebasing: bytes[range]))
      return String(
        decoding: UnsafeBufferPointer(
          rebasing: bytes[range][trimmed.shifted(by: range.lowerBound)]),
        as: UTF8.self)
    }
    func name(_ range: Range<Int>) -> String? {
      Mailbox.cleanName(UnsafeBufferPointer(rebasing: bytes[range]))
    }
    if let open = bytes[whole].lastIndex(of: UInt8(ascii: "<")) {
      let close = bytes[(open + 1)..<high].firstIndex(of: UInt8(ascii: ">")) ?? high
      let address = text((open + 1)..<close)
      self.init(name: name(low..<open), address: address.isEmpty ? nil : address)
    } else if let open = bytes[whole].firstIndex(of: UInt8(ascii: "(")), high > low,
      bytes[high - 1] == UInt8(ascii: ")"), bytes[low..<open].contains(UInt8(ascii: "@"))
    {
      self.init(name: name((open + 1)..<(high - 1)), address: text(low..<open))
    } else {
      let all = text(whole)
      if bytes[whole].contains(UInt8(ascii: "@")) && !bytes[whole].contains(0x20)
        || Mailbox.looksObfuscated(all)
      {
        self.init(name: nil, address: all)
      } else {
        self.init(name: name(whole), address: nil)
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

  /// The name without surrounding spaces and quotes; nil when empty.
  private static func cleanName(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
    let trimmed = trimmedSpaces(raw)
    guard !trimmed.isEmpty else { return nil }
    let (first, last) = (trimmed.lowerBound, trimmed.upperBound - 1)
    guard trimmed.count >= 2 && raw[first] == 0x22 && raw[last] == 0x22 else {
      return String(decoding: UnsafeBufferPointer(rebasing: raw[trimmed]), as: UTF8.self)
    }
    let inner = (first + 1)..<last
    // Plain inside and ASCII next to the quotes: the quotes are whole
    // characters and nothing is escaped, so the bytes between them are the name.
    if !raw[inner].contains(UInt8(ascii: "\\")) && raw[first + 1] < 0x80 && raw[last - 1] < 0x80 {
      return inner.isEmpty
        ? nil : String(decoding: UnsafeBufferPointer(rebasing: raw[inner]), as: UTF8.self)
    }
    let quoted = String(decoding: UnsafeBufferPointer(rebasing: raw[trimmed]), as: UTF8.self)
    let name = String(quoted.dropFirst().dropLast()).replacingBackslashEscapes()
    return name.isEmpty ? nil : name
  }
}

extension Range<Int> {
  func shifted(by offset: Int) -> Range<Int> {
    (lowerBound + offset)..<(upperBound + offset)
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
