/// Why a report could not be rendered.
public enum ReportError: Error, Sendable, CustomStringConvertible {
  /// A template could not be read or parsed: the file and the reason.
  case template(file: String, reason: String)
  /// A form's templates lack the one it starts from (`html/page.mustache`).
  case missingTemplate(form: String, name: String, searched: [String])

  public var description: String {
    switch self {
    case .template(let file, let reason): "\(file): \(reason)"
    case .missingTemplate(let form, let name, let searched):
      "no template \(form)/\(name).mustache (looked in \(searched.joined(separator: ", ")))"
    }
  }
}
