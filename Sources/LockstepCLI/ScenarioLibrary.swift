import Foundation

/// Finds scenario files: a path, `-` for standard input, or the name of a scenario
/// shipped in `Fixtures/scenarios/` (looked up from `$LOCKSTEP_SCENARIOS`, the
/// current directory upwards, the executable's directory upwards, then the source tree).
enum ScenarioLibrary {
  struct NotFound: LocalizedError {
    var name: String
    var errorDescription: String? {
      "no such file, and no shipped scenario '\(name)' (see Fixtures/scenarios)"
    }
  }

  static func read(_ path: String) throws -> Data {
    if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    return try Data(contentsOf: URL(fileURLWithPath: path))
  }

  /// The text of a scenario and the name to report errors against.
  static func load(_ name: String) throws -> (text: String, file: String) {
    if name == "-" || FileManager.default.fileExists(atPath: name) {
      return (String(decoding: try read(name), as: UTF8.self), name == "-" ? "<stdin>" : name)
    }
    guard let folder = shippedFolder() else { throw NotFound(name: name) }
    let url = folder.appendingPathComponent(name + ".scenario")
    guard FileManager.default.fileExists(atPath: url.path) else { throw NotFound(name: name) }
    return (String(decoding: try Data(contentsOf: url), as: UTF8.self), url.path)
  }

  static func shippedNames() -> [String] {
    guard let folder = shippedFolder(),
      let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
    else { return [] }
    return files.filter { $0.hasSuffix(".scenario") }.map { String($0.dropLast(".scenario".count)) }
      .sorted()
  }

  private static func shippedFolder() -> URL? {
    let manager = FileManager.default
    if let configured = ProcessInfo.processInfo.environment["LOCKSTEP_SCENARIOS"] {
      return URL(fileURLWithPath: configured)
    }
    var starts = [URL(fileURLWithPath: manager.currentDirectoryPath)]
    if let executable = Bundle.main.executableURL {
      starts.append(executable.deletingLastPathComponent())
    }
    starts.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent())
    for start in starts {
      var folder = start.standardizedFileURL
      while folder.path != "/" {
        let candidate = folder.appendingPathComponent("Fixtures/scenarios")
        if manager.fileExists(atPath: candidate.appendingPathComponent("README.md").path) {
          return candidate
        }
        folder = folder.deletingLastPathComponent()
      }
    }
    return nil
  }
}
