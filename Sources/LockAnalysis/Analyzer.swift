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

  public init(table: PrimitiveTable, tree: (any SourceTree)? = nil) {
    self.baseTable = table
    self.tree = tree
  }

  /// Analyzes every changed function of a patch, before and after.
  public func analyze(_ patch: Patch) -> PatchAnalysis {
    var result = PatchAnalysis()
    var table = baseTable
    var patch = patch
    if let tree {
      // A patch recovered from mail has lost its tabs: anchor it in the tree's text first.
      var texts: [String: String] = [:]
      for file in patch.files where !file.isNew {
        texts[file.oldPath] = tree.text(of: file.oldPath)
      }
      patch = patch.anchored(to: texts).patch
    }
    var images: [(file: FilePatch, before: SourceFile?, after: SourceFile?)] = []
    for file in patch.files where file.path.hasSuffix(".c") || file.path.hasSuffix(".h") {
      guard let tree else {
        images.append((file, nil, nil))
        continue
      }
      guard let base = file.isNew ? "" : tree.text(of: file.oldPath) else {
        result.notes.append("\(file.path): not in \(tree.label); analyzed from the hunks alone")
        images.append((file, nil, nil))
        continue
      }
      let applied = file.apply(to: base)
      guard applied.applied else {
        result.notes.append(
          "\(file.path): the patch does not apply to \(tree.label); analyzed from the hunks alone")
        images.append((file, nil, nil))
        continue
      }
      images.append(
        (
          file, SourceFile(text: base, path: file.oldPath),
          SourceFile(text: applied.text, path: file.path)
        ))
    }
    // Lock effects from annotations in the patched files and the headers they include.
    var headers: [String: SourceFile] = [:]
    for image in images {
      if let after = image.after {
        learnAnnotations(after, into: &table)
        if image.file.path.hasSuffix(".h") { headers[image.file.path] = after }
      }
    }
    if let tree {
      for image in images where image.file.path.hasSuffix(".c") {
        for include in image.after?.includes ?? [] {
          let path =
            include.contains("/") ? "include/" + include : dirname(image.file.path) + include
          guard headers[path] == nil, let text = tree.text(of: path) else { continue }
          let header = SourceFile(text: text, path: path)
          headers[path] = header
          learnAnnotations(header, into: &table)
        }
      }
    }
    for image in images {
      if let before = image.before, let after = image.after {
        analyzeWholeFunctions(image.file, before: before, after: after, table: table, into: &result)
        if image.file.path.hasSuffix(".c"), let tree {
          result.findings += StubCheck(tree: tree, headers: headers).findings(
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

  /// Analyzes every function of a whole file (`lockstep analyze --file`, `make real-check`).
  public func analyze(file: SourceFile) -> PatchAnalysis {
    var table = baseTable
    learnAnnotations(file, into: &table)
    let summaries = CallSummaries.build([file], table: table)
    var result = PatchAnalysis()
    for function in file.functions {
      let walk = FunctionWalk(
        segments: [function.body], name: function.name, file: file.path, fragment: false,
        endLine: function.endLine, table: table, summaries: summaries)
      result.findings += walk.findings
      result.functions.append(
        FunctionPaths(name: function.name, file: file.path, before: nil, after: walk.side))
    }
    return result
  }

  /// Analyzes whole files on all CPUs; results come back in the files' order.
  public static func analyze(files: [SourceFile], table: PrimitiveTable) -> PatchAnalysis {
    let results = ResultSlots(count: files.count)
    DispatchQueue.concurrentPerform(iterations: files.count) { index in
      results.store(Analyzer(table: table).analyze(file: files[index]), at: index)
    }
    var merged = PatchAnalysis()
    for result in results.values {
      merged.findings += result.findings
      merged.functions += result.functions
    }
    return merged
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

/// Per-file results written from concurrent workers, one slot each.
private final class ResultSlots: @unchecked Sendable {
  private var slots: [PatchAnalysis?]
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func store(_ result: PatchAnalysis, at index: Int) {
    lock.lock()
    slots[index] = result
    lock.unlock()
  }

  var values: [PatchAnalysis] { slots.compactMap { $0 } }
}
