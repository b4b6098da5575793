import CLibGit2

/// A libgit2 call that failed, with libgit2's own message and what it was asked.
///
/// Every non-zero libgit2 return code becomes one of these, carrying
/// `git_error_last()`'s text so the user sees libgit2's reason:
/// `object not found - no match for id (1afaeb8293c9) (revision "1afaeb8293c9")`.
public struct GitError: Error, Sendable, CustomStringConvertible {
  /// The libgit2 return code (`GIT_ENOTFOUND`, `GIT_EAMBIGUOUS`, …).
  public let code: Int32
  /// libgit2's message for the failure, from `git_error_last()`.
  public let message: String
  /// What was asked: a path, a revision, an object id.
  public let context: String
  /// libgit2's error class (`GIT_ERROR_ODB`, `GIT_ERROR_ZLIB`, …), 0 when none was set.
  public let errorClass: Int32

  init(code: Int32, message: String, context: String, errorClass: Int32 = 0) {
    self.code = code
    self.message = message
    self.context = context
    self.errorClass = errorClass
  }

  public var description: String { "\(message) (\(context))" }

  /// Whether libgit2 said the thing asked for does not exist.
  public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

  /// Throws a `GitError` for a negative libgit2 return code.
  ///
  /// ```swift
  /// try GitError.check(git_revparse_single(&obj, repo, spec), "revision \"\(spec)\"")
  /// ```
  static func check(_ code: Int32, _ context: @autoclosure () -> String) throws(GitError) {
    guard code < 0 else { return }
    guard let error = git_error_last(), let text = error.pointee.message else {
      throw GitError(code: code, message: "libgit2 error \(code)", context: context())
    }
    throw GitError(
      code: code, message: String(cString: text), context: context(),
      errorClass: error.pointee.klass)
  }

  /// Whether the object exists but is not of (and cannot be peeled to) the kind asked for:
  /// `v2.6.11` in Linus's repository is a tag of a tree, not of a commit.
  public var isPeelFailure: Bool {
    code == GIT_EPEEL.rawValue || code == GIT_EINVALIDSPEC.rawValue
  }

  /// Whether the object database itself failed (a corrupt or truncated object).
  public var isCorruption: Bool {
    [GIT_ERROR_ODB, GIT_ERROR_ZLIB, GIT_ERROR_OBJECT, GIT_ERROR_OS].contains {
      Int32($0.rawValue) == errorClass
    } && !isNotFound && !isPeelFailure && code != GIT_EAMBIGUOUS.rawValue
  }
}
