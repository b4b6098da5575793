import PathSimulator
import Testing

/// Scenario files: what they declare, and errors that name the file and line.
@Suite struct ScenarioParserTests {
  @Test func shippedScenariosDeclareTheirConfigurations() throws {
    let scenario = try ScenarioFiles.scenario("hmm-range-fault-livelock")
    #expect(scenario.name == "hmm-range-fault-livelock")
    #expect(scenario.cpus == [1, 2])
    #expect(scenario.preempt == [.none, .voluntary, .full])
    #expect(scenario.variantNames == ["before", "after", "cond_resched", "lock_page"])
    #expect(scenario.expectedVerdict(variant: "before", preempt: .voluntary, cpus: 1) == .livelock)
    #expect(scenario.expectedVerdict(variant: "before", preempt: .full, cpus: 1) == .ok)
  }

  @Test func unknownOperationNamesFileAndLine() throws {
    let text = "scenario x\nthread t {\n  spinlock ptl\n}\n"
    let error = try #require(throws: ScenarioError.self) {
      try Scenario(parsing: text, file: "x.scenario")
    }
    #expect(error.description == "x.scenario:3: unknown operation 'spinlock'")
  }

  @Test func aThreadCountOutOfRangeSaysTheRange() throws {
    let text = "scenario x\nthread t count 99 {\n  call f\n}\n"
    let error = try #require(throws: ScenarioError.self) {
      try Scenario(parsing: text, file: "x.scenario")
    }
    #expect(error.description == "x.scenario:2: count takes a number from 1 to 32, not '99'")
  }

  /// A binary file is refused in one short line, not echoed.
  @Test func aBinaryFileIsRefusedWithoutEchoingIt() throws {
    let bytes = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    let error = try #require(throws: ScenarioError.self) {
      try Scenario(parsing: String(decoding: bytes, as: UTF8.self), file: "junk.bin")
    }
    #expect(error.description == "junk.bin: binary data (a NUL byte at offset 0), not a scenario")
    let long = "scenario x\nthread t \(String(repeating: "\u{7}w", count: 2000)) {\n}\n"
    let echoed = try #require(throws: ScenarioError.self) {
      try Scenario(parsing: long, file: "x.scenario")
    }
    #expect(echoed.description.count < 260 && !echoed.description.contains("\u{7}"))
  }

  @Test func missingClosingBraceIsReported() throws {
    let text = "scenario x\nthread t {\n  loop {\n    call f\n}\n"
    let error = try #require(throws: ScenarioError.self) {
      try Scenario(parsing: text, file: "x.scenario")
    }
    #expect(error.description == "x.scenario:5: missing '}'")
  }

  @Test func retryOutsideALoopIsReportedWhenCompiled() throws {
    let scenario = try Scenario(
      parsing: "scenario x\nthread t {\n  trylock a else retry\n}\n", file: "x.scenario")
    let error = try #require(throws: ScenarioError.self) { try Simulator.run(scenario) }
    #expect(error.description == "x.scenario:3: 'retry' outside a loop")
  }

  @Test func unknownVariantListsTheVariants() throws {
    let scenario = try ScenarioFiles.scenario("mmap-lock-recursion")
    let error = try #require(throws: ScenarioError.self) {
      try Simulator.run(scenario, variants: ["nested"])
    }
    #expect(error.message == "no variant 'nested' (variants: recursive, single)")
  }

  @Test func countMakesNumberedThreadsOnSuccessiveCPUs() throws {
    let text = """
      scenario copies
      cpus 3
      preempt none
      thread worker count 3 on cpu 0 {
        lock l
        progress "in"
        unlock l
      }
      """
    let run = try #require(try Simulator.run(Scenario(parsing: text, file: "copies")).first)
    #expect(run.verdict == .ok)
    let full = try #require(
      try Simulator.run(
        Scenario(
          parsing: text.replacingOccurrences(of: "unlock l", with: "call nothing"), file: "c")
      )
      .first)
    #expect(full.verdict == .deadlock)
    #expect(Set(full.trace.map(\.thread)) == ["worker1", "worker2", "worker3"])
  }
}
