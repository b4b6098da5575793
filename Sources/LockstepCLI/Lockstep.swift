import ArgumentParser

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
    subcommands: [TreeCommand.self, ThreadCommand.self, AnalyzeCommand.self]
  )
}
