import Foundation
import ShippedResources

/// Renames of kernel APIs, as data (`Resources/renames.txt`): the newer spelling, the
/// older one, and the release that brought the newer one.
///
/// ```swift
/// RenameTable.builtin.older["softleaf_t"]  // "swp_entry_t"
/// ```
public struct RenameTable: Sendable {
  /// Newer spelling → older spelling.
  public private(set) var older: [String: String] = [:]
  /// Newer spelling → the release that brought it, as written (`v6.19`).
  public private(set) var since: [String: String] = [:]

  public init(text: String) {
    for line in text.split(separator: "\n") {
      let fields = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        .split(whereSeparator: \.isWhitespace)
      guard fields.count >= 2 else { continue }
      older[String(fields[0])] = String(fields[1])
      if fields.count >= 3 { since[String(fields[0])] = String(fields[2]) }
    }
  }

  /// The table shipped with Lockstep.
  public static let builtin: RenameTable = {
    guard let url = ShippedResources.url("renames.txt", module: "Backport"),
      let data = try? Data(contentsOf: url)
    else { return RenameTable(text: "") }
    return RenameTable(text: String(decoding: data, as: UTF8.self))
  }()
}
