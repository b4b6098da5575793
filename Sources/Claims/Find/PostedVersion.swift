import LockAnalysis
import MailThread
import PatchDiff

/// A patch of the thread placed in its series and version, with the commit message it came
/// with and its analysis against the base alone (versions are compared with each other, not
/// applied on top of each other).
struct PostedVersion {
  var series: Int?
  var seriesTitle: String
  var version: String?
  var message: Int?
  var subject: String
  var patch: Patch
  /// How deeply the diff is quoted in its message (0 as posted).
  var depth: Int
  /// The analysis of the patch alone against the base (or its hunks alone, without a tree).
  var analysis: PatchAnalysis
  /// The commit message's prose: before the changelog, trailers and the diff.
  var prose: String
  var changelogs: [Changelog]
  var trailers: [Trailer]

  /// The position of `version` in its series (older first), for finding the one before.
  var order: Int
}

extension PostedVersion {
  /// Every patch of the input placed in its version, the commit message read at its depth.
  ///
  /// - Complexity: one diff search per patch's message, one analysis per patch.
  static func all(_ input: ClaimsInput, analyzer: Analyzer) -> [PostedVersion] {
    var result: [PostedVersion] = []
    for patch in input.patches {
      var depth = 0
      var diffLine = Int.max
      if let message = patch.message {
        let found = PatchFinder.patches(in: input.archive.messages[message].body)
        if let same = found.first(where: { $0.patch == patch.patch })
          ?? found.first(where: { $0.patch.files.map(\.path) == patch.patch.files.map(\.path) })
        {
          depth = same.quoteDepth
          diffLine = same.firstLine
        }
        // A flattened message (seed 002: one line holding a quoted commit message and diff)
        // is numbered by its re-segmented lines, not the one source line the diff search
        // saw: its diff starts at the first re-segmented line of the diff at that depth.
        if input.archive.messages[message].form == .flattened {
          diffLine =
            input.thread.quotes[message].lines.first { line in
              line.depth == depth
                && (line.text.hasPrefix("diff --git ") || line.text.trimmedBlanks == "---")
            }?.number ?? Int.max
        }
      }
      var series: Int?
      var version: String?
      if let message = patch.message {
        switch input.thread.role(ofDiffIn: message, quoteDepth: depth) {
        case .posted(let s, let v), .quoted(let s, let v), .proposal(let s, let v):
          (series, version) = (s, v)
        case .noticeCopy(let s, let copy):
          (series, version) = (s, copy)
        case .unplaced:
          if input.thread.series.count == 1 {
            series = 0
            version = input.thread.series[0].versions.last?.version
          }
        }
      }
      let order = series.flatMap { s in
        input.thread.series[s].versions.firstIndex { $0.version == version }
      }
      var prose = ""
      var changelogs: [Changelog] = []
      var trailers: [Trailer] = []
      if let message = patch.message {
        let quoted = input.thread.quotes[message]
        changelogs = Changelog.find(in: quoted).filter { $0.depth == depth && $0.line < diffLine }
        trailers = input.thread.trailers[message].filter {
          $0.depth == depth && $0.line < diffLine
        }
        let end = ([diffLine] + changelogs.map(\.line) + trailers.map(\.line)).min() ?? diffLine
        let attributions = Set(quoted.attributions.map(\.line))
        let lines = quoted.lines.filter {
          $0.depth == depth && $0.number < end && !attributions.contains($0.number)
        }
        let flattened = input.archive.messages[message].form == .flattened
        var text: [String] = []
        var previous = 0
        for line in lines {
          if line.text.trimmedBlanks == "---" { break }
          // A gap in the numbering is quoted text of another depth between: a new paragraph.
          if previous != 0, line.number != previous + 1 { text.append("") }
          let (quoted, reply) = flattened ? FlattenedLine.split(line.text) : (line.text, nil)
          text.append(quoted)
          // The reviewer's answer glued after it ends the commit message's paragraph.
          previous = reply == nil ? line.number : 0
          if reply != nil { text.append("") }
        }
        prose = text.joined(separator: "\n")
      }
      result.append(
        PostedVersion(
          series: series,
          seriesTitle: series.map { input.thread.series[$0].title } ?? patch.subject,
          version: version, message: patch.message, subject: patch.subject, patch: patch.patch,
          depth: depth, analysis: patch.analysis ?? analyzer.analyze(patch.patch), prose: prose,
          changelogs: changelogs, trailers: trailers, order: order ?? 0))
    }
    return result
  }

  /// The same patch in the version before this one, when the thread has it.
  func previous(in versions: [PostedVersion]) -> PostedVersion? {
    guard let series else { return nil }
    let earlier = versions.filter { $0.series == series && $0.order < order }
    guard let nearest = earlier.map(\.order).max() else { return nil }
    let candidates = earlier.filter { $0.order == nearest }
    let title = SubjectLine(subject).title
    if let same = candidates.first(where: { SubjectLine($0.subject).title == title }) {
      return same
    }
    let mine = versions.filter { $0.series == series && $0.order == order }
    return candidates.count == 1 && mine.count == 1 ? candidates[0] : nil
  }
}
