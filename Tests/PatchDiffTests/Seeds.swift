import Foundation
import Testing

/// The seed mails and the package root, located from this file's path.
enum Seeds {
  static let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
    {
      url.deleteLastPathComponent()
    }
    return url
  }()

  /// The text of the seed whose file name starts with `number` ("000", "001", …).
  static func text(_ number: String) throws -> String {
    let folder = packageRoot.appendingPathComponent("Fixtures/seeds")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    let name = try #require(names.first { $0.hasPrefix(number + "_") })
    return try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
  }
}
