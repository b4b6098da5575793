/// The operators that rewrite statements in place: `pte_unmap_unlock()` → `spin_unlock()`,
/// an unlock swapped with the put after it, a sleeping lock turned into a trylock.
extension MutantGenerator {
  /// `pte_unmap_unlock(pte, ptl)` → `spin_unlock(ptl)` where the function mapped `pte`.
  func conversions(_ scan: FunctionScan) -> [Mutant] {
    var found: [Mutant] = []
    for call in scan.calls where call.isWholeStatement && call.assignedTo == nil {
      guard roles.role(of: call.name) == .unmap(unlocks: true), call.arguments.count == 2,
        let map = roles.mapObject(of: call), onePath(scan, map: map)
      else { continue }
      let site = scan.site(of: call)
      guard scan.ownsLines(site), site.firstLine == site.lastLine else { continue }
      let lock = call.arguments[1]
      let replaced = scan.indent(site.firstLine) + "spin_unlock(\(lock));"
      found.append(
        mutant(
          scan, .unmapUnlockToSpinUnlock, line: call.line, rules: ["missing-pte-unmap"],
          change:
            "\(call.name)(\(call.arguments.joined(separator: ", "))) → spin_unlock(\(lock)) at \(call.line)",
          edits: [LineEdit(start: site.firstLine, count: 1, lines: [replaced])],
          equivalence: scan.equivalence(at: site)))
    }
    return found
  }

  /// `folio_unlock(folio); folio_put(folio);` → the put first.
  func swaps(_ scan: FunctionScan) -> [Mutant] {
    var found: [Mutant] = []
    for unlock in scan.calls where unlock.isWholeStatement && unlock.assignedTo == nil {
      guard case .unlock = roles.role(of: unlock.name), let object = Self.firstArgument(unlock)
      else { continue }
      let site = scan.site(of: unlock)
      guard scan.ownsLines(site), let next = scan.index.next(after: site), scan.ownsLines(next),
        next.firstLine == site.lastLine + 1,
        let put = CallSite.calls(in: next.tokens, site: 0).first,
        put.isWholeStatement, put.assignedTo == nil, roles.role(of: put.name) == .put,
        Self.firstArgument(put) == object
      else { continue }
      let moved =
        scan.text(next.firstLine, next.lastLine) + scan.text(site.firstLine, site.lastLine)
      found.append(
        mutant(
          scan, .swapUnlockPut, line: put.line, rules: ["put-before-unlock"],
          change: "\(put.name)(\(object)) moved before \(unlock.name)(\(object)) at \(unlock.line)",
          edits: [
            LineEdit(start: site.firstLine, count: next.lastLine - site.firstLine + 1, lines: moved)
          ],
          equivalence: scan.equivalence(at: site)))
    }
    return found
  }

  /// In a function whose callers retry what it returns (`retry-caller` in the table), a
  /// sleeping lock → its trylock, failing back to the caller: `folio_lock(folio);` →
  /// `if (!folio_trylock(folio)) return 0;`. The fault path's `folio_lock_or_retry()` (the
  /// table's `folio_lock` that may also drop `mmap_lock`) counts too: `locked =
  /// folio_lock_or_retry(…)` → `locked = folio_trylock(folio)`, and `ret |=
  /// folio_lock_or_retry(…)` → the trylock returning 0, then `ret |= VM_FAULT_LOCKED` (what
  /// it returns when it took the lock).
  func trylockRetries(_ scan: FunctionScan) -> [Mutant] {
    guard roles.table.retryCaller(scan.function.name) != nil else { return [] }
    var found: [Mutant] = []
    for call in scan.calls {
      let base = call.name.hasSuffix("_or_retry") ? String(call.name.dropLast(9)) : call.name
      guard case .lock(let family) = roles.role(of: base), family != .spinlock,
        family != .rcu, let trylock = roles.trylock(for: base), let object = call.arguments.first
      else { continue }
      let site = scan.site(of: call)
      guard scan.ownsLines(site), site.block != nil else { continue }
      let indent = scan.indent(site.firstLine)
      let tokens = site.tokens
      var replacement: [String]
      if call.isWholeStatement, call.assignedTo == nil, base == call.name {
        let arguments = call.arguments.joined(separator: ", ")
        replacement = ["\(indent)if (!\(trylock)(\(arguments)))", "\(indent)\treturn 0;"]
      } else if let target = call.assignedTo, call.isWholeStatement, base != call.name {
        replacement = ["\(indent)\(target) = \(trylock)(\(object));"]
      } else if tokens.count > 3, tokens[0].kind == .identifier, tokens[1].isPunct("|="),
        tokens[2].text == call.name, CallSite.matching(tokens, 3) == tokens.count - 1,
        base != call.name
      {
        replacement = [
          "\(indent)if (!\(trylock)(\(object)))", "\(indent)\treturn 0;",
          "\(indent)\(tokens[0].text) |= VM_FAULT_LOCKED;",
        ]
      } else {
        continue
      }
      found.append(
        mutant(
          scan, .trylockRetry, line: call.line, rules: ["trylock-retry"],
          change:
            "\(call.name)(\(call.arguments.joined(separator: ", "))) → \(trylock)(\(object)), "
            + "failing back to the retrying caller, at \(call.line)",
          edits: [
            LineEdit(
              start: site.firstLine, count: site.lastLine - site.firstLine + 1, lines: replacement)
          ],
          equivalence: scan.equivalence(at: site)))
    }
    return found
  }
}
