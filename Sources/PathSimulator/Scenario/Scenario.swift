/// A thread of a scenario: a name, where it may run, and its body.
struct ThreadSpec: Sendable {
  var name: String
  /// The CPU it is pinned to (taken modulo the CPU count), or nil when it may run anywhere.
  var cpu: Int?
  var body: [Statement]
  var line: Int
}

/// A set of threads that replaces or adds to the scenario's common threads.
struct VariantSpec: Sendable {
  var name: String
  var threads: [ThreadSpec]
}

/// `expect VERDICT [variant ...] [preempt ...] [cpus ...]`: the first matching rule wins.
struct Expectation: Sendable {
  var verdict: Verdict
  var variants: [String]?
  var preempt: [PreemptionModel]?
  var cpus: [Int]?

  func matches(variant: String, preempt model: PreemptionModel, cpus count: Int) -> Bool {
    (variants?.contains(variant) ?? true) && (preempt?.contains(model) ?? true)
      && (cpus?.contains(count) ?? true)
  }
}

/// A scenario file: threads written in the primitive vocabulary, the configurations
/// to explore (CPU counts, preemption models, variants) and the verdicts expected.
///
/// ```
/// let scenario = try Scenario(parsing: text, file: "mmap-lock-recursion.scenario")
/// let runs = try Simulator.run(scenario)
/// ```
public struct Scenario: Sendable {
  public var name: String
  public var title: String
  public var file: String
  /// `default-paths FILE`: the path export to splice when none is given, relative to the scenario file.
  public var defaultPaths: String?
  public var cpus: [Int]
  public var preempt: [PreemptionModel]
  public var variantNames: [String] { variants.map(\.name) }
  var objects: [ObjectSpec]
  var threads: [ThreadSpec]
  var variants: [VariantSpec]
  var expectations: [Expectation]

  public init(parsing text: String, file: String) throws(ScenarioError) {
    var parser = ScenarioParser(text: text, file: file)
    self = try parser.parse()
  }

  init(
    name: String, title: String, file: String, defaultPaths: String?, cpus: [Int],
    preempt: [PreemptionModel],
    objects: [ObjectSpec], threads: [ThreadSpec], variants: [VariantSpec],
    expectations: [Expectation]
  ) {
    self.name = name
    self.title = title
    self.file = file
    self.defaultPaths = defaultPaths
    self.cpus = cpus
    self.preempt = preempt
    self.objects = objects
    self.threads = threads
    self.variants = variants
    self.expectations = expectations
  }

  /// The functions whose exported paths the scenario splices (`paths F before|after`).
  public var replayedFunctions: [String] {
    var names: [String] = []
    func visit(_ statements: [Statement]) {
      for statement in statements {
        switch statement.kind {
        case .paths(let function, _, _, _): if !names.contains(function) { names.append(function) }
        case .attempt(_, _, _, let success, let failure):
          for case .block(let inner) in [success, failure] { visit(inner) }
        case .ifFlag(_, let then, let otherwise):
          visit(then)
          visit(otherwise)
        case .loop(let body): visit(body)
        case .choose(let branches): branches.forEach(visit)
        case .simple, .retry, .breakLoop, .returnThread: break
        }
      }
    }
    for thread in threads + variants.flatMap(\.threads) { visit(thread.body) }
    return names
  }

  /// The verdict the scenario's `expect` lines give this configuration (nil: none given).
  public func expectedVerdict(variant: String, preempt: PreemptionModel, cpus: Int) -> Verdict? {
    expectations.first { $0.matches(variant: variant, preempt: preempt, cpus: cpus) }?.verdict
  }

  /// The threads of one variant: common threads, replaced by name or followed by the variant's.
  func threads(of variant: String) -> [ThreadSpec] {
    var result = threads
    for thread in variants.first(where: { $0.name == variant })?.threads ?? [] {
      if let index = result.firstIndex(where: { $0.name == thread.name }) {
        result[index] = thread
      } else {
        result.append(thread)
      }
    }
    return result
  }
}

/// `object NAME [refs N] [aka EXPR ...]`: a lock or page, its initial reference
/// count, and the expressions exported paths use for it (`vmf->page`).
struct ObjectSpec: Sendable {
  var name: String
  var refs: Int
  var aliases: [String]
}
