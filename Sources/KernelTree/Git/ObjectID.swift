import CLibGit2

/// A git object id (SHA-1), as a value.
///
/// ```swift
/// let id = try ObjectID(hex: "1afaeb8293c9a1b2c3d4e5f60718293a4b5c6d7e")
/// id.short  // "1afaeb8293c9"
/// ```
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The 40 lowercase hex digits.
  public let hex: String

  init(_ oid: git_oid) {
    var copy = oid
    var buffer = [UInt8](repeating: 0, count: 40)
    buffer.withUnsafeMutableBufferPointer { out in
      out.baseAddress!.withMemoryRebound(to: CChar.self, capacity: 40) {
        _ = git_oid_fmt($0, &copy)
      }
    }
    hex = String(decoding: buffer, as: UTF8.self)
  }

  /// Parses 40 hex digits; `nil` for anything else.
  public init?(hex: String) {
    let lower = hex.lowercased()
    guard lower.count == 40, lower.allSatisfy(\.isHexDigit) else { return nil }
    self.hex = lower
  }

  /// The 12-digit abbreviation kernel trailers use (`Fixes: 1afaeb8293c9`).
  public var short: String { String(hex.prefix(12)) }

  public var description: String { hex }

  public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }

  var raw: git_oid {
    var oid = git_oid()
    git_oid_fromstr(&oid, hex)
    return oid
  }
}
