/// A commit a line needs before the patch: it brings identifiers the patch uses that the
/// line lacks. A line's dependencies are listed in apply order (the order they went into
/// mainline: by release, then by ancestry), so cherry-picking them top to bottom works.
///
/// ```
/// 2b2b53626f3e ("mm: introduce softleaf_t for non-present page table entries"), v6.19:
///   softleaf_t, softleaf_is_hwpoison
/// ```
public struct Dependency: Sendable, Codable, Hashable {
  /// The mainline commit; `nil` when only the release that first has the identifiers is
  /// known (a repository of releases without their commits).
  public let commit: String?
  public let subject: String?
  /// The release the commit went into, or the first (point) release with the identifiers.
  public let release: String?
  /// The missing identifiers it brings, in the patch's order.
  public let identifiers: [String]

  enum CodingKeys: String, CodingKey { case commit, subject, release, identifiers }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(commit, forKey: .commit)
    try container.encode(subject, forKey: .subject)
    try container.encode(release, forKey: .release)
    try container.encode(identifiers, forKey: .identifiers)
  }
}
