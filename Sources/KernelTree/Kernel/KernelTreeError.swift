/// Why a question about a kernel tree could not be answered, naming what was asked.
///
/// ```
/// not a git repository: /tmp/notes (could not find repository at '/tmp/notes')
/// unknown revision "v9.99" in /src/linux (revspec 'v9.99' not found)
/// ```
public enum KernelTreeError: Error, Sendable, CustomStringConvertible {
  /// The path does not exist or cannot be read.
  case unreadablePath(String)
  /// The path exists but holds no git repository.
  case notARepository(path: String, reason: String)
  /// An object or ref could not be read: the repository is damaged.
  case corruptRepository(path: String, what: String, reason: String)
  /// A revision that does not resolve to a commit.
  case unknownRevision(String, repository: String, reason: String)
  /// No commit on the searched history has this subject.
  case noCommitWithSubject(String, repository: String)

  public var description: String {
    switch self {
    case .unreadablePath(let path):
      return "cannot read \(path): no such file or directory"
    case .notARepository(let path, let reason):
      return "not a git repository: \(path) (\(reason))"
    case .corruptRepository(let path, let what, let reason):
      return "corrupt repository \(path): cannot read \(what) (\(reason))"
    case .unknownRevision(let revision, let repository, let reason):
      return "unknown revision \"\(revision)\" in \(repository) (\(reason))"
    case .noCommitWithSubject(let subject, let repository):
      return "no commit with subject \"\(subject)\" in \(repository)"
    }
  }

  /// Whether the cause is reading the file system rather than the data in it.
  public var isIOError: Bool {
    if case .unreadablePath = self { return true }
    return false
  }
}
