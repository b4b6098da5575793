/// What `lockstep simulate --patch` said about one mutant: how long it took, its exit status
/// (0 nothing introduced, 1 a livelock/deadlock/leak introduced, 3 undecided), how many races
/// it composed and how many configurations of each change kind.
public struct SimulationOutcome: Sendable, Codable {
  public var seconds: Double
  public var status: Int32
  public var races: Int
  public var kinds: [String: Int]

  /// The keys of `simulate --patch --json` read here.
  struct JSON: Decodable {
    struct Change: Decodable { var kind: String }
    struct Race: Decodable { var scenario: String }
    var changes: [Change]
    var scenarios: [Race]
  }

  /// `simulate --patch over 140 mutants: 0.21 s per patch (median 0.12, max 1.9) …` and the
  /// verdict counts, for the mutants that were replayed.
  public static func summary(_ results: [MutantResult]) -> String {
    let replayed = results.compactMap(\.simulation)
    guard !replayed.isEmpty else { return "" }
    let times = replayed.map(\.seconds).sorted()
    let mean = times.reduce(0, +) / Double(times.count)
    var kinds: [String: Int] = [:]
    for outcome in replayed { kinds.merge(outcome.kinds, uniquingKeysWith: +) }
    let statuses = Dictionary(grouping: replayed, by: \.status).mapValues(\.count)
    func format(_ value: Double) -> String { String(format: "%.3f", value) }
    var out = "\n== simulate --patch over \(replayed.count) mutant patches (analysis included)\n"
    out +=
      "time per patch: mean \(format(mean)) s, median \(format(times[times.count / 2])) s, "
      + "max \(format(times.last ?? 0)) s; races composed: \(replayed.map(\.races).reduce(0, +))\n"
    out += "patches by exit status: "
    out += statuses.keys.sorted().map { "\($0): \(statuses[$0]!)" }.joined(separator: ", ") + "\n"
    out += "configurations by verdict: "
    out += kinds.keys.sorted().map { "\($0) \(kinds[$0]!)" }.joined(separator: ", ") + "\n"
    return out
  }
}
