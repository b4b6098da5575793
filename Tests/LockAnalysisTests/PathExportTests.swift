import Foundation
import LockAnalysis
import Testing

/// The paths `lockstep analyze --paths --json` exports, in the PATHS.md shape the simulator reads.
@Suite struct PathExportTests {
  @Test func theFailedTrylockPathOfTheFixReadsAsPathsMdOperations() throws {
    let result = try treeAnalyzer(at: "v7.0-rc1").analyze(try seedPatch("000"))
    let swap = try #require(result.functions.first { $0.name == "do_swap_page" })
    #expect(swap.file == "mm/memory.c")
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let json = String(decoding: try encoder.encode(swap), as: UTF8.self)
    #expect(json.contains("\"op\":\"map-lock\""))
    #expect(json.contains("\"op\":\"trylock\""))
    #expect(json.contains("\"outcome\":\"failed\""))
    #expect(json.contains("\"op\":\"wait-unlocked\""))
    #expect(json.contains("\"releases\":\"vmf->ptl\""))
    #expect(json.contains("\"retries\":true"))
    let before = try #require(
      swap.before?.paths.first { path in
        path.ops.contains { $0.op == .trylock && $0.outcome == "failed" } && path.returnValue == "0"
      })
    #expect(before.retries)
    #expect(before.ops.map(\.op).contains(.unmapUnlock))
  }
}
