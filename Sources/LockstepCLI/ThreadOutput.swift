import Foundation
import MailThread
import PatchDiff
import Review

/// Renders a `ThreadReview` and the patches found, as text or as JSON (keys documented in
/// README.md, "lockstep thread", and checked against this output by `DocumentedKeysTests`).
struct ThreadOutput {
  let review: ThreadReview
  let patches: [FoundPatch]
  let entries: [ThreadPatches.Entry]
  private let grouping: ThreadPatches
  /// Each message's id as the reply tree names it (`#N` for a message without one): the id
  /// every JSON section uses for it.
  private let names: [Int: String]
  /// Per found patch, the inline comments it is the first to carry.
  private let newInlineComments: [Int: [InlineComment]]

  init(review: ThreadReview, patches: [FoundPatch]) {
    self.review = review
    self.patches = patches
    grouping = ThreadPatches(review: review, found: patches)
    entries = grouping.entries
    var names: [Int: String] = [:]
    for node in review.tree.nodes { if let message = node.message { names[message] = node.id } }
    self.names = names
    newInlineComments = Self.firstSightings(patches, review)
  }

  func messageName(_ index: Int) -> String {
    names[index] ?? review.archive.messages[index].id ?? review.archive.messages[index].location
  }

  /// The author of a comment's quote level, from the message's attributions.
  func author(of comment: InlineComment, in message: Int) -> String? {
    let authors = review.quotes[message].authors
    return comment.quoteDepth < authors.count ? authors[comment.quoteDepth] : nil
  }

  /// The comments of an entry that are new where they were written (depth 0 of the reply),
  /// elisions and sign-offs left out, with the message they are in.
  func newComments(_ entry: ThreadPatches.Entry) -> [(message: Int, comment: InlineComment)] {
    ([entry.shown] + entry.copies).flatMap { index in
      (newInlineComments[index] ?? []).map { (patches[index].message, $0) }
    }
  }

  /// Per found patch, its inline comments that no earlier patch in the input carried
  /// (author and first line), elisions and sign-offs left out.
  private static func firstSightings(_ patches: [FoundPatch], _ review: ThreadReview) -> [Int:
    [InlineComment]]
  {
    var seen: Set<String> = []
    var result: [Int: [InlineComment]] = [:]
    for (index, found) in patches.enumerated() {
      let authors = review.quotes[found.message].authors
      let names = Set(authors.compactMap { $0?.split(separator: " ").first.map(String.init) })
      result[index] = found.patch.comments.filter { comment in
        guard !QuotedText.isNoise(comment.text, names: names) else { return false }
        let author = comment.quoteDepth < authors.count ? authors[comment.quoteDepth] : nil
        let first = comment.text.first { !$0.isEmpty } ?? ""
        return seen.insert("\(author ?? "?")\u{0}\(first)").inserted
      }
    }
    return result
  }

  /// What changed from the version before (`PatchComparison`), per patch of a version whose
  /// patches and the previous mainline version's were posted in the input.
  func rangeDiff(_ series: PatchSeries, _ index: Int) -> (from: String, patches: [PatchComparison])?
  {
    let version = series.versions[index]
    guard version.stableLine == nil,
      let previous = series.versions[..<index].last(where: {
        $0.stableLine == nil && $0.patches.contains { $0.message != nil }
      })
    else { return nil }
    let old = previous.patches.compactMap { grouping.posted($0, found: patches)?.patch }
    let new = version.patches.compactMap { grouping.posted($0, found: patches)?.patch }
    guard !old.isEmpty, !new.isEmpty else { return nil }
    let pairs = zip(old + Array(repeating: old.last!, count: max(0, new.count - old.count)), new)
    return (previous.version, pairs.map { PatchComparison(from: $0, to: $1) })
  }

  /// What `--patches-out` writes: each patch as posted (every version), or — when no posting
  /// is in the input — the least-quoted patches; each as `git am` takes it.
  var patchesToWrite: [(name: String, text: String)] {
    var chosen = entries.filter { $0.kind == .posted }
    if chosen.isEmpty {
      let usable = entries.filter { !patches[$0.shown].patch.patch.files.isEmpty }
      let depth = usable.map { patches[$0.shown].patch.quoteDepth }.min()
      chosen = usable.filter { patches[$0.shown].patch.quoteDepth == depth }
    }
    return chosen.compactMap { entry in
      let found = patches[entry.shown]
      guard !found.patch.patch.files.isEmpty else { return nil }
      let subject = found.mail.map { SubjectLine($0.subject).title } ?? ""
      let name = [
        entry.version ?? "", Self.slug(subject.isEmpty ? found.patch.patch.files[0].path : subject),
      ]
      .filter { !$0.isEmpty }.joined(separator: "-")
      let diff = found.patch.patch.text
      return (name, found.mail.map { $0.rendered(diff: diff) } ?? diff)
    }
  }

  /// `git format-patch`'s file name of a subject: `mm-Fix-a-hmm_range_fault-livelock-…`.
  static func slug(_ subject: String) -> String {
    var out = ""
    for character in subject {
      if character.isASCII
        && (character.isLetter || character.isNumber || character == "_" || character == ".")
      {
        out.append(character)
      } else if !out.hasSuffix("-") {
        out.append("-")
      }
    }
    while out.hasPrefix("-") || out.hasPrefix(".") { out.removeFirst() }
    out = String(out.prefix(52))
    while out.hasSuffix("-") || out.hasSuffix(".") { out.removeLast() }
    return out.isEmpty ? "patch" : out
  }
}
