import Foundation
import PathSimulator

/// The shipped scenarios and path exports, read from the package's Fixtures folder.
enum ScenarioFiles {
  static let root: URL = {
    var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while !FileManager.default.fileExists(
      atPath: folder.appendingPathComponent("Package.swift").path)
    {
      folder = folder.deletingLastPathComponent()
    }
    return folder
  }()

  static let folder = root.appendingPathComponent("Fixtures/scenarios")

  static func scenario(_ name: String) throws -> Scenario {
    let url = folder.appendingPathComponent("\(name).scenario")
    return try Scenario(parsing: String(contentsOf: url, encoding: .utf8), file: url.path)
  }

  static func paths(_ name: String) throws -> PathExport {
    let url = folder.appendingPathComponent("paths/\(name).paths.json")
    return try PathExport(json: Data(contentsOf: url), file: url.path)
  }

  static var shippedNames: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
      .filter { $0.hasSuffix(".scenario") }.map { String($0.dropLast(".scenario".count)) }.sorted()
  }

  /// The export a scenario names with `default-paths`, if any.
  static func defaultPaths(of scenario: Scenario) throws -> PathExport? {
    guard let relative = scenario.defaultPaths else { return nil }
    let url = folder.appendingPathComponent(relative)
    return try PathExport(json: Data(contentsOf: url), file: url.path)
  }
}

extension Array where Element == Run {
  func run(_ variant: String, _ preempt: PreemptionModel, cpus: Int) -> Run? {
    first { $0.variant == variant && $0.preempt == preempt && $0.cpus == cpus }
  }
}
