import CLibGit2

/// libgit2's global state: initialised once, before the first handle is made.
enum LibGit2 {
  /// Initialises libgit2 once per process; later calls do nothing.
  static let initialised: Bool = {
    git_libgit2_init()
    return true
  }()
}
