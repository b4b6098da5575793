import CSyntax
import Foundation
import KernelTree
import LockAnalysis

extension Reviewer {
  /// Every function of each file, analyzed as it is (`--whole-file`); a folder stands for
  /// the `.c` files under it. With `--tree` or `--base`, the files are read from the
  /// repository at the base revision (paths relative to its root, or to the current
  /// folder inside it); otherwise from disk, as they are in the work tree.
  ///
  /// ```swift
  /// let reviewer = try Reviewer(ReviewOptions(tree: "linux", base: "v6.1.192"))
  /// let (analysis, notes) = try reviewer.analyze(wholeFiles: ["mm/memory.c", "mm/hmm.c"])
  /// ```
  ///
  /// - Throws: ``ReviewError/unreadable(path:what:)`` for a file or folder that is in
  ///   neither place.
  public func analyze(wholeFiles paths: [String]) throws(ReviewError) -> (
    analysis: PatchAnalysis, notes: [String]
  ) {
    var files: [SourceFile] = []
    for path in paths {
      if let repository, options.tree != nil || options.base != nil {
        files += try Self.read(path, from: repository, at: options.base ?? "HEAD", options)
      } else if let root = options.tree, sourceTree is DirectorySourceTree {
        files += try Self.read(path, under: path.hasPrefix("/") ? "" : root)
      } else {
        files += try Self.read(path, under: "")
      }
    }
    let analysis = Analyzer.analyze(files: files, table: table, keepsPaths: options.keepsPaths)
    return (analysis, files.flatMap(\.readingNotes))
  }

  /// The file, or the `.c` files under the folder, at `revision` of the repository.
  private static func read(
    _ path: String, from repository: KernelRepository, at revision: String,
    _ options: ReviewOptions
  ) throws(ReviewError) -> [SourceFile] {
    let relative = repositoryPath(path, in: repository, options)
    let found: [KernelRepository.TreeFile]
    do throws(KernelTreeError) {
      let commit = try repository.resolve(revision)
      if let blob = try repository.blobID(at: commit, path: relative) {
        let text = String(decoding: try repository.blobBytes(blob), as: UTF8.self)
        return [SourceFile(text: text, path: relative)]
      }
      let folder = relative.hasSuffix("/") ? relative : relative + "/"
      found = try repository.files(at: commit, under: [folder]).filter { $0.path.hasSuffix(".c") }
    } catch {
      throw .tree(error)
    }
    guard !found.isEmpty else {
      throw ReviewError.unreadable(
        path: "\(revision):\(relative)", what: "a file or a folder of C files there")
    }
    var texts: [(text: String, path: String)] = []
    for file in found.sorted(by: { $0.path < $1.path }) {
      do throws(KernelTreeError) {
        texts.append(
          (String(decoding: try repository.blobBytes(file.blob), as: UTF8.self), file.path))
      } catch {
        throw .tree(error)
      }
    }
    return parse(texts)
  }

  /// `path` relative to the repository's root: with `--tree`, a relative path is already;
  /// without, it is taken from the current folder (`memory.c` inside `linux/mm`); an
  /// absolute path inside the work tree is stripped of the root.
  private static func repositoryPath(
    _ path: String, in repository: KernelRepository, _ options: ReviewOptions
  ) -> String {
    let root = URL(fileURLWithPath: repository.path).standardizedFileURL.path
    var absolute = path
    if !path.hasPrefix("/") {
      if options.tree != nil { return path }
      let folder = options.searchFrom ?? FileManager.default.currentDirectoryPath
      absolute =
        URL(fileURLWithPath: folder).appendingPathComponent(path).standardizedFileURL
        .path
    }
    guard absolute.hasPrefix(root + "/") else { return path }
    return String(absolute.dropFirst(root.count + 1))
  }

  /// The file, or the `.c` files under the folder, on disk.
  private static func read(_ path: String, under root: String) throws(ReviewError) -> [SourceFile] {
    let full = root.isEmpty ? path : (root as NSString).appendingPathComponent(path)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
      throw .unreadable(path: path, what: "the file")
    }
    var paths = [path]
    if isDirectory.boolValue {
      let found = FileManager.default.enumerator(atPath: full)?.compactMap { $0 as? String }
      paths = (found ?? []).filter { $0.hasSuffix(".c") }.sorted().map {
        (path as NSString).appendingPathComponent($0)
      }
      guard !paths.isEmpty else { throw .unreadable(path: path, what: "a C file in the folder") }
    }
    var texts: [(text: String, path: String)] = []
    for path in paths {
      let file = root.isEmpty ? path : (root as NSString).appendingPathComponent(path)
      guard let data = FileManager.default.contents(atPath: file) else {
        throw .unreadable(path: path, what: "the file")
      }
      texts.append((String(decoding: data, as: UTF8.self), path))
    }
    return parse(texts)
  }

  /// The files read, each parsed on whichever CPU is free (a folder is read in one pass,
  /// then parsed in parallel: the reading is quick, the parsing is not).
  private static func parse(_ texts: [(text: String, path: String)]) -> [SourceFile] {
    var files = [SourceFile?](repeating: nil, count: texts.count)
    files.withUnsafeMutableBufferPointer { buffer in
      let slots = ConcurrentSlots(buffer: buffer)
      DispatchQueue.concurrentPerform(iterations: texts.count) { index in
        slots.buffer[index] = SourceFile(text: texts[index].text, path: texts[index].path)
      }
    }
    return files.compactMap { $0 }
  }
}
