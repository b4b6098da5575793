import Foundation
import TestSupport
import Testing

/// A scenario whose `default-paths` file is missing: the error names that file.
@Test func aMissingDefaultPathsFileIsNamed() throws {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "lockstep-scenario-\(UUID())")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: folder) }
  let scenario = folder.appendingPathComponent("x.scenario")
  try Data(
    "scenario x\ndefault-paths exports/missing.json\nthread t {\n  call f\n}\n".utf8
  ).write(to: scenario)
  let result = try runCapturing(Paths.lockstep, ["simulate", scenario.path])
  #expect(result.status == 74)
  #expect(result.stderr.contains("default-paths exports/missing.json: cannot read"))
  #expect(result.stderr.contains(folder.appendingPathComponent("exports/missing.json").path))
}
