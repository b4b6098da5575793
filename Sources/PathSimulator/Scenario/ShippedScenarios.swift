import Foundation
import ShippedResources

/// The scenarios shipped as resources of this module (`Resources/scenarios/*.scenario`):
/// the hand-written races of the seeds, kept as examples and regression tests.
///
/// ```swift
/// let scenario = try ShippedScenarios.scenario(named: "mmap-lock-recursion")
/// ```
public enum ShippedScenarios {
  /// The folder holding them inside the bundle.
  public static var folder: URL? {
    ShippedResources.url("scenarios", module: "PathSimulator")
  }

  /// Their names (file names without `.scenario`), sorted.
  public static var names: [String] {
    guard let folder,
      let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
    else { return [] }
    return files.filter { $0.hasSuffix(".scenario") }.map { String($0.dropLast(".scenario".count)) }
      .sorted()
  }

  /// The file of the shipped scenario `name`, if there is one.
  public static func url(named name: String) -> URL? {
    guard let url = folder?.appendingPathComponent(name + ".scenario"),
      FileManager.default.fileExists(atPath: url.path)
    else { return nil }
    return url
  }

  /// The shipped scenario `name`, parsed.
  public static func scenario(named name: String) throws(ScenarioError) -> Scenario {
    guard let url = url(named: name), let data = try? Data(contentsOf: url) else {
      throw ScenarioError(file: name, line: nil, message: "no shipped scenario of this name")
    }
    return try Scenario(parsing: String(decoding: data, as: UTF8.self), file: url.path)
  }
}
