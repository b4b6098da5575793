import Foundation
import KernelTree

/// Every definition one folder of the tree makes at one revision (``DefinitionScan`` over its
/// `.c` and `.h` files), sorted by name: one line `name\tpath\tline\tkind` each. The same
/// bytes are the cache file, so a warm run looks a name up without reading the folder or
/// parsing the table — a binary search over the lines.
///
/// ```swift
/// let table = DefinitionTable(scanning: [("mm/swap.c", bytes)])
/// table.entries(named: "lru_cache_disable")  // [("mm/swap.c", 233, .body)]
/// ```
///
/// Invariant: the lines are sorted by name (bytewise; checked when a table is read back), each
/// with four tab-separated fields (a line without them is skipped).
///
/// - Complexity: building is O(n) in the folder's bytes plus a sort of its definitions; a
///   lookup is O(log d) for d definitions.
struct DefinitionTable {
  struct Entry: Sendable, Equatable {
    var path: String
    var line: Int
    var kind: DefinitionScan.Kind
  }

  private let bytes: [UInt8]
  /// The offset of each line.
  private let starts: [Int]

  /// A table read back from its bytes (a cache file); nil when they are not one.
  init?(bytes: [UInt8]) {
    guard bytes.last == UInt8(ascii: "\n") || bytes.isEmpty else { return nil }
    var starts: [Int] = []
    bytes.withUnsafeBytes { buffer in
      guard let base = buffer.baseAddress else { return }
      var at = 0
      while at < buffer.count {
        starts.append(at)
        guard let end = memchr(base + at, 0x0A, buffer.count - at) else { break }
        at = base.distance(to: UnsafeRawPointer(end)) + 1
      }
    }
    self.bytes = bytes
    self.starts = starts
    // A cache file written by something else, or damaged: not trusted, scanned again.
    guard isSorted else { return nil }
  }

  /// The table of `files` (path and text).
  init(scanning files: [(path: String, bytes: [UInt8])]) {
    // Each name's bytes once: a comparison that made two arrays per call was half of a cold
    // `lockstep claims` on a real tree (about 100,000 definitions in include/, lib/, mm/).
    var rows: [(name: [UInt8], line: String)] = []
    for file in files {
      for entry in DefinitionScan.entries(in: file.bytes) {
        rows.append(
          (
            Array(entry.name.utf8),
            "\(entry.name)\t\(file.path)\t\(entry.line)\t\(entry.kind.rawValue)\n"
          ))
      }
    }
    rows.sort { Self.precedes($0.name[...], $1.name[...]) }
    self.init(bytes: Array(rows.map(\.line).joined().utf8))!
  }

  /// The raw bytes, for the cache.
  var contents: [UInt8] { bytes }

  /// The name of a line: the bytes before its first tab.
  private func name(ofLine index: Int) -> ArraySlice<UInt8> {
    let start = starts[index]
    let end = bytes.withUnsafeBytes { buffer -> Int in
      guard let base = buffer.baseAddress,
        let tab = memchr(base + start, 0x09, buffer.count - start)
      else { return buffer.count }
      return base.distance(to: UnsafeRawPointer(tab))
    }
    return bytes[start..<end]
  }

  /// Bytewise order of two names (`memcmp`, then the shorter first).
  private static func precedes(_ lhs: ArraySlice<UInt8>, _ rhs: ArraySlice<UInt8>) -> Bool {
    let order = lhs.withUnsafeBytes { left in
      rhs.withUnsafeBytes { right -> Int32 in
        guard let l = left.baseAddress, let r = right.baseAddress else { return 0 }
        return memcmp(l, r, min(left.count, right.count))
      }
    }
    return order != 0 ? order < 0 : lhs.count < rhs.count
  }

  private var isSorted: Bool {
    starts.indices.dropFirst().allSatisfy {
      !Self.precedes(name(ofLine: $0), name(ofLine: $0 - 1))
    }
  }

  /// The first line whose name is not before `key`.
  private func lowerBound(_ key: [UInt8]) -> Int {
    let wanted = key[...]
    var low = 0
    var high = starts.count
    while low < high {
      let middle = (low + high) / 2
      if Self.precedes(name(ofLine: middle), wanted) {
        low = middle + 1
      } else {
        high = middle
      }
    }
    return low
  }

  private func entry(ofLine index: Int) -> (name: String, entry: Entry)? {
    let start = starts[index]
    let end = index + 1 < starts.count ? starts[index + 1] - 1 : bytes.count - 1
    let fields = bytes[start..<end].split(
      separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
    guard fields.count == 4, let line = Int(String(decoding: fields[2], as: UTF8.self)),
      let kind = DefinitionScan.Kind(
        rawValue: Int(String(decoding: fields[3], as: UTF8.self)) ?? -1)
    else { return nil }
    return (
      String(decoding: fields[0], as: UTF8.self),
      Entry(path: String(decoding: fields[1], as: UTF8.self), line: line, kind: kind)
    )
  }

  /// The definitions of `name`.
  func entries(named wanted: String) -> [Entry] {
    let key = Array(wanted.utf8)
    var result: [Entry] = []
    var index = lowerBound(key)
    while index < starts.count, name(ofLine: index).elementsEqual(key) {
      if let (_, entry) = entry(ofLine: index) { result.append(entry) }
      index += 1
    }
    return result
  }

  /// The names defined that start with `prefix`, with their definitions.
  func entries(prefixed prefix: String) -> [(name: String, entry: Entry)] {
    let key = Array(prefix.utf8)
    var result: [(String, Entry)] = []
    var index = lowerBound(key)
    while index < starts.count, name(ofLine: index).starts(with: key) {
      if let found = entry(ofLine: index) { result.append(found) }
      index += 1
    }
    return result
  }

  /// A name for the files of a folder at a revision: their paths and blob ids hashed, so an
  /// unchanged folder keeps its table from one revision to the next.
  static func key(of files: [KernelRepository.TreeFile], folder: String) -> String {
    var key = CacheKey("definitions")
    key.add("lockstep definitions \(formatVersion)")
    key.add(folder)
    for file in files { key.add("\(file.path)\t\(file.blob.hex)") }
    return key.name
  }

  /// Bumped when the scan or the line format changes: older cache files are then not read.
  static let formatVersion = 1
}
