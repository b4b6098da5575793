import Claims
import Foundation
import LockAnalysis

/// The outcome of checking one mail, in the shape b4 and patchwork take it: a status, a
/// one-line summary, and one entry per finding, problem and note.
///
/// - `fail`: an error finding, or the mail or part of it could not be read;
/// - `warn`: a warning (`analysis-incomplete` is one: a walk was cut short);
/// - `pass`: otherwise (info findings and notes are listed, they do not lower the status);
/// - nothing to check (a cover letter, a reply, a mail without a patch): no result at all.
///
/// The claims the mail makes join the findings: a refuted claim is a `fail` entry, a
/// confirmed or unverifiable one a `pass` entry saying its evidence or what it needs.
///
/// ```swift
/// let report = CheckReport(findings: analysis.findings, problems: [], notes: ["base: v7.0-rc1"])
/// report.status                          // .warn
/// B4CheckResult.json(report.b4Results(url: ""))
/// ```
public struct CheckReport: Sendable, Equatable, Codable {
  /// One line of the details: a finding, a problem or a note, with its own status.
  public struct Entry: Sendable, Equatable, Codable {
    public var status: CheckStatus
    public var description: String
  }

  /// The tool name b4 shows as the column, and patchwork's context.
  public static let tool = PatchworkCheck.context

  /// Why there was nothing to check, or nil when the mail was checked.
  public private(set) var nothingToCheck: String?
  public private(set) var status: CheckStatus
  public private(set) var summary: String
  public private(set) var entries: [Entry]
  /// The documented exit status: 0 nothing of severity error, 1 an error finding, 65 the
  /// mail, tree or base (or part of the patch) could not be read, 74 an I/O error.
  public private(set) var exitStatus: Int32

  /// A mail that is not a patch to check: a cover letter, a reply.
  public static func nothing(_ reason: String) -> CheckReport {
    CheckReport(nothingToCheck: reason, status: .pass, summary: reason, entries: [], exitStatus: 0)
  }

  /// A mail that could not be read, or a tree or base that could not be opened: b4 shows
  /// the reason instead of an execution error.
  public static func unreadable(_ reason: String, exitStatus: Int32) -> CheckReport {
    assert(exitStatus == 65 || exitStatus == 74, "unreadable is a data or I/O error")
    return CheckReport(
      nothingToCheck: nil, status: .fail, summary: reason,
      entries: [Entry(status: .fail, description: reason)], exitStatus: exitStatus)
  }

  private init(
    nothingToCheck: String?, status: CheckStatus, summary: String, entries: [Entry],
    exitStatus: Int32
  ) {
    self.nothingToCheck = nothingToCheck
    self.status = status
    self.summary = summary
    self.entries = entries
    self.exitStatus = exitStatus
  }

  /// The report of an analyzed patch: its findings (worst first), the problems of reading
  /// it (each a `fail`), the cautions that weaken it (no tree, a tracked base the tree
  /// lacks: each a `warn`) and the notes that say how it was analyzed (the base).
  /// `functions` counts the changed functions walked, for the summary of a clean patch.
  /// `partial`: a file was read from the hunks alone although a tree was given, or a walk
  /// was cut short (``Review/incomplete``): exit status 3 when nothing worse.
  public init(
    findings: [Finding], claims: [Claim] = [], problems: [String], cautions: [String] = [],
    notes: [String], functions: Int, partial: Bool = false
  ) {
    let ordered = findings.enumerated().sorted {
      (Self.status(of: $0.element), $1.offset) > (Self.status(of: $1.element), $0.offset)
    }.map(\.element)
    var entries = problems.map { Entry(status: .fail, description: $0) }
    entries += ordered.map { Entry(status: Self.status(of: $0), description: Self.line($0)) }
    let refuted = claims.filter { $0.verdict == .refuted }
    entries += refuted.map { Entry(status: .fail, description: Self.line($0)) }
    entries += cautions.map { Entry(status: .warn, description: $0) }
    entries += claims.filter { $0.verdict != .refuted }.map {
      Entry(status: .pass, description: Self.line($0))
    }
    entries += notes.map { Entry(status: .pass, description: $0) }
    let status = entries.map(\.status).max() ?? .pass
    var summary = Self.summary(ordered, problems: problems, functions: functions)
    // The column b4 shows names a refuted claim; the others are in the details.
    if let first = refuted.first {
      summary +=
        "; \(refuted.count == 1 ? "a claim" : "\(refuted.count) claims") refuted: "
        + Self.clipped(first.text, 80)
    }
    if let caution = cautions.first, status == .warn,
      !ordered.contains(where: { Self.status(of: $0) == .warn })
    {
      summary += " (\(caution))"
    }
    let exitStatus: Int32 =
      !problems.isEmpty
      ? 65 : ordered.contains { $0.severity == .error } || !refuted.isEmpty ? 1 : partial ? 3 : 0
    self.init(
      nothingToCheck: nil, status: status, summary: summary, entries: entries,
      exitStatus: exitStatus)
    assert(status == .pass || entries.contains { $0.status == status }, "status from an entry")
  }

