#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Finding a byte string in a buffer, with `memchr` doing the scanning.
enum ByteSearch {
  /// The offset of the first `needle` at or after `from`, or nil.
  static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
    guard let first = needle.first, let base = haystack.baseAddress else { return nil }
    var offset = from
    let last = haystack.count - needle.count
    while offset <= last {
      guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return nil }
      let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
      var matched = true
      var k = 1
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
