import Foundation

/// The on-disk cache of ``LineScan``s (one tab-separated file per line tip) and
/// ``ReleaseIndex``es (one binary file per set of releases).
///
/// Lives in `$LOCKSTEP_CACHE_DIR`, else `$XDG_CACHE_HOME/lockstep`, else
/// `~/.cache/lockstep` (a temporary folder when `$HOME` does not exist); never inside the
/// repository under review. A store that cannot be written is silently skipped: the cache
/// only saves time.
struct TreeCache: Sendable {
  let directory: URL?

  static var standard: TreeCache {
    TreeCache(directory: standardDirectory(ProcessInfo.processInfo.environment))
  }

  /// The cache folder for an environment. Only the cache's own folders are ever made: a
  /// `$HOME` (or the folder above `$XDG_CACHE_HOME`) that does not exist is not created —
  /// the cache then lives in the temporary folder, as `lockstep-cache-UID`.
  static func standardDirectory(_ environment: [String: String]) -> URL {
    let manager = FileManager.default
    if let explicit = environment["LOCKSTEP_CACHE_DIR"], !explicit.isEmpty {
      return URL(fileURLWithPath: explicit)
    }
    if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
      let folder = URL(fileURLWithPath: xdg)
      if manager.fileExists(atPath: folder.deletingLastPathComponent().path) {
        return folder.appendingPathComponent("lockstep")
      }
    }
    if let home = environment["HOME"], !home.isEmpty, manager.fileExists(atPath: home) {
      return URL(fileURLWithPath: home).appendingPathComponent(".cache/lockstep")
    }
    return URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
      "lockstep-cache-\(getuid())")
  }

  static let disabled = TreeCache(directory: nil)

  func loadReleaseIndex(key: String, releases: [Release]) -> ReleaseIndex? {
    guard let url = directory?.appendingPathComponent("releases-\(key).bin"),
      let data = try? Data(contentsOf: url), let flag = data.first,
      (data.count - 1) % ReleaseIndex.recordSize == 0
    else { return nil }
    return ReleaseIndex(releases: releases, isLinear: flag == 1, records: Array(data.dropFirst()))
  }

  func saveReleaseIndex(_ index: ReleaseIndex, key: String) {
    write(Data([index.isLinear ? 1 : 0] + index.records), named: "releases-\(key).bin")
  }

  private func file(for tip: ObjectID) -> URL? {
    directory?.appendingPathComponent("line-\(tip.hex).tsv")
  }

  /// The first line of a line-scan file, with the number of entries that follow; the last
  /// line is ``scanEnd``. A file without both, or with another count (empty, cut short by a
  /// full disk, written by an older version), is not trusted: the line is scanned again.
  static let scanHeader = "# lockstep line scan 1 entries "
  static let scanEnd = "# end"

  func load(tip: ObjectID) -> LineScan? {
    guard let url = file(for: tip), let data = try? Data(contentsOf: url) else { return nil }
    let lines = String(decoding: data, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    guard lines.count >= 3, lines.last == "", lines[lines.count - 2] == Self.scanEnd,
      lines[0].hasPrefix(Self.scanHeader),
      Int(lines[0].dropFirst(Self.scanHeader.count)) == lines.count - 3
    else { return nil }
    var entries: [LineScan.Entry] = []
    for line in lines[1..<(lines.count - 2)] {
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

  /// Writes a scan as bytes, without a string per field: a line scan has thousands of
  /// entries and is saved by the run that made it.
  func save(_ scan: LineScan) {
    guard let url = file(for: scan.tip) else { return }
    var bytes = Array((Self.scanHeader + "\(scan.entries.count)\n").utf8)
    bytes.reserveCapacity(scan.entries.count * 120)
    let (tab, newline, separator) = (UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(0x1F))
    for entry in scan.entries {
      bytes += entry.id.hex.utf8
      bytes.append(tab)
      bytes += (entry.upstream ?? "").utf8
      bytes.append(tab)
      bytes += (entry.patchID?.hex ?? "").utf8
      bytes.append(tab)
      if let paths = entry.paths {
        for (number, path) in paths.enumerated() {
          if number > 0 { bytes.append(separator) }
          bytes += path.utf8
        }
      } else {
        bytes.append(UInt8(ascii: "-"))
      }
      bytes.append(tab)
      // A tab in a subject would start another field.
      for byte in entry.subject.utf8 { bytes.append(byte == tab ? UInt8(ascii: " ") : byte) }
      bytes.append(newline)
    }
    bytes += (Self.scanEnd + "\n").utf8
    write(Data(bytes), named: url.lastPathComponent)
  }

  /// Writes through a temporary file and a rename, so readers never see half a file.
  private func write(_ data: Data, named name: String) {
    guard let directory else { return }
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let temporary = directory.appendingPathComponent(".\(name).\(getpid()).tmp")
    guard (try? data.write(to: temporary)) != nil else { return }
    if rename(temporary.path, directory.appendingPathComponent(name).path) != 0 {
      try? FileManager.default.removeItem(at: temporary)
    }
  }
}
