import Foundation

/// The unmutated files analyzed whole (`lockstep analyze --whole-file`), for the error
/// findings the analysis gives on code without a planted bug (false errors, or real bugs).
public struct Baseline: Sendable {
  public var lockstep: String
  public var repository: String

  public init(lockstep: String, repository: String) {
    self.lockstep = lockstep
    self.repository = repository
  }

  /// Error findings of `files` (paths relative to the repository).
  public func errors(files: [String]) -> [AnalyzeJSON.Finding] {
    guard !files.isEmpty else { return [] }
    let output = FileManager.default.temporaryDirectory.appendingPathComponent(
      "mutation-baseline-\(getpid()).json")
    defer { try? FileManager.default.removeItem(at: output) }
    let arguments =
      ["analyze", "--json"] + files.flatMap { ["--whole-file", "\(repository)/\($0)"] }
    let status = MutantRunner.execute(lockstep, arguments, output: output, timeout: 600)
    guard status == 0 || status == 1, let data = try? Data(contentsOf: output),
      let json = try? JSONDecoder().decode(AnalyzeJSON.self, from: data)
    else { return [] }
    return json.findings.filter { $0.severity == "error" }.map { finding in
      var finding = finding
      if finding.file.hasPrefix(repository + "/") { finding.file.removeFirst(repository.count + 1) }
      return finding
    }
  }
}
