import Backport
import Foundation
import KernelTree
import PatchDiff
import TestSupport
import XCTest

/// A thread posting a series: every patch of its newest version is checked, each on every
/// line with the patches before it applied (their files and the identifiers they add),
/// and the series as a whole; `git apply` in a scratch clone agrees patch by patch.
final class SeriesTests: XCTestCase {
  /// Two patches written on linux-6.18.y's v6.18.1: 1/2 adds `device_private_wait()` to
  /// include/linux/migrate.h, 2/2 calls it from do_swap_page() and rewords the comment
  /// 1/2 wrote (so it applies only after 1/2). Returns the series mbox (with a cover
  /// letter and an older v1 of 1/2 that must be left out) and the clone.
  func series(in sandbox: GitSandbox) throws -> (mbox: String, repository: String) {
    let repository = try BackportFixture.clone(in: sandbox)
    try sandbox.git("-C", "linux", "branch", "-q", "-f", "linux-6.18.y", "v6.18.1")
    try sandbox.git("-C", "linux", "checkout", "-q", "-b", "work", "v6.18.1")
    let header = sandbox.root.appendingPathComponent("linux/include/linux/migrate.h")
    let memory = sandbox.root.appendingPathComponent("linux/mm/memory.c")
    var text = try String(contentsOf: header, encoding: .utf8)
    let anchor = "#endif /* CONFIG_MIGRATION */\n\n#ifdef CONFIG_NUMA_BALANCING"
    XCTAssertTrue(text.contains(anchor), "the fixture's migrate.h changed; adjust the test")
    text = text.replacingOccurrences(
      of: anchor,
      with: "#endif /* CONFIG_MIGRATION */\n\n/* Wait for a device-private folio's lock. */\n"
        + "static inline void device_private_wait(swp_entry_t entry, spinlock_t *ptl)\n"
        + "\t__releases(ptl)\n{\n\tspin_unlock(ptl);\n}\n\n#ifdef CONFIG_NUMA_BALANCING")
    try Data(text.utf8).write(to: header)
    try sandbox.git("-C", "linux", "commit", "-q", "-am", "mm/migrate: add device_private_wait()")
    text = try String(contentsOf: header, encoding: .utf8)
    try Data(
      text.replacingOccurrences(
        of: "/* Wait for a device-private folio's lock. */",
        with: "/* Drop the PTL; the fault is retried. */"
      ).utf8
    ).write(to: header)
    let code = try String(contentsOf: memory, encoding: .utf8)
    let call = "\t\t\t} else {\n\t\t\t\tpte_unmap_unlock(vmf->pte, vmf->ptl);\n\t\t\t}\n"
    XCTAssertTrue(code.contains(call), "the fixture's do_swap_page() changed; adjust the test")
    try Data(
      code.replacingOccurrences(
        of: call,
        with: "\t\t\t} else {\n\t\t\t\tpte_unmap(vmf->pte);\n"
          + "\t\t\t\tdevice_private_wait(entry, vmf->ptl);\n\t\t\t}\n"
      ).utf8
    ).write(to: memory)
    try sandbox.git(
      "-C", "linux", "commit", "-q", "-am", "mm: wait for device-private folios in do_swap_page()")
    var mbox = try sandbox.git(
      "-C", "linux", "format-patch", "-q", "--stdout", "--cover-letter", "-v2", "-2")
    mbox = mbox.replacingOccurrences(
      of: "*** SUBJECT HERE ***", with: "mm: device-private faults wait for the folio lock")
    // An older v1 of patch 1/2 (another comment) before it: the newest version is checked.
    let older = try sandbox.git("-C", "linux", "format-patch", "-q", "--stdout", "-1", "HEAD~1")
      .replacingOccurrences(of: "[PATCH]", with: "[PATCH 1/2]")
      .replacingOccurrences(
        of: "Wait for a device-private folio's lock.", with: "Version one of the comment.")
    try sandbox.git("-C", "linux", "checkout", "-q", "master")
    try sandbox.write("series.mbox", older + mbox)
    return (sandbox.root.appendingPathComponent("series.mbox").path, repository)
  }

