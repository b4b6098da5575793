import Foundation
import ShippedResources

/// The templates `lockstep annotate` renders with: this folder's `html/`, `md/` and `mbox/`
/// (Mustache files, one per part of the report), shipped with the executable.
///
/// ```swift
/// ShippedTemplates.folder(.init("html"))  // …/Templates/html, holding page.mustache and its partials
/// ```
public enum ShippedTemplates {
  /// The shipped folder of one output form's templates, or nil when the bundle lacks it.
  public static func folder(_ form: String) -> URL? {
    ShippedResources.url(form, module: "ReportTemplates")
  }
}
