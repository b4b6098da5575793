/// A kernel report pasted into mail: a lockdep splat or a build robot's errors.
///
/// Lines lose their `[  107.866004]` prefix; lines a mail client wrapped
/// (no prefix) are joined back. Lockdep reports give the lock class, each
/// acquisition site (function, and `file:line` when the report was decoded:
/// `<- line 368 of lib/test_hmm.c` or `(lib/test_hmm.c:368)`), and the call chain.
///
/// ```swift
/// let splat = Splat.find(in: quoted)[0]
/// splat.sites.map { "\($0.file!):\($0.line!)" }  // ["lib/test_hmm.c:368", "lib/test_hmm.c:1267"]
/// ```
public struct Splat: Sendable, Equatable {
  public enum Kind: String, Sendable {
    case lockdep
    case buildRobot = "build-robot"
  }

  /// Where a lock was taken, or where a build failed.
  public struct Site: Sendable, Equatable {
    /// `acquiring`, `held`, or `error` / `warning` for build reports.
    public let role: String
    public let function: String?
    public let file: String?
    public let line: Int?
    public let lockClass: String?
  }

  public let kind: Kind
  /// `possible recursive locking detected`, or the first compiler error.
  public let title: String
  public let lockClass: String?
  public let sites: [Site]
  /// Reliable frames of the call trace, innermost first.
  public let callChain: [String]
  /// Line in the body where the report starts.
  public let line: Int
  /// A build robot's configuration (`alpha-allnoconfig`) and the subject of the patch it
  /// tested (`[PATCH v2] mm: …`); nil for lockdep.
  public var config: String? = nil
  public var testedPatch: String? = nil

  public static func find(in quoted: QuotedText) -> [Splat] {
    var result: [Splat] = []
    let lines = quoted.lines
    var i = 0
    while i < lines.count {
      // The stripped line is part of the line: one without `WARNING: ` is no title, and is
      // not stripped (a diff of 600,000 lines is mostly such lines).
      guard lines[i].text.utf8.count < 2000, lines[i].text.containsBytes("WARNING: ") else {
        i += 1
        continue
      }
      let text = stripTimestamp(lines[i].text)
      if let range = text.utf8Range(of: "WARNING: "), isLockdepTitle(text[range.upperBound...]) {
        let (splat, end) = readLockdep(lines, from: i, title: String(text[range.upperBound...]))
        result.append(splat)
        i = end
        continue
      }
      i += 1
    }
    if let robot = readBuildRobot(lines) { result.append(robot) }
    return result
  }

  private static let lockdepTitles = [
    "possible recursive locking detected", "possible circular locking dependency detected",
    "inconsistent lock state", "possible irq lock inversion dependency detected",
    "suspicious RCU usage", "bad unlock balance detected",
    "held lock freed", "lock held when returning to user space",
  ]

  private static func isLockdepTitle(_ text: Substring) -> Bool {
    lockdepTitles.contains { text.hasPrefix($0) }
  }

  /// `[  107.866004] text` → `text`; other lines unchanged.
  static func stripTimestamp(_ text: String) -> String {
    let trimmed = text.trimmingSpaces()
    guard trimmed.first == "[", let close = trimmed.firstIndex(of: "]") else { return trimmed }
    let inside = trimmed[trimmed.index(after: trimmed.startIndex)..<close].trimmingSpaces()
    guard !inside.isEmpty, inside.allSatisfy({ $0.isNumber || $0 == "." }) else { return trimmed }
    return trimmed[trimmed.index(after: close)...].trimmingSpaces()
  }

  private static func hasTimestamp(_ text: String) -> Bool {
    stripTimestamp(text) != text.trimmingSpaces()
  }

