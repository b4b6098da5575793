import Checks
import Foundation
import LockAnalysis
import Testing

private func finding(_ rule: RuleID, _ severity: Finding.Severity, line: Int) -> Finding {
  Finding(
    rule: rule, severity: severity, file: "mm/memory.c", line: line, function: "do_swap_page",
    message: "\(rule) at \(line)")
}

/// The `details` string of a b4 result, as b4's detail view parses it.
private func details(_ result: B4CheckResult) throws -> [[String: String]] {
  try #require(
    JSONSerialization.jsonObject(with: Data(result.details.utf8)) as? [[String: String]])
}

@Test func anErrorFindingFailsTheCheckAndIsListedFirst() throws {
  let report = CheckReport(
    findings: [
      finding(.calleeReleases, .info, line: 10), finding(.trylockRetry, .warning, line: 20),
      finding(.putBeforeUnlock, .error, line: 30),
    ], problems: [], notes: ["base: v6.14"], functions: 1)
  #expect(report.status == .fail)
  #expect(report.exitStatus == 1)
  #expect(
    report.summary == "1 error, 1 warning: put-before-unlock in do_swap_page() (mm/memory.c:30)")
  let result = try #require(report.b4Results(url: "https://ci.example.org/1").first)
  #expect(result.tool == "lockstep")
  #expect(result.url == "https://ci.example.org/1")
  let entries = try details(result)
  #expect(entries.map { $0["status"] } == ["fail", "warn", "pass", "pass"])
  #expect(
    entries[0]["description"]?.hasPrefix("mm/memory.c:30: error: [put-before-unlock]") == true)
  #expect(entries.last?["description"] == "base: v6.14")
}

@Test func aWarningOrAnIncompleteWalkWarnsAndInfoFindingsPass() {
  let warning = CheckReport(
    findings: [finding(.analysisIncomplete, .warning, line: 5)], problems: [], notes: [],
    functions: 1)
  #expect(warning.status == .warn)
  #expect(warning.exitStatus == 0)
  let info = CheckReport(
    findings: [finding(.calleeReleases, .info, line: 5)], problems: [], notes: [], functions: 2)
  #expect(info.status == .pass)
  #expect(
    info.summary == "no lock, reference or PTE-map problem on the paths of 2 changed functions")
}

@Test func anIncompleteWalkWarnsEvenWhenReportedAsInfo() {
  let report = CheckReport(
    findings: [finding(.analysisIncomplete, .info, line: 9)], problems: [], notes: [],
    functions: 1)
  #expect(report.status == .warn)
  #expect(report.summary == "1 warning: analysis-incomplete in do_swap_page() (mm/memory.c:9)")
}

@Test func aCautionWarnsAndSaysWhyInTheSummary() {
  let report = CheckReport(
    findings: [], problems: [], cautions: ["only the hunks of mm/memory.c were analyzed"],
    notes: [], functions: 1)
  #expect(report.status == .warn)
  #expect(report.summary.hasSuffix("(only the hunks of mm/memory.c were analyzed)"))
}

@Test func aPartOfTheInputThatCouldNotBeReadFailsWithStatus65AndKeepsTheFindings() throws {
  let report = CheckReport(
    findings: [finding(.trylockRetry, .warning, line: 20)],
    problems: ["fix.eml: line 40: hunk @@ -1,3 +1,4 @@ does not add up"], notes: [],
    functions: 1)
  #expect(report.status == .fail)
  #expect(report.exitStatus == 65)
  #expect(report.summary.hasPrefix("could not read all of the patch: fix.eml: line 40"))
  let entries = try details(try #require(report.b4Results(url: "").first))
  #expect(
    entries.contains {
      $0["status"] == "warn" && $0["description"]?.contains("[trylock-retry]") == true
    })
}

@Test func nothingToCheckIsAnEmptyArrayForB4AndASuccessForPatchwork() {
  let report = CheckReport.nothing("a cover letter")
  #expect(report.b4Results(url: "").isEmpty)
  #expect(B4CheckResult.json(report.b4Results(url: "")) == "[]")
  #expect(report.patchwork(targetURL: nil).state == .success)
  #expect(report.patchwork(targetURL: nil).description == "a cover letter")
  #expect(report.exitStatus == 0)
}

@Test func anUnreadableMailIsAFailEntryWithItsReason() throws {
  let report = CheckReport.unreadable("<stdin>: input is empty", exitStatus: 65)
  let results = report.b4Results(url: "")
  #expect(results.map(\.status) == [.fail])
  #expect(results.first?.summary == "<stdin>: input is empty")
  let array = try #require(
    JSONSerialization.jsonObject(with: Data(B4CheckResult.json(results).utf8))
      as? [[String: String]])
  #expect(array.first.map { Set($0.keys) } == ["tool", "status", "summary", "url", "details"])
}

@Test func patchworkGetsStateContextDescriptionAndTargetURL() throws {
  let failing = CheckReport(
    findings: [finding(.lockImbalance, .error, line: 7)], problems: [], notes: [], functions: 1)
  let check = failing.patchwork(targetURL: "https://ci.example.org/42")
  let json = try #require(
    JSONSerialization.jsonObject(with: Data(check.json.utf8)) as? [String: Any])
  #expect(json["state"] as? String == "fail")
  #expect(json["context"] as? String == "lockstep")
  #expect(json["target_url"] as? String == "https://ci.example.org/42")
  #expect((json["description"] as? String)?.contains("lock-imbalance") == true)
  #expect(PatchworkCheck(.warn, description: "", targetURL: nil).state == .warning)
  #expect(
    PatchworkCheck(.pass, description: "", targetURL: nil).json.contains("\"target_url\":null"))
}

@Test func statusesOrderPassWarnFail() {
  #expect([CheckStatus.warn, .fail, .pass].max() == .fail)
  #expect(CheckStatus(Finding.Severity.info) == .pass)
  #expect(CheckStatus(Finding.Severity.warning) == .warn)
  #expect(CheckStatus(Finding.Severity.error) == .fail)
}
