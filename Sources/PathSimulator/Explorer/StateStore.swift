/// Every state seen so far, packed as `wordCount` 64-bit words each, with an
/// open-addressing hash index. A state's id is its insertion order, so ids follow
/// breadth-first depth.
struct StateStore {
  let wordCount: Int
  private(set) var words: [UInt64] = []
  private var slots: [Int32]
  private var mask: Int
  private(set) var count = 0

  init(wordCount: Int) {
    self.wordCount = wordCount
    slots = Array(repeating: -1, count: 1 << 16)
    mask = (1 << 16) - 1
  }

  @inline(__always) private func hash(_ state: UnsafePointer<UInt64>) -> Int {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15
    for index in 0..<wordCount {
      h = (h ^ state[index]) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 31
    }
    return Int(truncatingIfNeeded: h ^ (h >> 29))
  }

  @inline(__always) private func equals(_ id: Int, _ state: UnsafePointer<UInt64>) -> Bool {
    words.withUnsafeBufferPointer { stored in
      let base = id * wordCount
      for index in 0..<wordCount where stored[base + index] != state[index] { return false }
      return true
    }
  }

  /// The id of `state` if it was seen.
  func find(_ state: UnsafePointer<UInt64>) -> Int? {
    var slot = hash(state) & mask
    while true {
      let id = Int(slots[slot])
      if id < 0 { return nil }
      if equals(id, state) { return id }
      slot = (slot + 1) & mask
    }
  }

  /// Adds `state` unless it was seen; returns its id and whether it is new.
  mutating func insert(_ state: UnsafePointer<UInt64>) -> (id: Int, isNew: Bool) {
    var slot = hash(state) & mask
    while true {
      let id = Int(slots[slot])
      if id < 0 { break }
      if equals(id, state) { return (id, false) }
      slot = (slot + 1) & mask
    }
    let id = count
    slots[slot] = Int32(id)
    words.append(contentsOf: UnsafeBufferPointer(start: state, count: wordCount))
    count += 1
    if count * 2 > slots.count { grow() }
    return (id, true)
  }

  /// Copies state `id` into `buffer`.
  func load(_ id: Int, into buffer: UnsafeMutablePointer<UInt64>) {
    words.withUnsafeBufferPointer { stored in
      for index in 0..<wordCount { buffer[index] = stored[id * wordCount + index] }
    }
  }

  private mutating func grow() {
    slots = Array(repeating: -1, count: slots.count * 2)
    mask = slots.count - 1
    let total = count
    var buffer = [UInt64](repeating: 0, count: wordCount)
    for id in 0..<total {
      buffer.withUnsafeMutableBufferPointer { load(id, into: $0.baseAddress!) }
      var slot = buffer.withUnsafeBufferPointer { hash($0.baseAddress!) } & mask
      while slots[slot] >= 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(id)
    }
  }
}
