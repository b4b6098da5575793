import Claims

/// What `Templates/text/claims.mustache` reads: the claims grouped by message, each with its
/// verdict and one line of evidence (or what it needs), clipped to a terminal's width; the
/// version deltas; the notes and the counts.
///
/// ```swift
/// ClaimsView(report).messages[0].claims[0].verdict   // "confirmed    " (padded to its column)
/// ```
struct ClaimsView {
  struct Line {
    var verdict: String
    var kind: String
    var text: String
    var detail: String
  }

  struct MessageClaims {
    var message: String
    var claims: [Line]
  }

  struct Delta {
    var series: String
    var from: String
    var to: String
    var changes: [String]
    var fixed: [String]
    var introduced: [String]
    var answers: [[String: String]]
  }

  /// The width the lines are clipped to.
  static let width = 100

  var messages: [MessageClaims] = []
  var versions: [Delta]
  var notes: [String]
  var claimCount: Int
  var confirmed: Int
  var refuted: Int
  var unverifiable: Int
  var identifierCount: Int
  var defined: Int

  static func clipped(_ text: String, _ length: Int) -> String {
    text.count > length ? String(text.prefix(length - 1)) + "…" : text
  }

  init(_ report: ClaimsReport) {
    for claim in report.claims {
      let detail =
        claim.verdict == .unverifiable
        ? "needs: \(claim.needs ?? "")" : claim.evidence.first?.oneLine ?? ""
      let line = Line(
        verdict: claim.verdict.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0),
        kind: claim.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0),
        text: Self.clipped(claim.text, Self.width - 28),
        detail: Self.clipped(detail, Self.width - 16))
      if messages.last?.message == claim.message {
        messages[messages.count - 1].claims.append(line)
      } else {
        messages.append(MessageClaims(message: claim.message, claims: [line]))
      }
    }
    versions = report.versions.map { delta in
      Delta(
        series: delta.series, from: delta.from, to: delta.to, changes: delta.changes,
        fixed: delta.fixed, introduced: delta.introduced,
        answers: delta.answers.map {
          [
            "by": $0.by ?? "a reviewer", "comment": Self.clipped($0.comment, 60),
            "change": $0.change,
          ]
        })
    }
    notes = report.notes
    claimCount = report.claims.count
    let count = { (verdict: Verdict) in report.claims.filter { $0.verdict == verdict }.count }
    confirmed = count(.confirmed)
    refuted = count(.refuted)
    unverifiable = count(.unverifiable)
    identifierCount = report.identifiers.count
    defined = report.identifiers.filter { $0.definedAt != nil }.count
  }
}
