import Foundation
import TestSupport
import XCTest

/// `lockstep b4-check` under the real b4 0.16.0 from PyPI: b4's own check runner
/// (`b4.review.checks.run_perpatch_checks`, `run_series_checks`) runs the command the
/// README's `git config` lines name, in a scratch clone of the fixture tree, on real patch
/// mails — a series b4 checks out itself (its review branch and tracking data), and the
/// patches recovered from the seeds. Skipped, saying how, when b4 cannot be installed.
final class B4CheckProtocolTests: XCTestCase {
  static let b4Version = "0.16.0"

  func python() throws -> String {
    switch B4Install.python(version: Self.b4Version) {
    case .success(let python): return python
    case .failure(let failure):
      throw XCTSkip(
        "b4 \(Self.b4Version) could not be installed from PyPI (\(failure)); it needs python3 "
          + "with venv and pip (Debian: apt-get install python3-venv) and access to pypi.org; "
          + "or make .build/b4-\(Self.b4Version)-venv yourself: python3 -m venv DIR && "
          + "DIR/bin/pip install b4==\(Self.b4Version) && touch DIR/.installed")
    }
  }

  /// A clone of the fixture tree configured as the README says, in a sandbox that also
  /// holds b4's HOME (its data folder and check cache).
  func reviewerTree() throws -> (sandbox: GitSandbox, tree: URL) {
    let sandbox = try GitSandbox()
    let tree = sandbox.root.appendingPathComponent("linux")
    try TestSupport.run(["git", "clone", "-q", Paths.fixtureTree.path, tree.path])
    for key in ["b4.review-perpatch-check-cmd", "b4.review-series-check-cmd"] {
      try TestSupport.run(["git", "-C", tree.path, "config", key, "lockstep b4-check"])
    }
    return (sandbox, tree)
  }

  /// Runs `Fixtures/b4/run-checks.py` with b4's Python; its JSON answer.
  func runChecks(_ python: String, tree: URL, sandbox: GitSandbox, _ arguments: [String]) throws
    -> [String: Any]
  {
    let script = Paths.packageRoot.appendingPathComponent("Fixtures/b4/run-checks.py").path
    let lockstepFolder = URL(fileURLWithPath: Paths.lockstep).deletingLastPathComponent().path
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let output = try TestSupport.run(
      python, [script, "--topdir", tree.path] + arguments, in: tree,
      environment: [
        "HOME": sandbox.path, "XDG_DATA_HOME": sandbox.path + "/data",
        "XDG_CONFIG_HOME": sandbox.path + "/config", "PATH": lockstepFolder + ":" + path,
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Ada Reviewer",
        "GIT_AUTHOR_EMAIL": "ada@example.org", "GIT_COMMITTER_NAME": "Ada Reviewer",
        "GIT_COMMITTER_EMAIL": "ada@example.org", "B4_TRACKING_FILE": "",
        // No network: b4 asks lore for nothing here, and a closed local port answers at once.
        "https_proxy": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9",
      ])
    return try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
  }

  /// The one `lockstep` result b4 collected for each checked patch, by subject.
  func results(_ answer: [String: Any], _ key: String) throws -> [String: [String: String]] {
    var out: [String: [String: String]] = [:]
    for patch in answer[key] as? [[String: Any]] ?? [] {
      let results = try XCTUnwrap(patch["results"] as? [[String: String]])
      XCTAssertEqual(results.map { $0["tool"] }, ["lockstep"], "\(patch)")
      out[try XCTUnwrap(patch["subject"] as? String)] = results.first
    }
    return out
  }

