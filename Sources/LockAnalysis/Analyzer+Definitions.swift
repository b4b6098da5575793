import CSyntax

extension Analyzer {
  /// The definition of `name` that the changed lines are in, else the first one: a file may
  /// define a function twice, under `#ifdef` and `#else` (6.1 zsmalloc.c's empty
  /// `migrate_read_lock()` without CONFIG_COMPACTION, before the real one), and a patch to the
  /// second is about the second.
  static func definition(named name: String, in file: SourceFile, changed: Set<Int>)
    -> Function?
  {
    guard let first = file.function(named: name) else { return nil }
    func isChanged(_ function: Function) -> Bool {
      changed.contains { function.line <= $0 && $0 <= function.endLine }
    }
    guard !changed.isEmpty, !isChanged(first) else { return first }
    return file.functions.first { $0.name == name && isChanged($0) } ?? first
  }
}
