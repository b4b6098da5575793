import Foundation

/// Where the package and its built `lockstep` executable are, for tests.
public enum Paths {
  /// The folder holding Package.swift.
  public static let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        return url
      }
    }
    fatalError("no Package.swift above \(#filePath)")
  }()

  /// The `lockstep` executable built beside the test bundle.
  public static let lockstep: String = {
    let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("lockstep").path
    if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
    return packageRoot.appendingPathComponent(".build/debug/lockstep").path
  }()

  /// The fixture kernel tree, built once per test process into a temporary folder.
  public static let fixtureTree: URL = {
    let destination = FileManager.default.temporaryDirectory
      .appendingPathComponent("lockstep-fixture-\(getpid())/linux")
    if !FileManager.default.fileExists(atPath: destination.path) {
      let script = packageRoot.appendingPathComponent("Fixtures/kernel-tree/build.sh").path
      do {
        try run("/bin/bash", [script, destination.path])
      } catch {
        fatalError("building the fixture tree failed: \(error)")
      }
    }
    return destination
  }()
}
