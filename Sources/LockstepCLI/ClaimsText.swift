import Claims

/// The text form of `lockstep claims`: the claims grouped by message, each with its verdict
/// and one line of evidence (or what it needs); then each version's changes, and the counts.
///
/// ```text
/// == <20260203143400.6231-1-thomas.hellstrom@linux.intel.com>
///   confirmed     changelog  v3: Add a stub migration_entry_wait_on_locked() for the …
///                 include/linux/migrate.h:100: + static inline void migration_entry_…
/// ```
struct ClaimsText {
  let report: ClaimsReport

  init(_ report: ClaimsReport) { self.report = report }

  static let width = 100

  static func clipped(_ text: String, _ length: Int) -> String {
    text.count > length ? String(text.prefix(length - 1)) + "…" : text
  }

  var text: String {
    var out = ""
    var message: String?
    for claim in report.claims {
      if claim.message != message {
        message = claim.message
        out += "== <\(claim.message)>\n"
      }
      let head = claim.verdict.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
      let kind = claim.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
      out += "  \(head) \(kind) \(Self.clipped(claim.text, Self.width - 28))\n"
      let detail =
        claim.verdict == .unverifiable
        ? "needs: \(claim.needs ?? "")" : claim.evidence.first?.oneLine ?? ""
      out += "                \(Self.clipped(detail, Self.width - 16))\n"
    }
    for delta in report.versions {
      out += "== \(delta.from) → \(delta.to): \(delta.series)\n"
      for change in delta.changes { out += "  \(change)\n" }
      for fixed in delta.fixed { out += "  fixes \(fixed)\n" }
      for introduced in delta.introduced { out += "  introduces \(introduced)\n" }
      for answer in delta.answers {
        out +=
          "  answers \(answer.by ?? "a reviewer"): \"\(Self.clipped(answer.comment, 60))\" → "
          + "\(answer.change)\n"
      }
    }
    for note in report.notes { out += "note: \(note)\n" }
    let count = { (verdict: Verdict) in report.claims.filter { $0.verdict == verdict }.count }
    let defined = report.identifiers.filter { $0.definedAt != nil }.count
    out +=
      "\(report.claims.count) claim(s): \(count(.confirmed)) confirmed, \(count(.refuted)) refuted, "
      + "\(count(.unverifiable)) unverifiable; \(report.identifiers.count) identifier(s) named, "
      + "\(defined) defined in the tree\n"
    return out
  }
}
