import Dispatch
import MailThread
import PatchDiff

/// Which diffs of a thread are the series as posted: of each series its newest version
/// (every version on request; the stable lines' versions when no mainline version was
/// posted), never a reviewer's proposal or a maintainer notice's copy.
///
/// ```swift
/// let posted = PostedPatches(archive, allVersions: false)
/// posted.found.map(\.subject)  // ["[PATCH v5] mm: …"]
/// posted.notes  // ["mm: …: v5 analyzed, v1, v2, v3, v4 left out (--all-versions …)"]
/// ```
public struct PostedPatches {
  /// The chosen diffs in message order, with the subject of their mail and its index.
  public var found:
    [(message: Int, subject: String, recovered: RecoveredPatch, series: Int, version: String)] =
      []
  /// What was left out and why.
  public var notes: [String] = []
  /// Every diff of each message, at any quote depth, as read once for the thread.
  public let perMessage: [[RecoveredPatch]]
  /// The archive read as a thread: series, versions, trailers and the role of each diff.
  public let thread: ThreadReview

  /// Without `keepsMailText`, the thread keeps no message's body or quoted lines (see
  /// ``ReviewOptions/keepsMailText``).
  ///
  /// - Complexity: O(m + d) for m messages and d diffs, after reading each body once.
  public init(_ archive: MailArchive, allVersions: Bool, keepsMailText: Bool = true) {
    let read = Self.diffs(of: archive.messages.map(\.body))
    let perMessage = read.map { $0.map(\.recovered) }
    self.perMessage = perMessage
    var next = 0
    thread = ThreadReview(archive, keepsBodies: keepsMailText) { _ in
      defer { next += 1 }
      return read[next].map { DiffSighting(quoteDepth: $0.recovered.quoteDepth, patchID: $0.id) }
    }
    var posted: [Int: Set<String>] = [:]
    var proposals = 0
    var copies = 0
    for (index, patches) in perMessage.enumerated() {
      for patch in patches {
        switch thread.role(ofDiffIn: index, quoteDepth: patch.quoteDepth) {
        case .posted(let series, let version): posted[series, default: []].insert(version)
        case .proposal: proposals += 1
        case .noticeCopy: copies += 1
        case .quoted, .unplaced: break
        }
      }
    }
    guard !posted.isEmpty else { return }
    var chosen: [Int: Set<String>] = [:]
    for (series, versions) in posted.sorted(by: { $0.key < $1.key }) {
      let ordered = thread.series[series].versions.map(\.version).filter(versions.contains)
      let mainline = ordered.filter { !$0.hasSuffix(".y") }
      // The newest mainline version; without one, the newest stable line's.
      let keep = allVersions ? ordered : [mainline.last ?? ordered.last!]
      chosen[series] = Set(keep)
      let left = ordered.filter { !keep.contains($0) }
      if !left.isEmpty {
        notes.append(
          "\(thread.series[series].title): \(keep.joined(separator: ", ")) analyzed, "
            + left.joined(separator: ", ") + " left out (--all-versions analyzes every version)")
      }
    }
    if proposals + copies > 0 {
      notes.append(
        "not analyzed: \(proposals) reviewers' proposals and \(copies) copies in maintainers' "
          + "notices (not versions of the series); quoted copies are the versions they quote")
    }
    for (index, patches) in perMessage.enumerated() {
      for patch in patches {
        if case .posted(let series, let version) = thread.role(
          ofDiffIn: index, quoteDepth: patch.quoteDepth),
          chosen[series]?.contains(version) == true
        {
          found.append((index, archive.messages[index].subject, patch, series, version))
        }
      }
    }
  }

  /// Every diff of each body with its patch-id, the bodies read on all CPUs: a 30-patch mbox
  /// is read before anything else can start, so one CPU reading it alone held up the run.
  static func diffs(of bodies: [String]) -> [[(recovered: RecoveredPatch, id: String)]] {
    var out = [[(recovered: RecoveredPatch, id: String)]](repeating: [], count: bodies.count)
    out.withUnsafeMutableBufferPointer { buffer in
      let slots = ConcurrentSlots(buffer: buffer)
      DispatchQueue.concurrentPerform(iterations: bodies.count) { index in
        slots.buffer[index] = PatchFinder.patches(in: bodies[index]).map { ($0, $0.patch.patchID) }
      }
    }
    return out
  }

  /// The messages that post an older version of a series whose newer version the mbox also
  /// posts (`[PATCH v2 1/3]` when `[PATCH v3 1/3]` is there), and notes naming them.
  public static func olderVersions(in archive: MailArchive) -> (
    messages: Set<Int>, notes: [String]
  ) {
    var messages: Set<Int> = []
    var notes: [String] = []
    for series in ThreadReview(archive).series {
      let posted = series.versions.filter { version in
        version.patches.contains { $0.message != nil }
      }
      guard posted.count > 1, let newest = posted.last else { continue }
      for version in posted.dropLast() {
        messages.formUnion(version.patches.compactMap(\.message))
      }
      notes.append(
        "\(series.title): \(newest.version) analyzed, "
          + posted.dropLast().map(\.version).joined(separator: ", ")
          + " left out (--all-versions analyzes every version)")
    }
    return (messages, notes)
  }
}
