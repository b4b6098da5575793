/// A patch as `git am` takes it: `From`, `Date`, `Subject` and the commit message, to which
/// the diff is appended. The message is the text at the patch's quote depth before the diff,
/// without the attribution, a stable review's preamble and the diffstat after `---`.
///
/// ```swift
/// let mail = PatchMail(message, quoted: QuotedText(message.body), quoteDepth: 0, diffLine: 57)
/// try mail.rendered(diff: found.patch.text).write(toFile: "0001-v3-mm-fix.patch", …)
/// ```
public struct PatchMail: Sendable, Equatable {
  /// `Thomas Hellström <thomas.hellstrom@linux.intel.com>`.
  public var from: String
  public var date: MailDate?
  /// `[PATCH v3] mm: Fix a hmm_range_fault() livelock / starvation problem`.
  public var subject: String
  /// The commit message, ending with its trailers.
  public var body: String

  /// - Parameters:
  ///   - quoteDepth: how deep the diff is quoted (0 as posted).
  ///   - diffLine: the 1-based line of `quoted` where the diff starts.
  public init(_ message: Message, quoted: QuotedText, quoteDepth: Int, diffLine: Int) {
    var lines = quoted.lines.prefix { $0.number < diffLine }.filter { $0.depth == quoteDepth }
      .map(\.text)
    let attributed = Set(quoted.attributions.filter { $0.depth == quoteDepth - 1 }.map(\.line))
    if quoteDepth > 0, let first = quoted.lines.first(where: { attributed.contains($0.number) }) {
      lines.removeAll { $0 == first.text }
    }
    // A stable review patch: "6.19-stable review patch. …", "------------------".
    if let first = lines.first,
      first.hasSuffix("review patch.  If anyone has any objections, please let me know.")
        || first.containsBytes("-stable review patch"),
      let rule = lines.firstIndex(where: { $0.hasPrefix("------------------") })
    {
      lines.removeFirst(rule + 1)
    }
    if let rule = lines.lastIndex(where: { $0.trimmingSpaces() == "---" }) {
      lines.removeSubrange(rule...)
    }
    while lines.first?.trimmingSpaces().isEmpty == true { lines.removeFirst() }
    while lines.last?.trimmingSpaces().isEmpty == true { lines.removeLast() }
    let author = quoteDepth < quoted.authors.count ? quoted.authors[quoteDepth] : nil
    from =
      quoteDepth == 0 || author == nil ? message.from?.description ?? "unknown" : author!
    date = message.date
    let subject = SubjectLine(message.subject)
    self.subject = subject.isReply ? "[PATCH] \(subject.title)" : message.subject
    body = lines.joined(separator: "\n")
  }

  /// The mail `git am` reads: headers, the commit message, `---` and the diff.
  public func rendered(diff: String) -> String {
    var out = "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
    out += "From: \(from)\n"
    if let date { out += "Date: \(date.rfc2822)\n" }
    out += "Subject: \(subject)\n"
    out += "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
    out += "Content-Transfer-Encoding: 8bit\n\n"
    out += body + "\n---\n" + diff
    return out
  }
}

extension MailDate {
  /// RFC 2822, as mail and `git am` write it: `Tue, 3 Feb 2026 15:34:00 +0100`.
  public var rfc2822: String {
    let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    let months = [
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    let local = secondsSince1970 + Int64(offsetMinutes) * 60
    let day = Int((local >= 0 ? local : local - 86_399) / 86_400)
    let weekday = days[((day % 7) + 7) % 7]
    let parts = iso8601.prefix(19).split(whereSeparator: { $0 == "-" || $0 == "T" })
    guard parts.count == 4, let month = Int(parts[1]), (1...12).contains(month),
      let dayOfMonth = Int(parts[2])
    else { return iso8601 }
    let sign = offsetMinutes < 0 ? "-" : "+"
    let zone = abs(offsetMinutes)
    let hours = String(zone / 60).leftPadded(2)
    let minutes = String(zone % 60).leftPadded(2)
    return
      "\(weekday), \(dayOfMonth) \(months[month - 1]) \(parts[0]) \(parts[3]) \(sign)\(hours)\(minutes)"
  }
}

extension String {
  fileprivate func leftPadded(_ width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}
