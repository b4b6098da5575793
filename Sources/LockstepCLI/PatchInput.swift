import ArgumentParser
import Foundation
import KernelTree
import LockAnalysis
import MailThread
import PatchDiff

/// What `lockstep analyze` and `lockstep simulate --patch` read: the primitive table
/// (built in, plus `--primitives` files), the tree at `--base`, and the patches of a
/// `.patch`, `.eml` or mbox. Failures print one line and exit with the documented status.
struct PatchInput {
  let tree: String?
  let base: String?
  let primitives: [String]
  /// The subcommand named in error lines (`lockstep analyze: …`).
  let command: String
  /// Read every version of a series in the mbox, not only the newest.
  var allVersions = false

  func loadTable() throws -> PrimitiveTable {
    do {
      var table = try PrimitiveTable.builtin()
      for path in primitives {
        guard let data = FileManager.default.contents(atPath: path) else {
          printError("lockstep \(command): \(path): cannot read the primitive table")
          throw ExitStatus.ioError.exitCode
        }
        try table.add(contentsOf: String(decoding: data, as: UTF8.self), source: path)
      }
      return table
    } catch let error as AnalysisError {
      printError("lockstep \(command): \(error)")
      throw ExitStatus.dataError.exitCode
    }
  }

  func openSourceTree() throws -> (any SourceTree)? {
    guard let tree else { return nil }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: tree, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      printError("lockstep \(command): \(tree): no such directory")
      throw ExitStatus.ioError.exitCode
    }
    let isGit =
      FileManager.default.fileExists(atPath: tree + "/.git")
      || FileManager.default.fileExists(atPath: tree + "/HEAD")
    guard isGit else { return DirectorySourceTree(root: tree) }
    let repository = try runReporting { () throws(KernelTreeError) in
      try KernelRepository(path: tree)
    }
    let revision = base ?? "HEAD"
    _ = try runReporting { () throws(KernelTreeError) in try repository.resolve(revision) }
    return GitSourceTree(repository: repository, revision: revision)
  }

  /// A patch of the input and the subject of the mail it came in (empty for a plain diff).
  struct InputPatch {
    var subject: String
    var patch: Patch
  }

  /// The patches of the input: a plain diff, or those recovered from mail at the least quote
  /// depth; of a series posted in several versions, the newest (unless ``allVersions``), with
  /// a note naming what was left out; and each problem of the input (a hunk that could not be
  /// read, naming the file and line), which the caller reports and makes exit status 65.
  func readPatches(_ path: String) throws -> (
    patches: [InputPatch], notes: [String], problems: [String]
  ) {
    var (bytes, name) = try Self.readInput(path, command: command)
    var problems: [String] = []
    if bytes.contains(0x0D) && !bytes.contains(0x0A) {
      // Old Mac line ends: every line would otherwise be one.
      bytes = bytes.map { $0 == 0x0D ? 0x0A : $0 }
      problems.append("\(name): line ends are CR only; read as line breaks")
    }
    let archive = MailArchive.read(bytes: bytes, name: name)
    var (found, notes) = Self.postedPatches(in: archive, allVersions: allVersions)
    if found.isEmpty {
      // No posting: the patches at any quote depth of every message, else of the raw text.
      found = archive.messages.flatMap { message in
        PatchFinder.patches(in: message.body).map { (message.subject, $0) }
      }
    }
    if found.isEmpty {
      found = PatchFinder.patches(in: String(decoding: bytes, as: UTF8.self)).map { ("", $0) }
    }
    let usable = found.filter { !$0.recovered.patch.files.isEmpty }
    guard let depth = usable.map(\.recovered.quoteDepth).min() else {
      let problem = found.flatMap(\.recovered.problems).first.map { ": \($0)" } ?? ""
      printError("lockstep \(command): \(name): no patch found\(problem)")
      throw ExitStatus.dataError.exitCode
    }
    problems += usable.flatMap(\.recovered.problems).map { "\(name): \($0)" }
    var seen: Set<Patch> = []
    let patches = usable.filter {
      $0.recovered.quoteDepth == depth && seen.insert($0.recovered.patch).inserted
    }.map { InputPatch(subject: $0.subject, patch: $0.recovered.patch) }
    return (patches, notes, problems)
  }

  /// The patches of a thread as posted: of each series its newest version (every version
  /// with `allVersions`; the stable lines' versions when no mainline version was posted),
  /// never a reviewer's proposal or a notice's copy; notes name what was left out. Empty
  /// when the input posts no patch (a reply quoting one, a plain diff).
  static func postedPatches(in archive: MailArchive, allVersions: Bool) -> (
    found: [(subject: String, recovered: RecoveredPatch)], notes: [String]
  ) {
    let perMessage = archive.messages.map { PatchFinder.patches(in: $0.body) }
    var next = 0
    let review = ThreadReview(archive) { _ in
      defer { next += 1 }
      return perMessage[next].map {
        DiffSighting(quoteDepth: $0.quoteDepth, patchID: $0.patch.patchID)
      }
    }
    var posted: [Int: Set<String>] = [:]
    var others: [DiffRole] = []
    for (index, patches) in perMessage.enumerated() {
      for patch in patches {
        let role = review.role(ofDiffIn: index, quoteDepth: patch.quoteDepth)
        if case .posted(let series, let version) = role {
          posted[series, default: []].insert(version)
        } else if case .unplaced = role {
        } else {
          others.append(role)
        }
      }
    }
    guard !posted.isEmpty else { return ([], []) }
    var chosen: [Int: Set<String>] = [:]
    var notes: [String] = []
    for (series, versions) in posted.sorted(by: { $0.key < $1.key }) {
      let ordered = review.series[series].versions.map(\.version).filter(versions.contains)
      let mainline = ordered.filter { !$0.hasSuffix(".y") }
      // The newest mainline version; without one, the newest stable line's.
      let keep = allVersions ? ordered : [mainline.last ?? ordered.last!]
      chosen[series] = Set(keep)
      let left = ordered.filter { !keep.contains($0) }
      if !left.isEmpty {
        notes.append(
          "\(review.series[series].title): \(keep.joined(separator: ", ")) analyzed, "
            + left.joined(separator: ", ") + " left out (--all-versions analyzes every version)")
      }
    }
    let proposals = others.filter { if case .proposal = $0 { true } else { false } }.count
    let copies = others.filter { if case .noticeCopy = $0 { true } else { false } }.count
    if proposals + copies > 0 {
      notes.append(
        "not analyzed: \(proposals) reviewers' proposals and \(copies) copies in maintainers' "
          + "notices (not versions of the series); quoted copies are the versions they quote")
    }
    var found: [(subject: String, recovered: RecoveredPatch)] = []
    for (index, patches) in perMessage.enumerated() {
      for patch in patches {
        if case .posted(let series, let version) = review.role(
          ofDiffIn: index, quoteDepth: patch.quoteDepth),
          chosen[series]?.contains(version) == true
        {
          found.append((archive.messages[index].subject, patch))
        }
      }
    }
    return (found, notes)
  }

  /// The bytes of a file or of standard input (`-`), and the name errors give it; an
  /// unreadable file prints one line and exits 74.
  static func readInput(_ path: String, command: String) throws -> (bytes: [UInt8], name: String) {
    if path == "-" { return (Array(FileHandle.standardInput.readDataToEndOfFile()), "<stdin>") }
    guard let data = FileManager.default.contents(atPath: path) else {
      printError("lockstep \(command): \(path): cannot read the file")
      throw ExitStatus.ioError.exitCode
    }
    return (Array(data), path)
  }

  /// The messages that post an older version of a series whose newer version the mbox also
  /// posts: `[PATCH v2 1/3]` when `[PATCH v3 1/3]` is there.
  static func olderVersions(in archive: MailArchive) -> (messages: Set<Int>, notes: [String]) {
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
