/// The line a stable commit carries to name its upstream original.
///
/// Greg's form, `commit 1afaeb8293c9a1b2… upstream.`, or Sasha's,
/// `[ Upstream commit 1afaeb8293c9a1b2… ]`, anywhere in the first lines of the body.
///
/// ```swift
/// UpstreamReference.find(in: "commit 0123…abcd upstream.\n\nmm: …")  // "0123…abcd"
/// ```
enum UpstreamReference {
  /// The upstream id (as written, lowercased hex, 7 to 40 digits) or `nil`.
  static func find(in message: String) -> String? {
    for line in message.split(separator: "\n", omittingEmptySubsequences: true).prefix(12) {
      let text = line.trimmingWhitespace()
      let words = text.split(separator: " ")
      if words.count == 3, words[0] == "commit", words[2] == "upstream." || words[2] == "upstream",
        let id = hexID(words[1])
      {
        return id
      }
      if text.hasPrefix("["), text.hasSuffix("]") {
        let inner = text.dropFirst().dropLast().split(separator: " ")
        if inner.count == 3, inner[0].lowercased() == "upstream", inner[1] == "commit",
          let id = hexID(inner[2])
        {
          return id
        }
      }
    }
    return nil
  }

  private static func hexID(_ word: Substring) -> String? {
    guard (7...40).contains(word.count), word.allSatisfy(\.isHexDigit) else { return nil }
    return word.lowercased()
  }
}
