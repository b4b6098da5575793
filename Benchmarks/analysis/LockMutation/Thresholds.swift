/// The recall the issue asks for: ≥ 95% overall, ≥ 90% for every operator, 100% in the 30
/// largest functions that take the PTL or the folio lock.
public enum Thresholds {
  public static let overall = 0.95
  public static let perOperator = 0.90
  public static let largest = 1.0

  /// What falls short, one line each; empty when every threshold is met.
  public static func shortfalls(total: RecallRow, operators: [RecallRow], largest: RecallRow?)
    -> [String]
  {
    var out: [String] = []
    if total.recall < overall { out.append("overall recall \(percent(total.recall)) < 95%") }
    for row in operators where row.recall < perOperator {
      out.append("\(row.group) recall \(percent(row.recall)) < 90% (\(row.found)/\(row.bugs))")
    }
    if let largest, largest.bugs > 0, largest.recall < Self.largest {
      out.append("\(largest.group): recall \(percent(largest.recall)) < 100%")
    }
    return out
  }

  static func percent(_ value: Double) -> String {
    "\((value * 1000).rounded() / 10)%"
  }
}
