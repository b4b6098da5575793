import Testing

@testable import PathSimulator

/// The compiler recurses once per nested statement: a scenario built in code (not read by the
/// parser, which stops at 200 levels) is refused past `Compiler.maxDepth`, never a stack
/// overflow, and one nested within the bound still compiles.
@Suite struct CompilerBoundTests {
  private func scenario(loopsDeep depth: Int) -> Scenario {
    var body = [
      Statement(kind: .simple(.lock, object: "l", releasing: nil), line: 3, text: "lock l"),
      Statement(kind: .simple(.unlock, object: "l", releasing: nil), line: 4, text: "unlock l"),
    ]
    for _ in 0..<depth {
      let exit = Statement(kind: .breakLoop, line: 2, text: "break")
      body = [Statement(kind: .loop(body + [exit]), line: 2, text: "loop")]
    }
    return Scenario(
      name: "deep", title: "", file: "built-in-code", defaultPaths: nil, cpus: [1],
      preempt: [.none], objects: [],
      threads: [ThreadSpec(name: "t", cpu: nil, body: body, line: 1)],
      variants: [VariantSpec(name: "main", threads: [])], expectations: [])
  }

  @Test func statementsNestedPastTheBoundAreAnErrorNotACrash() throws {
    let error = try #require(throws: ScenarioError.self) {
      try Compiler.compile(
        scenario(loopsDeep: Compiler.maxDepth + 10), variant: "main", cpus: 1, paths: nil)
    }
    #expect(error.description.contains("nested more than \(Compiler.maxDepth) deep"))
    let within = try Compiler.compile(
      scenario(loopsDeep: Compiler.maxDepth - 10), variant: "main", cpus: 1, paths: nil)
    #expect(within.instructions.contains { $0.opcode == .lock })
  }
}
