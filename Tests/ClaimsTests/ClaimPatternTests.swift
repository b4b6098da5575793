import Claims
import Foundation
import Review
import TestSupport
import Testing

/// The claim patterns are data: read, extended, and refused with file and line.
@Suite struct ClaimPatternTests {
  @Test func theBuiltInTableReadsAndCoversEveryPlace() throws {
    let table = try ClaimPatternTable.builtin()
    for place in PatternPlace.allCases {
      #expect(table.patterns.contains { $0.place == place }, "no pattern for \(place)")
    }
  }

  @Test func aLineThatCannotBeReadNamesItsFileAndLine() throws {
    var table = ClaimPatternTable()
    #expect(throws: ClaimPatternError.self) {
      try table.add(
        contentsOf: "# mine\nmessage adds add* {A}\nmessage frobs {A}\n", source: "mine.txt")
    }
    do {
      try table.add(contentsOf: "\n\nmessage frobs {A}\n", source: "mine.txt")
    } catch {
      #expect(error.description.hasPrefix("mine.txt:3: unknown check \"frobs\""))
    }
    do {
      try table.add(contentsOf: "message renames rename* {A}\n", source: "mine.txt")
    } catch {
      #expect(
        error.description == "mine.txt:1: check renames reads {B}: the pattern does not capture it")
    }
  }

  @Test func aSentenceThatMatchesNoPatternIsNotAClaim() throws {
    // The fixture thread read with no pattern at all: nothing is a claim, though the
    // same sentences are claims with the built-in table.
    let reviewer = try Reviewer(ReviewOptions(allVersions: true))
    let input = try ClaimsInput(MailInput(path: ClaimsFixture.thread), reviewer: reviewer)
    #expect(!input.patches.isEmpty, "the thread was read and its patches found")
    #expect(ClaimChecker(input, patterns: ClaimPatternTable()).check().claims.isEmpty)
    #expect(!ClaimChecker(input, patterns: try .builtin()).check().claims.isEmpty)
  }

  @Test func aUsersPatternMakesItsSentencesClaims() throws {
    let plain = try ClaimsFixture.report(ClaimsFixture.thread, base: nil)
    #expect(!plain.claims.contains { $0.text.contains("Future code improvements") })
    let extended = try ClaimsFixture.report(
      ClaimsFixture.thread, base: nil,
      patterns: "message  adds  moving the {A} call\n")
    let claim = try ClaimsFixture.claim(extended, containing: "Future code improvements")
    // The patch does not move lru_add_drain_all(): it does not add it at all.
    #expect(claim.verdict == .refuted)
    #expect(claim.evidence.first?.detail == "the diff does not add lru_add_drain_all")
  }
}
