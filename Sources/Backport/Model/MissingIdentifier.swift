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

  /// The advice a maintainer reads: "use `swp_entry_t` here".
  public var advice: String? {
    if let renamedFrom { return "use `\(renamedFrom)` here" }
    if signatureHere != nil { return "call it with the line's signature" }
    return nil
  }
}
