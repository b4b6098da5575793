import Backport
import Foundation
import KernelTree
import PatchDiff
import TestSupport
import XCTest

/// Seed 000's fix against every line of the fixture tree, and against lines a test moves
/// back before the fix or makes conflict; every applying answer is compared with
/// `git apply --check` and `patch --dry-run` in a scratch clone.
final class FixtureLinesTests: XCTestCase {
  func testEveryFixtureLine() throws {
    let report = try BackportFixture.report(
      BackportFixture.seed000Mail, tree: Paths.fixtureTree.path)
    let byLine = Dictionary(uniqueKeysWithValues: report.lines.map { ($0.line, $0) })
    XCTAssertEqual(
      report.lines.map(\.line), ["linux-6.12.y", "linux-6.15.y", "linux-6.18.y", "linux-6.19.y"])
    XCTAssertEqual(report.fixes?.subject, "mm/migrate: Trylock device page in do_swap_page")
    XCTAssertEqual(report.fixes?.matchedBy, "subject")
    XCTAssertEqual(report.fixes?.firstRelease, "v6.15")

    let old = try XCTUnwrap(byLine["linux-6.12.y"])
    XCTAssertEqual(old.status, .notAffected)
    XCTAssertFalse(old.affected)
    XCTAssertTrue(old.evidence.contains { $0.contains("is not in the line") })
    XCTAssertTrue(
      old.evidence.contains { $0.contains("`unlock_page(vmf->page);`") }, "\(old.evidence)")

    let methods = [
      "linux-6.15.y": "upstream-line", "linux-6.18.y": "upstream-line", "linux-6.19.y": "patch-id",
    ]
    for (name, method) in methods {
      let line = try XCTUnwrap(byLine[name])
      XCTAssertEqual(line.status, .alreadyApplied, name)
      XCTAssertTrue(line.affected, name)
      XCTAssertTrue(
        line.evidence.contains { $0.contains("(\(method))") }, "\(name): \(line.evidence)")
      XCTAssertTrue(
        line.evidence.contains { $0.contains("Fixes: target") && $0.contains("history") })
    }

    // softleaf_t came with v6.19: the older lines need it, and are told the spelling they use.
    for name in ["linux-6.12.y", "linux-6.15.y", "linux-6.18.y"] {
      let line = try XCTUnwrap(byLine[name])
      let softleaf = try XCTUnwrap(line.missing.first { $0.identifier == "softleaf_t" }, name)
      XCTAssertEqual(softleaf.kind, .type)
      XCTAssertEqual(softleaf.renamedFrom, "swp_entry_t")
      XCTAssertEqual(softleaf.advice, "use `swp_entry_t` here")
      XCTAssertEqual(
        softleaf.introducedBy?.subject,
        "mm: introduce softleaf_t for non-present page table entries")
      XCTAssertEqual(softleaf.introducedBy?.release, "v6.19")
      let hwpoison = try XCTUnwrap(line.missing.first { $0.identifier == "softleaf_is_hwpoison" })
      XCTAssertEqual(hwpoison.renamedFrom, "is_hwpoison_entry")
    }
    XCTAssertEqual(byLine["linux-6.19.y"]?.missing.map(\.identifier), [])

    // Cc: stable # v6.15+ names exactly the lines that have the Trylock commit.
    XCTAssertEqual(report.statedRange?.text, "# v6.15+")
    XCTAssertEqual(report.statedRange?.lines, ["linux-6.15.y", "linux-6.18.y", "linux-6.19.y"])
    XCTAssertNil(report.statedRange?.mismatch)
    XCTAssertFalse(report.needsWork)
  }

  /// linux-6.18.y moved back to v6.18.1, before its backport: affected, and the upstream
  /// patch goes in only with fuzz (its trailing context says softleaf_is_hwpoison).
  func testAffectedLineWithoutTheFix() throws {
    let sandbox = try GitSandbox()
    let repository = try BackportFixture.clone(in: sandbox)
    try sandbox.git("-C", "linux", "branch", "-q", "-f", "linux-6.18.y", "v6.18.1")
    let report = try BackportFixture.report(
      BackportFixture.seed000Mail, tree: repository, lines: "linux-6.18.y")
    let line = try XCTUnwrap(report.lines.first)
    XCTAssertTrue(line.affected)
    XCTAssertEqual(line.affectedBy, .fixesTarget)
    XCTAssertEqual(line.status, .appliesWithFuzz)
    XCTAssertEqual(line.hunks.map(\.status), [.clean, .fuzz])
    XCTAssertEqual(line.hunks.last?.fuzz, 2)
    XCTAssertEqual(
      line.builds, false, "the stub takes softleaf_t, the line's declaration swp_entry_t")
    XCTAssertTrue(line.findings.contains { $0.rule == .stubGap })
    XCTAssertTrue(report.needsWork)

    let answers = try BackportFixture.gitAnswers(repository: repository, line: "linux-6.18.y")
    XCTAssertEqual(answers.gitApply, false)
    XCTAssertEqual(line.libgit2Applies, answers.gitApply, "libgit2's in-memory apply agrees")
    XCTAssertEqual(answers.patch, true, "patch --dry-run takes fuzz 2")
  }

