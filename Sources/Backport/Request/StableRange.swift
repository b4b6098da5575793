import Foundation
import KernelTree

/// The stable range a `Cc: stable` trailer states: `# v6.15+`, `# 6.1.x`, `# 5.10+`.
///
/// ```swift
/// StableRange("<stable@vger.kernel.org> # v6.15+")?.includes(v6_18)  // true
/// ```
public struct StableRange: Sendable, Hashable {
  /// The comment as written: `# v6.15+` (several, comma-separated, for several trailers).
  public private(set) var text: String
  /// The oldest series named.
  public let from: KernelVersion
  /// Whether newer series are included (`+`); otherwise only `from`.
  public let andNewer: Bool
  /// More ranges the patch states in other `Cc: stable` trailers (`# 6.1.x` and
  /// `# 6.6.x`): the line is in the stated range when any of them names it.
  public private(set) var others: [StableRange] = []

  public init?(_ value: String) {
    guard let hash = value.firstIndex(of: "#") else { return nil }
    let comment = value[hash...].trimmingCharacters(in: .whitespaces)
    let word =
      comment.dropFirst().trimmingCharacters(in: .whitespaces)
      .split(separator: " ").first.map(String.init) ?? ""
    var version = word.hasPrefix("v") ? String(word.dropFirst()) : word
    let plus = version.hasSuffix("+")
    if plus { version.removeLast() }
    if version.hasSuffix(".x") { version.removeLast(2) }
    let parts = version.split(separator: ".").prefix(2)
    guard parts.count == 2, let parsed = KernelVersion("v" + parts.joined(separator: "."))
    else { return nil }
    text = comment
    from = parsed
    andNewer = plus
  }

  /// Whether the range names the line of `series`.
  public func includes(_ series: KernelVersion) -> Bool {
    (andNewer ? !(series < from) : series == from) || others.contains { $0.includes(series) }
  }

  /// This range and `other` together; the text lists both (`# 6.1.x, # 6.6.x`).
  func adding(_ other: StableRange) -> StableRange {
    var both = self
    both.others.append(other)
    both.text = text + ", " + other.text
    return both
  }
}
