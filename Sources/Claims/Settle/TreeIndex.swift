import CSyntax
import Foundation
import KernelTree

/// The kernel tree at the base revision, as the claims read it: where a name is defined, the
/// function that defines it, and where it is called. Lazy: a folder's ``DefinitionTable`` is
/// built the first time a name is asked (its files read once, scanned without a parse) and
/// kept in the cache folder under the hash of the folder's blob ids, so a later run — another
/// revision that leaves the folder unchanged too — reads no file of it; a file is parsed only
/// when a function's body is needed.
///
/// ```swift
/// let index = try TreeIndex(repository: repo, base: "v7.0-rc1", folders: ["mm/", "include/linux/"])
/// index.definition(of: "lru_cache_disable")   // ("mm/swap.c", 233)
/// ```
///
/// - Complexity: cold, the first question reads every file of the folders once; warm, a
///   name is a binary search per folder; a body is one parse of one file.
final class TreeIndex {
  struct Definition: Sendable, Equatable {
    var file: String
    var line: Int
  }

  private let repository: KernelRepository
  private let commit: ObjectID
  /// The folders read, none inside another.
  let folders: [String]
  private var tables: [DefinitionTable]?
  private var texts: [String: [UInt8]] = [:]
  private var listing: [String: [KernelRepository.TreeFile]] = [:]
  private var parsed: [String: SourceFile] = [:]
  /// Objects that could not be read (named in the report's notes).
  private(set) var problems: [String] = []
  /// Whether the tables came from the cache (all of them), for the benchmarks' coverage.
  private(set) var fromCache = false

  init(repository: KernelRepository, base: String, folders: [String]) throws(KernelTreeError) {
    self.repository = repository
    commit = try repository.resolve(base)
    let sorted = Set(folders).sorted()
    self.folders = sorted.filter { folder in
      !sorted.contains { $0 != folder && folder.hasPrefix($0) }
    }
  }

  /// The `.c` and `.h` files of a folder at the base.
  private func files(under folder: String) -> [KernelRepository.TreeFile] {
    if let known = listing[folder] { return known }
    var found: [KernelRepository.TreeFile] = []
    do {
      found = try repository.files(at: commit, under: [folder]).filter {
        $0.path.hasSuffix(".c") || $0.path.hasSuffix(".h")
      }
    } catch {
      problems.append("the tree's files under \(folder) could not be listed: \(error)")
    }
    listing[folder] = found
    return found
  }

  /// A file's bytes at the base (read once).
  func bytes(of file: KernelRepository.TreeFile) -> [UInt8]? {
    bytes(path: file.path, blob: file.blob)
  }

  private func bytes(path: String, blob: ObjectID) -> [UInt8]? {
    if let known = texts[path] { return known }
    do {
      let read = try repository.blobBytes(blob)
      texts[path] = read
      return read
    } catch {
      problems.append("\(path) could not be read at the base: \(error)")
      return nil
    }
  }

  /// The definition tables of every folder: from the cache, else scanned and stored.
  private func definitionTables() -> [DefinitionTable] {
    if let tables { return tables }
    var built: [DefinitionTable] = []
    var allCached = true
    for folder in folders {
      let files = files(under: folder)
      let key = DefinitionTable.key(of: files, folder: folder)
      let cached = repository.cacheDirectory?.appendingPathComponent("\(key).tsv")
      if let cached, let data = FileManager.default.contents(atPath: cached.path),
        let table = DefinitionTable(bytes: Array(data))
      {
        built.append(table)
        continue
      }
      allCached = false
      let table = DefinitionTable(
        scanning: files.compactMap { file in bytes(of: file).map { (file.path, $0) } })
      built.append(table)
      if let cached { Self.store(table.contents, at: cached) }
    }
    tables = built
    fromCache = allCached
    return built
  }

  /// Writes through a temporary file and a rename, so a reader never sees half a table. A
  /// cache that cannot be written is skipped: it only saves time.
  private static func store(_ bytes: [UInt8], at url: URL) {
    let folder = url.deletingLastPathComponent()
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try? Data(bytes).write(to: url, options: .atomic)
  }

  /// Every definition of `name`, best first: a body in a `.c` file, a body in a header (a
  /// `static inline`), a macro, a type, a prototype.
  func definitions(of name: String) -> [DefinitionTable.Entry] {
    definitionTables().flatMap { $0.entries(named: name) }.sorted {
      ($0.kind, $0.path.hasSuffix(".c") ? 0 : 1, $0.path) < (
        $1.kind, $1.path.hasSuffix(".c") ? 0 : 1, $1.path
      )
    }
  }

  /// Where `name` is defined: a function with a body, a macro, a struct, a typedef, a
  /// prototype.
  func definition(of name: String) -> Definition? {
    definitions(of: name).first.map { Definition(file: $0.path, line: $0.line) }
  }

  /// The file at `path`, parsed (once).
  func source(_ path: String) -> SourceFile? {
    if let known = parsed[path] { return known }
    let folder = folders.first { path.hasPrefix($0) }
    var text: [UInt8]?
    if let folder, let file = files(under: folder).first(where: { $0.path == path }) {
      text = bytes(of: file)
    } else if let blob = try? repository.blobID(at: commit, path: path) {
      text = bytes(path: path, blob: blob)
    }
    guard let text else { return nil }
    let file = SourceFile(text: String(decoding: text, as: UTF8.self), path: path)
    parsed[path] = file
    return file
  }

  /// The function `name` with a body, and its file (a `.c` definition before a header stub).
  func function(named name: String) -> (file: SourceFile, function: Function)? {
    for entry in definitions(of: name) where entry.kind == .body {
      if let file = source(entry.path), let function = file.function(named: name) {
        return (file, function)
      }
    }
    return nil
  }

  /// The functions with a body whose names start with `prefix` (`migrate_vma_` for
  /// `migrate_vma_*`), each with the file that defines it.
  func functions(prefixed prefix: String) -> [(file: SourceFile, function: Function)] {
    var seen: Set<String> = []
    var result: [(SourceFile, Function)] = []
    for table in definitionTables() {
      for (name, entry) in table.entries(prefixed: prefix)
      where entry.kind == .body && seen.insert(name).inserted {
        if let file = source(entry.path), let function = file.function(named: name) {
          result.append((file, function))
        }
      }
    }
    return result
  }

  /// The files of the folders whose text names `name` (read whole: a search of every file,
  /// as `git grep` does), restricted to `paths` when given.
  func files(naming name: String, among paths: Set<String>? = nil) -> [String] {
    let needle = Array(name.utf8)
    var result: [String] = []
    for folder in folders {
      for file in files(under: folder) where paths?.contains(file.path) ?? true {
        if let text = bytes(of: file), ByteSearch.contains(text, needle) {
          result.append(file.path)
        }
      }
    }
    return result
  }

  /// The paths of every `.c` and `.h` file of the folders.
  var allPaths: [String] { folders.flatMap { files(under: $0).map(\.path) } }

  /// The names the files at `paths` define or declare (candidates for a closest real name).
  func definedNames(inFiles paths: [String]) -> Set<String> {
    var names: Set<String> = []
    for path in paths {
      guard let file = source(path) else { continue }
      names.formUnion(file.functions.map(\.name))
      names.formUnion(file.declarations.map(\.name))
    }
    return names
  }
}
