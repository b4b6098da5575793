/// The parts of `lockstep analyze --json` the benchmark reads (see README, `lockstep analyze`).
public struct AnalyzeJSON: Decodable, Sendable {
  public struct Finding: Sendable, Codable {
    public var rule: String
    public var severity: String
    public var file: String
    public var line: Int
    public var function: String
    public var message: String?
  }

  public struct FunctionEntry: Decodable, Sendable {
    public struct Side: Decodable, Sendable {
      public var truncated: Bool?
    }

    public var name: String
    public var file: String
    public var before: Side?
    public var after: Side?
  }

  public var findings: [Finding]
  public var functions: [FunctionEntry]?
  public var notes: [String]?

  /// Whether the walk of `function` in `file` stopped short: `truncated` on a side, or an
  /// `analysis-incomplete` finding (the rule the walker rewrite adds).
  public func isIncomplete(function: String, file: String) -> Bool {
    let entry = functions?.first { $0.name == function && $0.file == file }
    if entry?.after?.truncated == true || entry?.before?.truncated == true { return true }
    return findings.contains { $0.rule == "analysis-incomplete" && $0.function == function }
  }
}
