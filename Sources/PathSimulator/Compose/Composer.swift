import PathFormat

/// Builds the races a patch's paths take part in, from the paths and the kernel's contenders.
///
/// For each changed function, before and after: its paths that touch a contended object, as a
/// thread (inside a `loop` when its caller retries: a `retrier` of the contenders table, or a
/// path the analysis marked `retries`); against each contender of every object its paths
/// touch; against itself on a second CPU; and against every other changed function that takes
/// one of the same locks (an ABBA between them is a deadlock). Every scenario runs on 1 and 2
/// CPUs under every preemption model.
///
/// ```swift
/// let composed = Composer(paths: set, contenders: try .shipped()).scenarios()
/// for race in composed { print(ScenarioPrinter.text(of: race.scenario)) }
/// ```
///
/// - Complexity: O(functions² + functions × objects × contenders) scenarios, each built in
///   time linear in the function's operations.
public struct Composer: Sendable {
  public var paths: PathSet
  public var contenders: ContenderTable
  public var cpus: [Int] = [1, 2]
  public var preempt: [PreemptionModel] = PreemptionModel.allCases

  public init(paths: PathSet, contenders: ContenderTable) {
    self.paths = paths
    self.contenders = contenders
  }

  /// The thread bodies and reference-counted objects of the races composed so far: a function
  /// races each contender of an object with the same thread, spliced once.
  private final class Spliced {
    var bodies: [String: [Statement]] = [:]
    var referenced: [String: [String]] = [:]
  }

  /// The races, and why a function's could not be composed (its paths branch too deep):
  /// the other functions' races are still composed.
  public func compose() -> (scenarios: [ComposedScenario], problems: [ScenarioError]) {
    var out: [ComposedScenario] = []
    var problems: [ScenarioError] = []
    let spliced = Spliced()
    func add(_ make: (Spliced) throws(ScenarioError) -> ComposedScenario) {
      do { out.append(try make(spliced)) } catch { problems.append(error) }
    }
    let prepared = paths.functions.map(prepare)
    var touched: [String: [ContendedObject]] = [:]
    for function in prepared { touched[function.name] = objects(of: function) }
    let functions = prepared.filter { touched[$0.name]?.isEmpty == false }
    for function in functions {
      let objects = touched[function.name] ?? []
      for object in objects {
        for contender in contenders.contenders(of: object.kind) {
          add { spliced throws(ScenarioError) in
            try race(function, against: contender, on: object, spliced)
          }
        }
      }
      add { spliced throws(ScenarioError) in try selfRace(function, on: objects, spliced) }
    }
    for (position, first) in functions.enumerated() {
      for second in functions.dropFirst(position + 1) {
        let locks = Set((touched[first.name] ?? []).filter(Self.isLock).map(\.name))
        let shared = (touched[second.name] ?? []).filter {
          Self.isLock($0) && locks.contains($0.name)
        }
        if !shared.isEmpty {
          add { spliced throws(ScenarioError) in try pair(first, second, on: shared, spliced) }
        }
      }
    }
    return (out, problems)
  }

  /// The races; the first problem of ``compose()`` is thrown.
  public func scenarios() throws(ScenarioError) -> [ComposedScenario] {
    let (scenarios, problems) = compose()
    if let first = problems.first { throw first }
    return scenarios
  }

  private static func isLock(_ object: ContendedObject) -> Bool {
    [.spinlock, .sleepingLock, .rwsem].contains(object.kind)
  }

