/// Every state seen so far, packed as `wordCount` 64-bit words each, with an
/// open-addressing hash index. A state's id is its insertion order, so ids follow
/// breadth-first depth.
///
/// A slot holds the upper half of the state's hash beside its id + 1 (0: empty), so
/// most probes are decided without touching the stored state.
struct StateStore {
  let wordCount: Int
  private(set) var words: [UInt64] = []
  private var slots: [UInt64]
  private var mask: Int
  private(set) var count = 0

  init(wordCount: Int) {
    self.wordCount = wordCount
    // Small to start: a composed patch runs hundreds of searches of a few hundred states
    // each, and the table doubles as it fills.
    slots = Array(repeating: 0, count: 1 << 10)
    mask = (1 << 10) - 1
  }

  @inline(__always) private func hash(_ state: UnsafePointer<UInt64>) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15
    for index in 0..<wordCount {
      h = (h ^ state[index]) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 31
    }
    h = (h ^ (h >> 33)) &* 0xFF51_AFD7_ED55_8CCD
    return h ^ (h >> 33)
  }

  @inline(__always) private static func tag(_ hash: UInt64) -> UInt64 {
    hash & 0xFFFF_FFFF_0000_0000
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
    let hash = hash(state)
    let tag = Self.tag(hash)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let entry = slots[slot]
      if entry == 0 { return nil }
      let id = Int(entry & 0xFFFF_FFFF) - 1
      if entry & 0xFFFF_FFFF_0000_0000 == tag, equals(id, state) { return id }
      slot = (slot + 1) & mask
    }
  }

  /// Adds `state` unless it was seen; returns its id and whether it is new.
  mutating func insert(_ state: UnsafePointer<UInt64>) -> (id: Int, isNew: Bool) {
    let hash = hash(state)
    let tag = Self.tag(hash)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let entry = slots[slot]
      if entry == 0 { break }
      let id = Int(entry & 0xFFFF_FFFF) - 1
      if entry & 0xFFFF_FFFF_0000_0000 == tag, equals(id, state) { return (id, false) }
      slot = (slot + 1) & mask
    }
    let id = count
    slots[slot] = tag | UInt64(id + 1)
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
    slots = Array(repeating: 0, count: slots.count * 2)
    mask = slots.count - 1
    let total = count
    let stored = words
    stored.withUnsafeBufferPointer { states in
      for id in 0..<total {
        let hash = hash(states.baseAddress! + id * wordCount)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Self.tag(hash) | UInt64(id + 1)
      }
    }
  }
}
