import CLibGit2
import Foundation

/// For every commit on mainline history, the first release that contains it.
///
/// Built with one walk per release (`git rev-list vN ^v1 … ^vN-1`), which together
/// visit each commit once; afterwards "first release containing C" and "is C in the
/// base of linux-X.Y.y" are binary searches instead of history walks. Stored on disk
/// per set of release tags and mainline tip, like line scans.
///
/// The walks do not depend on one another, so they are ``Piece``s that any handle can
/// take, side by side on all cores (with the line scans of the same question):
///
/// ```swift
/// let parts = ReleaseIndex.pieces(releases: releases.count).map { build($0) }
/// let index = ReleaseIndex(releases: releases, parts: parts)
/// ```
struct ReleaseIndex: Sendable {
  /// One walk of the index: the commits first in `releases[n]`, or those on mainline in
  /// no release yet.
  enum Piece: Sendable, Equatable {
    case release(Int)
    case unreleased
  }

  /// What a piece found: its records, and whether its release has the one before it in
  /// its history (checked right after the walk, on the commits it just read).
  struct Part: Sendable {
    let records: [Record]
    let followsPrevious: Bool
  }

  /// Every piece of an index over `count` releases.
  static func pieces(releases count: Int) -> [Piece] {
    (0..<count).map(Piece.release) + [.unreleased]
  }

  /// The index from the parts of all its ``pieces(releases:)``, in any order.
  init(releases: [Release], parts: [Part]) {
    self.init(
      releases: releases, isLinear: parts.allSatisfy(\.followsPrevious),
      records: Self.records(from: parts.flatMap(\.records)))
  }

  init(releases: [Release], isLinear: Bool, records: [UInt8]) {
    self.releases = releases
    self.isLinear = isLinear
    self.records = records
  }

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

  /// One commit's entry while the index is built: the raw id and its release mark.
  struct Record: Comparable, Sendable {
    let high: UInt64
    let middle: UInt64
    let low: UInt32
    let mark: UInt16

    init(_ raw: git_oid, mark: UInt16) {
      self = withUnsafeBytes(of: raw.id) { Record(raw: $0, mark: mark) }
    }

    /// A record from the 20 raw bytes of an id.
    init(raw bytes: UnsafeRawBufferPointer, mark: UInt16) {
      var high: UInt64 = 0
      var middle: UInt64 = 0
      var low: UInt32 = 0
      for i in 0..<8 { high = high << 8 | UInt64(bytes[i]) }
      for i in 8..<16 { middle = middle << 8 | UInt64(bytes[i]) }
      for i in 16..<20 { low = low << 8 | UInt32(bytes[i]) }
      (self.high, self.middle, self.low, self.mark) = (high, middle, low, mark)
    }

    static func < (a: Record, b: Record) -> Bool {
      (a.high, a.middle, a.low) < (b.high, b.middle, b.low)
    }
  }

  /// Sorts records into the on-disk layout (big-endian id bytes, then the mark).
  static func records(from records: [Record]) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(records.count * recordSize)
    for record in records.sorted() {
      for shift in stride(from: 56, through: 0, by: -8) {
        output.append(UInt8(truncatingIfNeeded: record.high >> UInt64(shift)))
      }
      for shift in stride(from: 56, through: 0, by: -8) {
        output.append(UInt8(truncatingIfNeeded: record.middle >> UInt64(shift)))
      }
      for shift in stride(from: 24, through: 0, by: -8) {
        output.append(UInt8(truncatingIfNeeded: record.low >> UInt32(shift)))
      }
      output.append(UInt8(record.mark & 0xFF))
      output.append(UInt8(record.mark >> 8))
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

  private static func nibble(_ digit: UInt8) -> UInt8 {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
    default: return digit - UInt8(ascii: "A") + 10
    }
  }
}
