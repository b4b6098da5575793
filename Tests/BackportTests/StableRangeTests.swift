import Backport
import KernelTree
import XCTest

/// The `Cc: stable # …` comment forms, and `Fixes:` lines a mail client wrapped.
final class StableRangeTests: XCTestCase {
  func testRangeForms() throws {
    let plus = try XCTUnwrap(StableRange("<stable@vger.kernel.org> # v6.15+"))
    XCTAssertTrue(plus.includes(try XCTUnwrap(KernelVersion("v6.18"))))
    XCTAssertFalse(plus.includes(try XCTUnwrap(KernelVersion("v6.12"))))
    let one = try XCTUnwrap(StableRange("stable@vger.kernel.org # 6.1.x"))
    XCTAssertTrue(one.includes(try XCTUnwrap(KernelVersion("v6.1"))))
    XCTAssertFalse(one.includes(try XCTUnwrap(KernelVersion("v6.12"))))
    XCTAssertNil(StableRange("<stable@vger.kernel.org>"))
  }

  func testWrappedFixesAndSubjectPrefixes() {
    let request = BackportRequest(
      subject: "Re: [PATCH v3 1/2] mm: Fix it",
      message: """
        Body.

        Fixes: 1afaeb8293c9 ("mm/migrate: Trylock device page in
        do_swap_page")
        Cc: <[email protected]> # v6.15+
        Signed-off-by: A <a@example.org>
        """, patch: .init(files: []))
    XCTAssertEqual(request.subject, "mm: Fix it")
    XCTAssertEqual(request.fixes?.id, "1afaeb8293c9")
    XCTAssertEqual(request.fixes?.subject, "mm/migrate: Trylock device page in do_swap_page")
    XCTAssertEqual(request.statedRange?.text, "# v6.15+")
  }
}
