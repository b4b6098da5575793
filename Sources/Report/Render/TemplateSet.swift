import Foundation
import Mustache
import ReportTemplates

/// The Mustache templates of one output form: the shipped `Templates/<form>/*.mustache`,
/// each replaced by the file of the same name in `<override>/<form>/` when there is one.
///
/// ```swift
/// let html = try TemplateSet(form: "html", override: "my-templates")
/// html.render(view, "page")
/// ```
struct TemplateSet {
  let library: MustacheLibrary
  let form: String
  let searched: [String]

  init(form: String, override: String?) throws(ReportError) {
    var folders: [String] = []
    if let shipped = ShippedTemplates.folder(form) { folders.append(shipped.path) }
    if let override { folders.append((override as NSString).appendingPathComponent(form)) }
    var templates: [String: MustacheTemplate] = [:]
    for folder in folders {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
      for name in names.sorted() where name.hasSuffix(".mustache") {
        let path = (folder as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: path) else {
          throw .template(file: path, reason: "cannot read the file")
        }
        do {
          templates[String(name.dropLast(".mustache".count))] = try MustacheTemplate(
            string: String(decoding: data, as: UTF8.self))
        } catch {
          throw .template(file: path, reason: "not a Mustache template (\(error))")
        }
      }
    }
    library = MustacheLibrary(templates: templates)
    self.form = form
    searched = folders
  }

  /// That `--templates DIR` names a folder.
  ///
  /// - Throws: ``ReportError/noTemplateFolder(path:)`` (exit 74) when it does not.
  static func requireFolder(_ path: String?) throws(ReportError) {
    var isFolder: ObjCBool = false
    if let path,
      !FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) || !isFolder.boolValue
    {
      throw .noTemplateFolder(path: path)
    }
  }

  /// `object` rendered with the template `name` (partials from the same set).
  func render(_ object: Any, _ name: String) throws(ReportError) -> String {
    guard let text = library.render(object, withTemplate: name) else {
      throw .missingTemplate(form: form, name: name, searched: searched)
    }
    return text
  }
}
