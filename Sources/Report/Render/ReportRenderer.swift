import Foundation

/// Renders an ``AnnotatedThread`` in every form through the Mustache templates of
/// `Templates/` (each overridable by a file of the same name under `--templates DIR`).
///
/// ```swift
/// let renderer = try ReportRenderer(templates: nil)
/// let page = try renderer.render(report, as: .html)
/// ```
public struct ReportRenderer {
  private let html: TemplateSet
  private let markdown: TemplateSet
  private let mail: TemplateSet
  /// Named in the page's footer and the mail's signature.
  public var generator = "lockstep annotate"

  /// Reads and parses the templates: the shipped ones, each replaced by the file of the same
  /// name under `templates` (a folder with `html/`, `md/`, `mbox/` subfolders), if given.
  public init(templates: String?) throws(ReportError) {
    try TemplateSet.requireFolder(templates)
    html = try TemplateSet(form: "html", override: templates)
    markdown = try TemplateSet(form: "md", override: templates)
    mail = try TemplateSet(form: "mbox", override: templates)
  }

  public func render(_ report: AnnotatedThread, as format: ReportFormat) throws(ReportError)
    -> String
  {
    switch format {
    case .html: return try html.render(PageView(report, generator: generator), "page")
    case .md: return try markdown.render(PageView(report, generator: generator), "report")
    case .mbox: return try ReplyMail.mbox(report, templates: mail, generator: generator)
    case .json:
      return JSONForm.text(report)
    }
  }
}
