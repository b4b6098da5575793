import Foundation

/// One entry of the JSON array a b4 check command prints (b4 0.16, "CI check integration":
/// `b4.review-perpatch-check-cmd`, `b4.review-series-check-cmd`).
///
/// `tool` is the column b4's results matrix shows it under; `details` is a string b4's
/// detail view reads as a list of `{status, description}` when it parses as a JSON array
/// (as b4's own checkpatch handler writes it), else as plain lines.
///
/// ```json
/// [{"tool": "lockstep", "status": "warn", "summary": "1 warning: trylock-retry in do_swap_page()",
///   "url": "", "details": "[{\"status\":\"warn\",\"description\":\"mm/memory.c:4677 …\"}]"}]
/// ```
public struct B4CheckResult: Sendable, Equatable, Encodable {
  public var tool: String
  public var status: CheckStatus
  public var summary: String
  public var url: String
  public var details: String

  public init(tool: String, status: CheckStatus, summary: String, url: String, details: String) {
    self.tool = tool
    self.status = status
    self.summary = summary
    self.url = url
    self.details = details
  }

  /// The array b4 reads, one entry per line of output so a log shows them whole.
  public static func json(_ results: [B4CheckResult]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let lines = results.map { String(decoding: (try? encoder.encode($0)) ?? Data(), as: UTF8.self) }
    return lines.isEmpty ? "[]" : "[\n" + lines.joined(separator: ",\n") + "\n]"
  }
}
