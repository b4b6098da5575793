import KernelTree

/// Which of a fixed set of identifiers a tree's files contain, as whole words: one pass
/// over each file's bytes (identifiers hashed, no strings made), answers kept per blob id
/// so files that stable lines share are read once.
///
/// ```swift
/// let index = IdentifierIndex(names: ["softleaf_t", "swp_entry_t"])
/// try index.search(tree, at: tip, under: ["include/", "mm/"])["swp_entry_t"]  // ["include/linux/swapops.h", …]
/// ```
final class IdentifierIndex {
  let names: [String]
  private let matcher: Matcher
  private var perBlob: [ObjectID: [Int]] = [:]

  init(names: [String]) {
    self.names = names
    matcher = Matcher(names: names)
  }

  /// For each name found, the files (under `prefixes`) that contain it. The blobs not read
  /// before are read and scanned side by side on all cores.
  func search(_ tree: KernelRepository, at commit: ObjectID, under prefixes: [String])
    throws(KernelTreeError) -> [String: [String]]
  {
    let files = try tree.files(at: commit, under: prefixes).filter { Self.isSource($0.path) }
    var unread = Set<ObjectID>()
    for file in files where perBlob[file.blob] == nil { unread.insert(file.blob) }
    let blobs = Array(unread)
    let matcher = self.matcher
    for (blob, numbers) in zip(blobs, try tree.readBlobs(blobs, matcher.scan)) {
      perBlob[blob] = numbers
    }
    var found: [String: [String]] = [:]
    for file in files {
      for number in perBlob[file.blob] ?? [] { found[names[number], default: []].append(file.path) }
    }
    return found
  }

  /// Whether `bytes` contain `name` as a whole word.
  static func contains(_ bytes: [UInt8], _ name: String) -> Bool {
    Matcher(names: [name]).scan(bytes) == [0]
  }

  /// The names hashed, shared by the cores that scan blobs.
  struct Matcher: Sendable {
    let names: [String]
    let byHash: [UInt64: [Int]]
    /// One bit per value of a hash's low 12 bits, set for the names' hashes: most words of
    /// a file are none of the names, and are passed over on one bit test instead of a
    /// dictionary lookup.
    let filter: [UInt64]

    init(names: [String]) {
      self.names = names
      var byHash: [UInt64: [Int]] = [:]
      var filter = [UInt64](repeating: 0, count: 64)
      for (number, name) in names.enumerated() {
        let hash = IdentifierIndex.hash(Array(name.utf8)[...])
        byHash[hash, default: []].append(number)
        filter[Int(hash & 0xFFF) >> 6] |= 1 << (hash & 63)
      }
      self.byHash = byHash
      self.filter = filter
    }

    /// The numbers of the names the bytes contain, as whole words.
    /// - Complexity: O(bytes), one hash per word.
    @Sendable func scan(_ bytes: [UInt8]) -> [Int] {
      var hits: Set<Int> = []
      bytes.withUnsafeBufferPointer { buffer in
        filter.withUnsafeBufferPointer { filter in
          IdentifierIndex.wordBytes.withUnsafeBufferPointer { kind in
            var index = 0
            let count = buffer.count
            while index < count {
              guard kind[Int(buffer[index])] == 2 else {
                index += 1
                continue
              }
              let start = index
              var hash: UInt64 = 0xcbf2_9ce4_8422_2325
              while index < count, kind[Int(buffer[index])] != 0 {
                hash = (hash ^ UInt64(buffer[index])) &* 0x100_0000_01b3
                index += 1
              }
              guard filter[Int(hash & 0xFFF) >> 6] & (1 << (hash & 63)) != 0,
                let candidates = byHash[hash]
              else { continue }
              for number in candidates where !hits.contains(number) {
                let name = names[number].utf8
                if name.count == index - start, name.elementsEqual(buffer[start..<index]) {
                  hits.insert(number)
                }
              }
            }
          }
        }
      }
      return hits.sorted()
    }
  }

  static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
  }

  /// Per byte: 2 when it starts a word (a letter or `_`), 1 when it only continues one (a
  /// digit), 0 otherwise — a table, since every byte of every file scanned is classified.
  static let wordBytes: [UInt8] = (0...255).map { byte in
    startsWord(UInt8(byte)) ? 2 : continuesWord(UInt8(byte)) ? 1 : 0
  }

  static func startsWord(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
  }

  static func continuesWord(_ byte: UInt8) -> Bool {
    startsWord(byte) || (byte >= 0x30 && byte <= 0x39)
  }

  /// C sources, headers, Makefiles and Kconfig files.
  static func isSource(_ path: String) -> Bool {
    path.hasSuffix(".c") || path.hasSuffix(".h") || path.hasSuffix("Makefile")
      || path.hasSuffix("Kconfig") || path.hasSuffix(".S")
  }
}
