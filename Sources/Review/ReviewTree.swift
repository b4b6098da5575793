import Foundation
import KernelTree
import LockAnalysis

/// The kernel tree a review reads: `--tree DIR` (a repository, a folder inside one, or a
/// plain source directory), else the git repository around the current folder when it is
/// a kernel tree, else none (the hunks alone).
///
/// ```swift
/// let tree = try ReviewTree(ReviewOptions(searchFrom: "/src/linux/mm"))
/// tree.repository?.path  // "/src/linux"
/// tree.notes  // []
/// ```
struct ReviewTree {
  var repository: KernelRepository?
  var sourceTree: (any SourceTree)?
  /// How the tree was chosen when that is not what the user wrote (a discovered
  /// repository, one left aside because it is not a kernel tree).
  var notes: [String] = []

  init(_ options: ReviewOptions) throws(ReviewError) {
    let revision = options.base ?? "HEAD"
    if let tree = options.tree {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: tree, isDirectory: &isDirectory),
        isDirectory.boolValue
      else { throw .noSuchDirectory(path: tree) }
      let isRoot =
        FileManager.default.fileExists(atPath: tree + "/.git")
        || FileManager.default.fileExists(atPath: tree + "/HEAD")
      // A folder inside a kernel repository stands for the repository, as for git; a
      // source folder that merely sits inside some other repository is read as files.
      let repository: KernelRepository?
      do {
        repository =
          isRoot
          ? try KernelRepository(path: tree)
          : (try? KernelRepository.discover(from: tree)).flatMap {
            Self.isKernelTree($0, at: revision) ? $0 : nil
          }
      } catch {
        throw .tree(error)
      }
      guard let repository else {
        if let base = options.base { throw .baseOnDirectory(path: tree, base: base) }
        sourceTree = DirectorySourceTree(root: tree)
        return
      }
      do {
        try use(repository, at: revision)
      } catch {
        throw .tree(error)
      }
      return
    }
    guard let folder = options.searchFrom,
      let repository = try? KernelRepository.discover(from: folder)
    else {
      if let base = options.base {
        throw .noRepository(around: options.searchFrom ?? ".", needed: "--base \(base)")
      }
      return
    }
    guard Self.isKernelTree(repository, at: revision) else {
      if let base = options.base {
        throw .noRepository(around: options.searchFrom ?? ".", needed: "--base \(base)")
      }
      notes.append(
        "\(repository.path), the git repository around \(folder), has no mm/ at \(revision): "
          + "not a kernel tree, so the hunks alone are analyzed (give --tree)")
      return
    }
    do {
      try use(repository, at: revision)
    } catch {
      throw .tree(error)
    }
  }

  private mutating func use(_ repository: KernelRepository, at revision: String)
    throws(KernelTreeError)
  {
    _ = try repository.resolve(revision)
    self.repository = repository
    sourceTree = GitSourceTree(repository: repository, revision: revision)
  }

  /// Whether `revision` of the repository has the kernel's `mm/` folder; a revision the
  /// repository cannot resolve is judged by `HEAD`, so that `--base nosuchrev` inside a
  /// kernel tree is reported as an unknown revision, not as "no kernel repository".
  private static func isKernelTree(_ repository: KernelRepository, at revision: String) -> Bool {
    guard let id = (try? repository.resolve(revision)) ?? (try? repository.resolve("HEAD"))
    else { return false }
    return (try? repository.hasFolder(at: id, path: "mm")) == true
  }
}
