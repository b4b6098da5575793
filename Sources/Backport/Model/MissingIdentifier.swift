/// An identifier the patch adds or relies on that the line lacks, or has with another
/// signature, with what brings it.
///
/// ```
/// softleaf_t (type): introduced by 3c1f… "mm: introduce softleaf_t …" (v6.19); use swp_entry_t here
/// ```
public struct MissingIdentifier: Sendable, Codable, Hashable {
  /// What the identifier names, as far as its use in the patch tells.
  public enum Kind: String, Sendable, Codable, CaseIterable {
    case function, type, macro, member, identifier
  }

  /// The commit (or release) that brings the identifier.
  public struct Introduction: Sendable, Codable, Hashable {
    /// The mainline commit whose diff first adds it; `nil` when only a release is known.
    public let commit: String?
    public let subject: String?
    /// Its first release, or the first (point) release that has the identifier.
    public let release: String?

    enum CodingKeys: String, CodingKey { case commit, subject, release }

    public func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(commit, forKey: .commit)
      try container.encode(subject, forKey: .subject)
      try container.encode(release, forKey: .release)
    }
  }

  public let identifier: String
  public let kind: Kind
  /// The declaration the line has (a function with another signature), else `nil`.
  public let signatureHere: String?
  /// The declaration the patch or mainline has.
  public let signatureUpstream: String?
  /// The older spelling the line uses, where history or the rename table shows one.
  public let renamedFrom: String?
  public let introducedBy: Introduction?

  enum CodingKeys: String, CodingKey {
    case identifier, kind, signatureHere, signatureUpstream, renamedFrom, introducedBy
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(identifier, forKey: .identifier)
    try container.encode(kind, forKey: .kind)
    try container.encode(signatureHere, forKey: .signatureHere)
    try container.encode(signatureUpstream, forKey: .signatureUpstream)
    try container.encode(renamedFrom, forKey: .renamedFrom)
    try container.encode(introducedBy, forKey: .introducedBy)
  }

  /// The advice a maintainer reads: "use `swp_entry_t` here".
  public var advice: String? {
    if let renamedFrom { return "use `\(renamedFrom)` here" }
    if signatureHere != nil { return "call it with the line's signature" }
    return nil
  }
}
