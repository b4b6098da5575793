import Foundation
import TestSupport
import Testing

/// The real b4 from PyPI, in a virtual environment made once under `.build/b4-venv`; the
/// error of `python3 -m venv` or `pip install b4` when it cannot be made.
private let b4: Result<String, CommandFailure> = {
  let venv = Paths.packageRoot.appendingPathComponent(".build/b4-venv")
  let program = venv.appendingPathComponent("bin/b4").path
  if !FileManager.default.isExecutableFile(atPath: program) {
    do throws(CommandFailure) {
      try run(["python3", "-m", "venv", venv.path])
      try run([venv.appendingPathComponent("bin/pip").path, "install", "-q", "b4"])
    } catch {
      return .failure(error)
    }
  }
  return .success(program)
}()

/// `Cc: <stable@vger.kernel.org> # v6.15+` as b4 writes it: `Cc: stable@vger.kernel.org # v6.15+`.
private func normalized(_ trailer: String) -> String {
  guard let colon = trailer.firstIndex(of: ":") else { return trailer }
  let value = trailer[trailer.index(after: colon)...].trimmingCharacters(in: .whitespaces)
  guard value.hasPrefix("<"), let close = value.firstIndex(of: ">") else { return trailer }
  let address = value[value.index(after: value.startIndex)..<close]
  return "\(trailer[..<colon]): \(address)\(value[value.index(after: close)...])"
}

@Test func theTrailersOfTheNewestVersionAreThoseB4AmApplies() throws {
  let b4 = try b4.get()
  let work = try GitSandbox()
  let mbox = fixture("mail/livelock-thread.mbox")
  // b4 asks lore for more trailers; no network here: a closed local port answers at once.
  try run(
    b4,
    ["am", "-m", mbox, "-o", work.path, "20260203143400.6231-1-thomas.hellstrom@linux.intel.com"],
    in: work.root,
    environment: [
      "HOME": work.path, "https_proxy": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9",
    ])
  let mbx = try #require(
    try FileManager.default.contentsOfDirectory(atPath: work.path).first { $0.hasSuffix(".mbx") })
  let applied = try String(contentsOfFile: work.path + "/" + mbx, encoding: .utf8)
  let message = try #require(applied.components(separatedBy: "\n---\n").first)
  let b4Trailers = message.split(separator: "\n").map(String.init).filter {
    $0.range(of: #"^[A-Z][A-Za-z-]+: "#, options: .regularExpression) != nil
      && !$0.hasPrefix("Subject:") && !$0.hasPrefix("From:") && !$0.hasPrefix("Date:")
      && !$0.hasPrefix("Message-Id:") && !$0.hasPrefix("Content-")
      && !$0.hasPrefix("MIME-") && !$0.hasPrefix("Link:")
  }
  #expect(b4Trailers.contains("Tested-by: Matthew Brost <matthew.brost@intel.com>"))

  let output = try run(Paths.lockstep, ["thread", mbox, "--json"], in: Paths.packageRoot)
  let json = try #require(
    try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
  let series = try #require((json["series"] as? [[String: Any]])?.first)
  let v3 = try #require((series["versions"] as? [[String: Any]])?.last)
  let patch = try #require((v3["patches"] as? [[String: Any]])?.first)
  let ours = (patch["trailers"] as? [[String: Any]] ?? []).map {
    normalized("\($0["name"] as? String ?? ""): \($0["value"] as? String ?? "")")
  }
  #expect(ours == b4Trailers.map(normalized))
}
