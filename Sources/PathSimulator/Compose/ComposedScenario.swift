/// A scenario the simulator built from a patch's paths: which changed functions race in
/// it, against whom, and the scenario itself (variants `before` and `after`).
public struct ComposedScenario: Sendable {
  /// How the race was composed.
  public enum Shape: String, Sendable, Codable {
    /// The function against a contender of the kernel (`contenders.txt`).
    case contender
    /// The function on two CPUs at once.
    case selfRace = "self-race"
    /// Two changed functions that take the same locks, against each other (ABBA).
    case pair
  }

  public var scenario: Scenario
  public var shape: Shape
  /// The changed function the verdicts are about (the first of a pair).
  public var function: String
  /// Who it races: the contender's name, the function itself, or the other changed function.
  public var contender: String
  /// Where the contender comes from in the kernel (`mm/migrate_device.c:migrate_device_unmap`).
  public var contenderSource: String
  /// The contended object (`vmf->page`), or the objects two functions share.
  public var object: String
}