  func details(_ result: [String: String]?) throws -> [String] {
    let data = Data((result?["details"] ?? "").utf8)
    let entries = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [[String: String]])
    return entries.map { "\($0["status"] ?? "?") \($0["description"] ?? "")" }
  }

  /// b4 checks out a two-patch series at v6.15-rc1 (patch 2 applies only on patch 1), then
  /// runs the check matrix: each patch is reviewed at the commit before it on b4's review
  /// branch, found through B4_TRACKING_FILE; the cover letter has nothing to check.
  func testB4ChecksEachPatchOfASeriesAtTheBaseItsTrackingDataNames() throws {
    let python = try python()
    let (sandbox, tree) = try reviewerTree()
    let mbox = Paths.packageRoot.appendingPathComponent("Fixtures/b4/device-page-series.mbox")
    let answer = try runChecks(
      python, tree: tree, sandbox: sandbox, ["--review", mbox.path, "v6.15-rc1"])
    XCTAssertEqual(answer["version"] as? String, Self.b4Version)
    let commands = try XCTUnwrap(answer["commands"] as? [String: [String]])
    XCTAssertEqual(commands["perpatch"], ["lockstep b4-check"])
    XCTAssertEqual(commands["series"], ["lockstep b4-check"])
    let tracking = try XCTUnwrap(
      (answer["tracking"] as? [String: Any])?["series"] as? [String: Any])
    let firstPatch = try XCTUnwrap(tracking["first-patch-commit"] as? String)

    let tracked = try results(answer, "patches")
    XCTAssertEqual(tracked.count, 2)
    let first = tracked["[PATCH 1/2] mm/migrate: Trylock device page in do_swap_page"]
    XCTAssertEqual(first?["status"], "warn")
    XCTAssertEqual(
      first?["summary"], "1 warning: trylock-retry in do_swap_page() (mm/memory.c:4049)")
    let firstDetails = try details(first)
    XCTAssert(firstDetails.contains { $0.contains("before patch 1") }, "\(firstDetails)")
    let second = tracked[
      "[PATCH 2/2] mm/memory: drop the device page reference as soon as migration returns"]
    XCTAssertEqual(second?["status"], "fail")
    XCTAssertEqual(
      second?["summary"], "1 error: put-before-unlock in do_swap_page() (mm/memory.c:4056)")
    // Patch 2 was reviewed on patch 1's commit, the first of b4's review branch.
    let base = try XCTUnwrap(try details(second).first { $0.contains("before patch 2") })
    XCTAssert(base.contains("(\(firstPatch.prefix(12)))"), base)
    // What `lockstep analyze` says at that commit is what b4 shows.
    let patch2 = try TestSupport.run([
      "git", "-C", tree.path, "format-patch", "-1", "--stdout", "HEAD~1",
    ])
    let analyze = try runCapturing(
      Paths.lockstep, ["analyze", "-", "--tree", tree.path, "--base", firstPatch, "--terse"],
      input: patch2)
    XCTAssertEqual(analyze.status, 1)
    let secondDetails = try details(second)
    let lines = analyze.stdout.split(separator: "\n").map(String.init)
    XCTAssertFalse(lines.isEmpty)
    for line in lines {
      XCTAssert(secondDetails.contains { $0.hasSuffix(" " + line) }, "\(line) in \(secondDetails)")
    }

    // Without the tracking data the tree's HEAD (the review branch's tip) already has both
    // patches: the check says it could read only the hunks.
    let untracked = try results(answer, "untracked")
    for (subject, result) in untracked {
      XCTAssertEqual(result["status"], "warn", subject)
      XCTAssert(try details(result).contains { $0.hasPrefix("warn only the hunks of mm/memory.c") })
    }
    // The series runner got the cover letter: nothing to check.
    XCTAssertEqual((answer["series"] as? [Any])?.count, 0)
  }

  /// The seeds' patches, as a reviewer recovers them from the mails (`lockstep thread
  /// --patches-out` writes what `git am` takes), and seed 004's test_hmm patch, each
  /// checked by b4's runner in the tree checked out at the release it was written for.
  func testB4ChecksThePatchesOfTheSeedsAtTheirReleases() throws {
    let python = try python()
    let (sandbox, tree) = try reviewerTree()
    let seeds: [(seed: String, base: String, status: String, rule: String)] = [
      (
        "000_28e554185c54152d.txt", "v7.0-rc1", "pass",
        "[trylock-retry] do_swap_page(): fixed by this patch"
      ),
      ("001_9c3082e7bf73a071.txt", "v7.0-rc1", "pass", "[trylock-to-lock]"),
      ("002_cc9cafcbc664c793.txt", "v6.14", "fail", "[put-before-unlock]"),
    ]
    for (seed, base, status, rule) in seeds {
      let out = sandbox.root.appendingPathComponent("mails-\(seed.prefix(3))")
      try TestSupport.run([
        Paths.lockstep, "thread",
        Paths.packageRoot.appendingPathComponent("Fixtures/seeds/" + seed).path,
        "--tree", tree.path, "--base", base, "--patches-out", out.path,
      ])
      let mails = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
      XCTAssertEqual(mails.count, 1, seed)
      try TestSupport.run(["git", "-C", tree.path, "checkout", "-q", "--detach", base])
      let answer = try runChecks(python, tree: tree, sandbox: sandbox, [out.path + "/" + mails[0]])
      let checked = try results(answer, "patches")
      XCTAssertEqual(checked.count, 1, seed)
      let result = try XCTUnwrap(checked.values.first)
      XCTAssertEqual(result["status"], status, "\(seed): \(result)")
      let entries = try details(result)
      XCTAssert(entries.contains { $0.contains(rule) }, "\(seed): \(entries)")
      XCTAssert(entries.contains { $0.hasPrefix("pass base: HEAD (") }, seed)
    }
    try TestSupport.run(["git", "-C", tree.path, "checkout", "-q", "--detach", "v7.0"])
    let testHmm = Paths.packageRoot.appendingPathComponent(
      "Fixtures/kernel-tree/history/018-lib-test-hmm-add-a-new-testcase-for-the-migrate-on-fault.patch"
    )
    let answer = try runChecks(python, tree: tree, sandbox: sandbox, [testHmm.path])
    let result = try XCTUnwrap(try results(answer, "patches").values.first)
    XCTAssertEqual(result["status"], "fail")
    XCTAssertEqual(
      result["summary"],
      "1 error: recursive-lock in dmirror_fault_and_migrate_to_device() (lib/test_hmm.c:1267)")
  }
}
