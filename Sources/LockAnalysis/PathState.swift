import Foundation

/// A lock the path holds: `vmf->ptl`, a spinlock taken by `pte_offset_map_lock` at 4666.
struct HeldLock: Sendable, Hashable {
  enum Mode: String, Sendable {
    case exclusive, read, write

    /// Distinguishes the modes in ``PathState/futureHash(coarse:)``.
    var hashMark: UInt64 {
      switch self {
      case .exclusive: return 0x11
      case .read: return 0x12
      case .write: return 0x13
      }
    }
  }

  var object: String
  var family: Primitive.Family
  var mode: Mode
  var line: Int
  var call: String
  /// Index of the acquiring op in the path.
  var opIndex: Int
  /// Taken in a loop's body and still held when the loop went on to its next iteration: the
  /// loop may be collecting locked objects on purpose (`migrate_vma_collect_pmd()` hands each
  /// locked folio on in `migrate->src[]`). Not part of what decides a path's future.
  var keptAcrossIterations = false
}

/// Everything one path knows at one point: locks, references, maps, assumed conditions.
///
/// A value: copies share one ``Facts`` object until one of them changes, which first makes its
/// own (copy on write); the only write to a shared object is a cached hash, which all its sharers
/// agree on. A path never leaves its walk's thread. Hence `@unchecked` (`ManagedBuffer`, which
/// holds the facts, is not `Sendable` itself).
struct PathState: @unchecked Sendable {
  /// The fields of a path, kept in ``Facts``.
  private struct Fields {
    var ops: OpTrail = OpTrail()
    var held: [HeldLock] = []
    var acquired: Set<String> = []
    var releasedAfterAcquire: [String: Int] = [:]
    var references: [String: Int] = [:]
    var referenced: Set<String> = []
    var droppedReference: [String: Int] = [:]
    var maps: [String: Int] = [:]
    var mapped: Bool = false
    var assumptions = HashedMap<Bool>()
    var values = HashedMap<String>()
    var aliases: [String: String] = [:]
    var unwaitedTrylockFailure: Int?
    var backwardJumps: Int = 0
    /// The lock, reference and map part of ``PathState/futureHash(coarse:)``, kept until one of
    /// the fields it covers changes: a path goes through several merges between two such changes.
    var lockHash: UInt64?
  }

  /// The fields, in one object shared by copies of a path until one of them changes (copy on
  /// write): moving a path between lists retains one reference, not fourteen. A managed
  /// buffer's header is reached through its address, without the run-time exclusivity check
  /// a class property costs on every access.
  private final class Facts: ManagedBuffer<Fields, Void> {
    static func make(_ fields: Fields) -> Facts {
      unsafeDowncast(Facts.create(minimumCapacity: 0) { _ in fields }, to: Facts.self)
    }
  }

  private var facts = Facts.make(Fields())

  /// The empty path left behind by ``Swift/Array/take(_:)``.
  static let placeholder = PathState()

  /// Makes `facts` this path's own before a change.
  private mutating func own() {
    if !isKnownUniquelyReferenced(&facts) { facts = Facts.make(facts.header) }
  }

