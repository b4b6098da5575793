import KernelTree

extension LineChecker {
  /// The identifiers the patch adds or relies on that the line lacks (with what brings
  /// them and the older spelling the line uses), and functions it has with another
  /// signature. Identifiers an earlier patch of the series adds are not missing.
  func needs() throws(KernelTreeError) -> [MissingIdentifier] {
    let found = try context.index.search(tree, at: line.tip, under: context.scope)
    var missing: [MissingIdentifier] = []
    for use in context.identifiers.uses where !earlier.provided.contains(use.name) {
      if let paths = found[use.name] {
        if let changed = try signatureChange(of: use, in: paths) { missing.append(changed) }
        continue
      }
      if use.kind == .function, use.definition != nil { continue }  // the patch adds it
      if use.declared { continue }  // a variable or parameter the patch declares
      let origin = try context.history().origin(of: use.name, index: context.index)
      var renamed = origin?.renamedFrom ?? context.renames.older[use.name]
      if let old = renamed, !(try lineHas(old, known: found)) { renamed = nil }
      let introduced = origin.map {
        MissingIdentifier.Introduction(
          commit: $0.commit?.id.hex, subject: $0.commit?.subject, release: $0.release)
      }
      missing.append(
        MissingIdentifier(
          identifier: use.name, kind: use.kind, signatureHere: nil, signatureUpstream: nil,
          renamedFrom: renamed, introducedBy: introduced))
    }
    return missing
  }

  /// For a check of which lines are affected, which searches no folder for identifiers: the
  /// older spelling (``RenameTable``) of each identifier the patch uses that the patch's own
  /// files on the line lack while they have the older one, as ``needs()`` would find it
  /// missing there and renamed.
  func olderSpellings(in texts: [String: String]) -> [String: String] {
    var respellings: [String: String] = [:]
    let files = texts.values.map { Array($0.utf8) }
    for use in context.identifiers.uses where !earlier.provided.contains(use.name) {
      guard let old = context.renames.older[use.name],
        !files.contains(where: { IdentifierIndex.contains($0, use.name) }),
        files.contains(where: { IdentifierIndex.contains($0, old) })
      else { continue }
      respellings[use.name] = old
    }
    return respellings
  }

  /// Whether the line's files (in the searched folders) have `name`.
  func lineHas(_ name: String, known: [String: [String]]) throws(KernelTreeError) -> Bool {
    if context.index.names.contains(name) { return known[name] != nil }
    return !(try IdentifierIndex(names: [name]).search(tree, at: line.tip, under: context.scope))
      .isEmpty
  }

  /// A function the patch calls or defines with a number of arguments no declaration in
  /// the line takes: both signatures.
  func signatureChange(of use: PatchIdentifiers.Use, in paths: [String]) throws(KernelTreeError)
    -> MissingIdentifier?
  {
    guard use.kind == .function, let arity = use.arity else { return nil }
    var heads: [String] = []
    for path in paths.prefix(8) {
      guard let text = try tree.file(at: line.tip.hex, path: path)?.text else { continue }
      heads += Declarations.heads(of: use.name, in: text)
    }
    guard let here = heads.first,
      !heads.contains(where: { Declarations.arity($0) == arity })
    else { return nil }
    var upstream = use.definition.flatMap { Declarations.heads(of: use.name, in: $0).first }
    if upstream == nil { upstream = try mainlineHead(of: use.name, in: paths) }
    return MissingIdentifier(
      identifier: use.name, kind: .function, signatureHere: here, signatureUpstream: upstream,
      renamedFrom: nil, introducedBy: nil)
  }

  /// The function's head on mainline, read from the same files.
  private func mainlineHead(of name: String, in paths: [String]) throws(KernelTreeError)
    -> String?
  {
    let head = try tree.mainlineHead()
    for path in paths.prefix(8) {
      guard let text = try tree.file(at: head.hex, path: path)?.text else { continue }
      if let found = Declarations.heads(of: name, in: text).first { return found }
    }
    return nil
  }
}
