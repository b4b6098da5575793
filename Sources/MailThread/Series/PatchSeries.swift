/// A patch series across its versions, as the mails show it: one entry per version (the
/// stable lines' backports and review patches are versions too, `6.18.y`), each with its
/// patches and their trailers as `b4 am` applies them; maintainers' notices are events.
///
/// ```swift
/// let series = PatchSeries.build(messages, quotes: quotes)
/// series[0].versions.map(\.version)  // ["v1", "v2", "v3", "6.18.y", "6.19.y"]
/// ```
public struct PatchSeries: Sendable {
  public struct Patch: Sendable {
    public var subject: String
    /// The mail that posted it, when present (index into the messages).
    public var message: Int?
    /// The patch's own trailers, then those reviewers gave in replies (b4's rules).
    public var trailers: [Trailer] = []
    /// Who posted it and when, from the mail that posted it.
    public var author: String?
    public var date: MailDate?
    /// The patch-id of the diff as posted (``DiffSighting``), when it was posted here.
    public var patchID: String?
  }

  public struct Version: Sendable {
    /// `v3`, `RFC`, `RFC v2`, or a stable line's `6.18.y`.
    public let version: String
    public var patches: [Patch] = []
    public var changes: [String] = []
    /// The cover letter's message index, when there is one.
    public var coverLetter: Int?
    /// For a stable-line version (a backport, a stable review patch): the line, `6.18`.
    public var stableLine: String?
    /// The upstream commit a stable-line version names (`commit <sha> upstream.`).
    public var upstreamCommit: String?
  }

  /// A maintainer's notice about the series: "added to the -mm tree",
  /// "[merged]", a FAILED backport, "added to the 6.12-stable tree".
  public struct StatusEvent: Sendable {
    public enum Kind: String, Sendable {
      case addedToMM = "added-to-mm"
      case merged
      case failedToApply = "failed-to-apply"
      case addedToStable = "added-to-stable"
    }

    public let kind: Kind
    public let detail: String
    public let message: Int
    /// The version whose patch the notice carries, matched by patch-id; nil when it carries
    /// none or no posted version has its patch-id.
    public internal(set) var copyOf: String?
    /// The patch-ids of the diffs the notice carries.
    public internal(set) var patchIDs: [String] = []
    /// The commit the notice names (a FAILED mail's `git cherry-pick -x <sha>`).
    public internal(set) var commit: String?
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
  /// What each message is, in input order.
  private(set) var roles: [MessageRole] = []
  /// The series of each cover letter and patch posted (by Message-ID): the patches of a
  /// series answer its cover letter, and replies answer a patch, whatever their titles.
  private var seriesOfPosting: [String: Int] = [:]

  mutating func add(
    _ message: Message, index: Int, quoted: QuotedText, diffs: [DiffSighting] = []
  ) {
    roles.append(.other)
    assert(roles.count == index + 1, "messages are added in input order, each once")
    if var event = StatusNotice.parse(message, index: index) {
      let slot = series(forTitle: event.title)
      event.event.patchIDs = diffs.map(\.patchID)
      all[slot].events.append(event.event)
      roles[index] = .notice(series: slot, event: all[slot].events.count - 1)
      return
    }
    let subject = SubjectLine(message.subject)
    // An answer to a notice ("Re: FAILED: patch …") talks about it: it posts nothing, and
    // the commit it quotes is not a patch of its own.
    if subject.isReply, StatusNotice.isNotice(subject: subject.title) { return }
    let trailers = Trailer.find(in: quoted)
    let changelogs = Changelog.find(in: quoted)
    if subject.isPatch {
      let label = Self.label(subject)
      let slot = series(of: message, subject)
      if !subject.isReply, subject.stableLine == nil, let id = message.id {
        seriesOfPosting[id] = slot
      }
      let version = versionSlot(slot, label)
      if let line = subject.stableLine {
        all[slot].versions[version].stableLine = line
      }
      if !subject.isReply {
        roles[index] = .posting(series: slot, version: label)
        let own = trailers.filter { $0.depth == 0 }
        if subject.stableLine != nil, all[slot].versions[version].upstreamCommit == nil {
          all[slot].versions[version].upstreamCommit = Self.upstreamCommit(quoted)
        }
        if subject.isCoverLetter {
          all[slot].versions[version].coverLetter = index
          for title in Self.shortlog(quoted, depth: 0) { addPatch(slot, version, title) }
        } else {
          let patch = addPatch(slot, version, subject.title)
          all[slot].versions[version].patches[patch].message = index
          all[slot].versions[version].patches[patch].author =
            Self.inBodyAuthor(quoted) ?? message.from?.displayName
          all[slot].versions[version].patches[patch].date = message.date
          all[slot].versions[version].patches[patch].patchID =
            diffs.first { $0.quoteDepth == 0 }?.patchID
          // The patch's own trailers are part of it: `by` names only who gave one in a reply.
          all[slot].versions[version].patches[patch].trailers.append(
            contentsOf: own.map(Self.ownTrailer))
        }
        addChangelogs(slot, changelogs.filter { $0.depth == 0 }, current: label)
      } else {
        roles[index] = .reply(series: slot, version: label)
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
          // As b4 does: a trailer given twice (same name and value) is applied once.
          for trailer in review
          where !all[slot].versions[version].patches[target].trailers.contains(where: {
            $0.name.caseInsensitiveEquals(trailer.name) && $0.value == trailer.value
          }) {
            all[slot].versions[version].patches[target].trailers.append(trailer)
          }
        }
        if !subject.isCoverLetter, let target = targets.first,
          all[slot].versions[version].patches[target].message == nil
        {
          // The patch itself is not here: its own trailers come from the quote.
          let quotedOwn = trailers.filter { $0.depth == 1 }.map(Self.ownTrailer)
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
        contentsOf: trailers.filter { $0.depth == depth }.map(Self.ownTrailer))
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
      // The series is called what its newest posting calls it (v1's `mm/hmm:` became `mm:`).
      if let newest = sorted.versions.last(where: { $0.stableLine == nil }),
        let posted = newest.patches.first(where: { $0.message != nil }), newest.patches.count == 1
      {
        sorted.title = posted.subject
      }
      // A notice carries a copy of a version: the one with the same patch-id.
      for event in sorted.events.indices {
        let ids = Set(sorted.events[event].patchIDs)
        sorted.events[event].copyOf =
          sorted.versions.last { version in
            version.stableLine == nil
              && version.patches.contains { $0.patchID.map(ids.contains) == true }
          }?.version
      }
      return sorted
    }
  }

