import Foundation

/// git's commit-graph of a repository (`objects/info/commit-graph`, or the layers named
/// by `objects/info/commit-graphs/commit-graph-chain`), read-only: every commit's parents
/// and generation number without inflating a single commit object.
///
/// git writes the file on `gc` (and `fetch` with `fetch.writeCommitGraph`); a clone a
/// user has worked in normally has one. History questions that need only the shape of
/// history — ancestry, the release index — are answered from it; messages are still read
/// from the objects. A commit newer than the file is simply not in it (the caller asks
/// libgit2 about it); the graph is closed under parents, so once a walk is in the graph it
/// stays there. The format is git's `gitformat-commit-graph(5)`, version 1, SHA-1.
///
/// ```swift
/// if let graph = CommitGraph(objectsFolder: "/src/linux/.git/objects"),
///    let tip = graph.position(of: id) {
///   graph.parents(of: tip)   // positions of its parents
/// }
/// ```
///
/// Invariants (checked when the file is read; a file that breaks one is not used): the
/// ids of each layer are sorted and agree with its fan-out, and every parent position is
/// a position of the graph — so no walk over it can leave it or read out of bounds.
struct CommitGraph: Sendable {
  /// Commits in the graph, all layers together.
  let count: Int
  /// The raw 20-byte ids, layer after layer (each layer sorted).
  private let ids: [UInt8]
  /// Per layer: its first position and its fan-out (256 cumulative counts).
  private let layers: [(start: Int, fanout: [UInt32])]
  /// The parents of position `p`: `parentList[parentStart[p]..<parentStart[p + 1]]`.
  private let parentStart: [Int32]
  private let parentList: [Int32]
  /// Topological levels (generation number v1); 0 where the file did not compute them.
  private let generations: [UInt32]

  /// The graph of the repository whose objects folder is `objectsFolder`, `nil` when it
  /// has none, or one git would not use either (a shallow clone or grafts change parents),
  /// or one that is damaged.
  init?(objectsFolder: String) {
    let objects = URL(fileURLWithPath: objectsFolder)
    let gitFolder = objects.deletingLastPathComponent()
    let manager = FileManager.default
    guard !manager.fileExists(atPath: gitFolder.appendingPathComponent("shallow").path),
      !manager.fileExists(atPath: objects.appendingPathComponent("info/grafts").path)
    else { return nil }
    var files: [URL] = []
    let single = objects.appendingPathComponent("info/commit-graph")
    let chain = objects.appendingPathComponent("info/commit-graphs/commit-graph-chain")
    if let text = try? String(contentsOf: chain, encoding: .utf8) {
      files = text.split(separator: "\n").map {
        objects.appendingPathComponent("info/commit-graphs/graph-\($0).graph")
      }
    } else if manager.fileExists(atPath: single.path) {
      files = [single]
    }
    guard !files.isEmpty else { return nil }
    var reader = Reader()
    for file in files {
      guard let data = try? Data(contentsOf: file, options: .alwaysMapped),
        reader.add(data, layer: reader.layers.count)
      else { return nil }
    }
    guard let graph = reader.finish() else { return nil }
    self = graph
  }

  fileprivate init(
    ids: [UInt8], layers: [(start: Int, fanout: [UInt32])], parentStart: [Int32],
    parentList: [Int32], generations: [UInt32]
  ) {
    count = ids.count / 20
    self.ids = ids
    self.layers = layers
    self.parentStart = parentStart
    self.parentList = parentList
    self.generations = generations
  }

  /// The position of a commit, `nil` when the graph does not have it.
  /// - Complexity: O(log n) per layer.
  func position(of raw: [UInt8]) -> Int? {
    precondition(raw.count == 20)
    for layer in layers {
      let first = Int(raw[0])
      var low = layer.start + (first == 0 ? 0 : Int(layer.fanout[first - 1]))
      var high = layer.start + Int(layer.fanout[first])
      while low < high {
        let middle = (low + high) / 2
        let order = compare(raw, at: middle)
        if order == 0 { return middle }
        if order < 0 { high = middle } else { low = middle + 1 }
      }
    }
    return nil
  }

  func position(of id: ObjectID) -> Int? { position(of: id.rawBytes) }

  private func compare(_ raw: [UInt8], at position: Int) -> Int {
    let offset = position * 20
    for i in 0..<20 where raw[i] != ids[offset + i] {
      return raw[i] < ids[offset + i] ? -1 : 1
    }
    return 0
  }

  /// The positions of a commit's parents, first parent first.
  func parents(of position: Int) -> ArraySlice<Int32> {
    parentList[Int(parentStart[position])..<Int(parentStart[position + 1])]
  }

  /// Hands the raw id at `position` to `body` (20 bytes).
  func withRawID<T>(at position: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
    ids.withUnsafeBytes {
      body(UnsafeRawBufferPointer(rebasing: $0[position * 20..<position * 20 + 20]))
    }
  }

  func id(at position: Int) -> ObjectID {
    withRawID(at: position) { ObjectID(rawBytes: $0) }
  }

