import ArgumentParser
import Foundation
import KernelTree

/// `lockstep tree`: questions about the kernel tree itself.
struct TreeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tree",
    abstract: "Ask the kernel tree where commits are: releases and stable lines.",
    subcommands: [Contains.self, Lines.self]
  )

  /// `lockstep tree contains C…`: the first release with C and its copy on every line.
  struct Contains: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The first release containing a commit, and whether each stable line has it.",
      discussion: """
        A commit is a revision (1afaeb8293c9, v6.15~2, linux-6.12.y), a line as pasted
        from a Fixes: trailer (1afaeb8293c9 ("mm/migrate: …"); the subject answers when
        the id is unknown), or an exact subject, looked for on mainline and then on the
        stable lines. A stable commit stands for the upstream commit its "commit <sha>
        upstream." line names. A stable line has it by
        ancestry, by a commit naming it ("commit <sha> upstream." or
        "[ Upstream commit <sha> ]"), by equal `git patch-id --stable`, or by equal subject.

        JSON: an array with one object per commit, [{"commit", "subject", "firstRelease",
        "lines": [{"line", "tip", "present", "as", "matchedBy"}]}], however many are asked.
        matchedBy is one of ancestry, upstream-line, patch-id, subject. A commit that cannot
        be found is one error line; the others are still answered, and the exit status is 65.
        """
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "Name on standard error each tag left out (one that names no commit).")
    var verbose = false

    @Flag(name: .long, help: "Do not read or write the line-scan cache.")
    var noCache = false

    @Argument(help: "Commit-ish or exact subject; several may be given.")
    var commits: [String]

    func run() throws {
      let tree = try openTree(common, cache: !noCache)
      var answers: [ContainsAnswer] = []
      var failures: [KernelTreeError] = []
      for commit in commits {
        do {
          answers.append(ContainsAnswer(try tree.containment(of: commit)))
        } catch {
          clearProgress()
          printError("lockstep: error: \(error)")
          failures.append(error)
        }
      }
      clearProgress()
      reportSkipped(tree, verbose: verbose)
      if common.json {
        if !answers.isEmpty || failures.isEmpty { try printJSON(answers) }
      } else if !answers.isEmpty {
        print(answers.map(\.table).joined(separator: "\n"))
      }
      // One commit not found is bad input; the others' answers are printed above.
      if let failure = failures.first {
        throw (failure.isIOError ? ExitStatus.ioError : ExitStatus.dataError).exitCode
      }
    }
  }

  /// `lockstep tree lines`: the stable lines with their tips and newest tags.
  struct Lines: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The stable lines (linux-X.Y.y), their tips and newest tags.",
      discussion: """
        JSON: {"lines": [{"line", "reference", "tip", "newestTag"}], "releases": [tag…]}
        """
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "Name on standard error each tag left out (one that names no commit).")
    var verbose = false

    func run() throws {
      let tree = try openTree(common, cache: false)
      let (lines, releases) = try runReporting { () throws(KernelTreeError) in
        (try tree.stableLines(), try tree.releases())
      }
      let answer = LinesAnswer(
        lines: lines.map {
          .init(line: $0.name, reference: $0.reference, tip: $0.tip.hex, newestTag: $0.newestTag)
        },
        releases: releases.map(\.tag))
      reportSkipped(tree, verbose: verbose)
      if common.json {
        try printJSON(answer)
      } else {
        print(answer.table)
      }
    }
  }
}