  /// The ops so far, for the exported path and the evidence of findings.
  var ops: OpTrail {
    get { facts.header.ops }
    _modify {
      own()
      yield &facts.header.ops
    }
  }
  /// Locks held now, in the order taken.
  var held: [HeldLock] {
    get { facts.header.held }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.held
    }
  }
  /// Objects locked on this path at some point (for exit comparisons).
  var acquired: Set<String> {
    get { facts.header.acquired }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.acquired
    }
  }
  /// Objects this path locked and then released, with the op index of the release.
  var releasedAfterAcquire: [String: Int] {
    get { facts.header.releasedAfterAcquire }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.releasedAfterAcquire
    }
  }
  /// Net references taken on this path, by object.
  var references: [String: Int] {
    get { facts.header.references }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.references
    }
  }
  /// Objects this path took a reference on at some point.
  var referenced: Set<String> {
    get { facts.header.referenced }
    _modify {
      own()
      yield &facts.header.referenced
    }
  }
  /// Object → op index of the put that dropped this path's last reference.
  var droppedReference: [String: Int] {
    get { facts.header.droppedReference }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.droppedReference
    }
  }
  /// PTE maps still held: mapped expression → op index.
  var maps: [String: Int] {
    get { facts.header.maps }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.maps
    }
  }
  var mapped: Bool {
    get { facts.header.mapped }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.mapped
    }
  }
  /// Conditions decided on this path: `fault_folio==folio` → true.
  var assumptions: HashedMap<Bool> {
    get { facts.header.assumptions }
    _modify {
      own()
      yield &facts.header.assumptions
    }
  }
  /// Known constant values of variables: `ret` → `VM_FAULT_HWPOISON`.
  var values: HashedMap<String> {
    get { facts.header.values }
    _modify {
      own()
      yield &facts.header.values
    }
  }
  /// `folio` → `page` after `folio = page_folio(page)`.
  var aliases: [String: String] {
    get { facts.header.aliases }
    _modify {
      own()
      yield &facts.header.aliases
    }
  }
  /// Op index of a failed trylock not yet followed by a wait or a scheduling point.
  var unwaitedTrylockFailure: Int? {
    get { facts.header.unwaitedTrylockFailure }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.unwaitedTrylockFailure
    }
  }
  var backwardJumps: Int {
    get { facts.header.backwardJumps }
    _modify {
      own()
      yield &facts.header.backwardJumps
    }
  }

  /// Whether two paths are equal in everything that decides their future (the locks held and
  /// in which mode, locks taken and released, references, maps, a failed trylock not yet
  /// waited for), and unless `coarse`, also in their decided conditions and known values.
  func hasSameFuture(as other: PathState, coarse: Bool) -> Bool {
    if facts === other.facts { return true }
    guard held.count == other.held.count, mapped == other.mapped,
      (unwaitedTrylockFailure == nil) == (other.unwaitedTrylockFailure == nil),
      zip(held, other.held).allSatisfy({ $0.object == $1.object && $0.mode == $1.mode }),
      acquired == other.acquired, references == other.references,
      Self.sameKeys(releasedAfterAcquire, other.releasedAfterAcquire),
      Self.sameKeys(droppedReference, other.droppedReference),
      Self.sameKeys(maps, other.maps)
    else { return false }
    return coarse || (assumptions == other.assumptions && values == other.values)
  }

  private static func sameKeys(_ one: [String: Int], _ other: [String: Int]) -> Bool {
    one.count == other.count && one.keys.allSatisfy { other[$0] != nil }
  }

  /// A hash that agrees with ``hasSameFuture(as:coarse:)``: paths with the same future hash
  /// alike. Unordered fields combine their members' hashes by addition, so no set or sorted
  /// copy is built.
  func futureHash(coarse: Bool) -> Int {
    var hash = FutureHash()
    hash.add(lockHash)
    if !coarse {
      hash.add(assumptions.hash)
      hash.add(values.hash)
    }
    return Int(truncatingIfNeeded: hash.value)
  }

  /// The held locks in order, and the other lock, reference and map fields without order.
  private var lockHash: UInt64 {
    if let known = facts.header.lockHash { return known }
    var hash = FutureHash()
    for lock in held {
      hash.add(FutureHash.of(lock.object))
      hash.add(lock.mode.hashMark)
    }
    hash.add(FutureHash.unordered(acquired.lazy.map(FutureHash.of)))
    hash.add(FutureHash.unordered(releasedAfterAcquire.keys.lazy.map(FutureHash.of)))
    hash.add(
      FutureHash.unordered(
        references.lazy.map {
          FutureHash.pair(FutureHash.of($0.key), UInt64(bitPattern: Int64($0.value)))
        }))
    hash.add(FutureHash.unordered(droppedReference.keys.lazy.map(FutureHash.of)))
    hash.add(FutureHash.unordered(maps.keys.lazy.map(FutureHash.of)))
    hash.add(mapped ? 1 : 2)
    hash.add(unwaitedTrylockFailure == nil ? 3 : 4)
    facts.header.lockHash = hash.value
    return hash.value
  }

  /// The canonical name of an object after aliases (`folio` → `page`).
  func canonical(_ object: String) -> String {
    // `locked->lru_lock` after `locked = lruvec` is `lruvec->lru_lock`.
    if !aliases.isEmpty, let arrow = object.asciiRange(of: "->") {
      let base = String(object[..<arrow.lowerBound])
      if aliases[base] != nil { return canonical(base) + object[arrow.lowerBound...] }
    }
    var current = object
    var seen: Set<String> = []
    while let next = aliases[current], !seen.contains(next) {
      seen.insert(current)
      current = next
    }
    return current
  }

  /// A callee may have dropped these locks: stop tracking them (neither held nor taken here).
  mutating func forget(where matches: (HeldLock) -> Bool) {
    guard held.contains(where: matches) else { return }
    for lock in held where matches(lock) { acquired.remove(lock.object) }
    held.removeAll(where: matches)
  }

  mutating func append(_ op: PathOp) -> Int {
    ops.append(op)
    return ops.count - 1
  }
}

/// The ops of one path so far. Paths that forked share the ops before the fork, so appending
/// an op to one path is O(1) and never copies the others': `var next = state` then
/// `next.append(op)` costs one node, however long the path.
///
/// ```swift
/// var trail = OpTrail()
/// trail.append(PathOp(op: .lock, call: "spin_lock", object: "ptl", line: 10))
/// trail[0].call  // "spin_lock"
/// trail.array    // every op, first to last
/// ```
struct OpTrail: Sendable {
  private final class Node: Sendable {
    let op: PathOp
    let count: Int
    let parent: Node?

    init(op: PathOp, parent: Node?) {
      self.op = op
      self.count = (parent?.count ?? 0) + 1
      self.parent = parent
    }
  }

  private var last: Node?

  var count: Int { last?.count ?? 0 }

  mutating func append(_ op: PathOp) {
    last = Node(op: op, parent: last)
  }

  /// The op at `index` (0 is the first); O(distance from the end).
  subscript(index: Int) -> PathOp {
    var node = last
    for _ in 0..<(count - 1 - index) { node = node?.parent }
    guard let node else { preconditionFailure("op index \(index) out of range \(count)") }
    return node.op
  }

  /// Every op, first to last.
  var array: [PathOp] {
    var out: [PathOp] = []
    out.reserveCapacity(count)
    var node = last
    while let current = node {
      out.append(current.op)
      node = current.parent
    }
    out.reverse()
    return out
  }
}

extension Array where Element == PathState {
  /// The path at `index`, moved out of the list (an empty path takes its place): a path only
  /// this list held can then be changed without copying its facts.
  mutating func take(_ index: Int) -> PathState {
    let taken = self[index]
    self[index] = PathState.placeholder
    return taken
  }
}

/// A path that left the function (or the fragment).
struct ExitState: Sendable {
  var state: PathState
  /// `return`, `fragment-end`.
  var kind: String
  var value: String?
  var line: Int
  var retries: Bool
  /// Which segment of a fragment the path ran in (paths of different segments never meet).
  var segment: Int
}

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
