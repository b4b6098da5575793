import CSyntax

/// Settles "X is called only once" — "From the migrate code it looks like it's calling
/// lru_add_drain_all() once only", "foo() has a single caller" — by counting the call sites
/// of X in the function bodies of the tree at the base, where the statement says to look: the
/// files named for its scope ("the migrate code": `mm/migrate.c`, `mm/migrate_device.c`, …),
/// else X's own file when X is `static`, else every file of the folders read.
///
/// ```swift
/// CallSiteSettler(context: context).settle("lru_add_drain_all", scope: "migrate", index: index)
/// // confirmed: mm/migrate_device.c:394: the one call of lru_add_drain_all() in files named *migrate*
/// ```
///
/// - Complexity: a byte search of the files in scope (every file of the folders read when X
///   is not static and no scope is stated), and one parse of each file that names X.
struct CallSiteSettler {
  let context: SettlingContext

  struct Site {
    var file: String
    var line: Int
    var caller: String
  }

  /// The calls of `name` in the function bodies of `file`.
  static func sites(of name: String, in file: SourceFile) -> [Site] {
    var sites: [Site] = []
    for function in file.functions where function.name != name {
      let tokens = function.bodyTokens
      for (position, token) in tokens.enumerated()
      where token.kind == .identifier && token.text == name && position + 1 < tokens.count
        && tokens[position + 1].isPunct("(")
      {
        sites.append(Site(file: file.path, line: token.line, caller: function.name))
      }
    }
    return sites
  }

  func settle(_ name: String, scope: String?, index: TreeIndex) -> Settlement {
    guard !name.isEmpty, index.definition(of: name) != nil else {
      if let closest = context.closestName(to: name) { return .refuted([closest]) }
      return .unverifiable(
        needs: "the definition of \(name)() (the tree at \(context.baseName) has none)")
    }
    let defined = index.function(named: name)
    let isStatic = defined?.function.returnType.split(separator: " ").contains("static") ?? false
    let paths: Set<String>?
    let searched: String
    if let scope {
      paths = Set(
        index.allPaths.filter { path in
          (path.split(separator: "/").last ?? "").lowercased().contains(scope)
        })
      searched = "the files named *\(scope)*"
    } else if isStatic, let defined {
      paths = [defined.file.path]
      searched = "\(defined.file.path), where the static \(name)() is defined"
    } else {
      paths = nil
      searched = index.folders.joined(separator: ", ")
    }
    var sites: [Site] = []
    for path in index.files(naming: name, among: paths) {
      guard let file = index.source(path) else { continue }
      sites += Self.sites(of: name, in: file)
    }
    let at = "at \(context.baseName)"
    let evidence = sites.prefix(4).map { site in
      Evidence(.tree, file: site.file, line: site.line, "\(site.caller)() calls \(name)() \(at)")
    }
    switch sites.count {
    case 0:
      return .unverifiable(
        needs: "a call of \(name)() (none in the function bodies of \(searched) \(at); a call "
          + "through a pointer or a macro is not counted)")
    case 1:
      if scope != nil || isStatic {
        return .confirmed(
          [
            Evidence(
              .tree, file: sites[0].file, line: sites[0].line,
              "the one call of \(name)() in \(searched) \(at), in \(sites[0].caller)()")
          ])
      }
      return .unverifiable(
        needs: "a search of the rest of the tree: \(name)() is not static, and only \(searched) "
          + "were searched (one call there)", evidence)
    default:
      return .refuted(
        [Evidence(.tree, "\(sites.count) calls of \(name)() in \(searched) \(at)")] + evidence)
    }
  }
}
