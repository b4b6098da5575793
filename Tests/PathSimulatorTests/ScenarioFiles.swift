import Foundation
import PathFormat
import PathSimulator

/// The shipped scenarios and path exports, read from PathSimulator's resources.
enum ScenarioFiles {
  static let folder = ShippedScenarios.folder!

  static func scenario(_ name: String) throws -> Scenario {
    let url = folder.appendingPathComponent("\(name).scenario")
    return try Scenario(parsing: String(contentsOf: url, encoding: .utf8), file: url.path)
  }

  static func paths(_ name: String) throws -> PathSet {
    let url = folder.appendingPathComponent("paths/\(name).paths.json")
    return try PathSet(json: Data(contentsOf: url), file: url.path)
  }

  static var shippedNames: [String] { ShippedScenarios.names }

  /// The export a scenario names with `default-paths`, if any.
  static func defaultPaths(of scenario: Scenario) throws -> PathSet? {
    guard let relative = scenario.defaultPaths else { return nil }
    let url = folder.appendingPathComponent(relative)
    return try PathSet(json: Data(contentsOf: url), file: url.path)
  }
}

extension Array where Element == Run {
  func run(_ variant: String, _ preempt: PreemptionModel, cpus: Int) -> Run? {
    first { $0.variant == variant && $0.preempt == preempt && $0.cpus == cpus }
  }
}
