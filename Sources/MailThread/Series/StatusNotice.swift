/// Maintainers' status mails about a patch, recognised by their subject (a stable review
/// patch, `[PATCH 6.12 034/123] mm: Fix X`, is a stable-line version, not a notice):
///
/// - `+ mm-fix-x.patch added to mm-hotfixes-unstable branch` (Andrew Morton)
/// - `[merged mm-hotfixes-stable] mm-fix-x.patch removed from -mm tree`
/// - `FAILED: patch "[PATCH] mm: Fix X" failed to apply to 6.6-stable tree`
/// - `Patch "mm: Fix X" has been added to the 6.12-stable tree`
enum StatusNotice {
  static func parse(_ message: Message, index: Int) -> (
    title: String, event: PatchSeries.StatusEvent
  )? {
    let subject = message.subject
    if subject.hasPrefix("FAILED: patch \""), let title = quoted(subject) {
      let tree = words(after: "apply to ", in: subject)
      var event = PatchSeries.StatusEvent(kind: .failedToApply, detail: tree, message: index)
      event.commit = cherryPicked(message)
      return (SubjectLine(title).title, event)
    }
    if subject.hasPrefix("Patch \""), subject.containsBytes("has been added to"),
      let title = quoted(subject)
    {
      return (
        SubjectLine(title).title,
        PatchSeries.StatusEvent(
          kind: .addedToStable, detail: words(after: "added to the ", in: subject),
          message: index)
      )
    }
    if subject.hasPrefix("+ "), subject.containsBytes(".patch added to") {
      let title = bodySubject(message) ?? subject
      return (
        title,
        PatchSeries.StatusEvent(
          kind: .addedToMM, detail: words(after: "added to ", in: subject), message: index)
      )
    }
    if subject.hasPrefix("[merged") {
      // `[merged mm-hotfixes-stable]`: the event is "merged", its detail the branch.
      var tree = subject.dropFirst().prefix { $0 != "]" }
      if tree.hasPrefix("merged ") { tree = tree.dropFirst("merged ".count) }
      let title = bodySubject(message) ?? subject
      return (
        title, PatchSeries.StatusEvent(kind: .merged, detail: String(tree), message: index)
      )
    }
    return nil
  }

  /// Whether a subject (without `Re:`) is one of the notices above.
  static func isNotice(subject: String) -> Bool {
    subject.hasPrefix("FAILED: patch \"")
      || (subject.hasPrefix("Patch \"") && subject.containsBytes("has been added to"))
      || (subject.hasPrefix("+ ") && subject.containsBytes(".patch added to"))
      || subject.hasPrefix("[merged")
  }

  private static func quoted(_ text: String) -> String? {
    guard let open = text.firstIndex(of: "\""), let close = text.lastIndex(of: "\""),
      open < close
    else { return nil }
    return String(text[text.index(after: open)..<close])
  }

  private static func words(after marker: String, in text: String) -> String {
    guard let range = text.utf8Range(of: marker) else { return "" }
    return text[range.upperBound...].trimmingSpaces()
  }

  /// The `<sha>` of `git cherry-pick -x <sha>` in a FAILED mail's instructions.
  private static func cherryPicked(_ message: Message) -> String? {
    for line in message.body.split(separator: "\n").prefix(40) {
      let words = line.split(separator: " ")
      if words.count == 4, words[0] == "git", words[1] == "cherry-pick", words[2] == "-x",
        words[3].count >= 12, words[3].allSatisfy(\.isHexDigit)
      {
        return String(words[3])
      }
    }
    return nil
  }

  /// The `Subject: …` line in the body of akpm's notices.
  private static func bodySubject(_ message: Message) -> String? {
    for line in message.body.split(separator: "\n").prefix(12) {
      let text = line.trimmingSpaces()
      if text.hasPrefix("Subject: ") { return String(text.dropFirst(9)).trimmingSpaces() }
    }
    return nil
  }
}
