import Foundation

@testable import MailThread

/// The package root, found from this file's path.
let packageRoot: URL = {
  var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
    url = url.deletingLastPathComponent()
  }
  return url
}()

func fixture(_ relative: String) -> String {
  packageRoot.appendingPathComponent("Fixtures").appendingPathComponent(relative).path
}

/// Reads one seed and reviews it.
func seed(_ number: Int) throws -> ThreadReview {
  let folder = fixture("seeds")
  let name = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    .first { $0.hasPrefix(String(format: "%03d_", number)) }!
  return ThreadReview(try MailArchive.read(path: folder + "/" + name))
}
