import ArgumentParser
import Foundation

/// The `lockstep` command: reviews Linux kernel mm patch series with evidence.
///
/// ```
/// lockstep tree contains "mm/migrate: Trylock device page in do_swap_page"
/// ```
@main
struct Lockstep: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lockstep",
    abstract: "Review Linux kernel memory-management patch series with evidence.",
    discussion: """
      Exit status: 0 nothing found, 1 findings of severity error, 2 usage,
      65 input data could not be read, 74 I/O error.
      """,
    subcommands: [
      ThreadCommand.self, AnalyzeCommand.self, SimulateCommand.self, TreeCommand.self,
      BackportCommand.self, AnnotateCommand.self,
    ]
  )

  /// Runs the command line; a usage error exits 2 (the documented status), not
  /// ArgumentParser's 64.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      if exitCode(for: error) == .validationFailure {
        printError(fullMessage(for: error))
        Foundation.exit(ExitStatus.usage.rawValue)
      }
      exit(withError: error)
    }
  }
}
