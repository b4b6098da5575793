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
public struct GitSourceTree: SourceTree {
  let repository: KernelRepository
  let revision: String

  public init(repository: KernelRepository, revision: String) {
    self.repository = repository
    self.revision = revision
  }

  public func text(of path: String) -> String? {
    (try? repository.file(at: revision, path: path))??.text
  }

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
