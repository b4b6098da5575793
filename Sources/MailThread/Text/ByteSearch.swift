#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Finding a byte string in a buffer, with `memchr` doing the scanning.
enum ByteSearch {
  /// Counts `\n` bytes eight at a time (exact SWAR zero-byte test): each
  /// word's matches add one to a byte lane, and the lanes are summed before
  /// any can overflow, so no population count is needed per word.
  static func countNewlines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    let raw = UnsafeRawPointer(base)
    let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    let pattern: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
    let evenLanes: UInt64 = 0x00FF_00FF_00FF_00FF
    var count = 0
    var offset = 0
    while offset + 8 <= bytes.count {
      var lanes: UInt64 = 0
      var words = 0
      while words < 255 && offset + 8 <= bytes.count {
        let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) ^ pattern
        let t = ((word & low) &+ low) | word
        lanes &+= (~t & ~low) >> 7
        offset += 8
        words += 1
      }
      let pairs = (lanes & evenLanes) &+ ((lanes >> 8) & evenLanes)
      count += Int((pairs &* 0x0001_0001_0001_0001) >> 48)
    }
    while offset < bytes.count {
      if bytes[offset] == 0x0A { count += 1 }
      offset += 1
    }
    return count
  }

  /// The offset of the first `needle` at or after `from`, or nil.
  ///
  /// `memchr` looks for the needle's rarest-looking byte (not a lowercase
  /// letter, space or line break: the `F` of `"\nFrom "`), so a search
  /// through text stops seldom.
  static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
    guard !needle.isEmpty, let base = haystack.baseAddress else { return nil }
    let anchor =
      needle.firstIndex { !(0x61...0x7A).contains($0) && $0 != 0x20 && $0 != 0x0A } ?? 0
    var offset = from
    let last = haystack.count - needle.count
    while offset <= last {
      guard let hit = memchr(base + offset + anchor, Int32(needle[anchor]), last - offset + 1)
      else { return nil }
      let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) - anchor
      var matched = true
      var k = 0
      while k < needle.count {
        if haystack[index + k] != needle[k] {
          matched = false
          break
        }
        k += 1
      }
      if matched { return index }
      offset = index + 1
    }
    return nil
  }
}

/// Whether `bytes` spell `lowercase` (ASCII letters compared case-insensitively).
func asciiCaseInsensitiveEquals(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString)
  -> Bool
{
  guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
  let expected = lowercase.utf8Start
  for offset in 0..<bytes.count {
    let byte = bytes[offset]
    let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    if folded != expected[offset] { return false }
  }
  return true
}

extension StringProtocol {
  /// Whether `needle` occurs, compared byte by byte (no Unicode matching).
  func containsBytes(_ needle: String) -> Bool {
    let pattern = Array(needle.utf8)
    if let found = utf8.withContiguousStorageIfAvailable({
      ByteSearch.find(pattern, in: $0, from: 0) != nil
    }) {
      return found
    }
    return Array(utf8).withUnsafeBufferPointer { ByteSearch.find(pattern, in: $0, from: 0) != nil }
  }
}

extension Substring {
  /// The first range of `needle`, found in the UTF-8 bytes.
  func utf8Range(of needle: String) -> Range<Index>? {
    let pattern = Array(needle.utf8)
    guard let first = pattern.first else { return nil }
    let bytes = utf8
    var index = bytes.startIndex
    while let start = bytes[index...].firstIndex(of: first) {
      var end = start
      var matched = true
      for byte in pattern {
        guard end < bytes.endIndex, bytes[end] == byte else {
          matched = false
          break
        }
        end = bytes.index(after: end)
      }
      if matched { return start..<end }
      index = bytes.index(after: start)
    }
    return nil
  }
}

extension String {
  func utf8Range(of needle: String) -> Range<Index>? { self[...].utf8Range(of: needle) }
}
