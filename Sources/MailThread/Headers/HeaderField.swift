#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One header field, unfolded, its value as written (encoded words still encoded).
public struct HeaderField: Sendable, Equatable {
  public let name: String
  public let value: String

  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}

/// The header block of a message: fields in order, looked up case-insensitively.
///
/// The unfolded bytes of every field are kept in one buffer and only the
/// fields asked for become strings, so reading a large mbox allocates little.
///
/// ```swift
/// let (headers, bodyStart) = HeaderBlock.parse(bytes)
/// headers["message-id"]  // "<0025ee21-…@nvidia.com>"
/// ```
struct HeaderBlock: Sendable {
  private var storage: [UInt8] = []
  private var ranges: [(name: Range<Int>, value: Range<Int>)] = []
  /// The block ended before the blank line that starts the body.
  var isTruncated = false

  var count: Int { ranges.count }

  var fields: [HeaderField] {
    ranges.indices.map { HeaderField(name: name(at: $0), value: value(at: $0)) }
  }

  func name(at index: Int) -> String {
    storage.withUnsafeBufferPointer {
      String(decoding: UnsafeBufferPointer(rebasing: $0[ranges[index].name]), as: UTF8.self)
    }
  }

  func value(at index: Int) -> String {
    storage.withUnsafeBufferPointer {
      Charset.utf8.decode(UnsafeBufferPointer(rebasing: $0[ranges[index].value]))
    }
  }

  /// Whether field `index` is named `lowercaseName` (ASCII, case-insensitive).
  func nameIs(_ index: Int, _ lowercaseName: StaticString) -> Bool {
    let range = ranges[index].name
    guard range.count == lowercaseName.utf8CodeUnitCount else { return false }
    let expected = lowercaseName.utf8Start
    for (offset, position) in range.enumerated() where storage[position] | 0x20 != expected[offset]
    {
      return false
    }
    return true
  }

  /// Calls `body` with field `index`'s value bytes as written (unfolded),
  /// so callers that only scan ASCII need not build a `String`.
  func withValueBytes<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[ranges[index].value])) }
  }

  /// The index of the first field named `lowercaseName` (ASCII, case-insensitive).
  func firstIndex(named lowercaseName: StaticString) -> Int? {
    ranges.indices.first { nameIs($0, lowercaseName) }
  }

  /// The first byte of field `index`'s name, lowercased.
  func nameInitial(_ index: Int) -> UInt8 { storage[ranges[index].name.lowerBound] | 0x20 }

  mutating func append(name: String, value: String) {
    append(name: Array(name.utf8)[...], value: Array(value.utf8)[...])
  }

  mutating func append<N: Collection, V: Collection>(name: N, value: V)
  where N.Element == UInt8, V.Element == UInt8 {
    let nameStart = storage.count
    storage.append(contentsOf: name)
    let valueStart = storage.count
    storage.append(contentsOf: value)
    ranges.append((nameStart..<valueStart, valueStart..<storage.count))
  }

  /// Appends a folded continuation to the last field's value.
  private mutating func continueLast<V: Collection>(_ more: V) where V.Element == UInt8 {
    guard let last = ranges.last else { return }
    storage.append(0x20)
    storage.append(contentsOf: more)
    ranges[ranges.count - 1] = (last.name, last.value.lowerBound..<storage.count)
  }

  subscript(name: String) -> String? {
    for index in ranges.indices {
      let range = ranges[index].name
      guard range.count == name.utf8.count else { continue }
      var same = true
      for (position, wanted) in zip(range, name.utf8)
      where storage[position] | 0x20 != wanted | 0x20 {
        same = false
        break
      }
      if same { return value(at: index) }
    }
    return nil
  }

  /// Parses header lines from the start of `bytes` up to the first empty line.
  ///
  /// Returns the index of the body's first byte. Lines that are neither a
  /// field nor a continuation end the block (a body with no blank line before it).
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (HeaderBlock, bodyStart: Int) {
    var block = HeaderBlock()
    block.storage.reserveCapacity(min(bytes.count, 4096))
    block.ranges.reserveCapacity(16)
    var i = 0
    let end = bytes.count
    var open = false
    func flush() { open = false }
    while i < end {
      var lineEnd = i
      if let base = bytes.baseAddress,
        let hit = memchr(base + i, 0x0A, end - i)
      {
        lineEnd = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
      } else {
        lineEnd = end
      }
      var contentEnd = lineEnd
      if contentEnd > i && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
      let next = lineEnd < end ? lineEnd + 1 : end
      if contentEnd == i {
        flush()
        return (block, next)
      }
      let first = bytes[i]
      if (first == 0x20 || first == 0x09) && open {
        var j = i
        while j < contentEnd && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
        block.continueLast(UnsafeBufferPointer(rebasing: bytes[j..<contentEnd]))
        i = next
        continue
      }
      var colon = i
      while colon < contentEnd && bytes[colon] != UInt8(ascii: ":") && bytes[colon] > 0x20
        && bytes[colon] < 0x7F
      {
        colon += 1
      }
      guard colon < contentEnd, colon > i, bytes[colon] == UInt8(ascii: ":") else {
        // Not a header line: the body starts here without a blank line,
        // unless the input ends on this unfinished line.
        flush()
        if lineEnd == end && !block.fields.isEmpty {
          block.isTruncated = true
          return (block, end)
        }
        return (block, i)
      }
      var j = colon + 1
      while j < contentEnd && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
      block.append(
        name: UnsafeBufferPointer(rebasing: bytes[i..<colon]),
        value: UnsafeBufferPointer(rebasing: bytes[j..<contentEnd]))
      open = true
      i = next
    }
    flush()
    block.isTruncated = true
    return (block, end)
  }
}

