import Foundation
import PathSimulator

/// Finds scenario files: a path, `-` for standard input, or the name of a scenario shipped
/// as a resource of PathSimulator (``ShippedScenarios``).
enum ScenarioLibrary {
  struct NotFound: LocalizedError {
    var name: String
    var errorDescription: String? {
      "no such file, and no shipped scenario '\(name)' (shipped: "
        + ShippedScenarios.names.joined(separator: ", ") + ")"
    }
  }

  /// A file that could not be read, named with the system's reason (no Foundation wording).
  struct Unreadable: LocalizedError {
    var path: String
    var reason: String
    var errorDescription: String? { "\(path): cannot read the file (\(reason))" }
  }

  static func read(_ path: String) throws -> Data {
    if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    guard let data = FileManager.default.contents(atPath: path) else {
      let reason =
        FileManager.default.fileExists(atPath: path)
        ? "permission denied or not a regular file" : "no such file"
      throw Unreadable(path: path, reason: reason)
    }
    return data
  }

  /// The text of a scenario and the name to report errors against.
  static func load(_ name: String) throws -> (text: String, file: String) {
    if name == "-" || FileManager.default.fileExists(atPath: name) {
      return (String(decoding: try read(name), as: UTF8.self), name == "-" ? "<stdin>" : name)
    }
    guard let url = ShippedScenarios.url(named: name) else { throw NotFound(name: name) }
    return (String(decoding: try Data(contentsOf: url), as: UTF8.self), url.path)
  }
}
