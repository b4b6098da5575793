import Foundation
import TestSupport
import Testing

/// A scenario whose `default-paths` file is missing: the error names that file.
@Test func aMissingDefaultPathsFileIsNamed() throws {
  let folder = try TemporaryFolder("lockstep-scenario")
  let scenario = try folder.write(
    "x.scenario", "scenario x\ndefault-paths exports/missing.json\nthread t {\n  call f\n}\n")
  let result = try runCapturing(Paths.lockstep, ["simulate", scenario.path])
  #expect(result.status == 74)
  #expect(result.stderr.contains("default-paths exports/missing.json: cannot read"))
  #expect(result.stderr.contains(folder.url.appendingPathComponent("exports/missing.json").path))
}