  /// The author a stable review patch names in its body (`From: Thomas Hellström <…>` after
  /// the review preamble): Greg sends it, Thomas wrote it.
  static func inBodyAuthor(_ quoted: QuotedText) -> String? {
    for line in quoted.lines.prefix(12) where line.depth == 0 && line.text.hasPrefix("From: ") {
      return Mailbox(parsing: String(line.text.dropFirst(6))).displayName
    }
    return nil
  }

  /// `commit <sha> upstream.` or `[ Upstream commit <sha> ]` at depth 0 of a stable mail.
  static func upstreamCommit(_ quoted: QuotedText) -> String? {
    for line in quoted.lines.prefix(40) where line.depth == 0 {
      let words = line.text.trimmingSpaces().split(separator: " ")
      let sha: Substring?
      if words.count == 3, words[0] == "commit", words[2] == "upstream." {
        sha = words[1]
      } else if words.count == 5, words[0] == "[", words[1].lowercased() == "upstream",
        words[2] == "commit", words[4] == "]"
      {
        sha = words[3]
      } else {
        sha = nil
      }
      if let sha, sha.count >= 12, sha.allSatisfy(\.isHexDigit) { return String(sha) }
    }
    return nil
  }

  /// A changelog entry compared without its wrapping: spaces, tabs, line breaks and
  /// non-breaking spaces are one space.
  static func normalized(_ text: String) -> String {
    text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\u{A0}" })
      .joined(separator: " ")
  }

  /// A trailer of the patch itself: no `by`, which names who gave a trailer in a reply.
  static func ownTrailer(_ trailer: Trailer) -> Trailer {
    var own = trailer
    own.by = nil
    return own
  }

  private static func attributed(_ trailer: Trailer, to message: Message) -> Trailer {
    var copy = trailer
    if copy.by == nil { copy.by = message.from?.displayName }
    return copy
  }

  private mutating func addChangelogs(_ slot: Int, _ changelogs: [Changelog], current: String) {
    for changelog in changelogs {
      let version = versionSlot(slot, changelog.version)
      let known = Set(all[slot].versions[version].changes.map(Self.normalized))
      for change in changelog.changes where !known.contains(Self.normalized(change)) {
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

  /// The series a patch mail belongs to: a patch of a series (`[PATCH v2 3/5]`) that
  /// answers its cover letter or an earlier patch, and a reply to a posted patch, go where
  /// that mail went (their titles differ from the cover letter's); anything else by title.
  /// Stable review patches (`[PATCH 6.19 212/378]`) answer the release's review mail, not a
  /// series of their own: they go by title.
  private mutating func series(of message: Message, _ subject: SubjectLine) -> Int {
    let partOfSeries = subject.isReply || (subject.number ?? 0) >= 1 && (subject.total ?? 0) > 1
    if partOfSeries, subject.stableLine == nil, let parent = message.parentID,
      let slot = seriesOfPosting[parent]
    {
      return slot
    }
    return series(forTitle: subject.title)
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
    if let line = subject.stableLine { return "\(line).y" }
    if subject.isRFC { return subject.version == 1 ? "RFC" : "RFC v\(subject.version)" }
    return "v\(subject.version)"
  }

  /// Sort order of version labels: RFC before v1, then by number.
  static func order(_ label: String) -> Int {
    let lower = label.lowercased()
    if lower.hasSuffix(".y") {
      // Stable lines after every mainline version, by line: 6.1 before 6.18.
      let parts = lower.dropLast(2).split(separator: ".").compactMap { Int($0) }
      return 1_000_000 + (parts.first ?? 0) * 1000 + (parts.dropFirst().first ?? 0)
    }
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
