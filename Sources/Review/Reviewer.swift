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
  private let analyzer: Analyzer

  /// Reads the built-in and extra primitive tables and opens `options.tree`.
  public init(_ options: ReviewOptions) throws(ReviewError) {
    self.options = options
    table = try Self.table(options.primitives)
    (repository, sourceTree) = try Self.open(options.tree, base: options.base)
    analyzer = Analyzer(table: table, tree: sourceTree)
  }

  /// The patches of `input`, each analyzed; problems of the input and of the tree are
  /// listed in the result, never thrown, so that every result that can be given is.
  ///
  /// - Throws: ``ReviewError/noPatch(name:detail:)`` when the input holds no usable patch.
  public func review(_ input: MailInput) throws(ReviewError) -> Review {
    let reading = try PatchReading(input, allVersions: options.allVersions)
    let analyses = analyzer.analyze(series: reading.patches.map(\.patch))
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
      notes: reading.notes, readingNotes: analyzer.readingNotes, problems: problems)
  }

  /// Every function of each file, analyzed as it is (`--whole-file`); the notes say what
  /// the C reader could not follow.
  public func analyze(wholeFiles paths: [String]) throws(ReviewError) -> (
    analysis: PatchAnalysis, notes: [String]
  ) {
    var files: [SourceFile] = []
    for path in paths {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw .unreadable(path: path, what: "the file")
      }
      files.append(SourceFile(text: String(decoding: data, as: UTF8.self), path: path))
    }
    return (Analyzer.analyze(files: files, table: table), files.flatMap(\.readingNotes))
  }

  /// Objects of the repository that could not be read while analyzing.
  public var readErrors: [KernelTreeError] { (sourceTree as? GitSourceTree)?.readErrors ?? [] }

  private static func table(_ extra: [String]) throws(ReviewError) -> PrimitiveTable {
    do {
      var table = try PrimitiveTable.builtin()
      for path in extra {
        guard let data = FileManager.default.contents(atPath: path) else {
          throw ReviewError.unreadable(path: path, what: "the primitive table")
        }
        try table.add(contentsOf: String(decoding: data, as: UTF8.self), source: path)
      }
      return table
    } catch let error as ReviewError {
      throw error
    } catch let error as AnalysisError {
      throw .primitiveTable(error)
    } catch {
      fatalError("unreachable: \(error)")
    }
  }

  private static func open(_ tree: String?, base: String?) throws(ReviewError) -> (
    KernelRepository?, (any SourceTree)?
  ) {
    guard let tree else { return (nil, nil) }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: tree, isDirectory: &isDirectory),
      isDirectory.boolValue
    else { throw .noSuchDirectory(path: tree) }
    let isGit =
      FileManager.default.fileExists(atPath: tree + "/.git")
      || FileManager.default.fileExists(atPath: tree + "/HEAD")
    guard isGit else { return (nil, DirectorySourceTree(root: tree)) }
    do {
      let repository = try KernelRepository(path: tree)
      let revision = base ?? "HEAD"
      _ = try repository.resolve(revision)
      return (repository, GitSourceTree(repository: repository, revision: revision))
    } catch {
      throw .tree(error)
    }
  }
}
