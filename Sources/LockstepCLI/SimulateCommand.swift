import ArgumentParser
import Foundation
import LockAnalysis
import PathSimulator

/// `lockstep simulate`: explores every interleaving of a scenario's threads on a model
/// of the kernel's scheduling and locking, and prints a verdict per configuration.
///
/// ```
/// lockstep simulate hmm-range-fault-livelock --preempt none --cpus 1
/// lockstep simulate my.scenario --paths do_swap_page.paths.json --json
/// lockstep simulate --patch fix.patch --tree linux --base v7.0-rc1
/// ```
struct SimulateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simulate",
    abstract: "Replay kernel paths against racing threads; find livelocks and deadlocks.",
    discussion: """
      SCENARIO is a scenario file, '-' for standard input, or the name of a shipped
      scenario in Fixtures/scenarios (without .scenario). Without SCENARIO, every
      shipped scenario runs. With --patch, the patch is analyzed (with --tree/--base,
      the whole changed functions) and its before and after paths are replayed in
      every scenario that splices a function the patch changes. Exit status: 0 every run ok (or bound reached) and as
      expected, 1 a run found a livelock or deadlock or contradicts its scenario's
      'expect' line, 65 a scenario or path export could not be read (file:line), 74 I/O.
      """
  )

  @Argument(help: "Scenario files or shipped scenario names.")
  var scenarios: [String] = []

  @Option(name: .long, help: "Run only this variant (repeatable).")
  var variant: [String] = []

  @Option(name: .long, help: "Preemption model: none, voluntary, full or rt (repeatable).")
  var preempt: [PreemptionModel] = []

  @Option(name: .long, help: "Number of CPUs (repeatable).")
  var cpus: [Int] = []

  @Option(name: .long, help: "Stop a run with 'bound-reached' after this many states.")
  var maxStates = 4_000_000

  @Option(name: .long, help: "Stop a run with 'bound-reached' after this many seconds.")
  var timeout = 60.0

  @Option(
    name: .long,
    help:
      "Paths exported by 'lockstep analyze --paths --json', spliced where a body says 'paths F before|after'."
  )
  var paths: String?

  @Option(
    name: .long,
    help: "Replay this patch (.patch, .eml, mbox): its changed functions' before and after paths.")
  var patch: String?

  @Option(name: .long, help: "With --patch and --tree: the revision the patch applies to.")
  var base: String?

  @Flag(name: .long, help: "Explore every order of independent steps (no partial-order reduction).")
  var noReduction = false

  @OptionGroup var common: CommonOptions

  func validate() throws {
    guard cpus.allSatisfy({ (1...32).contains($0) }) else {
      throw ValidationError("--cpus takes counts from 1 to 32")
    }
    guard maxStates > 0, timeout > 0 else {
      throw ValidationError("--max-states and --timeout must be positive")
    }
    guard patch == nil || paths == nil else {
      throw ValidationError("--patch and --paths both give the paths to replay: choose one")
    }
    guard base == nil || (patch != nil && common.tree != nil) else {
      throw ValidationError("--base goes with --patch and --tree")
    }
  }

  func run() throws {
    var status = ExitStatus.clean
    var export: PathExport?
    if let paths {
      do {
        export = try PathExport(json: try ScenarioLibrary.read(paths), file: paths)
      } catch let error as ScenarioError {
        fail(error.description, &status, .dataError)
        throw status.exitCode
      } catch {
        fail("\(paths): \(error.localizedDescription)", &status, .ioError)
        throw status.exitCode
      }
    }
    if let patch { export = try pathsOfPatch(patch) }
    let names = scenarios.isEmpty ? ScenarioLibrary.shippedNames() : scenarios
    if names.isEmpty { fail("no scenario given and no shipped scenarios found", &status, .ioError) }
    var runs: [Run] = []
    for name in names {
      do {
        let (text, file) = try ScenarioLibrary.load(name)
        let scenario = try Scenario(parsing: text, file: file)
        if patch != nil, let export {
          // Replay: only the scenarios that splice a function the patch changes.
          let changed = Set(export.functions.map(\.name))
          guard scenario.replayedFunctions.contains(where: changed.contains) else { continue }
        }
        var paths = export
        if paths == nil, let relative = scenario.defaultPaths {
          let url = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(
            relative)
          guard let data = FileManager.default.contents(atPath: url.path) else {
            fail(
              "\(file): default-paths \(relative): cannot read \(url.path)", &status, .ioError)
            continue
          }
          paths = try PathExport(json: data, file: url.path)
        }
        runs += try Simulator.run(
          scenario, paths: paths, variants: variant.isEmpty ? nil : variant,
          preempt: preempt.isEmpty ? nil : preempt, cpus: cpus.isEmpty ? nil : cpus,
          bounds: SearchBounds(
            maxStates: maxStates, timeout: timeout, partialOrderReduction: !noReduction))
      } catch let error as ScenarioError {
        fail(error.description, &status, .dataError)
      } catch {
        fail("\(name): \(error.localizedDescription)", &status, .ioError)
      }
    }
    if patch != nil, runs.isEmpty, status == .clean {
      printError(
        "lockstep simulate: no scenario replays a function this patch changes "
          + "(\((export?.functions.map(\.name) ?? []).joined(separator: ", ")))")
    }
    if common.json {
      try printJSON(["runs": runs])
    } else if !runs.isEmpty {
      print(VerdictTable(runs: runs).text, terminator: "")
    }
    let findings = runs.contains { run in
      run.verdict == .livelock || run.verdict == .deadlock
        || (run.expected.map { $0 != run.verdict } ?? false)
    }
    if status == .clean, findings { status = .findings }
    if status != .clean { throw status.exitCode }
  }

  /// The before and after paths of every function `patch` changes, as `lockstep analyze
  /// --paths --json` exports them.
  private func pathsOfPatch(_ patch: String) throws -> PathExport {
    let input = PatchInput(tree: common.tree, base: base, primitives: [], command: "simulate")
    let analyzer = Analyzer(table: try input.loadTable(), tree: try input.openSourceTree())
    var result = PatchAnalysis()
    let read = try input.readPatches(patch)
    for problem in read.problems { printError("lockstep: error: \(problem)") }
    for one in analyzer.analyze(series: read.patches.map(\.patch)) {
      result.functions += one.functions
    }
    let data = try JSONEncoder().encode(AnalyzeOutput(result, withPaths: true))
    do {
      return try PathExport(json: data, file: patch)
    } catch {
      printError("lockstep simulate: \(error)")
      throw ExitStatus.dataError.exitCode
    }
  }

  private func fail(_ message: String, _ status: inout ExitStatus, _ code: ExitStatus) {
    printError("lockstep simulate: \(message)")
    if status == .clean || status == .findings { status = code }
  }
}

extension PreemptionModel: ExpressibleByArgument {}
