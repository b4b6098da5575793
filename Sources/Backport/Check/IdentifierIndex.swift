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
  private var byHash: [UInt64: [Int]] = [:]
  private var perBlob: [ObjectID: [Int]] = [:]

  init(names: [String]) {
    self.names = names
    for (number, name) in names.enumerated() {
      byHash[Self.hash(Array(name.utf8)[...]), default: []].append(number)
    }
  }

  /// For each name found, the files (under `prefixes`) that contain it.
  func search(_ tree: KernelRepository, at commit: ObjectID, under prefixes: [String])
    throws(KernelTreeError) -> [String: [String]]
  {
    var found: [String: [String]] = [:]
    for file in try tree.files(at: commit, under: prefixes) where Self.isSource(file.path) {
      let numbers: [Int]
      if let known = perBlob[file.blob] {
        numbers = known
      } else {
        numbers = scan(try tree.blobBytes(file.blob))
        perBlob[file.blob] = numbers
      }
      for number in numbers { found[names[number], default: []].append(file.path) }
    }
    return found
  }

  /// Whether `bytes` contain `name` as a whole word.
  static func contains(_ bytes: [UInt8], _ name: String) -> Bool {
    IdentifierIndex(names: [name]).scan(bytes) == [0]
  }

  /// The numbers of the names the bytes contain.
  func scan(_ bytes: [UInt8]) -> [Int] {
    var hits: Set<Int> = []
    bytes.withUnsafeBufferPointer { buffer in
      var index = 0
      let count = buffer.count
      while index < count {
        let byte = buffer[index]
        guard Self.startsWord(byte) else {
          index += 1
          continue
        }
        let start = index
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        while index < count, Self.continuesWord(buffer[index]) {
          hash = (hash ^ UInt64(buffer[index])) &* 0x100_0000_01b3
          index += 1
        }
        guard let candidates = byHash[hash] else { continue }
        for number in candidates where !hits.contains(number) {
          let name = names[number].utf8
          if name.count == index - start, name.elementsEqual(buffer[start..<index]) {
            hits.insert(number)
          }
        }
      }
    }
    return hits.sorted()
  }

  static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
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
