import CSyntax

/// The conditions one path decided (`fault_folio==folio` → true), shared with the paths it
/// forked from, and found by the names they mention.
///
/// A path that has decided thousands of tests forks at every new one, and every path that
/// leaves the function keeps what it decided for the exit rules: one dictionary per path made
/// each fork copy all of them (20,000 `if (x == i) return i;` kept 6.5 GB), and forgetting the
/// tests of an object at a lock or an assignment read all of them on every path (a fuzzed
/// function whose paths had decided hundreds took 20 µs a step instead of 1.2). So the tests
/// are kept in layers: the newest few in a dictionary of the path's own, older ones in frozen
/// layers shared by every path forked since, each with the tests it holds by the names they
/// mention. Layers are merged as they grow (each at most half the size of the one below it),
/// so a path has O(log *n*) layers, a fork copies at most ``topLimit`` tests, a lookup reads
/// each layer once, and ``keys(mentioning:)`` reads only the tests naming what changed.
///
/// ```swift
/// var tests = DecidedTests()
/// tests["folio_test_lru(folio)"] = true
/// tests.keys(mentioning: "folio")  // ["folio_test_lru(folio)"]
/// ```
struct DecidedTests: Equatable {
  /// A frozen layer: tests decided (or forgotten) between two freezes, never changed again.
  private final class Layer {
    let decided: [String: Bool]
    /// Tests decided in a layer below and forgotten here.
    let forgotten: Set<String>
    /// The tests of ``decided`` by each name they mention (``names(in:)``).
    let byName: [String: [String]]

    init(decided: [String: Bool], forgotten: Set<String>, byName: [String: [String]]? = nil) {
      self.decided = decided
      self.forgotten = forgotten
      if let byName {
        self.byName = byName
        return
      }
      var index: [String: [String]] = [:]
      for key in decided.keys {
        for name in Set(DecidedTests.names(in: key)) { index[name, default: []].append(key) }
      }
      self.byName = index
    }

    var size: Int { decided.count + forgotten.count }

    /// This layer with `newer` laid over it; `bottom` drops what is forgotten (nothing below).
    func merged(with newer: Layer, bottom: Bool) -> Layer {
      var decided = self.decided.filter { !newer.forgotten.contains($0.key) }
      decided.merge(newer.decided) { _, new in new }
      var forgotten = Set<String>()
      if !bottom {
        forgotten = self.forgotten.union(newer.forgotten)
        forgotten.subtract(newer.decided.keys)
      }
      // The names are read once per test, not again at each merge: a test forgotten since
      // stays listed (``DecidedTests/keys(mentioning:)`` looks each one up).
      var byName = self.byName
      for (name, keys) in newer.byName {
        let added = keys.filter { self.decided[$0] == nil }
        if !added.isEmpty { byName[name, default: []] += added }
      }
      return Layer(decided: decided, forgotten: forgotten, byName: byName)
    }
  }

  /// How many changes the path's own dictionary takes before it is frozen into a layer:
  /// what a fork copies at most.
  static let topLimit = 32

  /// Frozen layers, oldest first.
  private var layers: [Layer] = []
  /// The newest tests, this path's own.
  private var top: [String: Bool] = [:]
  /// Tests of the layers forgotten since the last freeze.
  private var forgotten: Set<String> = []
  /// The sum of the tests' hashes: equal sets of tests have equal sums.
  private(set) var hash: UInt64 = 0
  private(set) var count = 0
  /// The tests kept in ``decisiveTests``: the walk's ``Relevance``, given to the path a walk
  /// starts from (with no tests yet) and kept by every path forked from it; nil keeps none.
  var decisive: Relevance? {
    didSet { assert(isEmpty, "the decisive tests are chosen before any test is decided") }
  }
  /// The tests ``decisive`` accepts, kept as tests change: the decisive part of a path's join
  /// hash and of the comparison of two paths at a join (``Relevance/joinHash(_:)``,
  /// ``Relevance/agree(_:_:)``), read from the few tests a join looks at instead of every test
  /// the paths decided.
  private(set) var decisiveTests: [String: Bool] = [:]

  var isEmpty: Bool { count == 0 }

  subscript(key: String) -> Bool? {
    get {
      if let value = top[key] { return value }
      return layers.isEmpty || forgotten.contains(key) ? nil : frozen(key)
    }
    set {
      let old = self[key]
      guard old != newValue else { return }
      if let old {
        hash &-= Self.hash(key, old)
        count -= 1
      }
      if decisive?.isDecisive(key) == true { decisiveTests[key] = newValue }
      if let newValue {
        hash &+= Self.hash(key, newValue)
        count += 1
        top[key] = newValue
        if !forgotten.isEmpty { forgotten.remove(key) }
      } else {
        top[key] = nil
        if !layers.isEmpty, frozen(key) != nil { forgotten.insert(key) }
      }
      if top.count + forgotten.count >= Self.topLimit { freeze() }
    }
  }

  /// What the frozen layers say of `key` (only the first `depth` of them, when given).
  private func frozen(_ key: String, depth: Int? = nil) -> Bool? {
    for layer in layers[..<(depth ?? layers.count)].reversed() {
      if let value = layer.decided[key] { return value }
      if layer.forgotten.contains(key) { return nil }
    }
    return nil
  }

  /// Makes the path's own tests a layer, merging each layer into the one below while it is at
  /// least half that one's size.
  private mutating func freeze() {
    layers.append(Layer(decided: top, forgotten: forgotten))
    top = [:]
    forgotten = []
    while layers.count >= 2, layers[layers.count - 2].size <= 2 * layers[layers.count - 1].size {
      let newer = layers.removeLast()
      let older = layers.removeLast()
      layers.append(older.merged(with: newer, bottom: layers.isEmpty))
    }
  }

