import KernelTree
import LockAnalysis
import MailThread
import PatchDiff

extension Reviewer {
  /// The commits `revisions` names, analyzed like a series against the first one's parent:
  /// `HEAD`, an id, or a range `A..B` (the commits of B that A lacks, oldest first; merges
  /// are left out with a note), as `checkpatch.pl -g` takes them.
  ///
  /// ```swift
  /// let review = try reviewer.review(revisions: "v6.12..HEAD")
  /// review.patches.map(\.subject)  // ["1a2b3c4d5e6f mm: …", …]
  /// ```
  ///
  /// - Throws: ``ReviewError/noRepository(around:needed:)`` without a repository,
  ///   ``ReviewError/tree(_:)`` for a revision it lacks.
  public func review(revisions: String) throws(ReviewError) -> Review {
    guard let repository else {
      throw .noRepository(around: options.searchFrom ?? ".", needed: revisions)
    }
    var notes: [String] = []
    var problems: [String] = []
    var commits: [CommitInfo] = []
    do {
      let ids: [ObjectID]
      if let range = revisions.range(of: "..") {
        let from = try repository.resolve(String(revisions[..<range.lowerBound]))
        let to = try repository.resolve(String(revisions[range.upperBound...]))
        ids = try repository.commits(from: to, hiding: [from]).reversed()
      } else {
        ids = [try repository.resolve(revisions)]
      }
      for id in ids {
        let commit = try repository.commit(id)
        if commit.parents.count > 1 {
          notes.append("\(id.short) (\"\(commit.subject)\"): a merge, left out")
        } else {
          commits.append(commit)
        }
      }
    } catch {
      throw .tree(error)
    }
    guard let first = commits.first else {
      return Review(
        patches: [], archive: MailArchive.read(bytes: [], name: revisions), thread: nil,
        notes: notes + ["\(revisions): no commit to analyze"], readingNotes: [], problems: [])
    }
    guard let parent = first.parents.first else {
      throw .noPatch(name: revisions, detail: "\(first.id.short) is a root commit: no parent")
    }
    var patches: [(CommitInfo, Patch)] = []
    for commit in commits {
      do {
        let text = try repository.diffText(of: commit.id)
        patches.append((commit, try PatchParser.parse(text)))
      } catch let error as KernelTreeError {
        problems.append("\(error)")
      } catch {
        problems.append("\(commit.id.short): \(error)")
      }
    }
    let base = GitSourceTree(repository: repository, revision: parent.hex)
    let analyzer = Analyzer(table: table, tree: base, keepsPaths: options.keepsPaths)
    let analyses = analyzer.analyze(series: patches.map(\.1))
    let reviewed = zip(patches, analyses).map { pair, analysis in
      Review.ReviewedPatch(
        subject: "\(pair.0.id.short) \(pair.0.subject)", message: nil, patch: pair.1,
        analysis: analysis)
    }
    return Review(
      patches: reviewed, archive: MailArchive.read(bytes: [], name: revisions), thread: nil,
      notes: notes, readingNotes: analyzer.readingNotes,
      problems: problems + base.readErrors.map { "\($0)" })
  }
}
