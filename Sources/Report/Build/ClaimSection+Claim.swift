import Claims
import MailThread

extension ClaimSection {
  /// A claim as the Claims stage settled it, with who made it (the sender of its message in
  /// `archive`, when the claim names a message the archive has).
  ///
  /// ```swift
  /// let sections = report.claims.map { ClaimSection($0, in: review.archive) }
  /// ```
  public init(_ claim: Claim, in archive: MailArchive) {
    let sender = archive.messages.enumerated().first { index, message in
      (message.id ?? "#\(index + 1)") == claim.message
    }?.element.from
    var evidence = claim.evidence.map { step in
      Evidence(
        text: step.detail,
        location: step.file.map { file in step.line.map { "\(file):\($0)" } ?? file })
    }
    if let needs = claim.needs { evidence.append(Evidence(text: "needs: \(needs)", location: nil)) }
    self.init(
      statement: claim.text, by: sender.map { $0.name ?? $0.address ?? "" },
      kind: claim.kind.rawValue, version: claim.version, verdict: claim.verdict,
      evidence: evidence)
  }
}
