import Foundation
import KernelTree
import PatchDiff

/// The patch to backport: its subject, its commit message (trailers included) and diff.
///
/// ```swift
/// let request = BackportRequest(subject: "[PATCH v3] mm: Fix …", message: body, patch: patch)
/// request.fixes?.id      // "1afaeb8293c9"
/// request.statedRange    // StableRange(text: "# v6.15+", from: v6.15)
/// ```
public struct BackportRequest: Sendable {
  /// The subject without `Re:` and `[PATCH vN m/n]` prefixes.
  public let subject: String
  public let message: String
  public let patch: Patch

  public init(subject: String, message: String, patch: Patch) {
    self.subject = Self.plainSubject(subject)
    self.message = message
    self.patch = patch
  }

  /// `Fixes: <id> ("<subject>")`, the first one; a subject the mail client wrapped onto
  /// the next line is joined back.
  public var fixes: (id: String, subject: String?)? {
    let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
    for (index, line) in lines.enumerated() where line.lowercased().hasPrefix("fixes:") {
      var value = line.dropFirst("fixes:".count).trimmingCharacters(in: .whitespaces)
      if value.contains("(\""), !value.contains("\")"), index + 1 < lines.count {
        value += " " + lines[index + 1].trimmingCharacters(in: .whitespaces)
      }
      guard let id = value.split(separator: " ").first, id.count >= 7, id.allSatisfy(\.isHexDigit)
      else { continue }
      var subject: String?
      if let open = value.range(of: "(\""), let close = value.range(of: "\")", options: .backwards),
        open.upperBound <= close.lowerBound
      {
        subject = String(value[open.upperBound..<close.lowerBound])
      }
      return (String(id), subject)
    }
    return nil
  }

  /// The range of the `Cc: stable … # vX.Y+` trailers (any Cc with such a comment:
  /// archives obfuscate the address), all of them together.
  public var statedRange: StableRange? {
    var stated: StableRange?
    for trailer in Trailer.parse(in: message) where trailer.name.lowercased() == "cc" {
      guard let range = StableRange(trailer.value) else { continue }
      stated = stated.map { $0.adding(range) } ?? range
    }
    return stated
  }

  /// `[PATCH v3 1/2] mm: x` → `mm: x`.
  static func plainSubject(_ subject: String) -> String {
    var rest = Substring(subject)
    while true {
      rest = rest.drop(while: \.isWhitespace)
      if rest.lowercased().hasPrefix("re:") {
        rest = rest.dropFirst(3)
      } else if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
        rest = rest[rest.index(after: close)...]
      } else {
        return String(rest)
      }
    }
  }
}
