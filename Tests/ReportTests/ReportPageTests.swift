import Foundation
import TestSupport
import Testing

/// The HTML report opened in a real browser (headless Chromium), as a reviewer opens it:
/// what it shows, where the findings sit, the drawn traces, contrast and text alternatives,
/// at a phone's width and a desktop's.
@Suite(.enabled(if: Chromium.path != nil, Comment(rawValue: Chromium.missing)))
struct ReportPageTests {
  let folder: URL
  let page: URL
  private let keep: TemporaryFolder

  init() throws {
    keep = try TemporaryFolder("report-page")
    folder = keep.url
    let run = try Annotation(livelockThread, base: "v7.0-rc1", format: "html")
    #expect(run.status == 0)
    page = folder.appendingPathComponent("report.html")
    try Data(run.text.utf8).write(to: page)
  }

  @Test func theThreadTreeTheFindingsAtTheirLinesAndTheTracesAreOnThePage() throws {
    let audit = try PageAudit.run(page, width: 1280, in: folder)
    // Twelve mails in the mbox, every one a node of the tree; the v3 posting links its patch.
    #expect(audit.treeNodes == 12)
    #expect(audit.treeLinksToPatches == 1)
    // trylock-retry at 4677 (context read from the tree) and callee-releases at 4688.
    #expect(audit.findingRows == 2)
    #expect(audit.misplaced.isEmpty, "\(audit.misplaced)")
    #expect(Set(audit.findingLines) == [4677, 4688])
    #expect(audit.badges.filter { $0 == "INFO" || $0 == "info" }.count == 2)
    // The livelock the fix removes, drawn: six steps, the cycle marked.
    #expect(audit.svgs >= 1)
    #expect(audit.firstSvgSteps == 6)
    #expect(audit.firstSvgCycleMarks == 1)
    #expect(audit.firstSvgTitle.contains("removes a livelock against migrate_device_unmap"))
    #expect(audit.scripts == 0)
  }

  @Test func everyTextPassesWCAGAAContrastAndEveryDrawingHasATextAlternative() throws {
    let audit = try PageAudit.run(page, width: 1280, in: folder)
    #expect(audit.textChecked > 100)
    #expect(audit.lowContrast.isEmpty, "\(audit.lowContrast)")
    #expect(audit.svgsWithoutTitle == 0)
    #expect(audit.imagesWithoutAlt == 0)
  }

  @Test func atAPhonesWidthThePageDoesNotScrollSideways() throws {
    let audit = try PageAudit.run(page, width: 375, in: folder)
    #expect(audit.viewportWidth == 375)
    #expect(audit.pageWidth <= audit.viewportWidth)
    #expect(audit.lowContrast.isEmpty, "\(audit.lowContrast)")
  }

  @Test func screenshotsAtAPhoneAndADesktopWidthAreKeptForAPersonToLookAt() throws {
    let shots = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lockstep-report-screenshots")
    try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
    for (width, height) in [(375, 2400), (1280, 3000)] {
      let png = try Chromium.screenshot(page, width: width, height: height, in: folder)
      #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
      #expect(png.count > 50_000)
      try png.write(to: shots.appendingPathComponent("livelock-thread-\(width).png"))
    }
    try FileManager.default.copyItem(
      at: page, to: shots.appendingPathComponent("livelock-thread-\(UUID()).html"))
  }
}
