// libFuzzer entry point for the scenario language and the contenders file (`lockstep
// simulate SCENARIO`, `--contenders FILE`, the shipped resources). Built by
// `Fuzz/run.sh scenario` with the PathFormat and PathSimulator sources.

/// The input is read as a scenario and, when it reads, each of its variants is compiled and
/// searched on one CPU under small bounds (a search must end, by verdict or by bound, never
/// crash); it is also added to an empty contenders table. An error must name its file.
@_cdecl("LLVMFuzzerTestOneInput")
public func scenarioFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  var table = ContenderTable()
  do {
    try table.add(contentsOf: text, file: "fuzz.contenders")
  } catch {
    if error.file != "fuzz.contenders" { fatalError("error names another file: \(error)") }
  }
  let scenario: Scenario
  do {
    scenario = try Scenario(parsing: text, file: "fuzz.scenario")
  } catch {
    if error.file != "fuzz.scenario" { fatalError("error names another file: \(error)") }
    return 0
  }
  let bounds = SearchBounds(maxStates: 20_000, timeout: 2, maxBytes: 64 << 20)
  for variant in scenario.variantNames.prefix(4) {
    do {
      let runs = try Simulator.run(
        scenario, variants: [variant], preempt: [scenario.preempt.first ?? .none], cpus: [1],
        bounds: bounds)
      for run in runs where run.states < 0 { fatalError("negative state count") }
    } catch {
      // A variant that needs a path export, or that the compiler refuses, is an error
      // naming the scenario: the fuzzer only asks that it be one.
      if error.file != "fuzz.scenario" { fatalError("error names another file: \(error)") }
    }
  }
  return 0
}
