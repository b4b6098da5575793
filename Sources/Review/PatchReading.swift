import MailThread
import PatchDiff

/// The patches of an input, as the analysis takes them: a plain diff, or those recovered
/// from mail at the least quote depth; of a series posted in several versions, the newest
/// (unless `allVersions`), with notes naming what was left out; and each problem of the
/// input (a hunk that could not be read, naming the file and line).
///
/// ```swift
/// let reading = try PatchReading(MailInput(path: "thread.mbox"), allVersions: false)
/// reading.patches.map(\.subject)  // ["[PATCH v5] mm: …"]
/// reading.problems  // ["thread.mbox: line 212: hunk @@ -10,3 … does not add up"]
/// ```
public struct PatchReading: Sendable {
  /// A patch of the input and where it came from.
  public struct InputPatch: Sendable {
    /// The subject of the mail it came in (empty for a plain diff).
    public var subject: String
    /// The index of its message in ``PatchReading/archive`` (a plain
    /// diff is one message without headers; nil only for a diff found in no message).
    public var message: Int?
    public var patch: Patch
    /// The series (an index of ``PatchReading/thread``'s series) and version it posts, when
    /// the thread says: patches of different versions are not applied one on the other.
    public var version: (series: Int, version: String)?
  }

  public var patches: [InputPatch]
  public var notes: [String]
  /// Parts of the input that could not be read: the rest is still analyzed.
  public var problems: [String]
  /// The input read as mail (no messages for a plain diff).
  public var archive: MailArchive
  /// The mail read as a thread, when it posts a patch series.
  public var thread: ThreadReview?

  /// Without `keepsMailText`, ``archive`` and ``thread`` keep no message's body or quoted
  /// lines once the patches are taken out (see ``ReviewOptions/keepsMailText``).
  ///
  /// - Throws: ``ReviewError/noPatch(name:detail:)`` when no usable diff is in the input.
  public init(_ input: MailInput, allVersions: Bool, keepsMailText: Bool = true)
    throws(ReviewError)
  {
    var bytes = input.bytes
    problems = []
    if bytes.contains(0x0D) && !bytes.contains(0x0A) {
      // Old Mac line ends: every line would otherwise be one.
      bytes = bytes.map { $0 == 0x0D ? 0x0A : $0 }
      problems.append("\(input.name): line ends are CR only; read as line breaks")
    }
    archive = MailArchive.read(bytes: bytes, name: input.name)
    let posted = PostedPatches(archive, allVersions: allVersions, keepsMailText: keepsMailText)
    thread = posted.thread
    notes = posted.notes
    var found: [(message: Int?, subject: String, recovered: RecoveredPatch)] = posted.found.map {
      ($0.message, $0.subject, $0.recovered)
    }
    var versions: [Int: (series: Int, version: String)] = [:]
    for item in posted.found { versions[item.message] = (item.series, item.version) }
    if found.isEmpty {
      // No posting: the patches at any quote depth of every message, else of the raw text.
      for (index, message) in archive.messages.enumerated() {
        found += posted.perMessage[index].map { (index, message.subject, $0) }
      }
    }
    if found.isEmpty {
      found = PatchFinder.patches(in: String(decoding: bytes, as: UTF8.self)).map {
        (nil, "", $0)
      }
    }
    if !keepsMailText { archive.messages = archive.messages.map(\.keepingThreadFields) }
    let usable = found.filter { !$0.recovered.patch.files.isEmpty }
    guard let depth = usable.map(\.recovered.quoteDepth).min() else {
      throw .noPatch(
        name: input.name, detail: found.flatMap(\.recovered.problems).first?.description)
    }
    problems += usable.flatMap(\.recovered.problems).map { "\(input.name): \($0)" }
    var seen: Set<Patch> = []
    patches = usable.filter {
      $0.recovered.quoteDepth == depth && seen.insert($0.recovered.patch).inserted
    }.map {
      InputPatch(
        subject: $0.subject, message: $0.message, patch: $0.recovered.patch,
        version: $0.message.flatMap { versions[$0] })
    }
  }
}
