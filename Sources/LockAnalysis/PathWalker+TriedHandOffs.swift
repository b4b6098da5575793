/// A call that keeps the reference it is given only when it succeeds, tested as a condition:
/// `if (page_try_dup_anon_rmap(page, false, src_vma))` (the table's `try-keeps-reference`).
/// It returns 0 when the new mapping now holds the reference, and an error when it could not
/// (a pinned anonymous page must be copied at fork): then the caller still holds its own
/// reference and must drop it, as copy_present_pte() and copy_hugetlb_page_range() do.
///
/// ```c
/// get_page(ptepage);
/// if (page_try_dup_anon_rmap(ptepage, true, src_vma)) {
///         copy_user_huge_page(new, ptepage, addr, dst_vma, npages);
///         put_page(ptepage);         /* without it, the reference is lost */
///         continue;
/// }
/// set_huge_pte_at(dst, addr, dst_pte, entry);   /* the mapping keeps it */
/// ```
extension PathWalker {
  /// The call step of `effect` that is a `try-keeps-reference` call and the whole tested atom
  /// `key` (`page_try_dup_anon_rmap(ptepage,true,src_vma)`), or nil.
  func triedHandOff(_ effect: EffectPlan?, key: String) -> EffectPlan.CallStep? {
    guard let effect, case .steps(let calls, let assignments) = effect.shape, assignments.isEmpty
    else { return nil }
    return calls.first { step in
      !step.call.indirect && key.hasPrefix(step.call.name + "(")
        && context.table.lists(step.call.name, as: .triesKeepingReference)
    }
  }

  /// Settles what `step`'s call did with the references it was given on a path where the call
  /// returned non-zero (`failed`) or 0: on failure it kept nothing, so a name the call made
  /// escaped (``noteEscapes(_:bases:_:)``) is the path's own again unless it had escaped
  /// before (`escapedBefore`); on success the reference is handed on (``PathState/handedOn``).
  func settleTriedHandOff(
    _ step: EffectPlan.CallStep, failed: Bool, escapedBefore: Set<String>,
    _ state: inout PathState
  ) {
    for base in step.argumentBases where !base.isEmpty {
      for name in Set([base, state.canonical(base)]) {
        if failed {
          if state.escaped.contains(name), !escapedBefore.contains(name) {
            state.escaped.remove(name)
          }
        } else if state.references[name, default: 0] > 0, !state.handedOn.contains(name) {
          state.handedOn.insert(name)
        }
      }
    }
  }
}
