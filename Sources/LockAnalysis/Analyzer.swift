import CSyntax
import Foundation
import PatchDiff

/// What `lockstep analyze` reports: findings, and the paths of every changed function.
public struct PatchAnalysis: Sendable, Codable {
  public var findings: [Finding] = []
  public var functions: [FunctionPaths] = []
  /// Findings on the code before the patch (for comparison; `findings` holds those that matter).
  public var findingsBefore: [Finding] = []
  /// How the analysis was done: `mm/memory.c: from the hunks alone (no tree)`.
  public var notes: [String] = []
  /// Files the tree could not give whole (not in it, or the patch does not apply there),
  /// analyzed from the hunks alone: the answer for them is partial.
  public var hunksOnly: [String] = []

  public init() {}

  public var hasErrors: Bool { findings.contains { $0.severity == .error } }
}

/// Analyzes patches (and whole files) for lock, reference and PTE-map problems.
///
/// ```swift
/// let analyzer = Analyzer(table: try .builtin(), tree: GitSourceTree(repository: repo, revision: "v7.0-rc1"))
/// let result = analyzer.analyze(patch)
/// result.findings.map(\.rule)    // ["callee-releases"]
/// ```
public struct Analyzer {
  let baseTable: PrimitiveTable
  let tree: (any SourceTree)?
  /// Shared by every patch this analyzer reads (and by its copies).
  let cache = ParseCache()
  /// Whether each function's paths stay in the result (`--paths`, JSON, the simulator,
  /// claims). Without, each side keeps whether it was walked whole and how, which is all a
  /// text report reads: a patch of 200,000 functions then holds none of their paths.
  public var keepsPaths = true

  public init(table: PrimitiveTable, tree: (any SourceTree)? = nil, keepsPaths: Bool = true) {
    self.baseTable = table
    self.tree = tree
    self.keepsPaths = keepsPaths
  }

  /// Analyzes every changed function of a patch, before and after, against the tree.
  public func analyze(_ patch: Patch) -> PatchAnalysis {
    analyze(place(patch, in: tree.map { PatchedTree(base: $0, cache: cache) }))
  }

  /// Anchors a patch in the tree and applies it file by file (nothing to do without a tree).
  func place(_ patch: Patch, in tree: PatchedTree?) -> PlacedPatch {
    var placed = PlacedPatch(patch: patch, tree: tree)
    guard let tree else {
      placed.applied = nil
      return placed
    }
    // A patch recovered from mail has lost its tabs: anchor it in the tree's text first.
    for file in patch.files where !file.isNew {
      placed.preImages[file.oldPath] = tree.text(of: file.oldPath)
    }
    placed.patch = patch.anchored(to: placed.preImages).patch
    for file in placed.patch.files where !file.isBinary {
      guard let base = file.isNew ? "" : placed.preImages[file.oldPath] else {
        placed.applied = nil
        continue
      }
      let result = file.apply(to: base)
      placed.postImages[file.path] = result
      if !result.applied { placed.applied = nil }
      if file.oldPath != file.path { placed.applied?[file.oldPath] = .some(nil) }
      placed.applied?[file.path] = file.isDeleted ? .some(nil) : result.text
    }
    return placed
  }

  /// Every changed function of a placed patch, before and after.
  func analyze(_ placed: PlacedPatch) -> PatchAnalysis {
    var result = PatchAnalysis()
    result.notes = placed.notes
    var table = baseTable
    let patch = placed.patch
    let tree = placed.tree
    var images:
      [(file: FilePatch, before: SourceFile?, after: SourceFile?, placements: [HunkPlacement])] =
        []
    for file in patch.files where file.path.hasSuffix(".c") || file.path.hasSuffix(".h") {
      guard let tree else {
        images.append((file, nil, nil, []))
        continue
      }
      guard let base = file.isNew ? "" : placed.preImages[file.oldPath],
        let postImage = placed.postImages[file.path]
      else {
        result.notes.append("\(file.path): not in \(tree.label); analyzed from the hunks alone")
        result.hunksOnly.append(file.path)
        images.append((file, nil, nil, []))
        continue
      }
      guard postImage.applied else {
        result.notes.append(
          "\(file.path): the patch does not apply to \(tree.label); analyzed from the hunks alone")
        result.hunksOnly.append(file.path)
        images.append((file, nil, nil, []))
        continue
      }
      let (before, after) = cache.sourceFiles(
        (base, file.oldPath), (postImage.text, file.path))
      images.append((file, before, after, postImage.hunks))
    }
    // Lock effects from annotations in the patched files and the headers they include.
    var headers: [String: String] = [:]
    for image in images {
      if let after = image.after {
        learnAnnotations(after, into: &table)
        if image.file.path.hasSuffix(".h") { headers[image.file.path] = after.text }
      }
    }
    if let tree {
      for image in images where image.file.path.hasSuffix(".c") {
        for include in image.after?.includes ?? [] {
          let path =
            include.containsASCII("/") ? "include/" + include : dirname(image.file.path) + include
          guard headers[path] == nil, let text = tree.text(of: path) else { continue }
          headers[path] = text
          // Most headers annotate nothing: those are parsed only if a stub check needs them.
          if cache.mentions(text, path: path, name: "__acquires")
            || cache.mentions(text, path: path, name: "__releases")
          {
            learnAnnotations(cache.sourceFile(text: text, path: path), into: &table)
          }
        }
      }
    }
    for image in images {
      if let before = image.before, let after = image.after {
        analyzeWholeFunctions(
          image.file, before: before, after: after, placements: image.placements, table: table,
          into: &result)
        if image.file.path.hasSuffix(".c"), let tree {
          result.findings += StubCheck(tree: tree, headers: headers, cache: cache).findings(
            file: image.file, after: after, patchedPaths: Set(images.map(\.file.path)))
        }
      } else {
        if tree == nil {
          result.notes.append("\(image.file.path): analyzed from the hunks alone (no --tree)")
        }
        analyzeHunks(image.file, table: table, into: &result)
      }
    }
    return result
  }

  func learnAnnotations(_ file: SourceFile, into table: inout PrimitiveTable) {
    for declaration in file.declarations where !declaration.annotations.isEmpty {
      table.learn(from: declaration, file: file.path)
    }
  }

  private func dirname(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[...slash])
  }
}
