import Foundation

/// The paths of the functions a patch changes, as `lockstep analyze --paths --json`
/// exports them (the format of `notes/PATHS.md`): per function, each path before and
/// after the patch as a sequence of primitive operations.
///
/// ```
/// let export = try PathExport(json: data, file: "seed000.paths.json")
/// let runs = try Simulator.run(scenario, paths: export)
/// ```
public struct PathExport: Sendable, Decodable {
  public struct Function: Sendable, Decodable {
    public var name: String
    public var file: String
    public var before: Version?
    public var after: Version?
  }

  public struct Version: Sendable, Decodable {
    public var paths: [Path]
  }

  public struct Path: Sendable, Decodable {
    public var id: Int?
    public var ops: [Operation]
    public var exit: String?
    public var returnValue: String?
    /// The path returns to a caller that retries the operation (`hmm_range_fault()`'s loop).
    public var retries: Bool?
  }

  public struct Operation: Sendable, Decodable, Hashable {
    public var op: String
    public var call: String?
    public var object: String?
    public var outcome: String?
    public var kind: String?
    public var releases: String?
    public var value: String?
    public var line: Int?
    public var file: String?
  }

  public var functions: [Function]

  public init(json data: Data, file: String) throws(ScenarioError) {
    do {
      self = try JSONDecoder().decode(PathExport.self, from: data)
    } catch let DecodingError.dataCorrupted(context) {
      throw ScenarioError(file: file, line: nil, message: "not JSON: \(context.debugDescription)")
    } catch let DecodingError.keyNotFound(key, context) {
      throw ScenarioError(
        file: file, line: nil,
        message: "missing key '\(key.stringValue)' at \(Self.describe(context.codingPath))")
    } catch let DecodingError.typeMismatch(_, context) {
      throw ScenarioError(
        file: file, line: nil,
        message: "wrong type at \(Self.describe(context.codingPath)): \(context.debugDescription)")
    } catch {
      throw ScenarioError(file: file, line: nil, message: "unreadable path export: \(error)")
    }
  }

  private static func describe(_ path: [any CodingKey]) -> String {
    path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
  }
}
