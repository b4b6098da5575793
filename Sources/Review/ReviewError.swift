import KernelTree
import LockAnalysis

/// Why a review could not start or could not read its input, naming what and where.
///
/// Each case says whether it is broken data (`EX_DATAERR`, 65) or a file that could not be
/// read (`EX_IOERR`, 74), so every command maps it to the same documented exit status:
///
/// ```swift
/// do { _ = try Reviewer(ReviewOptions(tree: "linux")) } catch {
///   print(error)  // "linux: no such directory"
///   error.isIOError  // true
/// }
/// ```
public enum ReviewError: Error, Sendable, CustomStringConvertible {
  /// A file (or standard input) that could not be read at all.
  case unreadable(path: String, what: String)
  /// `--tree` names no directory.
  case noSuchDirectory(path: String)
  /// The input holds no patch; `detail` is the first reason a diff in it was refused.
  case noPatch(name: String, detail: String?)
  /// A primitive table (built in or `--primitives FILE`) that could not be read.
  case primitiveTable(AnalysisError)
  /// The repository or revision failed.
  case tree(KernelTreeError)
  /// A revision was asked for (`--base`, a commit or range to analyze) and neither
  /// `--tree` nor the folder `around` is in a kernel repository.
  case noRepository(around: String, needed: String)
  /// `--base` with a `--tree` that is a plain source directory (no revisions there).
  case baseOnDirectory(path: String, base: String)
  /// A file of the tree at a revision could not be read.
  case file(revision: String, path: String, KernelTreeError)

  public var description: String {
    switch self {
    case .unreadable(let path, let what): "\(path): cannot read \(what)"
    case .noSuchDirectory(let path): "\(path): no such directory"
    case .noPatch(let name, let detail):
      "\(name): no patch found" + (detail.map { ": \($0)" } ?? "")
    case .primitiveTable(let error): "\(error)"
    case .tree(let error): "\(error)"
    case .file(let revision, let path, let error): "\(revision):\(path): \(error)"
    case .baseOnDirectory(let path, let base):
      "--base \(base): \(path) is a source directory, not a git repository: it has no revisions"
    case .noRepository(let folder, let needed):
      "\(needed): no --tree, and \(folder) is in no kernel git repository"
    }
  }

  /// Whether the failure is I/O (exit 74) rather than bad data (exit 65).
  public var isIOError: Bool {
    switch self {
    case .unreadable, .noSuchDirectory: true
    case .noPatch, .primitiveTable, .file, .noRepository, .baseOnDirectory: false
    case .tree(let error): error.isIOError
    }
  }
}
