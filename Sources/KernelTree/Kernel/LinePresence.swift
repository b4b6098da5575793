/// How a commit was found on a stable line.
public enum MatchMethod: String, Sendable, Codable, CaseIterable {
  /// The commit itself is in the line's history.
  case ancestry
  /// A line commit names it: `commit <sha> upstream.` or `[ Upstream commit <sha> ]`.
  case upstreamLine = "upstream-line"
  /// A line commit has the same `git patch-id --stable`.
  case patchID = "patch-id"
  /// A line commit has the same subject (weakest evidence).
  case subject
}

/// Whether a stable line has a commit, and as which commit.
public struct LinePresence: Sendable, Hashable {
  public let line: StableLine
  /// The line commit that carries the change, `nil` when absent.
  public let copy: ObjectID?
  public let matchedBy: MatchMethod?

  public var isPresent: Bool { copy != nil }
}

/// The answer to "where is this commit?": first release and every stable line.
public struct Containment: Sendable {
  public let commit: CommitInfo
  public let firstRelease: Release?
  public let lines: [LinePresence]
}

/// How a `Fixes:` reference was resolved in a tree.
public struct FixesResolution: Sendable, Hashable {
  public enum Method: String, Sendable, Codable {
    /// The abbreviated id exists in the tree.
    case id
    /// The id is absent (a fork, a rebased tree); the quoted subject matched.
    case subject
  }

  public let commit: ObjectID
  public let matchedBy: Method
  /// Set when the id resolved but its subject differs from the quoted one.
  public let subjectMismatch: String?
}
