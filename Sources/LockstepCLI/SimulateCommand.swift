import ArgumentParser
import Foundation
import PathFormat
import PathSimulator
import Review

/// `lockstep simulate`: explores every interleaving of a scenario's threads on a model
/// of the kernel's scheduling and locking, and prints a verdict per configuration; with
/// `--patch`, composes the races from the patch's paths and the kernel's contenders.
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
      scenario (without .scenario). Without SCENARIO, every shipped scenario runs.
      With --patch, the patch is analyzed (with --tree/--base, the whole changed
      functions) and each changed function's paths, before and after, race the
      contenders of every lock, reference and per-CPU wait they touch (contenders.txt,
      plus --contenders FILE), itself on another CPU, and the other changed functions;
      the verdict per race and configuration says what the patch changes. A patch whose
      paths touch nothing with a contender has nothing to replay (exit 0).
      A '(!)' beside a verdict marks a run that contradicts its scenario's 'expect' line.
      Exit status: 0 every run ok and as expected (--patch: nothing introduced),
      1 a livelock or deadlock (--patch: one the patch introduces) or a run that
      contradicts its 'expect' line, 3 a search was cut short by --max-states or
      --timeout (bound-reached: not decided), 65 a scenario, contenders file or path
      export could not be read (file:line), 74 I/O.
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
    help: "Replay this patch (.patch, .eml, mbox): its changed functions against their contenders.")
  var patch: String?

  @Option(name: .long, help: "With --patch: the revision of the tree the patch applies to.")
  var base: String?

  @Option(name: .long, help: "With --patch: more contenders and retrying callers (repeatable).")
  var contenders: [String] = []

  @Flag(name: .long, help: "With --patch: print the composed scenarios instead of running them.")
  var printScenario = false

  @Flag(name: .long, help: "Explore every order of independent steps (no partial-order reduction).")
  var noReduction = false

  @OptionGroup var common: CommonOptions

  /// The longest `--timeout` taken: beyond it a run is not bounded in any useful sense.
  static let maxTimeout = 1_000_000.0

  func validate() throws {
    guard cpus.allSatisfy({ (1...32).contains($0) }) else {
      throw ValidationError("--cpus takes counts from 1 to 32")
    }
    guard maxStates > 0 else { throw ValidationError("--max-states must be positive") }
    guard timeout.isFinite, timeout > 0, timeout <= Self.maxTimeout else {
      throw ValidationError(
        "--timeout takes seconds above 0 and up to \(Int(Self.maxTimeout)), not \(timeout)")
    }
    guard patch == nil || paths == nil else {
      throw ValidationError("--patch and --paths both give the paths to replay: choose one")
    }
    guard patch == nil || scenarios.isEmpty else {
      throw ValidationError("--patch composes its own scenarios: give no SCENARIO with it")
    }
    guard base == nil || patch != nil else {
      throw ValidationError("--base goes with --patch")
    }
    guard patch != nil || (contenders.isEmpty && !printScenario) else {
      throw ValidationError("--contenders and --print-scenario go with --patch")
    }
  }

  private var bounds: SearchBounds {
    SearchBounds(maxStates: maxStates, timeout: timeout, partialOrderReduction: !noReduction)
  }

  func run() throws {
    if let patch { return try replay(patch) }
    var status = ExitStatus.clean
    var export: PathSet?
    if let paths {
      do {
        export = try PathSet(json: try ScenarioLibrary.read(paths), file: paths)
      } catch let error as PathFormatError {
        fail(error.description, &status, .dataError)
        throw status.exitCode
      } catch {
        fail(error.localizedDescription, &status, .ioError)
        throw status.exitCode
      }
    }
    let names = scenarios.isEmpty ? ShippedScenarios.names : scenarios
    if names.isEmpty { fail("no scenario given and no shipped scenarios found", &status, .ioError) }
    var runs: [Run] = []
    let progress = Progress(label: "simulate")
    for (done, name) in names.enumerated() {
      do {
        let (text, file) = try ScenarioLibrary.load(name)
        let scenario = try Scenario(parsing: text, file: file)
        var paths = export
        if paths == nil, let relative = scenario.defaultPaths {
          let url = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(
            relative)
          guard let data = FileManager.default.contents(atPath: url.path) else {
            fail(
              "\(file): default-paths \(relative): cannot read \(url.path)", &status, .ioError)
            continue
          }
          paths = try PathSet(json: data, file: url.path)
        }
        runs += try Simulator.run(
          scenario, paths: paths, variants: variant.isEmpty ? nil : variant,
          preempt: preempt.isEmpty ? nil : preempt, cpus: cpus.isEmpty ? nil : cpus,
          bounds: bounds
        ) { states in
          progress.update("\(scenario.name) (\(done + 1)/\(names.count)): \(states) states")
        }
      } catch let error as ScenarioError {
        fail(error.description, &status, .dataError)
      } catch let error as PathFormatError {
        fail(error.description, &status, .dataError)
      } catch {
        let message = error.localizedDescription
        fail(
          error is ScenarioLibrary.Unreadable ? message : "\(name): \(message)", &status, .ioError)
      }
      progress.update(done + 1, of: names.count)
    }
    progress.finish()
    if common.json {
      // Nothing on standard output when nothing ran because of an error.
      if !runs.isEmpty || status == .clean { try printJSON(["runs": runs]) }
    } else if !runs.isEmpty {
      print(VerdictTable(runs: runs).text, terminator: "")
    }
    let findings = runs.contains { run in
      [.livelock, .deadlock, .referenceLeak, .refcountUnderflow].contains(run.verdict)
        || VerdictTable.contradicts(run)
    }
    if status == .clean, findings { status = .findings }
    if status == .clean, runs.contains(where: { $0.verdict == .boundReached }) {
      status = .incomplete
    }
    if status != .clean { throw status.exitCode }
  }

  /// `--patch`: the races composed from the patch's paths, run before and after.
  private func replay(_ patch: String) throws {
    var table: ContenderTable
    do {
      table = try ContenderTable.shipped()
      for file in contenders {
        let text = String(decoding: try ScenarioLibrary.read(file), as: UTF8.self)
        try table.add(contentsOf: text, file: file)
      }
    } catch let error as ScenarioError {
      printError("lockstep: error: \(error)")
      throw ExitStatus.dataError.exitCode
    } catch {
      printError("lockstep: error: \(error.localizedDescription)")
      throw ExitStatus.ioError.exitCode
    }
    let reading = ContinuousClock.now
    let (set, readStatus, partial) = try pathsOfPatch(patch)
    let analysis = ContinuousClock.now - reading
    do {
      if printScenario {
        var composer = Composer(paths: set, contenders: table)
        if !preempt.isEmpty { composer.preempt = preempt }
        if !cpus.isEmpty { composer.cpus = cpus }
        let (composed, problems) = composer.compose()
        if composed.isEmpty, problems.isEmpty { printError(nothingToReplay(set)) }
        for problem in problems { printError("lockstep: warning: not composed: \(problem)") }
        print(composed.map { ScenarioPrinter.text(of: $0.scenario) }.joined(separator: "\n"))
        if readStatus != .clean { throw readStatus.exitCode }
        if !problems.isEmpty { throw ExitStatus.incomplete.exitCode }
        return
      }
      let progress = Progress(label: "simulate --patch")
      var race = (done: 0, total: 0)
      let result = try Simulator.replay(
        set, contenders: table, preempt: preempt.isEmpty ? nil : preempt,
        cpus: cpus.isEmpty ? nil : cpus, bounds: bounds,
        progress: { done, total in
          race = (done, total)
          progress.update(done, of: total)
        },
        searching: { states in
          progress.update("race \(race.done + 1)/\(race.total): \(states) states")
        })
      progress.finish()
      if result.isEmpty { printError(nothingToReplay(set)) }
      for problem in result.problems { printError("lockstep: warning: not replayed: \(problem)") }
      if common.json {
        var json = ReplayJSON(result)
        json.problems += partial
        json.seconds.analysis =
          Double(analysis.components.seconds) + Double(analysis.components.attoseconds) / 1e18
        try printJSON(json)
      } else {
        print(ChangeReport(replay: result).text, terminator: "")
      }
      // Nothing composed from the hunks is "nothing to replay" (exit 0), partial or not.
      var status = readStatus == .incomplete && result.isEmpty ? .clean : readStatus
      if status == .clean, result.changes.contains(where: \.kind.isRegression) {
        status = .findings
      }
      if status == .clean,
        !result.problems.isEmpty || result.changes.contains(where: { $0.kind == .undecided })
      {
        status = .incomplete
      }
      if status != .clean { throw status.exitCode }
    } catch let error as ScenarioError {
      printError("lockstep: error: \(error)")
      throw ExitStatus.dataError.exitCode
    }
  }

  private func nothingToReplay(_ set: PathSet) -> String {
    let names = set.functions.map(\.name).joined(separator: ", ")
    return "lockstep: note: nothing to replay: the paths of the changed functions (\(names)) "
      + "touch no lock, reference or per-CPU wait that has a contender"
  }

  /// The before and after paths of every function `patch` changes, handed over typed.
  /// The paths, the status reading them leaves, and what makes them partial: functions the
  /// tree could not give whole (or no tree at all), so that the races replay fragments.
  private func pathsOfPatch(_ patch: String) throws -> (PathSet, ExitStatus, [String]) {
    let review = try runReviewing { () throws(ReviewError) in
      try Reviewer(
        ReviewOptions(
          tree: common.tree, searchFrom: FileManager.default.currentDirectoryPath, base: base)
      ).review(MailInput(path: patch))
    }
    for problem in review.problems { printError("lockstep: error: \(problem)") }
    let set = review.paths
    let fragments = set.fragments
    var partial: [String] = []
    if !fragments.isEmpty {
      let why = common.tree == nil ? "no kernel tree found; give --tree" : "not whole in the tree"
      partial.append(
        "\(fragments.joined(separator: ", ")): only the hunks' lines were replayed, not the "
          + "whole function (\(why)): the verdicts may not hold")
      for line in partial { printError("lockstep: warning: \(line) (exit 3)") }
    }
    let status: ExitStatus =
      !review.problems.isEmpty ? .dataError : partial.isEmpty ? .clean : .incomplete
    return (set, status, partial)
  }

  private func fail(_ message: String, _ status: inout ExitStatus, _ code: ExitStatus) {
    printError("lockstep: error: \(message)")
    if status == .clean || status == .findings || status == .incomplete { status = code }
  }
}

