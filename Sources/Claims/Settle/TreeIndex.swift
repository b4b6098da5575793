import CSyntax
import Foundation
import KernelTree

/// The kernel tree at the base revision, as the claims read it: where a name is defined, the
/// function that defines it, and which files name it. Files are read once, when first asked.
///
/// ```swift
/// let index = try TreeIndex(repository: repo, base: "v7.0-rc1", folders: ["mm/", "include/linux/"])
/// index.definition(of: "lru_cache_disable")   // ("mm/swap.c", 233)
/// ```
///
/// - Complexity: the first question reads every file of the folders (their blobs once);
///   each name is then a byte search over them, and a parse of the files that name it.
final class TreeIndex {
  struct Definition: Sendable, Equatable {
    var file: String
    var line: Int
  }

  private let repository: KernelRepository
  private let commit: ObjectID
  private let folders: [String]
  private var texts: [(path: String, bytes: [UInt8])]?
  private var parsed: [String: SourceFile] = [:]
  private var definitions: [String: Definition?] = [:]
  /// Objects that could not be read (named in the report's notes).
  private(set) var problems: [String] = []

  init(repository: KernelRepository, base: String, folders: [String]) throws(KernelTreeError) {
    self.repository = repository
    commit = try repository.resolve(base)
    self.folders = folders
  }

  private func files() -> [(path: String, bytes: [UInt8])] {
    if let texts { return texts }
    var read: [(path: String, bytes: [UInt8])] = []
    do {
      for file in try repository.files(at: commit, under: folders)
      where file.path.hasSuffix(".c") || file.path.hasSuffix(".h") {
        read.append((file.path, try repository.blobBytes(file.blob)))
      }
    } catch {
      problems.append("the tree's files could not all be read: \(error)")
    }
    texts = read
    return read
  }

  /// The files that contain `name` as bytes (a cheap filter before parsing).
  func files(naming name: String) -> [(path: String, bytes: [UInt8])] {
    let needle = Array(name.utf8)
    return files().filter { Self.contains($0.bytes, needle) }
  }

  /// Whether `haystack` holds `needle`: `memchr` to each candidate first byte, then `memcmp`.
  static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
    return haystack.withUnsafeBytes { hay in
      needle.withUnsafeBytes { wanted in
        guard let base = hay.baseAddress, let want = wanted.baseAddress else { return false }
        var offset = 0
        let last = hay.count - needle.count
        while offset <= last {
          guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else {
            return false
          }
          let position = base.distance(to: UnsafeRawPointer(hit))
          if memcmp(base + position, want, needle.count) == 0 { return true }
          offset = position + 1
        }
        return false
      }
    }
  }

  func source(_ path: String, _ bytes: [UInt8]) -> SourceFile {
    if let known = parsed[path] { return known }
    let file = SourceFile(text: String(decoding: bytes, as: UTF8.self), path: path)
    parsed[path] = file
    return file
  }

  /// The function `name` with a body, and its file (a `.c` definition before a header stub).
  func function(named name: String) -> (file: SourceFile, function: Function)? {
    let candidates = files(naming: name).sorted { lhs, _ in lhs.path.hasSuffix(".c") }
    for (path, bytes) in candidates {
      let file = source(path, bytes)
      if let function = file.function(named: name) { return (file, function) }
    }
    return nil
  }

  /// Where `name` is defined: a function with a body, a macro, a struct, a typedef.
  func definition(of name: String) -> Definition? {
    if let known = definitions[name] { return known }
    var found: Definition?
    if let (file, function) = function(named: name) {
      found = Definition(file: file.path, line: function.line)
    } else {
      found = textualDefinition(of: name)
    }
    definitions[name] = found
    return found
  }

  /// `#define NAME`, `struct NAME {`, `} NAME;` of a typedef, or a prototype `NAME(…);`.
  private func textualDefinition(of name: String) -> Definition? {
    for (path, bytes) in files(naming: name) {
      let text = String(decoding: bytes, as: UTF8.self)
      for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
        .enumerated()
      {
        let words = line.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
        guard words.contains(where: { $0 == name }) else { continue }
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        if trimmed.hasPrefix("#define"), words.count > 1, words[1] == name {
          return Definition(file: path, line: index + 1)
        }
        if trimmed.hasPrefix("struct \(name) {") || trimmed.hasPrefix("typedef")
          || trimmed.hasPrefix("} \(name);")
          || line.first != " " && line.first != "\t" && trimmed.contains("\(name)(")
        {
          return Definition(file: path, line: index + 1)
        }
      }
    }
    return nil
  }

  /// The names the files at `paths` define or declare (candidates for a closest real name).
  func definedNames(inFiles paths: [String]) -> Set<String> {
    var names: Set<String> = []
    for (path, bytes) in files() where paths.contains(path) {
      let file = source(path, bytes)
      names.formUnion(file.functions.map(\.name))
      names.formUnion(file.declarations.map(\.name))
    }
    return names
  }
}
