import Claims
import Foundation

/// Renders `lockstep claims`' text through `Templates/text/claims.mustache`, which a file of
/// the same name in `--templates DIR/text/` replaces.
///
/// ```swift
/// let text = try ClaimsRenderer(templates: nil).render(report)
/// ```
public struct ClaimsRenderer {
  private let text: TemplateSet

  /// Reads and parses the template (the shipped one, or `templates/text/claims.mustache`).
  ///
  /// - Throws: ``ReportError`` naming the folder that is not there or the template that
  ///   cannot be read or parsed.
  public init(templates: String?) throws(ReportError) {
    try TemplateSet.requireFolder(templates)
    text = try TemplateSet(form: "text", override: templates)
  }

  public func render(_ report: ClaimsReport) throws(ReportError) -> String {
    try text.render(ClaimsView(report), "claims")
  }
}
