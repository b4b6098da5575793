import Foundation
import KernelTree

/// The stable range a `Cc: stable` trailer states: `# v6.15+`, `# 6.1.x`, `# 5.10+`.
///
/// ```swift
/// StableRange("<stable@vger.kernel.org> # v6.15+")?.includes(v6_18)  // true
/// ```
public struct StableRange: Sendable, Hashable {
  /// The comment as written: `# v6.15+`.
  public let text: String
  /// The oldest series named.
  public let from: KernelVersion
  /// Whether newer series are included (`+`); otherwise only `from`.
  public let andNewer: Bool

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
    andNewer ? !(series < from) : series == from
  }
}