  /// A finding's status: its severity's, and at least `warn` for `analysis-incomplete` (a
  /// walk cut short is never a pass, whatever the severity it was reported at).
  static func status(of finding: Finding) -> CheckStatus {
    let status = CheckStatus(finding.severity)
    return finding.rule == .analysisIncomplete ? max(status, .warn) : status
  }

  /// `mm/memory.c:4677: warning: [trylock-retry] do_swap_page(): when …`, as `analyze --terse`.
  static func line(_ finding: Finding) -> String {
    "\(finding.file):\(finding.line): \(finding.severity.rawValue): [\(finding.rule)] "
      + "\(finding.function)(): \(finding.message)"
  }

  /// `refuted claim (diff): "Rename a() to b()." — the diff does not add b`, one line.
  static func line(_ claim: Claim) -> String {
    let detail =
      claim.verdict == .unverifiable
      ? "needs: \(claim.needs ?? "")" : claim.evidence.first?.oneLine ?? ""
    return "\(claim.verdict.rawValue) claim (\(claim.kind.rawValue)): \"\(claim.text)\" — \(detail)"
  }

  static func clipped(_ text: String, _ length: Int) -> String {
    text.count > length ? String(text.prefix(length - 1)) + "…" : text
  }

  /// `1 error, 2 warnings: lock-imbalance in do_swap_page() (mm/memory.c:4677)`, naming the
  /// worst finding; or what was found clean.
  static func summary(_ ordered: [Finding], problems: [String], functions: Int) -> String {
    if let problem = problems.first {
      return "could not read all of the patch: \(problem)"
    }
    let errors = ordered.filter { status(of: $0) == .fail }.count
    let warnings = ordered.filter { status(of: $0) == .warn }.count
    guard let worst = ordered.first, errors + warnings > 0 else {
      let walked = functions == 1 ? "1 changed function" : "\(functions) changed functions"
      return "no lock, reference or PTE-map problem on the paths of \(walked)"
    }
    var counts: [String] = []
    if errors > 0 { counts.append(errors == 1 ? "1 error" : "\(errors) errors") }
    if warnings > 0 { counts.append(warnings == 1 ? "1 warning" : "\(warnings) warnings") }
    return counts.joined(separator: ", ")
      + ": \(worst.rule) in \(worst.function)() (\(worst.file):\(worst.line))"
  }

  /// What `b4-check` prints: one entry for the `lockstep` column, none when there was
  /// nothing to check; `details` is the entries as the JSON list b4's detail view draws.
  public func b4Results(url: String) -> [B4CheckResult] {
    guard nothingToCheck == nil else { return [] }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let details = String(decoding: (try? encoder.encode(entries)) ?? Data(), as: UTF8.self)
    return [
      B4CheckResult(tool: Self.tool, status: status, summary: summary, url: url, details: details)
    ]
  }

  /// What a CI job posts to patchwork: a mail with nothing to check is a success that says so.
  public func patchwork(targetURL: String?) -> PatchworkCheck {
    PatchworkCheck(status, description: summary, targetURL: targetURL)
  }
}
