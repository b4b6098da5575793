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
      Exit status: 0 nothing found, 1 findings of severity error (claims: a claim
      refuted), 2 usage, 3 incomplete (part of the answer is missing: a search cut
      short, a file read from the hunks alone although a tree was given), 65 input
      data could not be read, 74 I/O error.
      """,
    version: "lockstep 0.6.0",
    subcommands: [
      ThreadCommand.self, AnalyzeCommand.self, SimulateCommand.self, TreeCommand.self,
      BackportCommand.self, ClaimsCommand.self, AnnotateCommand.self,
      B4CheckCommand.self,
    ]
  )

  /// ArgumentParser's `Error: Missing expected argument '<patch>'` in the style of every
  /// other error: `lockstep: error: missing expected argument '<patch>'`, usage kept below.
  static func usageMessage(_ message: String) -> String {
    guard message.hasPrefix("Error: ") else { return message }
    let rest = message.dropFirst("Error: ".count)
    return "lockstep: error: " + rest.prefix(1).lowercased() + rest.dropFirst()
  }

  /// Runs the command line; a usage error exits 2 (the documented status), not
  /// ArgumentParser's 64.
  static func main() {
    // `lockstep help NOSUCH` is a usage error, not the main help.
    let arguments = CommandLine.arguments.dropFirst()
    if arguments.first == "help", let name = arguments.dropFirst().first,
      !configuration.subcommands.contains(where: { $0._commandName == name })
    {
      printError("lockstep: error: no such command: \(name)\n\n" + helpMessage())
      Foundation.exit(ExitStatus.usage.rawValue)
    }
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      if exitCode(for: error) == .validationFailure {
        printError(usageMessage(fullMessage(for: error)))
        Foundation.exit(ExitStatus.usage.rawValue)
      }
      exit(withError: error)
    }
  }
}
