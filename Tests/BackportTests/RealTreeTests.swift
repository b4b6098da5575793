import Backport
import Foundation
import KernelTree
import PatchDiff
import TestSupport
import XCTest

/// The expectations on real kernel code: the repository `make real-trees` builds
/// from Debian's linux-source packages (linux-6.1.y and linux-6.12.y, a commit per point
/// release). Skipped, saying how to build it, when it is not there.
final class RealTreeTests: XCTestCase {
  /// `$LOCKSTEP_REAL_TREES`, else `Benchmarks/work/real-trees`, when built completely.
  func realTrees() throws -> String {
    let path =
      ProcessInfo.processInfo.environment["LOCKSTEP_REAL_TREES"]
      ?? Paths.packageRoot.appendingPathComponent("Benchmarks/work/real-trees").path
    guard FileManager.default.fileExists(atPath: path + "/.complete") else {
      throw XCTSkip(
        "no real-trees repository at \(path): run `make real-trees` (a few minutes; downloads "
          + "Debian's linux-source-6.1 and -6.12) or set LOCKSTEP_REAL_TREES")
    }
    return path
  }

  /// Seed 000's fix is for code neither line has: the trylock_page() branch it changes is
  /// missing (shown), and softleaf_t and its helpers are missing, each with the spelling
  /// the line uses.
  func testSeed000IsNotAffectedAndNeedsSoftleaf() throws {
    let path = try realTrees()
    let before = try TreeSnapshot(URL(fileURLWithPath: path + "/.git"))
    let report = try BackportFixture.report(BackportFixture.seed000Mail, tree: path)
    XCTAssertEqual(report.lines.map(\.line), ["linux-6.1.y", "linux-6.12.y"])
    XCTAssertEqual(report.fixes?.matchedBy, "unknown")
    for line in report.lines {
      XCTAssertEqual(line.status, .notAffected, line.line)
      XCTAssertEqual(line.affectedBy, .preImage)
      XCTAssertTrue(
        line.evidence.contains { $0.contains("`unlock_page(vmf->page);`") }, "\(line.evidence)")
      let hwpoison = try XCTUnwrap(line.missing.first { $0.identifier == "softleaf_is_hwpoison" })
      XCTAssertEqual(hwpoison.renamedFrom, "is_hwpoison_entry")
    }
    // softleaf_t: 6.1 lacks it (use swp_entry_t); Debian's 6.12 has had
    // `typedef swp_entry_t softleaf_t;` in mm_types.h since 6.12.113, so it is no need there.
    let old = try XCTUnwrap(report.lines.first)
    let softleaf = try XCTUnwrap(old.missing.first { $0.identifier == "softleaf_t" })
    XCTAssertEqual(softleaf.renamedFrom, "swp_entry_t")
    XCTAssertEqual(softleaf.introducedBy?.release, "v6.12.113")
    XCTAssertNil(report.lines.last?.missing.first { $0.identifier == "softleaf_t" })
    // 6.1 still passes the PTE: migration_entry_wait_on_locked(swp_entry_t, pte_t *, spinlock_t *).
    let wait = try XCTUnwrap(
      old.missing.first { $0.identifier == "migration_entry_wait_on_locked" }, "\(old.missing)")
    XCTAssertTrue(wait.signatureHere?.contains("pte_t *ptep") == true, "\(wait)")
    XCTAssertTrue(wait.signatureUpstream?.contains("softleaf_t entry, spinlock_t *ptl") == true)
    XCTAssertEqual(try TreeSnapshot(URL(fileURLWithPath: path + "/.git")), before)
  }

  /// Seed 002's repaired patch: its mm/memory.c hunk lands in linux-6.12.y some 200 lines
  /// away, and `git apply --check` (against the line's tree, in a scratch clone) agrees.
  func testSeed002MemoryHunkAppliesWithOffset() throws {
    let path = try realTrees()
    let url = Paths.packageRoot.appendingPathComponent(
      "Fixtures/kernel-tree/expected/seed002.patch")
    let text = try String(contentsOf: url, encoding: .utf8)
    let patch = try XCTUnwrap(PatchFinder.patches(in: text).first?.patch)
    let memory = Patch(files: patch.files.filter { $0.path == "mm/memory.c" })
    let request = BackportRequest(
      subject: "mm/migrate: Trylock device page in do_swap_page", message: "", patch: memory)
    let tree = try KernelRepository(path: path, cache: false)
    let report = try Backporter(repository: tree, table: try .builtin()).check(
      request, lines: "linux-6.12.y")
    let line = try XCTUnwrap(report.lines.first)
    XCTAssertEqual(line.status, .appliesWithOffset, "\(line.hunks)")
    XCTAssertGreaterThan(line.hunks.first?.offset ?? 0, 100)

    let scratch = try GitSandbox()
    try scratch.git("clone", "-q", "--no-checkout", "--shared", path, "work")
    try scratch.git("-C", "work", "read-tree", "origin/linux-6.12.y")
    let check = try runCapturing(
      "/usr/bin/git", ["apply", "--check", "--cached"],
      in: scratch.root.appendingPathComponent("work"), input: memory.text)
    XCTAssertEqual(check.status, 0, check.stderr)
  }
}
