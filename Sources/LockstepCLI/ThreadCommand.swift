import ArgumentParser
import Foundation
import KernelTree
import MailThread
import PatchDiff
import Review

/// `lockstep thread FILE|-`: the reply tree, series and versions, trailers per
/// patch, changelogs, the patches found, splats, and problems of a mail input.
///
/// ```
/// lockstep thread t.mbox.gz --json
/// lockstep thread Fixtures/seeds/002_cc9cafcbc664c793.txt --patches-out /tmp/p
/// ```
struct ThreadCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "thread",
    abstract: "Read a mail thread: reply tree, series, trailers, patches, splats.",
    discussion: """
      FILE is an mbox (mboxo/mboxrd), a .mbox.gz, an .eml, a folder of .eml files,
      an archive page saved as text, a dump whose line breaks were lost, a
      body-only fragment, or - for standard input.
      Exit status: 0 read, 65 nothing could be read as mail or reading stopped at damaged
      compressed data (what was read is still printed), 74 I/O error, 2 usage.
      """
  )

  @Argument(help: "The mail input, or - for standard input.")
  var file: String

  @OptionGroup var common: CommonOptions

  @Option(
    name: .long,
    help: "Revision of --tree the patches were written for: anchor their hunks there.")
  var base: String?

  @Option(name: .long, help: "Write each recovered patch as a .patch file into this folder.")
  var patchesOut: String?

  @Flag(name: .long, help: "Only read, decode and thread; print counts (for benchmarks).")
  var stats = false

  func run() throws {
    if stats {
      try runStats()
      return
    }
    if base == nil && common.tree != nil {
      printError(
        "lockstep: error: --tree needs --base REV, the revision the patches were written for")
      throw ExitStatus.usage.exitCode
    }
    // Streamed: each message's patches are taken as it is read, then its body is let go.
    let patches = FoundPatches()
    // Only each hunk's numbers are printed, except for patches as posted (compared version to
    // version) and with --base or --patches-out: the other patches' lines go.
    let keepsLines = base != nil || patchesOut != nil
    let writesMail = patchesOut != nil
    let review: ThreadReview
    do {
      review = try ThreadReview.stream(path: file) { message, index in
        let subject = SubjectLine(message.subject)
        let posting = subject.isPatch && !subject.isReply
        let quoted = writesMail ? QuotedText(message.body) : nil
        var sightings: [DiffSighting] = []
        for var patch in PatchFinder.patches(in: message.body) {
          let patchID = patch.patch.patchID
          sightings.append(DiffSighting(quoteDepth: patch.quoteDepth, patchID: patchID))
          if !keepsLines && !(posting && patch.quoteDepth == 0) { patch.patch.dropHunkLines() }
          let mail = quoted.map {
            PatchMail(
              message, quoted: $0, quoteDepth: patch.quoteDepth, diffLine: patch.firstLine)
          }
          let found = FoundPatch(message: index, patch: patch, patchID: patchID, mail: mail)
          patches.list.append(found)
        }
        return sightings
      }
    } catch {
      printError("lockstep: error: \(error.description)")
      throw ExitStatus.ioError.exitCode
    }
    var found = patches.list
    if let base { found = try anchor(found, at: base) }
    let output = ThreadOutput(review: review, patches: found)
    if let patchesOut, review.readAnything {
      try writePatches(output.patchesToWrite, to: patchesOut)
    }
    var writer = ChunkedWriter()
    if common.json { output.writeJSON(to: &writer) } else { output.writeText(to: &writer) }
    writer.flush()
    if !review.readAnything {
      for problem in review.problems { printError("lockstep: error: \(problem)") }
      throw ExitStatus.dataError.exitCode
    }
    // Reading stopped early (damaged gzip data, a refused expansion): what was read is
    // printed above, and the error says where it stopped.
    for problem in review.problems where problem.stopsReading {
      printError("lockstep: error: \(problem)")
      throw ExitStatus.dataError.exitCode
    }
  }

  /// Anchors every recovered patch in the files at `revision` of the tree (exit 65 when a
  /// file cannot be read there).
  private func anchor(_ found: [FoundPatch], at revision: String) throws -> [FoundPatch] {
    let repository = try runReporting { () throws(KernelTreeError) in
      try KernelRepository.open(common.tree, cache: true)
    }
    do {
      return try FoundPatch.anchored(found, in: repository, at: revision)
    } catch {
      printError("lockstep: error: \(error)")
      throw ExitStatus.dataError.exitCode
    }
  }

  private func runStats() throws {
    var index = ThreadIndex()
    var bodyBytes = 0
    var problems = 0
    var stopped: MailProblem?
    do {
      try MailArchive.stream(path: file) { message in
        bodyBytes += message.body.utf8.count
        index.add(message)
      } problem: { problem in
        problems += 1
        if problem.stopsReading { stopped = problem }
      }
    } catch {
      printError("lockstep: error: \(error.description)")
      throw ExitStatus.ioError.exitCode
    }
    if common.json {
      try printJSON([
        "messages": index.messages, "threads": index.roots, "placeholders": index.placeholders,
        "bodyBytes": bodyBytes, "problems": problems,
      ])
    } else {
      print(
        "messages \(index.messages) threads \(index.roots) placeholders \(index.placeholders) "
          + "body-bytes \(bodyBytes) problems \(problems)")
    }
    if let stopped { printError("lockstep: error: \(stopped)") }
    if index.messages == 0 || stopped != nil { throw ExitStatus.dataError.exitCode }
  }

  /// Writes each patch as `git am` takes it, `NNNN-<version>-<subject>.patch`; the folder is
  /// made only when there is something to write.
  private func writePatches(_ patches: [(name: String, text: String)], to folder: String) throws {
    guard !patches.isEmpty else { return }
    do {
      try FileManager.default.createDirectory(
        atPath: folder, withIntermediateDirectories: true)
      for (number, patch) in patches.enumerated() {
        let name = String(format: "%04d-", number + 1) + patch.name + ".patch"
        let path = (folder as NSString).appendingPathComponent(name)
        try patch.text.write(toFile: path, atomically: true, encoding: .utf8)
      }
    } catch {
      printError(
        "lockstep: error: \(folder): cannot write the patches (\(Self.reason(error, at: folder, isFolder: true)))"
      )
      throw ExitStatus.ioError.exitCode
    }
  }

  /// The system's reason for a failed write of `path` (a folder to make, or a file), without
  /// Foundation's wrapping: the POSIX error under it, else what the system answers when the
  /// folder is made (or the file's folder is checked for writing).
  static func reason(_ error: Error, at path: String, isFolder: Bool = false) -> String {
    let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
    if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain,
      let text = strerror(Int32(code))
    {
      return String(cString: text)
    }
    let folder = isFolder ? path : (path as NSString).deletingLastPathComponent
    let failed =
      isFolder ? mkdir(folder, 0o755) != 0 && errno != EEXIST : access(folder, W_OK) != 0
    if failed, let text = strerror(errno) { return String(cString: text) }
    return "error \((error as NSError).code)"
  }

  /// The patches found while the input streams, with the index of their message.
  private final class FoundPatches {
    var list: [FoundPatch] = []
  }
}

extension Patch {
  /// Keeps each hunk's numbers and section and lets its lines go: all `thread` prints of a
  /// patch it does not anchor or write out.
  fileprivate mutating func dropHunkLines() {
    for file in files.indices {
      for hunk in files[file].hunks.indices { files[file].hunks[hunk].lines = [] }
    }
  }
}
