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
/// ```swift
/// let (headers, bodyStart) = HeaderBlock.parse(bytes)
/// headers["message-id"]  // "<0025ee21-…@nvidia.com>"
/// ```
struct HeaderBlock: Sendable {
  var fields: [HeaderField] = []
  /// The block ended before the blank line that starts the body.
  var isTruncated = false

  subscript(name: String) -> String? {
    fields.first { $0.name.caseInsensitiveEquals(name) }?.value
  }

  /// Parses header lines from the start of `bytes` up to the first empty line.
  ///
  /// Returns the index of the body's first byte. Lines that are neither a
  /// field nor a continuation end the block (a body with no blank line before it).
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (HeaderBlock, bodyStart: Int) {
    var block = HeaderBlock()
    var i = 0
    let end = bytes.count
    var name: ArraySlice<UInt8>? = nil
    var value: [UInt8] = []
    func flush() {
      if let current = name {
        block.fields.append(
          HeaderField(name: Charset.utf8.decode(current), value: Charset.utf8.decode(value)))
      }
      name = nil
      value.removeAll(keepingCapacity: true)
    }
    while i < end {
      var lineEnd = i
      while lineEnd < end && bytes[lineEnd] != 0x0A { lineEnd += 1 }
      var contentEnd = lineEnd
      if contentEnd > i && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
      let next = lineEnd < end ? lineEnd + 1 : end
      if contentEnd == i {
        flush()
        return (block, next)
      }
      let first = bytes[i]
      if (first == 0x20 || first == 0x09) && name != nil {
        value.append(0x20)
        var j = i
        while j < contentEnd && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
        value.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[j..<contentEnd]))
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
      flush()
      name = ArraySlice(UnsafeBufferPointer(rebasing: bytes[i..<colon]))
      var j = colon + 1
      while j < contentEnd && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
      value.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[j..<contentEnd]))
      i = next
    }
    flush()
    block.isTruncated = true
    return (block, end)
  }
}

extension String {
  func caseInsensitiveEquals(_ other: String) -> Bool {
    utf8.count == other.utf8.count
      && zip(utf8, other.utf8).allSatisfy { ($0 | 0x20) == ($1 | 0x20) }
  }
}

/// Message-IDs in a header value: every `<…>` token, without the brackets.
enum MessageIDList {
  static func parse(_ value: String?) -> [String] {
    guard let value else { return [] }
    var ids: [String] = []
    var rest = Substring(value)
    while let open = rest.firstIndex(of: "<") {
      guard let close = rest[open...].firstIndex(of: ">") else { break }
      let id = rest[rest.index(after: open)..<close].trimmingSpaces()
      if !id.isEmpty && !id.contains(" ") { ids.append(id) }
      rest = rest[rest.index(after: close)...]
    }
    if ids.isEmpty {
      let bare = value.trimmingSpaces()
      if !bare.isEmpty && !bare.contains(" ") && bare.contains("@") { ids.append(bare) }
    }
    return ids
  }
}