extension String {
  func caseInsensitiveEquals(_ other: String) -> Bool {
    guard utf8.count == other.utf8.count else { return false }
    var a = utf8.makeIterator()
    var b = other.utf8.makeIterator()
    while let x = a.next(), let y = b.next() {
      if x | 0x20 != y | 0x20 { return false }
    }
    return true
  }
}

/// Message-IDs in a header value: every `<…>` token, without the brackets.
enum MessageIDList {
  static func parse(_ value: String?) -> [String] {
    guard var value else { return [] }
    return value.withUTF8 { parse(utf8: $0) }
  }

  /// The ids in a header value's raw bytes: scanned in place when they are
  /// ASCII (the usual case), else read as the `String` the header decodes to.
  static func parse(bytes: UnsafeBufferPointer<UInt8>) -> [String] {
    guard isASCII(bytes) else { return parse(Charset.utf8.decode(bytes)) }
    return parse(utf8: bytes)
  }

  /// The ids in valid UTF-8 text.
  private static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [String] {
    var ids: [String] = []
    var index = 0
    while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
      guard let close = bytes[(open + 1)...].firstIndex(of: UInt8(ascii: ">")) else { break }
      var low = open + 1
      var high = close
      while low < high && isSpaceByte(bytes[low]) { low += 1 }
      while high > low && isSpaceByte(bytes[high - 1]) { high -= 1 }
      if low < high && !bytes[low..<high].contains(0x20) {
        ids.append(
          String(decoding: UnsafeBufferPointer(rebasing: bytes[low..<high]), as: UTF8.self))
      }
      index = close + 1
    }
    if ids.isEmpty {
      let bare = trimmedSpaces(bytes)
      if !bare.isEmpty && !bytes[bare].contains(0x20) && bytes[bare].contains(UInt8(ascii: "@")) {
        ids.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[bare]), as: UTF8.self))
      }
    }
    return ids
  }
}

/// Whether every byte is ASCII: then the bytes are the UTF-8 of the `String`
/// `Charset.utf8.decode` would make, and can be scanned in its place.
func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  var combined: UInt8 = 0
  for byte in bytes { combined |= byte }
  return combined < 0x80
}

/// The range of `bytes` without leading and trailing spaces, tabs and line breaks.
func trimmedSpaces(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
  var low = 0
  var high = bytes.count
  while low < high && isSpaceByte(bytes[low]) { low += 1 }
  while high > low && isSpaceByte(bytes[high - 1]) { high -= 1 }
  return low..<high
}