  private static func readLockdep(_ lines: [QuotedText.Line], from start: Int, title: String)
    -> (Splat, Int)
  {
    // Logical lines: a line without a timestamp continues the one before.
    var logical: [String] = []
    var i = start
    let depth = lines[start].depth
    while i < lines.count && lines[i].depth == depth {
      let raw = lines[i].text
      if hasTimestamp(raw) || logical.isEmpty {
        logical.append(stripTimestamp(raw))
      } else if raw.trimmingSpaces().isEmpty {
        break
      } else {
        let previous = logical[logical.count - 1]
        if previous.hasSuffix("</TASK>") || previous.hasPrefix("---[ end trace") { break }
        logical[logical.count - 1] += " " + raw.trimmingSpaces()
      }
      i += 1
      if let last = logical.last, last.hasSuffix("</TASK>") || last.hasPrefix("---[ end trace") {
        break
      }
    }
    var sites: [Site] = []
    var role = "acquiring"
    var chain: [String] = []
    var inTrace = false
    var lockClass: String? = nil
    for text in logical {
      if text.containsBytes("is trying to acquire") { role = "acquiring" }
      if text.containsBytes("already holding") || text.containsBytes("lock held by")
        || text.containsBytes("locks held by")
      {
        role = "held"
      }
      if text.hasPrefix("Call Trace:") {
        inTrace = true
        continue
      }
      if inTrace {
        if text.hasPrefix("</TASK>") || text.hasPrefix("RIP:") { inTrace = false }
        if text.hasPrefix("?") || text.hasPrefix("<") || text.hasPrefix("RIP:") { continue }
        if let frame = text.split(separator: "+").first, !frame.containsBytes(" ") {
          chain.append(String(frame))
        }
        continue
      }
      guard let at = text.utf8Range(of: ", at: ") ?? text.utf8Range(of: " at: ") else {
        continue
      }
      let before = text[..<at.lowerBound]
      var siteClass: String? = nil
      if let open = before.firstIndex(of: "("), let close = before[open...].firstIndex(of: ")") {
        siteClass = String(before[before.index(after: open)..<close])
      }
      if lockClass == nil { lockClass = siteClass }
      let after = text[at.upperBound...].trimmingSpaces()
      let function = after.split(separator: "+").first.map(String.init)
      let (file, line) = location(in: after)
      let siteRole = before.containsBytes("#") ? "held" : role
      let site = Site(
        role: siteRole, function: function, file: file, line: line, lockClass: siteClass)
      if !sites.contains(site) { sites.append(site) }
    }
    let splat = Splat(
      kind: .lockdep, title: title, lockClass: lockClass, sites: sites, callChain: chain,
      line: lines[start].number)
    return (splat, max(i, start + 1))
  }

  /// `<- line 368 of lib/test_hmm.c`, `(lib/test_hmm.c:368)`, `lib/test_hmm.c:368`.
  static func location(in text: String) -> (String?, Int?) {
    if let marker = text.utf8Range(of: "line ") {
      let words = text[marker.upperBound...].split(separator: " ")
      if words.count >= 3, let line = Int(words[0]), words[1] == "of" {
        return (String(words[2]).trimmingCharacters("()"), line)
      }
    }
    for word in text.split(separator: " ") {
      let bare = word.trimmingCharacters("()[],")
      let parts = bare.split(separator: ":")
      if parts.count >= 2, parts[0].containsBytes("."),
        parts[0].containsBytes("/") || parts[0].hasSuffix(".c")
          || parts[0].hasSuffix(".h"), let line = Int(parts[1])
      {
        return (String(parts[0]), line)
      }
    }
    return (nil, nil)
  }

  /// Compiler diagnostics (`mm/memory.c:4690:3: error: …`) in a robot's report.
  private static func readBuildRobot(_ lines: [QuotedText.Line]) -> Splat? {
    guard
      let start = lines.firstIndex(where: {
        // Not the attribution of a reply quoting the report (`… kernel test robot wrote:`).
        $0.text.utf8.count < 2000 && !$0.text.hasSuffix("wrote:")
          && ($0.text.containsBytes("kernel test robot") || $0.text.containsBytes("lkp@intel.com")
            || $0.text.containsBytes("build error") || $0.text.containsBytes("All errors"))
      })
    else { return nil }
    var sites: [Site] = []
    var title: String? = nil
    var config: String? = nil
    var testedPatch: String? = nil
    var function: String? = nil
    for line in lines[start...] where line.text.utf8.count < 2000 {
      var text = line.text.trimmingSpaces()
      while text.hasPrefix(">") { text = String(text.dropFirst()).trimmingSpaces() }
      if config == nil, text.hasPrefix("config: ") {
        config = text.dropFirst(8).split(separator: " ").first.map(String.init)
      }
      if testedPatch == nil, text.hasPrefix("patch subject: ") {
        testedPatch = String(text.dropFirst(15)).trimmingSpaces()
      }
      // `mm/memory.c: In function 'do_swap_page':` names the function of what follows.
      if let marker = text.utf8Range(of: ": In function ") {
        function = text[marker.upperBound...].trimmingCharacters("'`‘’:")
        continue
      }
      let parts = text.split(separator: ":", maxSplits: 4)
      guard parts.count >= 4, parts[0].containsBytes("."), let number = Int(parts[1]) else {
        continue
      }
      let kindIndex = Int(parts[2]) != nil ? 3 : 2
      guard kindIndex < parts.count else { continue }
      let kind = parts[kindIndex].trimmingSpaces()
      guard kind == "error" || kind == "warning" else { continue }
      let messageText =
        parts.count > kindIndex + 1 ? parts[(kindIndex + 1)...].joined(separator: ":") : ""
      if title == nil { title = "\(kind): \(messageText.trimmingSpaces())" }
      let site = Site(
        role: kind, function: function, file: String(parts[0]), line: number, lockClass: nil)
      if !sites.contains(site) { sites.append(site) }
    }
    guard let title, !sites.isEmpty else { return nil }
    var robot = Splat(
      kind: .buildRobot, title: title, lockClass: nil, sites: sites, callChain: [],
      line: lines[start].number)
    robot.config = config
    robot.testedPatch = testedPatch
    return robot
  }
}
