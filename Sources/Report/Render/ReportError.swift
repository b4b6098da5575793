/// Why a report could not be rendered.
public enum ReportError: Error, Sendable, CustomStringConvertible {
  /// A template could not be read or parsed: the file and the reason.
  case template(file: String, reason: String)
  /// `--templates DIR` names no folder.
  case noTemplateFolder(path: String)
  /// A form's templates lack the one it starts from (`html/page.mustache`).
  case missingTemplate(form: String, name: String, searched: [String])

  /// Whether the failure is I/O (exit 74: a folder that is not there) rather than bad data.
  public var isIOError: Bool {
    if case .noTemplateFolder = self { return true }
    return false
  }

  public var description: String {
    switch self {
    case .template(let file, let reason): "\(file): \(reason)"
    case .noTemplateFolder(let path): "\(path): no such folder of templates"
    case .missingTemplate(let form, let name, let searched):
      "no template \(form)/\(name).mustache (looked in \(searched.joined(separator: ", ")))"
    }
  }
}
