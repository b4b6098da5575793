import Foundation

/// The real b4 from PyPI at a pinned version, in a virtual environment made once per build
/// folder (`.build/b4-VERSION-venv`), for the tests that run b4's own code.
public enum B4Install {
  /// The venv's `python`, with `b4==version` installed; the failure of `python3 -m venv` or
  /// `pip install` (no network, no `python3-venv`) when it cannot be made.
  public static func python(version: String) -> Result<String, CommandFailure> {
    let venv = Paths.packageRoot.appendingPathComponent(".build/b4-\(version)-venv")
    let python = venv.appendingPathComponent("bin/python").path
    let marker = venv.appendingPathComponent(".installed").path
    if !FileManager.default.fileExists(atPath: marker) {
      do throws(CommandFailure) {
        try run(["python3", "-m", "venv", "--clear", venv.path])
        try run([python, "-m", "pip", "install", "-q", "b4==\(version)"])
        _ = FileManager.default.createFile(atPath: marker, contents: Data())
      } catch {
        return .failure(error)
      }
    }
    return .success(python)
  }
}
