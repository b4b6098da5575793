import Foundation

/// What a stable line's own commits say about their origin, gathered once per line tip.
///
/// A scan lists the commits a line has beyond the mainline release it started from,
/// with the upstream id each names (`commit <sha> upstream.`), its subject, and — filled
/// in lazily, only when a patch-id comparison needs them — the files it touches and its
/// patch-id. A tip id fixes the whole history behind it, so a scan is stored on disk
/// under that id (outside the repository) and reused by later runs.
struct LineScan: Sendable {
  struct Entry: Sendable {
    let id: ObjectID
    let subject: String
    /// The upstream id the message names, as written (7 to 40 hex digits).
    let upstream: String?
    var paths: [String]?
    var patchID: PatchID?
  }

  let tip: ObjectID
  var entries: [Entry]
  /// Whether lazily computed fields changed since the scan was loaded or saved.
  var isDirty = false

  /// The commit that names `upstream` (full id) as its original, if any.
  func pickNaming(_ upstream: ObjectID) -> Entry? {
    entries.first { entry in
      guard let named = entry.upstream else { return false }
      return upstream.hex.hasPrefix(named)
    }
  }
}

/// The on-disk store of ``LineScan``s: one tab-separated file per line tip.
///
/// Lives in `$LOCKSTEP_CACHE_DIR`, else `$XDG_CACHE_HOME/lockstep`, else
/// `~/.cache/lockstep`; never inside the repository under review. A store that cannot
/// be written is silently skipped: the cache only saves time.
struct ScanStore: Sendable {
  let directory: URL?

  static var standard: ScanStore {
    let environment = ProcessInfo.processInfo.environment
    if let explicit = environment["LOCKSTEP_CACHE_DIR"], !explicit.isEmpty {
      return ScanStore(directory: URL(fileURLWithPath: explicit))
    }
    if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
      return ScanStore(directory: URL(fileURLWithPath: xdg).appendingPathComponent("lockstep"))
    }
    if let home = environment["HOME"], !home.isEmpty {
      return ScanStore(
        directory: URL(fileURLWithPath: home).appendingPathComponent(".cache/lockstep"))
    }
    return ScanStore(directory: nil)
  }

  static let disabled = ScanStore(directory: nil)

  private func file(for tip: ObjectID) -> URL? {
    directory?.appendingPathComponent("line-\(tip.hex).tsv")
  }

  func load(tip: ObjectID) -> LineScan? {
    guard let url = file(for: tip), let data = try? Data(contentsOf: url) else { return nil }
    var entries: [LineScan.Entry] = []
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
      let fields = line.split(separator: "\t", maxSplits: 4, omittingEmptySubsequences: false)
      guard fields.count == 5, let id = ObjectID(hex: String(fields[0])) else { return nil }
      entries.append(
        LineScan.Entry(
          id: id, subject: String(fields[4]),
          upstream: fields[1].isEmpty ? nil : String(fields[1]),
          paths: fields[3] == "-" ? nil : fields[3].split(separator: "\u{1F}").map(String.init),
          patchID: fields[2].isEmpty ? nil : PatchID(hex: String(fields[2]))))
    }
    return LineScan(tip: tip, entries: entries)
  }

  func save(_ scan: LineScan) {
    guard let directory, let url = file(for: scan.tip) else { return }
    var text = ""
    for entry in scan.entries {
      let paths = entry.paths.map { $0.joined(separator: "\u{1F}") } ?? "-"
      let subject = entry.subject.replacingOccurrences(of: "\t", with: " ")
      text +=
        "\(entry.id.hex)\t\(entry.upstream ?? "")\t\(entry.patchID?.hex ?? "")\t\(paths)\t\(subject)\n"
    }
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let temporary = directory.appendingPathComponent(".line-\(scan.tip.hex).\(getpid()).tmp")
    guard (try? Data(text.utf8).write(to: temporary)) != nil else { return }
    _ = try? FileManager.default.replaceItemAt(url, withItemAt: temporary)
    if FileManager.default.fileExists(atPath: temporary.path) {
      try? FileManager.default.moveItem(at: temporary, to: url)
    }
  }
}

extension PatchID {
  /// A patch id read back from a cache file.
  init?(hex: String) {
    guard hex.count == 40, hex.allSatisfy(\.isHexDigit) else { return nil }
    self.hex = hex
  }
}
