/// A kernel release number as tags spell it: `v6.15`, `v6.15-rc1`, `v6.12.3`.
///
/// Ordered by version, not by name: `v6.9 < v6.10`, and a release candidate comes
/// before its release (`v7.0-rc1 < v7.0 < v7.0.1`).
///
/// ```swift
/// KernelVersion("v6.15-rc1")! < KernelVersion("v6.15")!  // true
/// ```
public struct KernelVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let major: Int
  public let minor: Int
  /// The stable sublevel (`3` in `v6.12.3`), `nil` for a mainline release.
  public let sublevel: Int?
  /// The release-candidate number (`1` in `v6.15-rc1`), `nil` for a release.
  public let rc: Int?

  public init(major: Int, minor: Int, sublevel: Int? = nil, rc: Int? = nil) {
    self.major = major
    self.minor = minor
    self.sublevel = sublevel
    self.rc = rc
  }

  /// Parses a tag name (`v6.15`, `v6.15-rc1`, `v6.12.3`); `nil` for anything else.
  public init?(_ tag: String) {
    guard tag.hasPrefix("v") else { return nil }
    var body = Substring(tag.dropFirst())
    var rc: Int?
    if let dash = body.range(of: "-rc") {
      guard let number = Int(body[dash.upperBound...]), number > 0 else { return nil }
      rc = number
      body = body[..<dash.lowerBound]
    }
    let parts = body.split(separator: ".", omittingEmptySubsequences: false)
    guard (2...3).contains(parts.count) else { return nil }
    let numbers = parts.compactMap { part -> Int? in
      part.allSatisfy(\.isNumber) ? Int(part) : nil
    }
    guard numbers.count == parts.count else { return nil }
    guard parts.count == 2 || rc == nil else { return nil }
    self.init(
      major: numbers[0], minor: numbers[1], sublevel: numbers.count == 3 ? numbers[2] : nil, rc: rc)
  }

  /// Whether this is a mainline tag (`vX.Y` or `vX.Y-rcN`), not a stable release.
  public var isMainline: Bool { sublevel == nil }

  /// The `X.Y` series this version belongs to (`6.12` for `v6.12.3`).
  public var series: String { "\(major).\(minor)" }

  public var description: String {
    var text = "v\(major).\(minor)"
    if let sublevel { text += ".\(sublevel)" }
    if let rc { text += "-rc\(rc)" }
    return text
  }

  public static func < (lhs: KernelVersion, rhs: KernelVersion) -> Bool {
    if lhs.major != rhs.major { return lhs.major < rhs.major }
    if lhs.minor != rhs.minor { return lhs.minor < rhs.minor }
    // Within X.Y: rc1 < rc2 < … < release (no rc) < .1 < .2
    let lhsRank = lhs.rc.map { ($0 - 10_000, 0) } ?? (0, lhs.sublevel ?? 0)
    let rhsRank = rhs.rc.map { ($0 - 10_000, 0) } ?? (0, rhs.sublevel ?? 0)
    return lhsRank < rhsRank
  }
}
