import MailThread

/// Walks a thread for statements the patterns call claims — commit messages (their prose,
/// changelog entries and trailers), what replies say in their own words, and splats — and
/// settles each as it is found. A statement quoted again in later mails is one claim, found
/// where it first appears.
struct ClaimFinder {
  let context: SettlingContext
  let patterns: ClaimPatternTable
  /// The claims found, each with the index of its message (the report lists them in
  /// message order).
  private var found: [(message: Int, claim: Claim)] = []
  /// Statements already claimed (their words, lowercased), so a quote is not a second claim.
  private var seen: Set<String> = []
  /// Per message, the quote depth of its commit message (not read again as a reply).
  private var commitDepth: [Int: Int] = [:]

  /// The claims in message order, in the order found within a message.
  var claims: [Claim] {
    found.enumerated().sorted { ($0.element.message, $0.offset) < ($1.element.message, $1.offset) }
      .map(\.element.claim)
  }

  init(context: SettlingContext, patterns: ClaimPatternTable) {
    self.context = context
    self.patterns = patterns
  }

  private var input: ClaimsInput { context.input }

  private static func key(_ text: String) -> String {
    Sentence.words(of: text).map(\.lowered).joined(separator: " ")
  }

  private mutating func add(
    message: Int, version: String?, text: String, subject: String?,
    _ matches: [(pattern: ClaimPattern, match: ClaimPattern.Match)], inChangelog: Bool,
    settle: (ClaimPattern, ClaimPattern.Match) -> Settlement?
  ) {
    let parts = matches.compactMap { settle($0.pattern, $0.match) }
    guard let first = matches.first, !parts.isEmpty else { return }
    let settled = Settlement.combined(parts)
    found.append(
      (
        message,
        Claim(
          message: input.name(ofMessage: message), version: version,
          kind: first.pattern.check.kind(at: first.pattern.place, inChangelog: inChangelog),
          text: text, subject: subject, verdict: settled.verdict, evidence: settled.evidence,
          needs: settled.verdict == .unverifiable ? (settled.needs ?? "a check that applies") : nil)
      ))
  }

  /// The prose, changelog entries and trailers of every version's commit message; newest
  /// version first, so that a sentence every version repeats is settled on the newest.
  mutating func findInCommitMessages() {
    let context = self.context
    for (index, version) in context.versions.enumerated().sorted(by: {
      ($0.element.series ?? 0, $1.element.order) < ($1.element.series ?? 0, $0.element.order)
    }) {
      guard let message = version.message else { continue }
      commitDepth[message] = version.depth
      let sentences = Sentence.split(version.prose)
      var stated = StatedCondition()
      for sentence in sentences {
        for (pattern, _) in patterns.matches(in: sentence, at: .condition) {
          if let condition = pattern.condition { stated = stated.merged(with: condition) }
        }
      }
      for sentence in sentences {
        let matches = patterns.matches(in: sentence, at: .message)
        guard !matches.isEmpty, seen.insert(Self.key(sentence)).inserted else { continue }
        add(
          message: message, version: version.version, text: sentence, subject: version.subject,
          matches, inChangelog: false
        ) { pattern, match in
          switch pattern.check.kind(at: .message, inChangelog: false) {
          case .behaviour:
            return BehaviourSettler(context: context).settle(
              pattern.check, version: index, stated: stated)
          default:
            return DiffSettler(context: context).settle(
              pattern.check, match.captures, now: version, before: nil)
          }
        }
      }
      for changelog in version.changelogs {
        for change in changelog.changes {
          let matches = patterns.matches(in: change, at: .message).filter {
            $0.pattern.check.kind(at: .message, inChangelog: true) == .changelog
          }
          guard !matches.isEmpty,
            seen.insert(changelog.version + " " + Self.key(change)).inserted
          else { continue }
          let (now, before, substitute) = versions(for: changelog.version, from: version)
          add(
            message: message, version: changelog.version, text: "\(changelog.version): \(change)",
            subject: version.subject, matches, inChangelog: true
          ) { pattern, match in
            guard let now else {
              return .unverifiable(needs: "\(changelog.version) of the patch in the thread")
            }
            var settled = DiffSettler(context: context).settle(
              pattern.check, match.captures, now: now, before: before)
            if let substitute { settled.evidence.insert(substitute, at: 0) }
            return settled
          }
        }
      }
      for trailer in version.trailers {
        for check in patterns.checks(forTrailer: trailer.name) {
          let text = "\(trailer.name): \(trailer.value)"
          guard seen.insert((version.version ?? "") + " " + Self.key(text)).inserted,
            let settled = TrailerSettler(context: context).settle(
              check, trailer: trailer, version: version)
          else { continue }
          found.append(
            (
              message,
              Claim(
                message: input.name(ofMessage: message), version: version.version, kind: .trailer,
                text: text, subject: version.subject, verdict: settled.verdict,
                evidence: settled.evidence, needs: settled.needs)
            ))
        }
      }
    }
  }

