import CSyntax
import Foundation
import KernelTree
import LockAnalysis

/// The pipeline every command shares: reads the primitive tables and opens the tree once,
/// then takes patches out of mail, analyzes each against the tree (a series patch after
/// patch) and hands back typed results.
///
/// ```swift
/// let reviewer = try Reviewer(ReviewOptions(tree: "linux", base: "v6.12"))
/// let review = try reviewer.review(MailInput(path: "fix.eml"))
/// let simulatorInput = review.paths
/// ```
public struct Reviewer {
  public let options: ReviewOptions
  public let table: PrimitiveTable
  /// The git repository of `--tree`, when it is one.
  public let repository: KernelRepository?
  /// Where changed functions are read whole: the repository at `--base`, or a directory.
  public let sourceTree: (any SourceTree)?
  /// How the tree was chosen, when the user did not name it.
  let treeNotes: [String]
  private let analyzer: Analyzer

  /// Reads the built-in and extra primitive tables and opens `options.tree`.
  public init(_ options: ReviewOptions) throws(ReviewError) {
    self.options = options
    table = try Self.table(options.primitives)
    let tree = try ReviewTree(options)
    (repository, sourceTree, treeNotes) = (tree.repository, tree.sourceTree, tree.notes)
    analyzer = Analyzer(table: table, tree: sourceTree, keepsPaths: options.keepsPaths)
  }

  /// The patches of `input`, each analyzed; problems of the input and of the tree are
  /// listed in the result, never thrown, so that every result that can be given is.
  ///
  /// - Throws: ``ReviewError/noPatch(name:detail:)`` when the input holds no usable patch.
  public func review(_ input: consuming MailInput) throws(ReviewError) -> Review {
    // The input's bytes are let go once read (8.6 MB for a diff of 200,000 hunks).
    let reading = try PatchReading(
      consume input, allVersions: options.allVersions, keepsMailText: options.keepsMailText)
    // Each version of a series is applied patch after patch from the base, never on top of
    // another version's patches.
    var analyses: [PatchAnalysis] = []
    var start = 0
    while start < reading.patches.count {
      let version = reading.patches[start].version
      var end = start + 1
      while end < reading.patches.count,
        reading.patches[end].version?.series == version?.series,
        reading.patches[end].version?.version == version?.version
      { end += 1 }
      analyses += analyzer.analyze(series: reading.patches[start..<end].map(\.patch))
      start = end
    }
    var patches = zip(reading.patches, analyses).map { patch, analysis in
      Review.ReviewedPatch(
        subject: patch.subject, message: patch.message, patch: patch.patch, analysis: analysis)
    }
    var problems = reading.problems
    // A file the tree has but could not give is damage, not "not in the tree".
    let damage = readErrors
    problems += damage.map { "\($0)" }
    for index in patches.indices {
      patches[index].analysis.notes.removeAll { note in
        let file = note.prefix { $0 != ":" }
        return note.contains(": not in ") && damage.contains { "\($0)".contains(":\(file) ") }
      }
    }
    return Review(
      patches: patches, archive: reading.archive, thread: reading.thread,
      notes: treeNotes + reading.notes, readingNotes: analyzer.readingNotes, problems: problems)
  }

  /// Objects of the repository that could not be read while analyzing.
  public var readErrors: [KernelTreeError] { (sourceTree as? GitSourceTree)?.readErrors ?? [] }

  private static func table(_ extra: [String]) throws(ReviewError) -> PrimitiveTable {
    var table: PrimitiveTable
    do throws(AnalysisError) {
      table = try PrimitiveTable.builtin()
    } catch {
      throw .primitiveTable(error)
    }
    for path in extra {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw ReviewError.unreadable(path: path, what: "the primitive table")
      }
      do throws(AnalysisError) {
        try table.add(contentsOf: String(decoding: data, as: UTF8.self), source: path)
      } catch {
        throw .primitiveTable(error)
      }
    }
    return table
  }

}
