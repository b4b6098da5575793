import Foundation

/// A dictionary from names to what a path knows of them (`assumptions`, `values`) that keeps an
/// order-free hash of its entries up to date as they change, so merging paths
/// (``PathState/futureHash(coarse:)``) need not read every entry again.
///
/// ```swift
/// var values = HashedMap<String>()
/// values["ret"] = "VM_FAULT_OOM"
/// values["ret"]  // "VM_FAULT_OOM"
/// ```
struct HashedMap<Value: Equatable & FutureHashable>: Equatable {
  private(set) var entries: [String: Value] = [:]
  /// The sum of the entries' hashes: equal maps have equal sums.
  private(set) var hash: UInt64 = 0

  subscript(key: String) -> Value? {
    get { entries[key] }
    set {
      if let newValue {
        if let old = entries.updateValue(newValue, forKey: key) {
          hash &-= Self.hash(key, old)
        }
        hash &+= Self.hash(key, newValue)
      } else if let old = entries.removeValue(forKey: key) {
        hash &-= Self.hash(key, old)
      }
    }
  }

  var keys: Dictionary<String, Value>.Keys { entries.keys }

  private static func hash(_ key: String, _ value: Value) -> UInt64 {
    FutureHash.pair(FutureHash.of(key), value.futureHash)
  }

  static func == (lhs: HashedMap, rhs: HashedMap) -> Bool {
    lhs.hash == rhs.hash && lhs.entries == rhs.entries
  }
}

/// A value whose ``futureHash`` agrees with its equality, for ``HashedMap``.
protocol FutureHashable {
  var futureHash: UInt64 { get }
}

extension Bool: FutureHashable {
  var futureHash: UInt64 { self ? 5 : 6 }
}

extension String: FutureHashable {
  var futureHash: UInt64 { FutureHash.of(self) }
}

/// A fast, unkeyed 64-bit hash for merging paths within one walk: FNV-1a over a string's UTF-8
/// bytes, mixed and combined in order (``add(_:)``) or by addition (``unordered(_:)``).
/// Never persisted and never exposed, so its values may change freely.
struct FutureHash {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func add(_ part: UInt64) {
    value = Self.mix(value ^ part) &* 0x9E37_79B9_7F4A_7C15
  }

  /// Strings that are equal (canonically equivalent) hash alike: bytes outside ASCII are
  /// hashed in their composed form (`e` + U+0301 as `é`, the Kelvin sign as `K`).
  static func of(_ string: String) -> UInt64 {
    var string = string
    let ascii = string.withUTF8 { bytes -> UInt64? in
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325
      for byte in bytes {
        guard byte < 0x80 else { return nil }
        hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
      }
      return mix(hash)
    }
    if let ascii { return ascii }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in string.precomposedStringWithCanonicalMapping.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    return mix(hash)
  }

  /// FNV-1a over `bytes`, unmixed: the word hashes of ``forEachIdentifier(in:_:)``.
  static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
  }

  static func pair(_ first: UInt64, _ second: UInt64) -> UInt64 {
    mix(first &+ mix(second ^ 0x5851_F42D_4C95_7F2D))
  }

  static func unordered<S: Sequence>(_ members: S) -> UInt64 where S.Element == UInt64 {
    members.reduce(0x2545_F491_4F6C_DD1D) { $0 &+ $1 }
  }

  /// The finalizer of SplitMix64: every input bit affects every output bit.
  static func mix(_ input: UInt64) -> UInt64 {
    var z = input
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
