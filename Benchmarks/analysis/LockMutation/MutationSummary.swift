/// The JSON summary written to Benchmarks/work/: the tables and every miss and equivalent.
public struct MutationSummary: Codable, Sendable {
  public var mutants: Int
  public var functions: Int
  public var total: RecallRow
  public var largest: RecallRow
  public var byTree: [RecallRow]
  public var byOperator: [RecallRow]
  public var bySize: [RecallRow]
  public var byFile: [RecallRow]
  public var falseErrors: [String]
  public var meanSeconds: Double
  public var misses: [String]
  public var equivalents: [String]

  public init(_ report: MutationReport) {
    mutants = report.results.count
    functions = report.functionsSampled
    total = report.total
    largest = report.inLargest
    byTree = report.byTree
    byOperator = report.byOperator
    bySize = report.bySize
    byFile = report.byFile
    falseErrors = report.falseErrors
    meanSeconds = report.results.map(\.seconds).reduce(0, +) / Double(max(1, report.results.count))
    misses = report.misses.map(MutationReport.describe)
    equivalents = report.results.filter { $0.outcome == .equivalent }.map {
      MutationReport.describeEquivalent($0)
    }
  }
}
