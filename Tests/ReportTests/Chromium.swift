import Foundation
import TestSupport

/// Debian's `chromium`, run headless on a page the way a reviewer's browser opens it.
enum Chromium {
  /// The browser on the PATH, or nil (then the browser tests skip, saying how to install it).
  static let path: String? = {
    let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
    for name in ["chromium", "chromium-browser"] {
      for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)")
      {
        return "\(folder)/\(name)"
      }
    }
    return nil
  }()

  static let missing =
    "chromium is not installed: 'apt-get install chromium' (make test installs it) to run the page in a browser"

  /// The browser's flags for one run: headless, no GPU, a profile of its own, the window size.
  static func flags(_ folder: URL, width: Int, height: Int) -> [String] {
    [
      "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
      "--user-data-dir=\(folder.appendingPathComponent("profile-\(UUID())").path)",
      "--window-size=\(width),\(height)",
    ]
  }

  /// A screenshot of `page` at `width` × `height` CSS pixels, as PNG bytes.
  static func screenshot(_ page: URL, width: Int, height: Int, in folder: URL) throws -> Data {
    let png = folder.appendingPathComponent("shot-\(width).png")
    _ = try runCapturing(
      "/usr/bin/timeout",
      ["120", path!] + flags(folder, width: width, height: height) + [
        "--screenshot=\(png.path)", page.absoluteString,
      ])
    return try Data(contentsOf: png)
  }

  /// The DOM after the page (and any script added to it) has run, serialized.
  static func dom(_ page: URL, width: Int, in folder: URL) throws -> String {
    try runCapturing(
      "/usr/bin/timeout",
      ["120", path!] + flags(folder, width: width, height: 900) + [
        "--virtual-time-budget=3000", "--allow-file-access-from-files", "--dump-dom",
        page.absoluteString,
      ]
    ).stdout
  }
}

extension Chromium {
  /// `page` printed to PDF as a reviewer's "Print" does (print media, no header or footer).
  static func pdf(_ page: URL, in folder: URL) throws -> Data {
    let pdf = folder.appendingPathComponent("print-\(UUID()).pdf")
    _ = try runCapturing(
      "/usr/bin/timeout",
      ["120", path!] + flags(folder, width: 1024, height: 900) + [
        "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page.absoluteString,
      ])
    return try Data(contentsOf: pdf)
  }

  /// The pages of a PDF (`/Type /Page` objects) and its document title (Chromium writes the
  /// page's `<title>` as UTF-16 hex).
  static func pdfSummary(_ pdf: Data) -> (pages: Int, title: String?) {
    let text = String(decoding: pdf, as: UTF8.self)
    let pages = text.matches(of: /\/Type\s*\/Page[^s]/).count
    guard let match = text.firstMatch(of: /\/Title\s*<FEFF([0-9A-Fa-f]*)>/) else {
      return (pages, nil)
    }
    let hex = Array(match.1)
    var units: [UInt16] = []
    var index = 0
    while index + 4 <= hex.count {
      units.append(UInt16(String(hex[index..<index + 4]), radix: 16) ?? 0x3F)
      index += 4
    }
    return (pages, String(decoding: units, as: UTF16.self))
  }
}