  /// The version a changelog entry `label` describes and the one before it; when the thread
  /// lacks it, the newer version that carries the entry, with evidence saying so.
  private func versions(for label: String, from carrier: PostedVersion) -> (
    PostedVersion?, PostedVersion?, Evidence?
  ) {
    let same = context.versions.filter { $0.series == carrier.series }
    if let exact = same.first(where: {
      $0.version == label && SubjectLine($0.subject).title == SubjectLine(carrier.subject).title
    }) ?? same.first(where: { $0.version == label }) {
      return (exact, exact.previous(in: context.versions), nil)
    }
    return (
      carrier, nil,
      Evidence(
        .version,
        "\(label) is not in the thread: settled against \(carrier.version ?? "the patch")'s diff, "
          + "which carries the entry")
    )
  }

  /// What replies say in their own words, at every quote depth (a statement quoted from a
  /// mail the thread lacks is found where it is quoted), each statement once.
  mutating func findInReplies() {
    let context = self.context
    for (message, quoted) in input.thread.quotes.enumerated() {
      let version = Self.version(input.thread, message: message)
      let flattened = input.archive.messages[message].form == .flattened
      var paragraphs: [(depth: Int, lines: [String])] = []
      var previous: (depth: Int, number: Int)?
      for line in quoted.lines {
        let text = line.text
        if let depth = commitDepth[message], line.depth == depth {
          // A flattened message's reply glued after a quoted line is the reply's own text.
          guard flattened, let reply = FlattenedLine.split(text).reply else { continue }
          paragraphs.append((max(0, depth - 1), [reply]))
          previous = nil
          continue
        }
        if Self.isCode(text) || text.trimmedBlanks.isEmpty {
          previous = nil
          continue
        }
        if let previous, previous.depth == line.depth, previous.number + 1 == line.number {
          paragraphs[paragraphs.count - 1].lines.append(text)
        } else {
          paragraphs.append((line.depth, [text]))
        }
        previous = (line.depth, line.number)
      }
      for paragraph in paragraphs {
        for sentence in Sentence.split(paragraph.lines.joined(separator: "\n")) {
          let matches = patterns.matches(in: sentence, at: .reply)
          guard !matches.isEmpty, seen.insert(Self.key(sentence)).inserted else { continue }
          add(
            message: message, version: version?.version, text: sentence,
            subject: version?.subject, matches, inChangelog: false
          ) { pattern, match in
            switch pattern.check.kind(at: .reply, inChangelog: false) {
            case .behaviour:
              // "you could get a stable livelock": the version the reply answers, before or
              // after its patch.
              guard let index = Self.versionIndex(context, version) else {
                return .unverifiable(
                  needs: "the patch the reply is about (no version of it in the thread)")
              }
              return BehaviourSettler(context: context).settle(
                pattern.check, version: index, stated: StatedCondition(), inReply: true)
            default:
              return CodeFactSettler(context: context).settle(pattern.check, match.captures)
            }
          }
        }
      }
    }
  }

  /// Lockdep reports and build robots' errors.
  mutating func findInSplats() {
    let context = self.context
    for (message, splats) in input.thread.splats.enumerated() {
      let version = Self.version(input.thread, message: message)
      for splat in splats {
        let matches = patterns.matches(in: splat.title, at: .splat)
        guard !matches.isEmpty, seen.insert("splat " + Self.key(splat.title)).inserted else {
          continue
        }
        add(
          message: message, version: version?.version, text: splat.title,
          subject: splat.testedPatch ?? version?.subject, matches, inChangelog: false
        ) { pattern, match in
          SplatSettler(context: context).settle(
            pattern.check, splat: splat, captures: match.captures)
        }
      }
    }
  }

  /// A line of code in a mail: a diff line, a hunk header, an indented line.
  static func isCode(_ text: String) -> Bool {
    text.hasPrefix("+") || text.hasPrefix("-") || text.hasPrefix("@@")
      || text.hasPrefix("diff ") || text.hasPrefix("\t")
  }

  /// The index in `context.versions` of a version a reply answers.
  static func versionIndex(
    _ context: SettlingContext, _ version: (version: String, subject: String?)?
  ) -> Int? {
    guard let version else { return nil }
    return context.versions.lastIndex {
      $0.version == version.version && (version.subject == nil || $0.subject == version.subject)
    } ?? context.versions.lastIndex { $0.version == version.version }
  }

  /// The version a message posts or answers, and the subject of that version's posting.
  static func version(_ thread: ThreadReview, message: Int) -> (version: String, subject: String?)?
  {
    for depth in [0, 1] {
      switch thread.role(ofDiffIn: message, quoteDepth: depth) {
      case .posted(let series, let version), .quoted(let series, let version):
        let posted = thread.series[series].versions.first { $0.version == version }?.patches
          .first?.subject
        return (version, posted)
      default:
        continue
      }
    }
    return nil
  }
}
