import Claims

/// A claim made in the thread and what the checks found: the hook through which the Claims
/// stage hands its verdicts to the report (``ReportInput/claims``).
///
/// The report renders a section per claim, with a badge for its verdict and the evidence,
/// whenever the input has any; it never makes claims up.
///
/// ```swift
/// ClaimSection(statement: "fixes a livelock under voluntary preemption", by: "Thomas Hellström",
///              kind: "behaviour", verdict: .confirmed,
///              evidence: [.init(text: "simulator: livelock before, ok after", location: nil)])
/// ```
public struct ClaimSection: Sendable, Equatable {
  /// The claim in the thread's words.
  public var statement: String
  public var by: String?
  /// What kind of claim (a trailer, a changelog line, a statement about the diff, …).
  public var kind: String
  /// The version of the series whose message makes it (`v3`), when the thread says.
  public var version: String?
  public var verdict: ClaimVerdict
  public var evidence: [Evidence]

  /// One piece of evidence: what was checked and where (`mm/memory.c:4677`).
  public struct Evidence: Sendable, Equatable {
    public var text: String
    public var location: String?

    public init(text: String, location: String?) {
      self.text = text
      self.location = location
    }
  }

  public init(
    statement: String, by: String?, kind: String, version: String? = nil, verdict: ClaimVerdict,
    evidence: [Evidence]
  ) {
    self.statement = statement
    self.by = by
    self.kind = kind
    self.version = version
    self.verdict = verdict
    self.evidence = evidence
  }
}

/// What the checks concluded about a claim: the Claims stage's own verdict.
public typealias ClaimVerdict = Verdict
