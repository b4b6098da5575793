import Foundation

/// The paths of every function a patch changes: what the analysis hands the simulator,
/// and what `lockstep analyze --paths --json` writes (`{"schema": 1, "functions": [...]}`).
///
/// The schema is versioned: a reader refuses a `schema` newer than it knows, and a file
/// without one is read as version 1 (exports written before the key existed).
///
/// ```swift
/// let set = try PathSet(json: data, file: "fix.paths.json")
/// for function in set.functions { print(function.name, function.after?.paths.count ?? 0) }
/// ```
public struct PathSet: Sendable, Codable, Equatable {
  /// The schema this module reads and writes.
  public static let schemaVersion = 1

  public var schema: Int
  public var functions: [FunctionPaths]

  public init(functions: [FunctionPaths]) {
    schema = Self.schemaVersion
    self.functions = functions
  }

  /// The functions replayed from the patch's lines only (``FunctionPaths/isFragment``).
  public var fragments: [String] { functions.filter(\.isFragment).map(\.name) }

  private enum CodingKeys: String, CodingKey { case schema, functions }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    schema = try container.decodeIfPresent(Int.self, forKey: .schema) ?? 1
    functions = try container.decode([FunctionPaths].self, forKey: .functions)
  }

  /// Reads an export, naming the file and the key that is wrong in the error.
  public init(json data: Data, file: String) throws(PathFormatError) {
    do {
      self = try JSONDecoder().decode(PathSet.self, from: data)
    } catch let DecodingError.dataCorrupted(context) {
      throw PathFormatError(file: file, message: "not JSON: \(context.debugDescription)")
    } catch let DecodingError.keyNotFound(key, context) {
      throw PathFormatError(
        file: file,
        message: "missing key '\(key.stringValue)' at \(Self.describe(context.codingPath))")
    } catch let DecodingError.typeMismatch(_, context) {
      throw PathFormatError(
        file: file,
        message: "wrong type at \(Self.describe(context.codingPath)): \(context.debugDescription)")
    } catch let DecodingError.valueNotFound(_, context) {
      throw PathFormatError(
        file: file, message: "missing value at \(Self.describe(context.codingPath))")
    } catch {
      throw PathFormatError(file: file, message: "unreadable path export: \(error)")
    }
    guard schema <= Self.schemaVersion else {
      throw PathFormatError(
        file: file,
        message: "schema \(schema) is newer than this lockstep reads (\(Self.schemaVersion))")
    }
  }

  private static func describe(_ path: [any CodingKey]) -> String {
    path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
  }
}

/// Why a path export could not be read: `seed000.paths.json: missing key 'ops' at .functions[0]…`.
public struct PathFormatError: Error, Sendable, CustomStringConvertible {
  public var file: String
  public var message: String

  public init(file: String, message: String) {
    self.file = file
    self.message = message
  }

  public var description: String { "\(file): \(message)" }
}
