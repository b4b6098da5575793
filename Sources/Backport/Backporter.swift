import Foundation
import KernelTree
import LockAnalysis
import PatchDiff

/// Checks a patch against every stable line at once, in memory: affected, already
/// applied, applies (clean / offset / fuzz / conflict), what it needs, whether it builds,
/// and the lock findings of the patch as applied there. Never writes to the repository.
///
/// ```swift
/// let backporter = Backporter(repository: try KernelRepository(path: "linux"), table: try .builtin())
/// let report = try backporter.check(request, lines: "linux-6.1*")
/// report.lines.map { "\($0.line) \($0.status)" }
/// ```
public final class Backporter {
  let tree: KernelRepository
  let table: PrimitiveTable
  let renames: RenameTable
  /// Told what long work is doing (`checking linux-6.12.y`); the CLI shows it on a terminal.
  public var progress: (@Sendable (String) -> Void)?

  public init(repository: KernelRepository, table: PrimitiveTable, renames: RenameTable = .builtin)
  {
    tree = repository
    self.table = table
    self.renames = renames
  }

  /// The report for every stable line whose name matches `glob` (all with `nil`).
  public func check(_ request: BackportRequest, lines glob: String? = nil)
    throws(KernelTreeError) -> BackportReport
  {
    var lines = try tree.stableLines()
    if let glob { lines = lines.filter { fnmatch(glob, $0.name, 0) == 0 } }
    let context = try RequestContext(request: request, tree: tree, renames: renames)
    var reports: [LineReport] = []
    for line in lines {
      progress?("checking \(line.name)")
      reports.append(try LineChecker(context: context, line: line, table: table).report())
    }
    return BackportReport(
      patch: .init(
        subject: request.subject.isEmpty ? context.fixCommit?.subject ?? "" : request.subject,
        message: request.message),
      fixCommit: context.fixCommit?.id.hex,
      fixes: context.fixesSummary,
      statedRange: Self.rangeCheck(request.statedRange, lines: lines, reports: reports),
      lines: reports, notes: context.notes)
  }

  /// The lines the stated range names, and where it disagrees with the lines found to
  /// have the bug (judged without the range).
  static func rangeCheck(_ range: StableRange?, lines: [StableLine], reports: [LineReport])
    -> BackportReport.StatedRangeCheck?
  {
    guard let range else { return nil }
    let named = lines.filter { range.includes($0.series) }.map(\.name)
    let judged = reports.filter { $0.affectedBy != .statedRange }
    guard !judged.isEmpty else {
      return .init(
        text: range.text, lines: named,
        mismatch: nil)
    }
    let withBug = Set(judged.filter(\.affected).map(\.line))
    let judgedNames = Set(judged.map(\.line))
    let extra = named.filter { judgedNames.contains($0) && !withBug.contains($0) }
    let missed = judged.map(\.line).filter { withBug.contains($0) && !named.contains($0) }
    var problems: [String] = []
    if !extra.isEmpty { problems.append("names \(extra.joined(separator: ", ")) without the bug") }
    if !missed.isEmpty {
      problems.append("misses \(missed.joined(separator: ", ")), which has the bug")
    }
    return .init(
      text: range.text, lines: named,
      mismatch: problems.isEmpty ? nil : "the range " + problems.joined(separator: "; "))
  }
}
