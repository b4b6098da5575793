/// An archive's web page saved as text (lore / public-inbox): a banner,
/// the headers, the body, then "Thread overview" and reply instructions.
///
/// ```
/// From: John Hubbard <jhubbard@nvidia.com>
/// Date: Sat, 31 Jan 2026 13:42:20 -0800	[thread overview]
/// Message-ID: <…@nvidia.com> (raw)
/// ```
enum ArchivePage {
  /// Whether `text` looks like such a page: a `From:` header after a banner
  /// line, and the archive's own markers.
  static func matches(_ text: Substring) -> Bool {
    let head = text.prefix(4000)
    return head.contains("\nFrom: ") && head.contains("\nMessage-ID: ")
      && (head.contains("[thread overview]") || head.contains(" (raw)")
        || head.contains("help / color / mirror"))
  }

  static func read(_ text: String, name: String) -> (Message, [OverviewEntry]) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let start = lines.firstIndex { $0.hasPrefix("From: ") } ?? 0
    var headerEnd = start
    while headerEnd < lines.count && !lines[headerEnd].trimmingSpaces().isEmpty { headerEnd += 1 }
    var headerText = lines[start..<headerEnd].map { line -> String in
      var line = String(line)
      for marker in ["\t[thread overview]", " [thread overview]", " (raw)"] {
        line = line.replacing(marker, with: "")
      }
      return line
    }.joined(separator: "\n")
    headerText += "\n\n"
    var message = Message(location: "\(name):\(start + 1)", form: .archivePage)
    let bytes = Array(headerText.utf8)
    bytes.withUnsafeBufferPointer { message.apply(HeaderBlock.parse($0).0) }
    var bodyEnd = headerEnd + 1
    var overviewStart: Int? = nil
    while bodyEnd < lines.count {
      let trimmed = lines[bodyEnd].trimmingSpaces()
      if trimmed.hasPrefix("Thread overview:") {
        overviewStart = bodyEnd
        break
      }
      if trimmed.hasPrefix("reply\t") || trimmed.hasPrefix("reply other threads")
        || trimmed.hasPrefix("permalink raw reply")
      {
        break
      }
      bodyEnd += 1
    }
    var bodyLines = lines[min(headerEnd + 1, lines.count)..<bodyEnd]
    while let last = bodyLines.last, last.trimmingSpaces().isEmpty { bodyLines.removeLast() }
    message.body = bodyLines.joined(separator: "\n")
    if overviewStart == nil {
      overviewStart = lines[bodyEnd...].firstIndex { $0.hasPrefix("Thread overview:") }
    }
    var overview: [OverviewEntry] = []
    if let overviewStart {
      for line in lines[(overviewStart + 1)...] {
        if line.trimmingSpaces().isEmpty && !overview.isEmpty { break }
        if let entry = OverviewEntry(line: line) { overview.append(entry) }
      }
    }
    return (message, overview)
  }
}
