import CLibGit2

/// libgit2's global state: initialised once, before the first handle is made.
enum LibGit2 {
  /// Initialises libgit2 once per process; later calls do nothing. Sets the options a
  /// read-only history reader wants: no re-hashing of every object read, and large
  /// trees kept in the object cache.
  static let initialised: Bool = {
    git_libgit2_init()
    lockstep_git_disable_hash_verification()
    lockstep_git_cache_trees_up_to(1 << 20)
    return true
  }()
}
