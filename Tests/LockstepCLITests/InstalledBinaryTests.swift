import Foundation
import TestSupport
import Testing

/// A lockstep copied out of its build folder, as a user installs it: with its resource
/// folders beside it, it runs from anywhere (through a symbolic link too); without them, it
/// says which file it lacks and where it looked, with exit status 65, instead of stopping
/// on `Bundle.module`'s fatal error.
@Suite struct InstalledBinaryTests {
  static let seed000 = Paths.packageRoot.appendingPathComponent(
    "Fixtures/seeds/000_28e554185c54152d.txt"
  ).path

  /// A folder holding a copy of the built binary and, if `withResources`, of its bundles.
  static func install(withResources: Bool) throws -> TemporaryFolder {
    let folder = try TemporaryFolder()
    let built = URL(fileURLWithPath: Paths.lockstep)
    let files = FileManager.default
    // Copied by `cp`, not in this process: a file this (multi-threaded) test process holds
    // open for writing is inherited by any child another test forks meanwhile, and executing
    // the copy then fails with ETXTBSY ("Text file busy"), as it once did in CI.
    _ = try run(["cp", built.path, folder.url.appendingPathComponent("lockstep").path])
    if withResources {
      let buildFolder = built.deletingLastPathComponent()
      let bundles = try files.contentsOfDirectory(atPath: buildFolder.path)
        .filter { $0.hasPrefix("Lockstep_") && $0.hasSuffix(".resources") }
      #expect(bundles.count == 5, "every module's bundle is beside the built binary: \(bundles)")
      for bundle in bundles {
        try files.copyItem(
          at: buildFolder.appendingPathComponent(bundle),
          to: folder.url.appendingPathComponent(bundle))
      }
    }
    return folder
  }

  @Test func aCopiedBinaryWithoutItsResourcesNamesTheMissingTableAndExits65() throws {
    let folder = try Self.install(withResources: false)
    let binary = folder.url.appendingPathComponent("lockstep").path
    let result = try runCapturing(binary, ["analyze", Self.seed000], in: folder.url)
    #expect(result.status == 65, "\(result.stderr)")
    #expect(result.stderr.contains("the built-in primitive table is missing"))
    #expect(result.stderr.contains(folder.url.path + "/Lockstep_LockAnalysis.resources"))
    #expect(!result.stderr.contains("Fatal error"))
  }

  @Test func aCopiedBinaryWithItsResourcesAnalyzesAndSimulatesThroughASymbolicLink() throws {
    let folder = try Self.install(withResources: true)
    let links = try TemporaryFolder()
    let link = links.url.appendingPathComponent("lockstep")
    try FileManager.default.createSymbolicLink(
      at: link, withDestinationURL: folder.url.appendingPathComponent("lockstep"))
    let analyzed = try runCapturing(
      link.path, ["analyze", Self.seed000, "--tree", Paths.fixtureTree.path, "--base", "v7.0-rc1"],
      in: links.url)
    #expect(analyzed.status == 0, "\(analyzed.stderr)")
    #expect(analyzed.stdout.contains("do_swap_page"), "the seed's function was analyzed")
    let simulated = try runCapturing(link.path, ["simulate", "mmap-lock-recursion"], in: links.url)
    #expect(simulated.status == 1, "the shipped scenario's deadlock: \(simulated.stderr)")
    #expect(simulated.stdout.contains("deadlock"))
  }
}