  /// A line whose do_swap_page() was changed where the fix goes: a conflict with the hunk,
  /// the closest place and the lines that differ; git and patch refuse it too.
  func testConflictingLine() throws {
    let sandbox = try GitSandbox()
    let repository = try BackportFixture.clone(in: sandbox)
    let edited = try BackportFixture.commitMemoryEdit(
      in: sandbox, line: "linux-6.18.y", from: "v6.18.1", message: "mm: count device faults"
    ) { text in
      text.replacingOccurrences(
        of: "\t\t\t\tpte_unmap_unlock(vmf->pte, vmf->ptl);\n\t\t\t}\n\t\t} else if (is_hwpoison",
        with:
          "\t\t\t\tpte_unmap_unlock(vmf->pte, vmf->ptl);\n\t\t\t\tcount_vm_event(PGFAULT);\n\t\t\t}\n\t\t} else if (is_hwpoison"
      )
    }
    XCTAssertTrue(edited, "the fixture's do_swap_page() changed; adjust the test")

    let report = try BackportFixture.report(
      BackportFixture.seed000Mail, tree: repository, lines: "linux-6.18.y")
    let line = try XCTUnwrap(report.lines.first)
    XCTAssertEqual(line.status, .conflict)
    let hunk = try XCTUnwrap(line.hunks.first { $0.status == .conflict })
    XCTAssertEqual(hunk.file, "mm/memory.c")
    XCTAssertNotNil(hunk.closest)
    XCTAssertTrue(
      hunk.differing.contains { $0.actual?.contains("count_vm_event(PGFAULT);") == true })
    XCTAssertTrue(report.needsWork)

    let answers = try BackportFixture.gitAnswers(repository: repository, line: "linux-6.18.y")
    XCTAssertEqual(answers.gitApply, false)
    XCTAssertEqual(line.libgit2Applies, false)
    XCTAssertEqual(answers.patch, false)
  }

  /// The fix as adapted for linux-6.18.y, on a line whose memory.c grew above
  /// do_swap_page(): applies with an offset, as `git apply --check` says.
  func testOffsetAgreesWithGitApply() throws {
    let sandbox = try GitSandbox()
    let repository = try BackportFixture.clone(in: sandbox)
    let edited = try BackportFixture.commitMemoryEdit(
      in: sandbox, line: "linux-6.18.y", from: "v6.18.1", message: "mm: three comment lines"
    ) { "/* one */\n/* two */\n/* three */\n" + $0 }
    XCTAssertTrue(edited)
    let adapted = try String(
      contentsOf: Paths.packageRoot.appendingPathComponent(
        "Fixtures/kernel-tree/history/stable/linux-6.18.y-mm-fix-a-hmm-range-fault-livelock-starvation-problem.diff"
      ),
      encoding: .utf8)
    let mail =
      "Subject: [PATCH 6.18.y] mm: adapted\n\nFixes: 0123456789ab (\"mm/migrate: Trylock device page in do_swap_page\")\nSigned-off-by: A <a@example.org>\n---\n"
      + adapted
    let report = try BackportFixture.report(mail, tree: repository, lines: "linux-6.18.y")
    let line = try XCTUnwrap(report.lines.first)
    XCTAssertEqual(line.status, .appliesWithOffset)
    XCTAssertEqual(line.hunks.map(\.status), [.clean, .offset])
    XCTAssertEqual(line.hunks.last?.offset, 3)
    XCTAssertEqual(line.missing, [])
    XCTAssertEqual(line.builds, true)
    XCTAssertFalse(report.needsWork)
    XCTAssertTrue(
      try BackportFixture.gitAccepts(adapted, repository: repository, line: "linux-6.18.y"))
    XCTAssertEqual(line.libgit2Applies, false, "libgit2 applies hunks only where they say")
  }
}

/// The fix already in a line under another subject and another diff (adapted to
/// `swp_entry_t`, no upstream line): found by its post-image, read with the line's
/// spellings.
final class PostImageTests: XCTestCase {
  func testAdaptedFixUnderAnotherSubjectIsAlreadyApplied() throws {
    let sandbox = try GitSandbox()
    let repository = try BackportFixture.clone(in: sandbox)
    try sandbox.git("-C", "linux", "checkout", "-q", "-B", "linux-6.18.y", "v6.18.1")
    let adapted = Paths.packageRoot.appendingPathComponent(
      "Fixtures/kernel-tree/history/stable/linux-6.18.y-mm-fix-a-hmm-range-fault-livelock-starvation-problem.diff"
    ).path
    try sandbox.git("-C", "linux", "apply", adapted)
    try sandbox.git("-C", "linux", "commit", "-q", "-am", "mm: wait for the device folio lock")
    try sandbox.git("-C", "linux", "checkout", "-q", "master")
    let report = try BackportFixture.report(
      BackportFixture.seed000Mail, tree: repository, lines: "linux-6.18.y")
    let line = try XCTUnwrap(report.lines.first)
    XCTAssertEqual(line.status, .alreadyApplied)
    XCTAssertTrue(line.evidence.contains { $0.contains("post-image") }, "\(line.evidence)")
  }
}
