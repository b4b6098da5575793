/// A patch series across its versions, as the mails show it.
///
/// ```swift
/// let series = PatchSeries.build(messages, quotes: quotes)
/// series[0].versions.map(\.version)  // ["v1", "v3"]
/// ```
public struct PatchSeries: Sendable {
  public struct Patch: Sendable {
    public var subject: String
    /// The mail that posted it, when present (index into the messages).
    public var message: Int?
    public var trailers: [Trailer] = []
  }

  public struct Version: Sendable {
    /// `v3`, `RFC`, `RFC v2`.
    public let version: String
    public var patches: [Patch] = []
    public var changes: [String] = []
    /// The cover letter's message index, when there is one.
    public var coverLetter: Int?
  }

  /// A maintainer's notice about the series: "added to the -mm tree",
  /// "[merged]", a stable review, a FAILED backport.
  public struct StatusEvent: Sendable {
    public let kind: String
    public let detail: String
    public let message: Int
  }

  public var title: String
  public var versions: [Version] = []
  public var events: [StatusEvent] = []
  let key: String

  public static func build(_ messages: [Message], quotes: [QuotedText]) -> [PatchSeries] {
    var builder = SeriesBuilder()
    for (index, message) in messages.enumerated() {
      builder.add(message, index: index, quoted: quotes[index])
    }
    return builder.finish()
  }
}

/// Collects series while messages are read; see `PatchSeries.build`.
struct SeriesBuilder {
  private var all: [PatchSeries] = []

  mutating func add(_ message: Message, index: Int, quoted: QuotedText) {
    if let event = StatusNotice.parse(message, index: index) {
      let slot = series(forTitle: event.title)
      all[slot].events.append(event.event)
      return
    }
    let subject = SubjectLine(message.subject)
    let trailers = Trailer.find(in: quoted)
    let changelogs = Changelog.find(in: quoted)
    if subject.isPatch {
      let label = Self.label(subject)
      let slot = series(forTitle: subject.title)
      let version = versionSlot(slot, label)
      if !subject.isReply {
        let own = trailers.filter { $0.depth == 0 }
        if subject.isCoverLetter {
          all[slot].versions[version].coverLetter = index
          for title in Self.shortlog(quoted, depth: 0) { addPatch(slot, version, title) }
        } else {
          let patch = addPatch(slot, version, subject.title)
          all[slot].versions[version].patches[patch].message = index
          all[slot].versions[version].patches[patch].trailers.append(
            contentsOf: own.map { Self.attributed($0, to: message) })
        }
        addChangelogs(slot, changelogs.filter { $0.depth == 0 }, current: label)
      } else {
        let review = trailers.filter {
          $0.depth == 0 && Trailer.reviewTrailers.contains($0.name.lowercased())
        }.map { Self.attributed($0, to: message) }
        let targets: [Int]
        if subject.isCoverLetter {
          targets = Array(all[slot].versions[version].patches.indices)
        } else {
          targets = [addPatch(slot, version, subject.title)]
        }
        for target in targets {
          all[slot].versions[version].patches[target].trailers.append(contentsOf: review)
        }
        if !subject.isCoverLetter, let target = targets.first,
          all[slot].versions[version].patches[target].message == nil
        {
          // The patch itself is not here: its own trailers come from the quote.
          let quotedOwn = trailers.filter { $0.depth == 1 }
          for trailer in quotedOwn
          where !all[slot].versions[version].patches[target].trailers.contains(trailer) {
            all[slot].versions[version].patches[target].trailers.append(trailer)
          }
        }
        addChangelogs(slot, changelogs.filter { $0.depth == 1 }, current: label)
      }
      return
    }
    // No patch subject (a fragment, a dump): a patch or cover letter quoted in it.
    let quotedDepths = Set(
      trailers.filter { $0.name.caseInsensitiveEquals("Signed-off-by") || $0.depth > 0 }.map(
        \.depth)
    ).union(changelogs.map(\.depth)).filter { $0 > 0 }
    guard let depth = quotedDepths.min() else { return }
    let shortlog = Self.shortlog(quoted, depth: depth)
    let posted = changelogs.filter { $0.depth == depth }
    let latest = posted.map(\.version).max { Self.order($0) < Self.order($1) } ?? "v1"
    let author = depth < quoted.authors.count ? quoted.authors[depth] : nil
    let title = "(\(shortlog.isEmpty ? "patch" : "cover letter") by \(author ?? "unknown author"))"
    let slot = series(forTitle: title)
    let version = versionSlot(slot, latest)
    if shortlog.isEmpty {
      let patch = addPatch(slot, version, title)
      all[slot].versions[version].patches[patch].trailers.append(
        contentsOf: trailers.filter { $0.depth == depth })
      let review = trailers.filter {
        $0.depth < depth && Trailer.reviewTrailers.contains($0.name.lowercased())
      }
      all[slot].versions[version].patches[patch].trailers.append(contentsOf: review)
    } else {
      for subject in shortlog { addPatch(slot, version, subject) }
    }
    addChangelogs(slot, posted, current: latest)
  }

