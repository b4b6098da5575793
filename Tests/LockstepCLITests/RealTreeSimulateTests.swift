import Foundation
import TestSupport
import XCTest

/// `simulate --patch` on Debian's real kernel sources: the tests write the patches
/// themselves into a repository holding the real `mm/memory.c` and `include/linux/migrate.h`
/// of 6.12 and 6.1, and replay them. Skipped, saying how to get the sources, when absent.
final class RealTreeSimulateTests: XCTestCase {
  /// `$LOCKSTEP_LINUX_SOURCES/linux-source-6.x`, else `/work/real/linux-source-6.x`.
  func source(_ version: String) throws -> URL {
    let parent = ProcessInfo.processInfo.environment["LOCKSTEP_LINUX_SOURCES"] ?? "/work/real"
    let folder = URL(fileURLWithPath: parent).appendingPathComponent("linux-source-\(version)")
    guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("mm/memory.c").path)
    else {
      throw XCTSkip(
        "no linux-source-\(version) in \(parent): `apt-get download linux-source-\(version)`, "
          + "unpack it with `dpkg-deb -x` and `tar xf usr/src/linux-source-\(version).tar.xz` "
          + "there, or set LOCKSTEP_LINUX_SOURCES to the folder holding linux-source-\(version)")
    }
    return folder
  }

  /// The device-private branch's four lines both trees share (before seed 002's trylock).
  static let unlocked = """
    \t\t\tget_page(vmf->page);
    \t\t\tpte_unmap_unlock(vmf->pte, vmf->ptl);
    \t\t\tret = vmf->page->pgmap->ops->migrate_to_ram(vmf);
    \t\t\tput_page(vmf->page);

    """

  /// Trylock the page; on failure unlock the PTL and return 0 (or, `waiting`, sleep in the
  /// tree's own `migration_entry_wait_on_locked()` until the page is unlocked).
  static func trylocked(failure: String) -> String {
    """
    \t\t\tif (trylock_page(vmf->page)) {
    \t\t\t\tget_page(vmf->page);
    \t\t\t\tpte_unmap_unlock(vmf->pte, vmf->ptl);
    \t\t\t\tret = vmf->page->pgmap->ops->migrate_to_ram(vmf);
    \t\t\t\tunlock_page(vmf->page);
    \t\t\t\tput_page(vmf->page);
    \t\t\t} else {
    \(failure)
    \t\t\t}

    """
  }

  /// A repository with the real files at `HEAD~1` and the patched ones at `HEAD`, and the patch.
  func patched(_ version: String, _ edit: (String) -> String) throws -> (GitSandbox, URL) {
    let folder = try source(version)
    let memory = try String(
      contentsOf: folder.appendingPathComponent("mm/memory.c"), encoding: .utf8)
    let migrate = try String(
      contentsOf: folder.appendingPathComponent("include/linux/migrate.h"), encoding: .utf8)
    let sandbox = try GitSandbox()
    try sandbox.git("init", "-q")
    _ = try sandbox.commit(
      "linux-source-\(version)", files: ["mm/memory.c": memory, "include/linux/migrate.h": migrate])
    let changed = edit(memory)
    XCTAssertNotEqual(changed, memory, "the edit found its lines in \(version)")
    _ = try sandbox.commit("mm: the change under test", files: ["mm/memory.c": changed])
    let patch = try sandbox.git("format-patch", "--stdout", "-1")
    let file = sandbox.root.appendingPathComponent("change.patch")
    try Data(patch.utf8).write(to: file)
    return (sandbox, file)
  }

  /// The kinds of change per configuration (`none 1`) against any of `contenders`.
  func changes(_ sandbox: GitSandbox, _ patch: URL, contender: String...) throws -> (
    Int32, [String: Set<String>]
  ) {
    let result = try runCapturing(
      Paths.lockstep,
      ["simulate", "--patch", patch.path, "--tree", sandbox.path, "--base", "HEAD~1", "--json"])
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    var out: [String: Set<String>] = [:]
    for change in json?["changes"] as? [[String: Any]] ?? []
    where contender.contains(change["contender"] as? String ?? "") {
      out["\(change["preempt"] ?? "") \(change["cpus"] ?? "")", default: []].insert(
        change["kind"] as? String ?? "")
    }
    return (result.status, out)
  }

  func testTrylockAndReturnInDoSwapPageIntroducesTheLivelock() throws {
    for version in ["6.12", "6.1"] {
      let (sandbox, patch) = try patched(version) {
        $0.replacingOccurrences(
          of: Self.unlocked,
          with: Self.trylocked(failure: "\t\t\t\tpte_unmap_unlock(vmf->pte, vmf->ptl);"))
      }
      let (status, kinds) = try changes(sandbox, patch, contender: "migrate_device_unmap")
      XCTAssertEqual(status, 1, version)
      for configuration in ["none 1", "none 2", "voluntary 1", "voluntary 2"] {
        XCTAssertTrue(
          kinds[configuration]?.contains("introduces-livelock") == true,
          "\(version) \(configuration): \(kinds)")
      }
      XCTAssertEqual(kinds["full 2"], ["unchanged"], version)
    }
  }

  /// 6.1's `folio_lock_or_retry()` sleeps until the folio is free (a `might_sleep()` point
  /// under `voluntary`); the unchanged fault that gives up at `out_nomap:` and retries is no
  /// livelock. Turned into a trylock that returns to the retry, it is one.
  func testTheLockOrRetryWaitIsAPreemptionPointAndItsTrylockLivelocks() throws {
    let (sandbox, patch) = try patched("6.1") {
      $0.replacingOccurrences(
        of: "\tlocked = folio_lock_or_retry(folio, vma->vm_mm, vmf->flags);",
        with: "\tlocked = folio_trylock(folio);")
    }
    let (status, kinds) = try changes(
      sandbox, patch,
      contender: "migrate_device_unmap", "lru_cache_disable", "flush_work", "synchronize_rcu",
      "truncate_inode_pages_range")
    XCTAssertEqual(status, 1)
    XCTAssertTrue(kinds["voluntary 1"]?.contains("introduces-livelock") == true, "\(kinds)")
    XCTAssertTrue(kinds.values.allSatisfy { !$0.contains("removes-livelock") }, "\(kinds)")
  }

  func testWaitingUntilUnlockedWithTheTreesOwnSignatureIntroducesNone() throws {
    let waits = [
      "6.12":
        "\t\t\t\tpte_unmap(vmf->pte);\n\t\t\t\tmigration_entry_wait_on_locked(entry, vmf->ptl);",
      "6.1": "\t\t\t\tmigration_entry_wait_on_locked(entry, vmf->pte, vmf->ptl);",
    ]
    for (version, wait) in waits.sorted(by: { $0.key < $1.key }) {
      let (sandbox, patch) = try patched(version) {
        $0.replacingOccurrences(of: Self.unlocked, with: Self.trylocked(failure: wait))
      }
      let (status, kinds) = try changes(sandbox, patch, contender: "migrate_device_unmap")
      XCTAssertFalse(kinds.isEmpty, "\(version): the races were composed")
      XCTAssertTrue(
        kinds.values.allSatisfy { !$0.contains("introduces-livelock") }, "\(version): \(kinds)")
      XCTAssertEqual(status, 0, version)
    }
  }

  func testTwoChangedFunctionsTakingTwoLocksInOppositeOrdersDeadlock() throws {
    func locked(_ call: String, _ first: String, _ second: String) -> String {
      """
      \tvm_fault_t ret;

      \tmutex_lock(&\(first));
      \tmutex_lock(&\(second));
      \tret = \(call);
      \tmutex_unlock(&\(second));
      \tmutex_unlock(&\(first));
      \treturn ret;
      """
    }
    for version in ["6.12", "6.1"] {
      let (sandbox, patch) = try patched(version) { text in
        var out = text.replacingOccurrences(
          of: "\treturn vmf_insert_pfn_prot(vma, addr, pfn, vma->vm_page_prot);",
          with: locked(
            "vmf_insert_pfn_prot(vma, addr, pfn, vma->vm_page_prot)", "insert_lock_a",
            "insert_lock_b"))
        for call in [
          "__vm_insert_mixed(vma, addr, pfn, false)",
          "__vm_insert_mixed(vma, addr, pfn, vma->vm_page_prot, false)",
        ] {
          out = out.replacingOccurrences(
            of: "\treturn \(call);", with: locked(call, "insert_lock_b", "insert_lock_a"))
        }
        return out.replacingOccurrences(
          of: "vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr,",
          with: "static DEFINE_MUTEX(insert_lock_a);\nstatic DEFINE_MUTEX(insert_lock_b);\n\n"
            + "vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr,")
      }
      let (status, kinds) = try changes(
        sandbox, patch, contender: "vmf_insert_mixed", "vmf_insert_pfn")
      XCTAssertEqual(status, 1, version)
      XCTAssertTrue(
        kinds["none 2"]?.contains("introduces-deadlock") == true, "\(version): \(kinds)")
    }
  }
}
