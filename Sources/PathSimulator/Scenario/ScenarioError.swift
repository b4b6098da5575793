/// Why a scenario, or the paths spliced into it, could not be used.
///
/// Prints as one line naming the file and line, e.g.
/// `Sources/PathSimulator/Resources/scenarios/x.scenario:12: unknown operation 'spinlock'`.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
  public var file: String
  public var line: Int?
  public var message: String

  public init(file: String, line: Int?, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  public var description: String {
    if let line { return "\(file):\(line): \(message)" }
    return "\(file): \(message)"
  }
}
