import Foundation

/// Renders an ``AnnotatedThread`` in every form through the Mustache templates of
/// `Templates/` (each overridable by a file of the same name under `--templates DIR`).
///
/// ```swift
/// let renderer = try ReportRenderer(templates: nil)
/// let page = try renderer.render(report, as: .html)
/// ```
public struct ReportRenderer {
  let override: String?
  /// Named in the page's footer and the mail's signature.
  public var generator = "lockstep annotate"

  /// Checks that `templates` (a folder with `html/`, `md/`, `mbox/` subfolders holding
  /// `*.mustache` files) parses; nil uses the shipped templates only.
  public init(templates: String?) throws(ReportError) {
    override = templates
    for form in ["html", "md", "mbox"] { _ = try TemplateSet(form: form, override: templates) }
  }

  public func render(_ report: AnnotatedThread, as format: ReportFormat) throws(ReportError)
    -> String
  {
    switch format {
    case .html:
      let set = try TemplateSet(form: "html", override: override)
      return try set.render(PageView(report, generator: generator), "page")
    case .md:
      let set = try TemplateSet(form: "md", override: override)
      return try set.render(PageView(report, generator: generator), "report")
    case .mbox:
      let set = try TemplateSet(form: "mbox", override: override)
      return try ReplyMail.mbox(report, templates: set, generator: generator)
    case .json:
      return JSONForm.text(report)
    }
  }
}
