import Foundation

/// For every commit on mainline history, the first release that contains it.
///
/// Built with one walk per release (`git rev-list vN ^v1 … ^vN-1`), which together
/// visit each commit once; afterwards "first release containing C" and "is C in the
/// base of linux-X.Y.y" are binary searches instead of history walks. Stored on disk
/// per set of release tags and mainline tip, like line scans.
struct ReleaseIndex: Sendable {
  /// Where a commit stands on mainline.
  enum Standing: Equatable, Sendable {
    /// First contained in `releases[index]`.
    case released(Int)
    /// On mainline history but in no release yet.
    case unreleased
  }

  let releases: [Release]
  /// Each release is an ancestor of the next: then "in release i" implies "in every later one".
  let isLinear: Bool
  /// Sorted 22-byte records: the raw object id, then the release number (little endian,
  /// `0xFFFF` for unreleased).
  let records: [UInt8]

  static let recordSize = 22
  static let unreleasedMark: UInt16 = 0xFFFF

  /// The standing of a commit, `nil` when it is not on mainline history at all.
  func standing(of id: ObjectID) -> Standing? {
    let key = id.rawBytes
    var low = 0
    var high = records.count / Self.recordSize
    while low < high {
      let middle = (low + high) / 2
      let offset = middle * Self.recordSize
      switch compare(key, at: offset) {
      case 0:
        let mark = UInt16(records[offset + 20]) | UInt16(records[offset + 21]) << 8
        return mark == Self.unreleasedMark ? .unreleased : .released(Int(mark))
      case ..<0: high = middle
      default: low = middle + 1
      }
    }
    return nil
  }

  private func compare(_ key: [UInt8], at offset: Int) -> Int {
    for i in 0..<20 where key[i] != records[offset + i] {
      return key[i] < records[offset + i] ? -1 : 1
    }
    return 0
  }

  /// Sorts (id, mark) pairs into the record layout.
  static func records(from pairs: [([UInt8], UInt16)]) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(pairs.count * recordSize)
    for (raw, mark) in pairs.sorted(by: { $0.0.lexicographicallyPrecedes($1.0) }) {
      output += raw
      output.append(UInt8(mark & 0xFF))
      output.append(UInt8(mark >> 8))
    }
    return output
  }

  /// The cache key: every release tag and commit, and the mainline tip.
  static func key(releases: [Release], tip: ObjectID) -> String {
    var text = tip.hex
    for release in releases { text += " \(release.tag)=\(release.commit.hex)" }
    var hasher = SHA1()
    hasher.update(Array(text.utf8))
    return hasher.finish().prefix(10).map { String(format: "%02x", $0) }.joined()
  }
}

extension ObjectID {
  /// The 20 raw bytes of the id.
  var rawBytes: [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(20)
    var iterator = hex.utf8.makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
      bytes.append(Self.nibble(high) << 4 | Self.nibble(low))
    }
    return bytes
  }

  init(rawBytes: some Collection<UInt8>) {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    for byte in rawBytes {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 15)])
    }
    self.init(validatedHex: String(decoding: text, as: UTF8.self))
  }

  private static func nibble(_ digit: UInt8) -> UInt8 {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
    default: return digit - UInt8(ascii: "A") + 10
    }
  }
}
