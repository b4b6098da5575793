/// A tagged release: `v6.15` on mainline, `v6.12.3` on a stable line.
public struct Release: Hashable, Sendable, CustomStringConvertible {
  /// The tag name as in the repository (`v6.15-rc1`).
  public let tag: String
  public let version: KernelVersion
  /// The commit the tag points at (peeled).
  public let commit: ObjectID

  public var description: String { tag }
}

/// A stable branch line: `linux-6.12.y`, as a branch or (where no branch exists) as the
/// `v6.12.Z` tags grouped together.
///
/// ```
/// linux-6.12.y  tip 4f2a…  newest tag v6.12.2
/// ```
public struct StableLine: Hashable, Sendable, CustomStringConvertible {
  /// `linux-X.Y.y`.
  public let name: String
  /// The mainline release the line started from (`v6.12`).
  public let series: KernelVersion
  /// The reference the tip was read from (`refs/heads/linux-6.12.y`, or a tag).
  public let reference: String
  public let tip: ObjectID
  /// The highest `vX.Y.Z` tag of the line, if any.
  public let newestTag: String?

  public var description: String { name }
}
