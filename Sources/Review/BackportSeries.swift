import Backport
import MailThread
import PatchDiff

/// What `lockstep backport` checks: the patch of a file, mail or thread (of a series posted
/// in several versions, the newest), with its subject and commit message. A thread that
/// posts a series (`[PATCH v3 1/3]` … `3/3`) gives every patch of it, in order, and the
/// cover letter's title and text.
///
/// ```swift
/// let series = try BackportSeries(MailInput(path: "series.mbox"))
/// series.patches.map(\.subject)  // ["[PATCH v3 1/3] …", "[PATCH v3 2/3] …", …]
/// ```
public struct BackportSeries: Sendable {
  /// The patches to check, in series order.
  public var patches: [BackportRequest]
  /// The subject and message of the whole (the cover letter's for a series).
  public var subject: String
  public var message: String
  /// What was left out: an older version of the series, a patch the thread lacks.
  public var notes: [String] = []

  /// - Throws: ``ReviewError/noPatch(name:detail:)`` when the input holds no usable patch.
  public init(_ input: MailInput) throws(ReviewError) {
    let (bytes, name) = (input.bytes, input.name)
    let archive = MailArchive.read(bytes: bytes, name: name)
    // The series as `analyze` takes it: the newest mainline version as posted, never a
    // reviewer's proposal, a notice's copy or a stable line's backport when mainline's is there.
    let posted = PostedPatches(archive, allVersions: false)
    var found: [(subject: String, body: String, patch: RecoveredPatch)] = posted.found.map {
      (archive.messages[$0.message].subject, archive.messages[$0.message].body, $0.recovered)
    }
    let chosen = Set(posted.found.map(\.message))
    var older = (messages: Set<Int>(), notes: posted.notes)
    if found.isEmpty {
      older = PostedPatches.olderVersions(in: archive)
      for (index, message) in archive.messages.enumerated() where !older.messages.contains(index) {
        found += PatchFinder.patches(in: message.body).map { (message.subject, message.body, $0) }
      }
    }
    var cover: Message?
    let versions = Set(chosen.map { SubjectLine(archive.messages[$0].subject).version })
    for (index, message) in archive.messages.enumerated() where !older.messages.contains(index) {
      let line = SubjectLine(message.subject)
      guard line.isCoverLetter, !line.isReply, cover == nil else { continue }
      if chosen.isEmpty || versions.contains(line.version) { cover = message }
    }
    if found.isEmpty {
      let text = String(decoding: bytes, as: UTF8.self)
      found = PatchFinder.patches(in: text).map { ("", text, $0) }
    }
    let usable = found.filter { !$0.patch.patch.files.isEmpty }
    guard let depth = usable.map(\.patch.quoteDepth).min(),
      let first = usable.first(where: { $0.patch.quoteDepth == depth })
    else { throw .noPatch(name: name, detail: nil) }
    // The numbered patches a series posts (not replies), one per number, in order.
    var numbered: [Int: BackportRequest] = [:]
    var total = 0
    for item in usable where item.patch.quoteDepth == depth {
      let line = SubjectLine(item.subject)
      total = max(total, line.isReply ? 0 : line.total ?? 0)
      guard line.isPatch, !line.isReply, let number = line.number, number > 0,
        numbered[number] == nil
      else { continue }
      numbered[number] = BackportRequest(
        subject: item.subject, message: Self.message(item.body, depth: depth),
        patch: item.patch.patch)
    }
    if numbered.count > 1 {
      let patches = numbered.keys.sorted().compactMap { numbered[$0] }
      let title = cover.map { SubjectLine($0.subject).title } ?? patches[0].subject
      let absent = (1...max(total, 1)).filter { numbered[$0] == nil }.map { "\($0)/\(total)" }
      let gap =
        absent.isEmpty
        ? []
        : [
          "\(name) lacks patch \(absent.joined(separator: ", ")) of the series: "
            + "the others are checked without it"
        ]
      self.patches = patches
      subject = title
      message = cover.map { Self.message($0.body, depth: 0) } ?? ""
      notes = older.notes + gap
      return
    }
    let request = BackportRequest(
      subject: first.subject, message: Self.message(first.body, depth: depth),
      patch: first.patch.patch)
    patches = [request]
    subject = request.subject
    message = request.message
    notes = older.notes
  }

  /// The commit message: the body up to the diff, with `depth` quote levels removed
  /// (lines quoted less deeply are the reply's, and left out).
  public static func message(_ body: String, depth: Int) -> String {
    var lines: [String] = []
    for var line in body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      var quoted = true
      for _ in 0..<depth {
        guard line.hasPrefix(">") else {
          quoted = false
          break
        }
        line.removeFirst()
        if line.hasPrefix(" ") { line.removeFirst() }
      }
      guard quoted else { continue }  // a reviewer's words, not the patch's message
      if line == "---" || line.hasPrefix("diff --git ") { break }
      lines.append(line)
    }
    return lines.joined(separator: "\n")
  }
}