  func finish() -> [PatchSeries] {
    all.map { series in
      var sorted = series
      sorted.versions.sort { Self.order($0.version) < Self.order($1.version) }
      return sorted
    }
  }

  private static func attributed(_ trailer: Trailer, to message: Message) -> Trailer {
    var copy = trailer
    if copy.by == nil { copy.by = message.from?.displayName }
    return copy
  }

  private mutating func addChangelogs(_ slot: Int, _ changelogs: [Changelog], current: String) {
    for changelog in changelogs {
      let version = versionSlot(slot, changelog.version)
      for change in changelog.changes where !all[slot].versions[version].changes.contains(change) {
        all[slot].versions[version].changes.append(change)
      }
    }
  }

  @discardableResult
  private mutating func addPatch(_ slot: Int, _ version: Int, _ subject: String) -> Int {
    if let existing = all[slot].versions[version].patches.firstIndex(where: {
      $0.subject == subject
    }) {
      return existing
    }
    all[slot].versions[version].patches.append(PatchSeries.Patch(subject: subject))
    return all[slot].versions[version].patches.count - 1
  }

  private mutating func versionSlot(_ slot: Int, _ label: String) -> Int {
    if let existing = all[slot].versions.firstIndex(where: { $0.version == label }) {
      return existing
    }
    all[slot].versions.append(PatchSeries.Version(version: label))
    return all[slot].versions.count - 1
  }

  /// The series for a title: same key after the subsystem prefix, or close words.
  private mutating func series(forTitle title: String) -> Int {
    let key = SubjectLine(title).seriesKey
    if let exact = all.firstIndex(where: { $0.key == key }) { return exact }
    let words = Set(key.split(separator: " "))
    if words.count >= 4,
      let close = all.firstIndex(where: {
        let other = Set($0.key.split(separator: " "))
        return Double(words.intersection(other).count) / Double(words.union(other).count) >= 0.8
      })
    {
      return close
    }
    all.append(PatchSeries(title: title, key: key))
    return all.count - 1
  }

  static func label(_ subject: SubjectLine) -> String {
    if subject.isRFC { return subject.version == 1 ? "RFC" : "RFC v\(subject.version)" }
    return "v\(subject.version)"
  }

  /// Sort order of version labels: RFC before v1, then by number.
  static func order(_ label: String) -> Int {
    let lower = label.lowercased()
    if lower == "rfc" { return 0 }
    let digits = lower.filter(\.isNumber)
    return (Int(digits) ?? 1) * 2 + (lower.hasPrefix("rfc") ? 0 : 1)
  }

  /// `Author Name (5):` followed by that many subject lines.
  static func shortlog(_ quoted: QuotedText, depth: Int) -> [String] {
    let lines = quoted.lines
    for (i, line) in lines.enumerated() where line.depth == depth {
      let text = line.text.trimmingSpaces()
      guard text.hasSuffix("):"), let open = text.lastIndex(of: "("),
        let count = Int(text[text.index(after: open)..<text.index(text.endIndex, offsetBy: -2)]),
        count > 0, count < 1000
      else { continue }
      var subjects: [String] = []
      var j = i + 1
      while j < lines.count && subjects.count < count && lines[j].depth == depth {
        let subject = lines[j].text.trimmingSpaces()
        if !subject.isEmpty { subjects.append(subject) }
        j += 1
      }
      if subjects.count == count { return subjects }
    }
    return []
  }
}
