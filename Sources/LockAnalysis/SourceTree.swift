import Foundation
import KernelTree

/// Where the analysis reads the kernel files a patch touches and the headers they include.
///
/// ```swift
/// let tree = GitSourceTree(repository: try KernelRepository(path: "linux"), revision: "v7.0-rc1")
/// tree.text(of: "include/linux/migrate.h")
/// ```
public protocol SourceTree {
  /// The text of `path` (relative to the tree's top), or nil when there is no such file.
  func text(of path: String) -> String?
  /// How the tree is named in notes: `linux@v7.0-rc1`.
  var label: String { get }
}

/// Files at one revision of a git repository, through libgit2 (never the working tree).
///
/// A file the revision does not have is `nil`; a file it has but that cannot be read (a
/// blob missing or damaged) is `nil` too, and the error is kept in ``readErrors``: the
/// caller must not take "not in the tree" for an answer when the repository is corrupt.
public struct GitSourceTree: SourceTree {
  let repository: KernelRepository
  let revision: String
  private let errors = ReadErrors()

  public init(repository: KernelRepository, revision: String) {
    self.repository = repository
    self.revision = revision
  }

  public func text(of path: String) -> String? {
    do {
      return try repository.file(at: revision, path: path)?.text
    } catch {
      errors.add(error)
      return nil
    }
  }

  /// Every read of the repository that failed, each naming the object, in the order met.
  public var readErrors: [KernelTreeError] { errors.all }

  public var label: String { "\(repository.path)@\(revision)" }
}

/// Files in a directory: an unpacked kernel source tarball.
public struct DirectorySourceTree: SourceTree {
  let root: URL

  public init(root: String) { self.root = URL(fileURLWithPath: root) }

  public func text(of path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path)
    else {
      return nil
    }
    return String(decoding: data, as: UTF8.self)
  }

  public var label: String { root.path }
}

/// The read errors of a ``GitSourceTree``, shared by its copies and safe to add to from the
/// analysis threads.
private final class ReadErrors: @unchecked Sendable {
  private let lock = NSLock()
  private var errors: [KernelTreeError] = []

  func add(_ error: KernelTreeError) {
    lock.lock()
    defer { lock.unlock() }
    if !errors.contains(where: { "\($0)" == "\(error)" }) { errors.append(error) }
  }

  var all: [KernelTreeError] {
    lock.lock()
    defer { lock.unlock() }
    return errors
  }
}
