import ArgumentParser

/// Options every command shares: where the kernel tree is, and the output form.
struct CommonOptions: ParsableArguments {
  @Option(
    name: .long,
    help: "The kernel git tree (default: the repository around the current directory).")
  var tree: String?

  @Flag(name: .long, help: "Print JSON with stable, documented keys.")
  var json = false
}
