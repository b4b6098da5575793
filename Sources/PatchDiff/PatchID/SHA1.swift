/// SHA-1 (FIPS 180-4), enough for `git patch-id`; incremental.
struct SHA1 {
  private var state: (UInt32, UInt32, UInt32, UInt32, UInt32) = (
    0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0
  )
  private var buffer: [UInt8] = []
  private var length: UInt64 = 0

  mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    for byte in bytes {
      buffer.append(byte)
      length += 1
      if buffer.count == 64 {
        compress(buffer)
        buffer.removeAll(keepingCapacity: true)
      }
    }
  }

  mutating func finish() -> [UInt8] {
    let bits = length &* 8
    buffer.append(0x80)
    if buffer.count > 56 {
      buffer += [UInt8](repeating: 0, count: 64 - buffer.count)
      compress(buffer)
      buffer.removeAll()
    }
    buffer += [UInt8](repeating: 0, count: 56 - buffer.count)
    for shift in stride(from: 56, through: 0, by: -8) {
      buffer.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
    }
    compress(buffer)
    var digest: [UInt8] = []
    for word in [state.0, state.1, state.2, state.3, state.4] {
      for shift in stride(from: 24, through: 0, by: -8) {
        digest.append(UInt8(truncatingIfNeeded: word >> UInt32(shift)))
      }
    }
    return digest
  }

  private mutating func compress(_ block: [UInt8]) {
    var words = [UInt32](repeating: 0, count: 80)
    for index in 0..<16 {
      words[index] =
        UInt32(block[index * 4]) << 24 | UInt32(block[index * 4 + 1]) << 16
        | UInt32(block[index * 4 + 2]) << 8 | UInt32(block[index * 4 + 3])
    }
    for index in 16..<80 {
      let mixed = words[index - 3] ^ words[index - 8] ^ words[index - 14] ^ words[index - 16]
      words[index] = mixed << 1 | mixed >> 31
    }
    var (a, b, c, d, e) = state
    for index in 0..<80 {
      let (f, k): (UInt32, UInt32)
      switch index {
      case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
      case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
      case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
      default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
      }
      let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ words[index]
      e = d
      d = c
      c = b << 30 | b >> 2
      b = a
      a = temp
    }
    state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e)
  }
}
