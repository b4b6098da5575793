/// A deterministic, seeded sample of mutants spread over functions: at least `size / 20` of
/// every operator (all of a rare one), the mutants of the largest functions that take the PTL
/// or the folio lock (up to `largestCap` each), then a shuffled draw of at most `perFunction`
/// per function.
public struct MutantSample: Sendable {
  public var size: Int
  public var seed: UInt64
  public var perFunction = 4
  public var largest = 30
  public var largestCap = 12

  public init(size: Int, seed: UInt64) {
    self.size = size
    self.seed = seed
  }

  /// The keys (`file:function`) of the `largest` largest functions taking the PTL or folio lock.
  public func largestLockFunctions(_ functions: [FunctionInfo]) -> [String] {
    functions.filter(\.takesPTLOrFolioLock)
      .sorted { ($0.lines, $1.key) > ($1.lines, $0.key) }
      .prefix(largest).map(\.key)
  }

  /// The sample, in a stable order (by mutant id).
  public func draw(_ mutants: [Mutant], functions: [FunctionInfo]) -> [Mutant] {
    var random = SplitMix64(seed: seed)
    let ordered = mutants.sorted { $0.id < $1.id }
    var chosen: Set<String> = []
    var perKey: [String: Int] = [:]
    func take(_ mutant: Mutant) {
      guard chosen.insert(mutant.id).inserted else { return }
      perKey["\(mutant.file):\(mutant.function)", default: 0] += 1
    }
    for mutationOperator in MutationOperator.allCases {
      var all = ordered.filter { $0.mutationOperator == mutationOperator }
      random.shuffle(&all)
      all.prefix(max(1, size / 20)).forEach(take)
    }
    let big = Set(largestLockFunctions(functions))
    for key in big.sorted() {
      var own = ordered.filter { "\($0.file):\($0.function)" == key }
      random.shuffle(&own)
      for mutant in own.prefix(largestCap) where chosen.count < size { take(mutant) }
    }
    var rest = ordered
    random.shuffle(&rest)
    for cap in [perFunction, Int.max] {
      for mutant in rest where chosen.count < size {
        if perKey["\(mutant.file):\(mutant.function)", default: 0] < cap { take(mutant) }
      }
    }
    return ordered.filter { chosen.contains($0.id) }
  }
}

/// A small seeded generator (SplitMix64), so that a sample is the same on every machine.
public struct SplitMix64: Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Fisher–Yates with this generator.
  public mutating func shuffle<T>(_ items: inout [T]) {
    guard items.count > 1 else { return }
    for index in stride(from: items.count - 1, to: 0, by: -1) {
      let other = Int(next() % UInt64(index + 1))
      items.swapAt(index, other)
    }
  }
}