  /// Every decided test. O(1) while the path has decided fewer than ``topLimit``; otherwise
  /// built from the layers, O(*n*).
  var entries: [String: Bool] {
    if layers.isEmpty { return top }
    // The bottom layer holds most tests and forgets none: copied whole, the rest laid over it.
    var out = layers[0].decided
    for layer in layers.dropFirst() {
      for key in layer.forgotten { out[key] = nil }
      out.merge(layer.decided) { _, new in new }
    }
    for key in forgotten { out[key] = nil }
    out.merge(top) { _, new in new }
    return out
  }

  var keys: Dictionary<String, Bool>.Keys { entries.keys }

  /// The decided tests that may mention `object` (`folio`, `vmf->ptl`, `&c->lock`): every test
  /// that ``PathWalker/mentions(_:_:)`` finds naming it is among them, since it names each
  /// identifier of `object` whole. Reads only the tests naming the first of them.
  func keys(mentioning object: String) -> [String] {
    guard let name = Self.names(in: object).first else { return Array(keys) }
    if layers.isEmpty { return Array(top.keys) }
    var found = Set(top.keys)
    for layer in layers {
      for key in layer.byName[name] ?? [] where !found.contains(key) && self[key] != nil {
        found.insert(key)
      }
    }
    return Array(found)
  }

  /// The tests this path and `other` decided alike: what a join of the two paths keeps.
  /// Reads only the tests changed above the layers both share (the paths meeting at a join
  /// mostly forked from one another), as ``agrees(with:on:)`` does; the same tests as
  /// `keeping { other[$0] == $1 }`.
  /// - Complexity: O(*c*) for *c* tests changed above the shared layers (O(*n*) when the
  ///   paths share none).
  func keepingAgreed(with other: DecidedTests) -> DecidedTests {
    let shared = sharedLayers(with: other)
    guard shared > 0 else { return keeping { key, value in other[key] == value } }
    var out = self
    let mine = changes(above: shared)
    for case (let key, let value?) in mine where other[key] != value { out[key] = nil }
    // A test of the shared layers that only `other` changed or forgot.
    for key in other.changes(above: shared).keys where mine[key] == nil {
      if let value = self[key], other[key] != value { out[key] = nil }
    }
    assert(out == keeping { key, value in other[key] == value })
    return out
  }

  /// The tests `keep` accepts.
  func keeping(_ keep: (String, Bool) -> Bool) -> DecidedTests {
    var out = self
    for (key, value) in entries where !keep(key, value) { out[key] = nil }
    return out
  }

  /// The identifiers and numbers of `text`, each whole (`folio_test_lru(folio)` → `folio_test_lru`,
  /// `folio`).
  static func names(in text: String) -> [String] {
    var names: [String] = []
    var start: String.UTF8View.Index?
    let bytes = text.utf8
    var index = bytes.startIndex
    while index != bytes.endIndex {
      if bytes[index].isIdentifierByte {
        if start == nil { start = index }
      } else if let begin = start {
        names.append(String(text[begin..<index]))
        start = nil
      }
      index = bytes.index(after: index)
    }
    if let begin = start { names.append(String(text[begin...])) }
    return names
  }

  private static func hash(_ key: String, _ value: Bool) -> UInt64 {
    FutureHash.pair(FutureHash.of(key), value.futureHash)
  }

  static func == (lhs: DecidedTests, rhs: DecidedTests) -> Bool {
    guard lhs.hash == rhs.hash, lhs.count == rhs.count else { return false }
    return lhs.agrees(with: rhs) { _ in true }
  }

  /// Whether the two paths decided every test `include` accepts alike (or left it open on
  /// both). Reads only what is not in the layers both share (paths at one point mostly forked
  /// from one another), in O(*n*) for the tests above those.
  func agrees(with other: DecidedTests, on include: (String) -> Bool) -> Bool {
    let shared = sharedLayers(with: other)
    if shared == layers.count, shared == other.layers.count, top == other.top,
      forgotten == other.forgotten
    {
      return true
    }
    if shared == 0 {
      let mine = entries
      let theirs = other.entries
      return mine.allSatisfy { !include($0.key) || theirs[$0.key] == $0.value }
        && theirs.allSatisfy { !include($0.key) || mine[$0.key] != nil }
    }
    // A test changed on neither side is what the shared layers say on both.
    let mine = changes(above: shared)
    let theirs = other.changes(above: shared)
    func below(_ key: String) -> Bool? { frozen(key, depth: shared) }
    for (key, value) in mine where include(key) {
      let otherValue: Bool?
      if let changed = theirs[key] { otherValue = changed } else { otherValue = below(key) }
      if value != otherValue { return false }
    }
    for (key, value) in theirs where mine[key] == nil && include(key) {
      if value != below(key) { return false }
    }
    return true
  }

  /// How many layers, from the bottom, this path and `other` share (forked from one another).
  private func sharedLayers(with other: DecidedTests) -> Int {
    var shared = 0
    while shared < min(layers.count, other.layers.count), layers[shared] === other.layers[shared] {
      shared += 1
    }
    return shared
  }

  /// What the layers above the first `shared`, the forgotten tests and the path's own say:
  /// each test to its value, or to nil where it was forgotten.
  private func changes(above shared: Int) -> [String: Bool?] {
    var out: [String: Bool?] = [:]
    for layer in layers[shared...] {
      for key in layer.forgotten { out[key] = .some(nil) }
      for (key, value) in layer.decided { out[key] = value }
    }
    for key in forgotten { out[key] = .some(nil) }
    for (key, value) in top { out[key] = value }
    return out
  }
}