  /// The function with its paths as the races use them, computed once: objects named as
  /// the scenario names them (``PathNames/resolved(_:)``), calls and PTE maps left out (they
  /// touch nothing shared, and paths that differ only in them merge, so the race has fewer
  /// states; the call that resolves a retry stays), a path that returns a value its
  /// caller retries (`retrier … when -EAGAIN`) marked `retries`, and the puts of references its
  /// caller handed over left out, as the caller's get is (``HandedReferences``).
  private func prepare(_ function: FunctionPaths) -> FunctionPaths {
    let retrier = contenders.retrier(of: function.name)
    func side(_ side: FunctionPaths.Side?) -> FunctionPaths.Side? {
      guard var side else { return nil }
      side.paths = side.paths.map { path in
        var resolved = path
        resolved.ops = PathNames.resolved(path.ops).compactMap { op in
          if [.call, .map, .unmap].contains(op.op),
            op.call.map({ retrier?.resolvedBy.contains($0) != true }) ?? true
          {
            return nil
          }
          var named = op
          named.object = op.object.map(PathNames.scenarioName)
          named.releases = op.releases.map(PathNames.scenarioName)
          return named
        }
        if let value = path.returnValue, retrier?.when.contains(value) == true {
          resolved.retries = true
        }
        return resolved
      }
      return side
    }
    var out = function
    out.before = side(function.before)
    out.after = side(function.after)
    return HandedReferences.leftOut(of: out)
  }

  private func objects(of function: FunctionPaths) -> [ContendedObject] {
    let all = (function.before?.paths ?? []) + (function.after?.paths ?? [])
    return ContendedObject.touched(by: all)
  }

  private func race(
    _ function: FunctionPaths, against contender: Contender, on object: ContendedObject,
    _ spliced: Spliced
  ) throws(ScenarioError) -> ComposedScenario {
    let name = "\(function.name)-vs-\(contender.name)-on-\(object.name)"
    let common = ThreadSpec(
      name: contender.name, cpu: 0, body: contender.body.map { $0.binding(object.name) }, line: 1)
    let scenario = try scenario(
      name: name,
      title: "\(function.name)() against \(contender.name) (\(contender.source)) on \(object.name)",
      common: [common],
      variants: { side, version throws(ScenarioError) in
        [
          try thread(
            function, side, version, touching: [object.name], name: function.name, cpu: 1,
            spliced)
        ]
      }, function: function, spliced)
    return ComposedScenario(
      scenario: scenario, shape: .contender, function: function.name, contender: contender.name,
      contenderSource: contender.source, object: object.name)
  }

  private func selfRace(
    _ function: FunctionPaths, on objects: [ContendedObject], _ spliced: Spliced
  ) throws(ScenarioError) -> ComposedScenario {
    let names = objects.map(\.name)
    let scenario = try scenario(
      name: "\(function.name)-on-two-cpus",
      title: "\(function.name)() racing with itself", common: [],
      variants: { side, version throws(ScenarioError) in
        [
          try thread(
            function, side, version, touching: names, name: "\(function.name)/0", cpu: 0, spliced),
          try thread(
            function, side, version, touching: names, name: "\(function.name)/1", cpu: 1, spliced),
        ]
      }, function: function, spliced)
    return ComposedScenario(
      scenario: scenario, shape: .selfRace, function: function.name,
      contender: "\(function.name) on another CPU", contenderSource: function.file,
      object: names.joined(separator: ","))
  }

  private func pair(
    _ first: FunctionPaths, _ second: FunctionPaths, on shared: [ContendedObject],
    _ spliced: Spliced
  ) throws(ScenarioError) -> ComposedScenario {
    let names = shared.map(\.name)
    let scenario = try scenario(
      name: "\(first.name)-vs-\(second.name)",
      title: "\(first.name)() against \(second.name)() on \(names.joined(separator: ", "))",
      common: [],
      variants: { _, version throws(ScenarioError) in
        [
          try thread(
            first, version == "before" ? first.before : first.after, version, touching: names,
            name: first.name, cpu: 0, spliced),
          try thread(
            second, version == "before" ? second.before : second.after, version, touching: names,
            name: second.name, cpu: 1, spliced),
        ]
      }, function: first, others: [second], spliced)
    return ComposedScenario(
      scenario: scenario, shape: .pair, function: first.name, contender: second.name,
      contenderSource: second.file, object: names.joined(separator: ","))
  }

