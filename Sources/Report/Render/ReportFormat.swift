/// The forms `lockstep annotate` writes.
public enum ReportFormat: String, Sendable, CaseIterable {
  /// One self-contained page: no script, no network.
  case html
  /// The same content as Markdown, for a pager or a forge.
  case md
  /// Reply mails to the patch mails, interleaved quoting, ready for `git send-email`.
  case mbox
  /// Everything the page shows, with stable keys.
  case json

  /// The form an output file's extension asks for: `report.html`, `review.mbox`, `r.markdown`.
  ///
  /// ```swift
  /// ReportFormat(path: "out/review.md")   // .md
  /// ReportFormat(path: "out/review.txt")  // nil
  /// ```
  public init?(path: String) {
    guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
    switch path[path.index(after: dot)...].lowercased() {
    case "html", "htm": self = .html
    case "md", "markdown": self = .md
    case "mbox", "eml", "mail": self = .mbox
    case "json": self = .json
    default: return nil
    }
  }
}
