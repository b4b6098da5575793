import Foundation

/// Recall of a group of mutant results: found among the bugs (equivalent mutants left out).
public struct RecallRow: Sendable, Codable {
  public var group: String
  public var bugs: Int
  public var found: Int
  public var equivalent: Int
  public var failed: Int

  public var recall: Double { bugs == 0 ? 1 : Double(found) / Double(bugs) }

  /// Rows of `results` grouped by `key`, in key order.
  public static func rows(_ results: [MutantResult], by key: (MutantResult) -> String)
    -> [RecallRow]
  {
    let groups = Dictionary(grouping: results, by: key)
    var rows: [RecallRow] = []
    for (group, members) in groups {
      let bugs = members.filter(\.isBug).count
      let found = members.filter { $0.outcome == .found }.count
      let equivalent = members.filter { $0.outcome == .equivalent }.count
      let failed = members.filter { $0.outcome == .failed }.count
      rows.append(
        RecallRow(group: group, bugs: bugs, found: found, equivalent: equivalent, failed: failed))
    }
    return rows.sorted { $0.group < $1.group }
  }

  /// One row for all of `results`.
  public static func total(_ results: [MutantResult], name: String = "all") -> RecallRow {
    rows(results) { _ in name }.first
      ?? RecallRow(group: name, bugs: 0, found: 0, equivalent: 0, failed: 0)
  }

  /// `delete-unlock            412   398   96.6%     3     0`
  public var line: String {
    let percent = String(format: "%.1f%%", recall * 100)
    return group.padding(toLength: 46, withPad: " ", startingAt: 0)
      + [String(bugs), String(found), percent, String(equivalent), String(failed)]
      .map { $0.leftPadded(8) }.joined()
  }

  public static let header =
    "group".padding(toLength: 46, withPad: " ", startingAt: 0)
    + ["bugs", "found", "recall", "equiv", "failed"].map { $0.leftPadded(8) }.joined()
}

/// The size buckets of the report, by function length in lines.
public enum SizeBucket: String, CaseIterable, Sendable {
  case small = "1-30 lines"
  case medium = "31-80 lines"
  case large = "81-200 lines"
  case huge = "201+ lines"

  public init(lines: Int) {
    switch lines {
    case ...30: self = .small
    case 31...80: self = .medium
    case 81...200: self = .large
    default: self = .huge
    }
  }
}

extension String {
  func leftPadded(_ width: Int) -> String {
    count >= width ? " " + self : String(repeating: " ", count: width - count) + self
  }
}