  private func scenario(
    name: String, title: String, common: [ThreadSpec],
    variants: (FunctionPaths.Side?, String) throws(ScenarioError) -> [ThreadSpec],
    function: FunctionPaths, others: [FunctionPaths] = [], _ spliced: Spliced
  ) throws(ScenarioError) -> Scenario {
    let before = VariantSpec(name: "before", threads: try variants(function.before, "before"))
    let after = VariantSpec(name: "after", threads: try variants(function.after, "after"))
    var referenced: [String] = []
    for running in [function] + others {
      let key = "\(running.file):\(running.name)"
      let objects = spliced.referenced[key] ?? Self.referenced(by: running)
      spliced.referenced[key] = objects
      referenced += objects.filter { !referenced.contains($0) }
    }
    // An object whose references the paths take and drop starts with the mapping's one (the
    // references callers hand over are left out with their puts: HandedReferences).
    let objects = referenced.map { ObjectSpec(name: $0, refs: 1, aliases: []) }
    return Scenario(
      name: PathNames.scenarioName(name), title: title, file: "composed:\(name)",
      defaultPaths: nil, cpus: cpus, preempt: preempt, objects: objects, threads: common,
      variants: [before, after], expectations: [])
  }

  /// The objects whose references `function`'s paths take or drop (named by ``prepare(_:)``).
  private static func referenced(by function: FunctionPaths) -> [String] {
    var referenced: [String] = []
    for path in (function.before?.paths ?? []) + (function.after?.paths ?? []) {
      for op in path.ops where [.get, .put, .tryGet].contains(op.op) {
        if let object = op.object, !referenced.contains(object) { referenced.append(object) }
      }
    }
    return referenced
  }

  /// The thread running `side`'s paths that touch one of `objects`, in its retrying caller's
  /// loop when it has one; a version without such paths only passes its progress label.
  private func thread(
    _ function: FunctionPaths, _ side: FunctionPaths.Side?, _ version: String,
    touching objects: [String], name: String, cpu: Int, _ spliced: Spliced
  ) throws(ScenarioError) -> ThreadSpec {
    let key = "\(function.file):\(function.name):\(version):\(objects.joined(separator: ","))"
    if let body = spliced.bodies[key] {
      return ThreadSpec(name: name, cpu: cpu, body: body, line: 1)
    }
    let body = try body(function, side, version, touching: objects)
    spliced.bodies[key] = body
    return ThreadSpec(name: name, cpu: cpu, body: body, line: 1)
  }

  private func body(
    _ function: FunctionPaths, _ side: FunctionPaths.Side?, _ version: String,
    touching objects: [String]
  ) throws(ScenarioError) -> [Statement] {
    let done = Statement(
      kind: .simple(.progress, object: "\(function.name) returns", releasing: nil), line: 1,
      text: "progress \"\(function.name) returns\"")
    let retrier = contenders.retrier(of: function.name)
    let resolvedBy = retrier?.resolvedBy ?? []
    let wanted = Set(objects)
    let selected = (side?.paths ?? []).filter { path in
      path.ops.contains { op in
        (op.object.map(wanted.contains) ?? false) || (op.releases.map(wanted.contains) ?? false)
      }
    }
    guard !selected.isEmpty else { return [done] }
    var chosen = function
    let sideOfSelected = FunctionPaths.Side(
      paths: selected, source: side?.source ?? .tree, truncated: side?.truncated ?? false)
    if version == "before" { chosen.before = sideOfSelected } else { chosen.after = sideOfSelected }
    // The objects were named by `prepare(_:)` already.
    let splicer = PathSplicer(
      function: chosen, objectName: { $0 }, line: 1, scenarioFile: "composed")
    let spliced = try splicer.statements(version: version, via: nil, resolvedBy: resolvedBy)
    let retries = selected.contains { path in
      path.retries && !path.ops.contains { $0.call.map(resolvedBy.contains) ?? false }
    }
    guard retries else { return spliced + [done] }
    let caller = retrier.map { "\($0.name)() (\($0.source))" } ?? "its caller (the paths retry)"
    let loop = Statement(
      kind: .loop(spliced + [Statement(kind: .breakLoop, line: 1, text: "break")]), line: 1,
      text: "retried by \(caller)")
    return [loop, done]
  }
}
