/// Everything `lockstep claims` reports: the claims with their verdicts, what changed from
/// one version of each patch to the next, and where each identifier the thread names is
/// defined.
///
/// ```swift
/// let report = try ClaimChecker(input, patterns: .builtin()).check()
/// report.claims.filter { $0.verdict == .refuted }.map(\.text)
/// report.versions.map { "\($0.from) → \($0.to): fixes \($0.fixed)" }
/// ```
///
/// JSON keys are always present; an absent value is `null`.
public struct ClaimsReport: Sendable, Encodable {
  public var claims: [Claim]
  public var versions: [VersionDelta]
  public var identifiers: [IdentifierLink]
  /// How the check went: what was not read or not run, and why.
  public var notes: [String]

  public init(
    claims: [Claim], versions: [VersionDelta], identifiers: [IdentifierLink], notes: [String]
  ) {
    self.claims = claims
    self.versions = versions
    self.identifiers = identifiers
    self.notes = notes
  }

  /// Exit status 1 territory: a claim the thread makes does not hold.
  public var hasRefuted: Bool { claims.contains { $0.verdict == .refuted } }

  enum CodingKeys: String, CodingKey { case claims, versions, identifiers, notes }
}

/// What changed between two consecutive versions of a patch, and why.
///
/// ```text
/// v2 → v3: + include/linux/migrate.h @@ -97,6 +97,12 @@; fixes stub-gap in do_swap_page()
/// ```
public struct VersionDelta: Sendable, Equatable, Encodable {
  /// The series title.
  public var series: String
  public var from: String
  public var to: String
  /// The hunks added, removed and changed (a range-diff), one line each.
  public var changes: [String]
  /// Findings the earlier version has and this one not (`rule in function() at file:line`).
  public var fixed: [String]
  /// Findings this version has and the earlier one not.
  public var introduced: [String]
  /// Reviewers' comments on the earlier version that a change answers.
  public var answers: [Answer]

  /// A comment anchored in the earlier version's diff, and the change made where it points.
  public struct Answer: Sendable, Equatable, Encodable {
    public var comment: String
    public var by: String?
    public var change: String

    enum CodingKeys: String, CodingKey { case comment, by, change }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(comment, forKey: .comment)
      try container.encode(by, forKey: .by)
      try container.encode(change, forKey: .change)
    }
  }
}

/// An identifier named in a message (in prose or quoted code), and where the tree defines it.
public struct IdentifierLink: Sendable, Equatable, Encodable {
  public var name: String
  /// The message that names it first.
  public var message: String
  /// Its definition at the base revision; `nil` without a tree or when the tree has none.
  public var definedAt: Place?

  public struct Place: Sendable, Equatable, Encodable {
    public var file: String
    public var line: Int
  }

  enum CodingKeys: String, CodingKey { case name, message, definedAt }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(name, forKey: .name)
    try container.encode(message, forKey: .message)
    try container.encode(definedAt, forKey: .definedAt)
  }
}

extension Claim: Encodable {
  enum CodingKeys: String, CodingKey {
    case message, version, kind, text, subject, verdict, evidence, needs
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(message, forKey: .message)
    try container.encode(version, forKey: .version)
    try container.encode(kind, forKey: .kind)
    try container.encode(text, forKey: .text)
    try container.encode(subject, forKey: .subject)
    try container.encode(verdict, forKey: .verdict)
    try container.encode(evidence, forKey: .evidence)
    try container.encode(needs, forKey: .needs)
  }
}

extension Evidence: Encodable {
  enum CodingKeys: String, CodingKey { case kind, file, line, detail }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(kind, forKey: .kind)
    try container.encode(file, forKey: .file)
    try container.encode(line, forKey: .line)
    try container.encode(detail, forKey: .detail)
  }
}
