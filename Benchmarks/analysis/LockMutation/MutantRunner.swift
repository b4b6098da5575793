import Foundation

/// Runs `lockstep analyze MUTANT.patch --tree REPO --base REV --json`, one process per
/// mutant (a series would apply them cumulatively), on `workers` mutants at a time, and
/// judges each result.
public struct MutantRunner: Sendable {
  public var lockstep: String
  /// A git repository whose HEAD holds the unmutated files.
  public var repository: String
  /// Where the patches and outputs are written.
  public var scratch: URL
  public var workers: Int
  /// The tree's name in the results: `6.12.117`.
  public var tree: String
  public var timeout: Double = 300
  /// The revision of `repository` the mutants' files are from.
  public var base = "HEAD"
  /// Also replay each mutant with `lockstep simulate --patch` and time it.
  public var simulate = false

  public init(lockstep: String, repository: String, scratch: URL, workers: Int, tree: String) {
    self.lockstep = lockstep
    self.repository = repository
    self.scratch = scratch
    self.workers = workers
    self.tree = tree
  }

  /// The results of `mutants`, in their order; `lines` holds each file's original lines.
  public func run(_ mutants: [Mutant], lines: [String: [String]]) -> [MutantResult] {
    try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    let results = ResultBox(count: mutants.count)
    DispatchQueue.concurrentPerform(iterations: max(1, workers)) { _ in
      while let index = results.nextIndex() {
        let mutant = mutants[index]
        results.set(index, run(mutant, number: index, lines: lines[mutant.file] ?? []))
      }
    }
    return results.all()
  }

  func run(_ mutant: Mutant, number: Int, lines: [String]) -> MutantResult {
    var result = MutantResult(
      mutant: mutant, tree: tree, outcome: .missed, evidence: nil, otherFindings: [],
      incomplete: false, seconds: 0, failure: nil)
    let patch = scratch.appendingPathComponent(String(format: "%05d.patch", number))
    let output = scratch.appendingPathComponent(String(format: "%05d.json", number))
    let text = UnifiedDiff.make(
      path: mutant.file, lines: lines, edits: mutant.edits,
      subject: "\(mutant.function): \(mutant.mutationOperator.rawValue) at \(mutant.line)")
    do {
      try text.write(to: patch, atomically: true, encoding: .utf8)
    } catch {
      result.outcome = .failed
      result.failure = "writing the patch: \(error)"
      return result
    }
    let started = Date()
    let status = Self.execute(
      lockstep, ["analyze", patch.path, "--tree", repository, "--base", base, "--json"],
      output: output, timeout: timeout)
    result.seconds = Date().timeIntervalSince(started)
    defer {
      try? FileManager.default.removeItem(at: output)
      if result.outcome == .found || result.outcome == .equivalent {
        try? FileManager.default.removeItem(at: patch)
      }
    }
    guard status == 0 || status == 1,
      let data = try? Data(contentsOf: output),
      let json = try? JSONDecoder().decode(AnalyzeJSON.self, from: data)
    else {
      result.outcome = mutant.equivalence == nil ? .failed : .equivalent
      result.failure = "lockstep exited \(status)"
      return result
    }
    result = Self.judge(mutant, json, into: result)
    if simulate { result.simulation = replay(patch, number: number) }
    return result
  }

  /// Found, missed, equivalent or failed, from the JSON of the mutant's analysis.
  public static func judge(_ mutant: Mutant, _ json: AnalyzeJSON, into result: MutantResult)
    -> MutantResult
  {
    var result = result
    result.incomplete = json.isIncomplete(function: mutant.function, file: mutant.file)
    let serious = json.findings.filter { $0.severity == "error" || $0.severity == "warning" }
    result.evidence = serious.first {
      mutant.expectedRules.contains($0.rule) && mutant.functions.contains($0.function)
        && $0.file == mutant.file
    }
    result.otherFindings = serious.filter { mutant.functions.contains($0.function) }
      .map { "\($0.severity) \($0.rule) \($0.file):\($0.line) \($0.function)" }
    let analyzed = json.functions?.contains {
      mutant.functions.contains($0.name) && $0.after != nil
    }
    if mutant.equivalence != nil {
      result.outcome = .equivalent
    } else if result.evidence != nil {
      result.outcome = .found
    } else if analyzed == false {
      result.outcome = .failed
      result.failure =
        "the mutated function was not analyzed: " + (json.notes ?? []).joined(separator: " / ")
    } else {
      result.outcome = .missed
    }
    return result
  }

  /// `lockstep simulate --patch MUTANT --json`: its wall time, exit status and change kinds.
  func replay(_ patch: URL, number: Int) -> SimulationOutcome {
    let output = scratch.appendingPathComponent(String(format: "%05d.simulate.json", number))
    defer { try? FileManager.default.removeItem(at: output) }
    let started = Date()
    let status = Self.execute(
      lockstep,
      ["simulate", "--patch", patch.path, "--tree", repository, "--base", base, "--json"],
      output: output, timeout: timeout)
    var outcome = SimulationOutcome(
      seconds: Date().timeIntervalSince(started), status: status, races: 0, kinds: [:])
    if let data = try? Data(contentsOf: output),
      let json = try? JSONDecoder().decode(
        SimulationOutcome.JSON.self, from: data)
    {
      outcome.races = json.scenarios.count
      for change in json.changes { outcome.kinds[change.kind, default: 0] += 1 }
    }
    return outcome
  }

  /// Runs a program with standard output to `output`; its exit status (-1 if it could not
  /// start, -2 when killed after `timeout` seconds).
  static func execute(_ program: String, _ arguments: [String], output: URL, timeout: Double)
    -> Int32
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    guard let handle = try? FileHandle(forWritingTo: output) else { return -1 }
    defer { try? handle.close() }
    process.standardOutput = handle
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return -1 }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
      if Date() > deadline {
        process.terminate()
        process.waitUntilExit()
        return -2
      }
      usleep(2_000)
    }
    return process.terminationStatus
  }
}

/// The results being filled in by the workers, behind a lock.
final class ResultBox: @unchecked Sendable {
  private let lock = NSLock()
  private var results: [MutantResult?]
  private var next = 0

  init(count: Int) { results = Array(repeating: nil, count: count) }

  func nextIndex() -> Int? {
    lock.withLock {
      guard next < results.count else { return nil }
      defer { next += 1 }
      return next
    }
  }

  func set(_ index: Int, _ result: MutantResult) { lock.withLock { results[index] = result } }

  func all() -> [MutantResult] { lock.withLock { results.compactMap { $0 } } }
}
