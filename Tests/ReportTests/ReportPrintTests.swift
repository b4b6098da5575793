import Foundation
import TestSupport
import Testing

/// The page printed, as a reviewer prints it to keep beside the code: Chromium's own print
/// to PDF, with the page's print rules (folds open, navigation left out).
@Suite(.enabled(if: Chromium.path != nil, Comment(rawValue: Chromium.missing)))
struct ReportPrintTests {
  @Test func printingThePageGivesAPDFWithTheThreadAndEveryFoldOpen() throws {
    let folder = try TemporaryFolder("report-print")
    let run = try Annotation(livelockThread, base: "v7.0-rc1", format: "html")
    #expect(run.status == 0)
    let page = try folder.write("page.html", run.text)
    let printed = try Chromium.pdf(page, in: folder.url)
    #expect(printed.starts(with: Data("%PDF-".utf8)))
    let summary = Chromium.pdfSummary(printed)
    #expect(
      summary.title
        == "[PATCH v3] mm: Fix a hmm_range_fault() livelock / starvation problem — lockstep review")
    // The same page without its print rules prints its folds closed: fewer pages.
    let rules = try #require(run.text.firstRange(of: /@media print \{[^{}]*(\{[^{}]*\}[^{}]*)*\}/))
    #expect(run.text[rules].contains("details::details-content"))
    var folded = run.text
    folded.removeSubrange(rules)
    let plain = Chromium.pdfSummary(
      try Chromium.pdf(try folder.write("folded.html", folded), in: folder.url))
    #expect(plain.pages >= 1)
    #expect(
      summary.pages > plain.pages,
      "printed with its rules \(summary.pages) pages, without \(plain.pages)")
  }
}
