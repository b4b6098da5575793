/// What the analysis made of one mutant.
public enum Outcome: String, Sendable, Codable {
  /// A finding of an expected rule, error or warning, in an expected function and file.
  case found
  /// None: a missed bug.
  case missed
  /// The mutant is provably no bug (`Mutant.equivalence` says why); not counted in recall.
  case equivalent
  /// `lockstep` failed, or did not analyze the mutated function (the patch did not apply):
  /// counted as missed.
  case failed
}

/// One mutant's result.
public struct MutantResult: Sendable, Codable {
  public var mutant: Mutant
  /// The tree it was cut from: `6.12.117`.
  public var tree: String
  public var outcome: Outcome
  /// The finding that proves it, when found.
  public var evidence: AnalyzeJSON.Finding?
  /// Error and warning findings in the mutated function, when missed (what was said instead).
  public var otherFindings: [String]
  /// Whether the walk of the function was incomplete.
  public var incomplete: Bool
  public var seconds: Double
  /// Why `lockstep` failed, when it did.
  public var failure: String?
  /// `lockstep simulate --patch` on the same mutant, when asked for (`--simulate`).
  public var simulation: SimulationOutcome?

  /// Whether it counts in recall (every outcome but `equivalent`).
  public var isBug: Bool { outcome != .equivalent }
}
