import Foundation
import LockAnalysis

/// Every mutant of the C files of one tree folder, with the functions they are in and the
/// files' lines (for the diffs).
public struct TreeMutants: Sendable {
  public var functions: [FunctionInfo] = []
  public var mutants: [Mutant] = []
  public var lines: [String: [String]] = [:]

  /// Reads `files` (paths relative to `root`, e.g. `mm/memory.c`).
  public init(root: URL, files: [String], generator: MutantGenerator) throws {
    var texts: [String: String] = [:]
    for file in files {
      let data = try Data(contentsOf: root.appendingPathComponent(file))
      texts[file] = String(decoding: data, as: UTF8.self)
    }
    self.init(texts: texts, generator: generator)
  }

  /// Mutates the files given as text, by path.
  public init(texts: [String: String], generator: MutantGenerator) {
    for (file, text) in texts.sorted(by: { $0.key < $1.key }) {
      var split = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      if split.last == "" { split.removeLast() }
      lines[file] = split
      let found = generator.mutants(path: file, text: text)
      functions += found.functions
      mutants += found.mutants
    }
  }

  /// The `.c` files directly in `folder` of `root`, as relative paths.
  public static func cFiles(in folder: String, root: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
      .filter { $0.hasSuffix(".c") }.sorted().map { "\(folder)/\($0)" }
  }
}
