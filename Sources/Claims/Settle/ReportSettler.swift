import MailThread

/// Settles `Reported-by:` / `Closes:` when the report is in the thread: a splat in the
/// message the `Closes:` link names, or in a mail from the reporter. The patch must change a
/// function or a file the report names. A report the thread does not hold is no claim here.
///
/// ```swift
/// ReportSettler(context: context).settle(closes, version: v3)
/// // confirmed: v3 changes do_swap_page() (mm/memory.c), which the build robot's report names
/// ```
struct ReportSettler {
  let context: SettlingContext

  func settle(_ trailer: MailThread.Trailer, version: PostedVersion) -> Settlement? {
    let messages = context.input.archive.messages
    let reporter = Mailbox(parsing: trailer.value).address?.lowercased()
    let named = messages.indices.filter { index in
      let message = messages[index]
      if let id = message.id, trailer.value.contains(id) { return true }
      guard trailer.name.lowercased() == "reported-by", let reporter else { return false }
      return message.from?.address?.lowercased() == reporter
    }
    let splats = named.flatMap { context.input.thread.splats[$0] }
    guard !splats.isEmpty else { return nil }
    let files = Set(version.patch.files.map(\.path))
    let functions = Set(
      version.analysis.functions.map(\.name)
        + version.patch.files.flatMap { $0.hunks.map(\.section) }.compactMap(Self.function))
    let label = version.version ?? "the patch"
    for splat in splats {
      for site in splat.sites {
        let function = site.function.map(SplatSettler.plainName)
        if let function, functions.contains(function) {
          return .confirmed([
            Evidence(
              .diff, file: site.file, line: site.line,
              "\(label) changes \(function)(), which the report (\(splat.title)) names")
          ])
        }
        if let file = site.file, files.contains(file) {
          return .confirmed([
            Evidence(.diff, file: file, "\(label) changes \(file), which the report names")
          ])
        }
      }
    }
    let places = splats.flatMap(\.sites).map { site in
      [site.function.map { "\(SplatSettler.plainName($0))()" }, site.file].compactMap { $0 }
        .joined(separator: " in ")
    }
    return .refuted([
      Evidence(
        .diff,
        "\(label) changes none of what the report names (\(places.joined(separator: ", ")))")
    ])
  }

  /// The function a hunk header names: `vm_fault_t do_swap_page(struct vm_fault *vmf)`.
  static func function(_ section: String) -> String? {
    guard let open = section.firstIndex(of: "(") else { return nil }
    let name = section[..<open].split(separator: " ").last.map { String($0.drop { $0 == "*" }) }
    return name?.isEmpty == false ? name : nil
  }
}
