import Foundation
import LockAnalysis
import PathFormat
import Review
import TestSupport
import Testing

/// The pipeline every command shares, as a library: patches out of mail, analyzed against
/// the tree, the paths handed on typed, and failures as typed errors naming what and where.
@Suite struct ReviewerTests {
  static func seed(_ prefix: String) throws -> MailInput {
    let folder = Paths.packageRoot.appendingPathComponent("Fixtures/seeds")
    let name = try #require(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).first {
        $0.hasPrefix(prefix)
      })
    return try MailInput(path: folder.appendingPathComponent(name).path)
  }

  static func fixtureReviewer() throws -> Reviewer {
    try Reviewer(ReviewOptions(tree: Paths.fixtureTree.path, base: "v7.0-rc1"))
  }

  @Test func theSeedFixIsReadFromItsMailAndAnalyzedWholeInTheTree() throws {
    let review = try Self.fixtureReviewer().review(try Self.seed("000"))
    let patch = try #require(review.patches.first)
    #expect(review.patches.count == 1)
    // The seed is a reply body (no headers) quoting the v3 patch.
    #expect(patch.message == 0, "the patch came from the one message of the input")
    #expect(patch.patch.files.map(\.path).contains("mm/memory.c"))
    let swap = try #require(patch.analysis.functions.first { $0.name == "do_swap_page" })
    #expect(swap.after?.source == .tree, "the whole function was read at v7.0-rc1")
    #expect(patch.analysis.findingsBefore.contains { $0.rule == .trylockRetry })
    #expect(!review.hasErrors)
    #expect(review.problems.isEmpty)
  }

  @Test func thePathsHandedToTheSimulatorAreThoseOfTheChangedFunctions() throws {
    let review = try Self.fixtureReviewer().review(try Self.seed("000"))
    let names = review.paths.functions.map(\.name)
    #expect(names.contains("do_swap_page"))
    let after = try #require(review.paths.functions.first { $0.name == "do_swap_page" }?.after)
    #expect(after.paths.contains { path in path.ops.contains { $0.op == .waitUnlocked } })
  }

  @Test func aThreadOfSeveralVersionsIsReadAsAThreadAndTheNewestAnalyzed() throws {
    let review = try Reviewer(ReviewOptions()).review(try Self.seed("002"))
    let thread = try #require(review.thread, "seed 002 posts a series")
    #expect(!thread.series.isEmpty)
    #expect(!review.patches.isEmpty)
    for patch in review.patches {
      let message = try #require(patch.message)
      #expect(review.archive.messages[message].subject == patch.subject)
    }
  }

  @Test func aReviewThatLetsTheMailTextGoFindsWhatOneThatKeepsItFinds() throws {
    let options = ReviewOptions(tree: Paths.fixtureTree.path, base: "v7.0-rc1")
    var slim = options
    slim.keepsMailText = false
    for seed in ["000", "002"] {
      let kept = try Reviewer(options).review(try Self.seed(seed))
      let letGo = try Reviewer(slim).review(try Self.seed(seed))
      #expect(!kept.patches.isEmpty, "seed \(seed) has patches to analyze")
      #expect(letGo.patches.map(\.subject) == kept.patches.map(\.subject))
      #expect(letGo.patches.map(\.patch) == kept.patches.map(\.patch))
      #expect(letGo.patches.map(\.analysis.findings) == kept.patches.map(\.analysis.findings))
      #expect(letGo.notes == kept.notes)
      #expect(letGo.problems == kept.problems)
      #expect(letGo.thread?.series.count == kept.thread?.series.count)
      // What was let go: the bodies and the quoted lines.
      let bodies = letGo.archive.messages.filter { !$0.body.isEmpty }.count
      let quotedLines = letGo.thread?.quotes.reduce(0) { $0 + $1.lines.count } ?? 0
      let keptBodies = kept.archive.messages.filter { !$0.body.isEmpty }.count
      #expect(bodies == 0)
      #expect(quotedLines == 0)
      #expect(keptBodies > 0)
    }
  }

  @Test func aPlainDiffIsOnePatchWithoutSubjectOrSeries() throws {
    let diff = MailInput(bytes: Array(SampleDiff.sleepUnderSpinlock.utf8), name: "fix.patch")
    let review = try Reviewer(ReviewOptions()).review(diff)
    #expect(review.thread?.series.isEmpty != false)
    let patch = try #require(review.patches.first)
    #expect(review.patches.count == 1)
    #expect(patch.subject.isEmpty)
    #expect(patch.analysis.findings.contains { $0.rule == .sleepUnderSpinlock })
  }

  @Test func inputWithoutAPatchIsATypedDataErrorNamingTheInput() throws {
    let mail = MailInput(bytes: Array("Subject: hello\n\nno diff here\n".utf8), name: "hello.eml")
    #expect {
      _ = try Reviewer(ReviewOptions()).review(mail)
    } throws: { error in
      guard let error = error as? ReviewError, case .noPatch(let name, _) = error else {
        return false
      }
      return name == "hello.eml" && !error.isIOError
        && error.description.hasPrefix("hello.eml: no patch found")
    }
  }

  @Test func aTreeThatIsNotThereIsAnIOErrorNamingThePath() throws {
    let path = "/nonexistent-\(UUID())"
    #expect {
      _ = try Reviewer(ReviewOptions(tree: path))
    } throws: { error in
      guard let error = error as? ReviewError, case .noSuchDirectory = error else { return false }
      return error.isIOError && error.description == "\(path): no such directory"
    }
  }

  @Test func aRevisionTheRepositoryLacksIsADataError() throws {
    #expect {
      _ = try Reviewer(ReviewOptions(tree: Paths.fixtureTree.path, base: "v99.0"))
    } throws: { error in
      guard let error = error as? ReviewError, case .tree = error else { return false }
      return !error.isIOError && error.description.contains("v99.0")
    }
  }

  @Test func aPrimitiveTableWithABadLineIsADataErrorNamingFileAndLine() throws {
    let folder = try TemporaryFolder()
    let table = try folder.write("mine.txt", "lock\n")
    #expect {
      _ = try Reviewer(ReviewOptions(primitives: [table.path]))
    } throws: { error in
      guard let error = error as? ReviewError, case .primitiveTable = error else { return false }
      return !error.isIOError && error.description.contains("mine.txt")
    }
  }

  @Test func reviewingNeverWritesToTheRepository() throws {
    let before = try TreeSnapshot(Paths.fixtureTree)
    let review = try Self.fixtureReviewer().review(try Self.seed("000"))
    #expect(!review.patches.isEmpty)
    #expect(try TreeSnapshot(Paths.fixtureTree) == before)
  }
}
