import Foundation
import LockAnalysis
import LockMutation

/// `mutation-check --tree 6.12.117=REPO … --lockstep BIN [--sample N] [--seed S] [--workers N]
/// [--json FILE] [--misses FILE] [--scratch DIR] [--only MISSES] [--simulate yes]`: mutants of every
/// function of REPO's mm/*.c
/// that calls a primitive of the table, a seeded sample of N per tree analyzed one process
/// each, the recall tables printed; exit 1 when a threshold of the issue is not met. `--only`
/// runs again only the sampled mutants a misses file of an earlier run lists (to check a fix
/// quickly; its recall is of those mutants alone, not of the sample).
struct Options {
  var trees: [(label: String, repository: String)] = []
  var lockstep = ""
  var sample = 700
  var seed: UInt64 = 9
  var workers = 2
  var json: String?
  var misses: String?
  var only: Set<String>?
  var scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mutation-check").path
  /// `--simulate yes`: also replay each mutant with `lockstep simulate --patch`.
  var simulate = false

  init(_ arguments: [String]) {
    var rest = arguments[...]
    while let option = rest.popFirst() {
      guard let value = rest.popFirst() else { Self.usage("\(option) needs a value") }
      switch option {
      case "--tree":
        let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { Self.usage("--tree LABEL=REPOSITORY") }
        trees.append((parts[0], parts[1]))
      case "--lockstep": lockstep = value
      case "--sample": sample = Int(value) ?? sample
      case "--seed": seed = UInt64(value) ?? seed
      case "--workers": workers = Int(value) ?? workers
      case "--json": json = value
      case "--misses": misses = value
      case "--scratch": scratch = value
      case "--only":
        guard let text = try? String(contentsOfFile: value, encoding: .utf8) else {
          Self.usage("cannot read \(value)")
        }
        only = Set(text.split(separator: "\n").map { MutationReport.key(of: String($0)) })
      case "--simulate": simulate = value == "yes"
      default: Self.usage("unknown option \(option)")
      }
    }
    if trees.isEmpty || lockstep.isEmpty { Self.usage("--tree and --lockstep are required") }
  }

  static func usage(_ message: String) -> Never {
    FileHandle.standardError.write(Data("mutation-check: error: \(message)\n".utf8))
    exit(2)
  }
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let generator = MutantGenerator(roles: PrimitiveRoles(table: try PrimitiveTable.builtin()))
var results: [MutantResult] = []
var largest: [String: [String]] = [:]
var falseErrors: [String] = []
for (label, repository) in options.trees {
  let root = URL(fileURLWithPath: repository)
  let tree = try TreeMutants(
    root: root, files: try TreeMutants.cFiles(in: "mm", root: root), generator: generator)
  let sampler = MutantSample(size: options.sample, seed: options.seed)
  var sample = sampler.draw(tree.mutants, functions: tree.functions)
  if let only = options.only {
    sample = sample.filter { only.contains(MutationReport.key(label, $0)) }
  }
  largest[label] = sampler.largestLockFunctions(tree.functions)
  print(
    "== \(label): \(tree.functions.count) functions use a primitive of the table, "
      + "\(tree.mutants.count) mutants; \(sample.count) sampled")
  var runner = MutantRunner(
    lockstep: options.lockstep, repository: repository,
    scratch: URL(fileURLWithPath: options.scratch).appendingPathComponent(label),
    workers: options.workers, tree: label)
  runner.simulate = options.simulate
  results += runner.run(sample, lines: tree.lines)
  let sampled = Set(sample.map { "\($0.file):\($0.function)" })
  let baseline = Baseline(lockstep: options.lockstep, repository: repository)
  falseErrors += baseline.errors(files: Set(sample.map(\.file)).sorted()).filter {
    sampled.contains("\($0.file):\($0.function)")
  }.map { "\(label) \($0.file):\($0.line) \($0.function) \($0.rule): \($0.message ?? "")" }
}
let report = MutationReport(results: results, largest: largest, falseErrors: falseErrors)
print(report.text)
print(SimulationOutcome.summary(results), terminator: "")
// The report above is printed whatever happens here: a file that cannot be written (a
// RESULTS folder that does not exist) is named, and the run exits 74, not a crash that
// throws away minutes of mutants.
var unwritten: [String] = []
if let path = options.misses {
  do {
    try (report.misses.map(MutationReport.describe).joined(separator: "\n") + "\n")
      .write(toFile: path, atomically: true, encoding: .utf8)
  } catch { unwritten.append("\(path): \(error.localizedDescription)") }
}
if let path = options.json {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  do {
    try encoder.encode(MutationSummary(report)).write(to: URL(fileURLWithPath: path))
  } catch { unwritten.append("\(path): \(error.localizedDescription)") }
}
let shortfalls = Thresholds.shortfalls(
  total: report.total, operators: report.byOperator, largest: report.inLargest)
print(
  shortfalls.isEmpty
    ? "\nall recall thresholds met"
    : "\nbelow the issue's thresholds:\n   " + shortfalls.joined(separator: "\n   "))
for failure in unwritten {
  FileHandle.standardError.write(Data("mutation-check: cannot write \(failure)\n".utf8))
}
exit(unwritten.isEmpty ? (shortfalls.isEmpty ? 0 : 1) : 74)