/// The `--json` form of `simulate --patch`: every run, and the change per race and configuration.
struct ReplayJSON: Encodable {
  struct Race: Encodable {
    var scenario: String
    var shape: ComposedScenario.Shape
    var function: String
    var contender: String
    var contenderSource: String
    var object: String
  }

  var runs: [Run]
  var changes: [Change]
  var scenarios: [Race]
  /// The races that could not be composed (`do_swap_page: paths branch more than 200 …`).
  var problems: [String]
  /// Where the command's time went: reading the mail and the tree and analyzing the patch,
  /// composing the races, deciding them.
  var seconds: Seconds

  struct Seconds: Encodable {
    var analysis: Double
    var composing: Double
    var deciding: Double
    /// The CPU time of deciding: the searches run on one thread.
    var decidingCPU: Double
  }

  init(_ replay: PatchReplay) {
    seconds = Seconds(
      analysis: 0, composing: replay.timing.composing, deciding: replay.timing.deciding,
      decidingCPU: replay.timing.decidingCPU)
    runs = replay.runs
    changes = replay.changes
    problems = replay.problems.map(\.description)
    scenarios = replay.composed.map {
      Race(
        scenario: $0.scenario.name, shape: $0.shape, function: $0.function,
        contender: $0.contender, contenderSource: $0.contenderSource, object: $0.object)
    }
  }
}

extension PreemptionModel: ExpressibleByArgument {}