  func testSeriesChecksEveryPatchWithTheEarlierOnesApplied() throws {
    let sandbox = try GitSandbox()
    let (mbox, repository) = try series(in: sandbox)
    let before = try TreeSnapshot(URL(fileURLWithPath: repository))
    let result = try runCapturing(
      Paths.lockstep,
      ["backport", mbox, "--tree", repository, "--lines", "linux-6.18.y", "--json"],
      environment: ["LOCKSTEP_CACHE_DIR": sandbox.root.appendingPathComponent("cache").path])
    XCTAssertEqual(try TreeSnapshot(URL(fileURLWithPath: repository)), before)
    let object = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
      result.stderr)
    XCTAssertEqual(
      (object["patch"] as? [String: Any])?["subject"] as? String,
      "mm: device-private faults wait for the folio lock")
    let patches = try XCTUnwrap(object["series"] as? [[String: Any]])
    XCTAssertEqual(
      patches.map { ($0["patch"] as? [String: Any])?["subject"] as? String },
      [
        "mm/migrate: add device_private_wait()",
        "mm: wait for device-private folios in do_swap_page()",
      ])
    // 2/2 lands cleanly on top of 1/2, and does not need what 1/2 adds.
    let second = try XCTUnwrap((patches[1]["lines"] as? [[String: Any]])?.first)
    XCTAssertEqual(second["status"] as? String, "applies", "\(second)")
    let missing = (second["missing"] as? [[String: Any]] ?? []).compactMap {
      $0["identifier"] as? String
    }
    XCTAssertFalse(missing.contains("device_private_wait"), "\(missing)")
    XCTAssertTrue(second["libgit2Applies"] is NSNull, "2/2 changes a file 1/2 changed")
    let whole = try XCTUnwrap((object["lines"] as? [[String: Any]])?.first)
    XCTAssertEqual(whole["status"] as? String, "applies")
    XCTAssertEqual(
      (whole["hunks"] as? [[String: Any]])?.map { $0["patch"] as? Int }, [1, 2, 2])
    // The version left out: v1 of 1/2 said another comment.
    XCTAssertFalse(result.stdout.contains("Version one of the comment"))

    // git agrees: 2/2 applies after 1/2, and not alone.
    let texts = try patchTexts(mbox)
    let scratch = try GitSandbox()
    try scratch.git("clone", "-q", "--branch", "linux-6.18.y", repository, "work")
    let work = scratch.root.appendingPathComponent("work")
    let alone = try runCapturing("/usr/bin/git", ["apply", "--check"], in: work, input: texts[1])
    XCTAssertNotEqual(alone.status, 0)
    XCTAssertEqual(
      try runCapturing("/usr/bin/git", ["apply"], in: work, input: texts[0]).status, 0)
    let after = try runCapturing("/usr/bin/git", ["apply", "--check"], in: work, input: texts[1])
    XCTAssertEqual(after.status, 0, after.stderr)
  }

  /// A thread that lacks a patch of the series says so, and checks the others.
  func testAPatchTheThreadLacksIsNamed() throws {
    let sandbox = try GitSandbox()
    let (mbox, repository) = try series(in: sandbox)
    let renumbered = try String(contentsOfFile: mbox, encoding: .utf8)
      .replacingOccurrences(of: "[PATCH v2 2/2]", with: "[PATCH v2 3/3]")
      .replacingOccurrences(of: "[PATCH v2 1/2]", with: "[PATCH v2 1/3]")
      .replacingOccurrences(of: "[PATCH v2 0/2]", with: "[PATCH v2 0/3]")
    try sandbox.write("gap.mbox", renumbered)
    let result = try runCapturing(
      Paths.lockstep,
      [
        "backport", sandbox.root.appendingPathComponent("gap.mbox").path, "--tree", repository,
        "--lines", "linux-6.18.y", "--json",
      ],
      environment: ["LOCKSTEP_CACHE_DIR": sandbox.root.appendingPathComponent("cache").path])
    let object = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
      result.stderr)
    let notes = try XCTUnwrap(object["notes"] as? [String])
    XCTAssertTrue(notes.contains { $0.contains("lacks patch 2/3 of the series") }, "\(notes)")
    XCTAssertEqual((object["series"] as? [Any])?.count, 2)
  }

  /// 2/2 checked alone (not as part of its series): its migrate.h hunk finds 1/2's comment
  /// nowhere (so the line is judged without the bug it changes), and `device_private_wait`
  /// is missing.
  func testSecondPatchAloneConflictsAndNeedsTheFirst() throws {
    let sandbox = try GitSandbox()
    let (mbox, repository) = try series(in: sandbox)
    let texts = try patchTexts(mbox)
    let report = try BackportFixture.report(
      "Subject: [PATCH] mm: wait\n\n---\n" + texts[1], tree: repository, lines: "linux-6.18.y")
    let line = try XCTUnwrap(report.lines.first)
    XCTAssertEqual(line.status, .notAffected)
    XCTAssertTrue(
      line.hunks.contains { $0.file == "include/linux/migrate.h" && $0.status == .conflict },
      "\(line.hunks)")
    XCTAssertTrue(
      line.evidence.contains {
        $0.contains("Drop the PTL") == false && $0.contains("Wait for a device-private folio")
      })
    XCTAssertTrue(line.missing.contains { $0.identifier == "device_private_wait" })
    XCTAssertNil(report.series)
  }

  /// The diffs of the v2 patches of the mbox, in order.
  func patchTexts(_ mbox: String) throws -> [String] {
    let text = try String(contentsOfFile: mbox, encoding: .utf8)
    let mails = text.components(separatedBy: "\nFrom ").filter { $0.contains("[PATCH v2 ") }
    return try mails.filter { !$0.contains("[PATCH v2 0/2]") }.map { mail in
      try XCTUnwrap(PatchFinder.patches(in: mail).first?.patch.text)
    }
  }
}