  /// Whether `ancestor` is `descendant` or in its history: a walk down from `descendant`
  /// that skips commits whose generation shows they cannot reach `ancestor`.
  /// - Complexity: O(commits between the two) at most, O(whole graph) without generations.
  func isAncestor(_ ancestor: Int, of descendant: Int) -> Bool {
    if ancestor == descendant { return true }
    let floor = generations[ancestor]
    var seen = Set<Int>([descendant])
    var stack = [descendant]
    while let next = stack.popLast() {
      for parent in parents(of: next) {
        let parent = Int(parent)
        if parent == ancestor { return true }
        // A commit whose level is not above the ancestor's cannot have it in its history.
        if floor != 0, generations[parent] != 0, generations[parent] <= floor { continue }
        if seen.insert(parent).inserted { stack.append(parent) }
      }
    }
    return false
  }

  /// Reads the layers of a graph in order (the base first) and checks them.
  private struct Reader {
    var ids: [UInt8] = []
    var layers: [(start: Int, fanout: [UInt32])] = []
    var parentStart: [Int32] = [0]
    var parentList: [Int32] = []
    var generations: [UInt32] = []

    /// Adds one file; `false` when it is not a commit-graph this reader understands.
    mutating func add(_ data: Data, layer: Int) -> Bool {
      data.withUnsafeBytes { bytes in addBytes(bytes, layer: layer) }
    }

    private mutating func addBytes(_ bytes: UnsafeRawBufferPointer, layer: Int) -> Bool {
      func u32(_ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8
          | UInt32(bytes[at + 3])
      }
      func u64(_ at: Int) -> UInt64 { UInt64(u32(at)) << 32 | UInt64(u32(at + 4)) }
      // "CGPH", version 1, hash version 1 (SHA-1), chunk count, base graph count.
      guard bytes.count >= 8 + 12 + 20, u32(0) == 0x4347_5048, bytes[4] == 1, bytes[5] == 1,
        Int(bytes[7]) == layer
      else { return false }
      let chunkCount = Int(bytes[6])
      guard bytes.count >= 8 + (chunkCount + 1) * 12 + 20 else { return false }
      var chunks: [UInt32: Range<Int>] = [:]
      for index in 0..<chunkCount {
        let entry = 8 + index * 12
        let (start, end) = (u64(entry + 4), u64(entry + 16))
        guard start <= end, end <= UInt64(bytes.count - 20) else { return false }
        chunks[u32(entry)] = Int(start)..<Int(end)
      }
      guard let fanoutChunk = chunks[0x4F49_4446], fanoutChunk.count == 1024,  // OIDF
        let lookup = chunks[0x4F49_444C],  // OIDL
        let data = chunks[0x4344_4154]  // CDAT
      else { return false }
      let fanout = (0..<256).map { u32(fanoutChunk.lowerBound + $0 * 4) }
      let count = Int(fanout[255])
      guard zip(fanout, fanout.dropFirst()).allSatisfy({ $0 <= $1 }),
        lookup.count == count * 20, data.count == count * 36
      else { return false }
      let edges = chunks[0x4544_4745] ?? 0..<0  // EDGE
      let start = ids.count / 20
      let total = start + count
      // The ids, checked sorted and in their fan-out bucket.
      ids.append(contentsOf: bytes[lookup])
      for index in 0..<count {
        let offset = (start + index) * 20
        let bucket = Int(ids[offset])
        guard index < fanout[bucket], bucket == 0 || index >= fanout[bucket - 1] else {
          return false
        }
        if index > 0, !Self.precedes(ids, offset - 20, offset) { return false }
      }
      layers.append((start: start, fanout: fanout))
      let none: UInt32 = 0x7000_0000
      for index in 0..<count {
        let entry = data.lowerBound + index * 36
        let (first, second) = (u32(entry + 20), u32(entry + 24))
        // Parents are in this layer or a base layer before it.
        func add(_ parent: UInt32) -> Bool {
          guard Int(parent) < total else { return false }
          parentList.append(Int32(parent))
          return true
        }
        if first != none, !add(first) { return false }
        if second & 0x8000_0000 != 0 {
          // An octopus merge: its other parents listed in EDGE, the last one flagged.
          var edge = Int(second & 0x7FFF_FFFF)
          while true {
            let at = edges.lowerBound + edge * 4
            guard at + 4 <= edges.upperBound else { return false }
            let value = u32(at)
            if !add(value & 0x7FFF_FFFF) { return false }
            if value & 0x8000_0000 != 0 { break }
            edge += 1
          }
        } else if second != none, !add(second) {
          return false
        }
        parentStart.append(Int32(parentList.count))
        generations.append(u32(entry + 28) >> 2)
      }
      return true
    }

    private static func precedes(_ ids: [UInt8], _ a: Int, _ b: Int) -> Bool {
      for i in 0..<20 where ids[a + i] != ids[b + i] { return ids[a + i] < ids[b + i] }
      return false
    }

    func finish() -> CommitGraph? {
      guard !layers.isEmpty else { return nil }
      return CommitGraph(
        ids: ids, layers: layers, parentStart: parentStart, parentList: parentList,
        generations: generations)
    }
  }
}

extension ObjectID {
  /// An id from its 20 raw bytes.
  init(rawBytes: UnsafeRawBufferPointer) {
    let digits = Array("0123456789abcdef".utf8)
    var hex = [UInt8]()
    hex.reserveCapacity(40)
    for byte in rawBytes {
      hex.append(digits[Int(byte >> 4)])
      hex.append(digits[Int(byte & 0xF)])
    }
    self.init(validatedHex: String(decoding: hex, as: UTF8.self))
  }
}
