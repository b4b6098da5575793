/// How the exit rules read a returned value: a constant, nothing (`0`, `NULL`, `false`), an
/// error (`-EINVAL`, `ERR_PTR(…)`), a tail call (`return do_swap_page(vmf);`).
extension ExitRules {
  /// Nothing, a number, an upper-case constant or errno: `0`, `-EINVAL`, `VM_FAULT_SIGBUS`,
  /// `NULL`, `true`: a value that cannot tell the caller whether a lock is held.
  static func isConstant(_ value: String?) -> Bool {
    guard let value else { return true }
    return value.allSatisfy { $0.isUppercase || $0.isNumber || "_-|() ".contains($0) }
      || value == "true" || value == "false"
  }

  /// Whether an exit returns nothing, `0`, `NULL`, `false` or an error, as written or as the
  /// path knows its variable (`if (ret) … return ret;` on the path where `ret` is 0).
  static func returnsNothing(_ exit: ExitState) -> Bool {
    guard let value = exit.value else { return true }
    if isNothing(value) { return true }
    if exit.state.assumptions[value] == false { return true }
    if let known = exit.state.values[value], isNothing(known) { return true }
    return false
  }

  /// Whether an exit returns an error, as written or as the path knows its variable.
  static func returnsError(_ exit: ExitState) -> Bool {
    guard let value = exit.value else { return false }
    return isError(value) || exit.state.values[value].map(isError) ?? false
  }

  /// `do_swap_page(vmf)`: the value of a call.
  static func isTailCall(_ value: String?) -> Bool {
    guard let value, let open = value.firstIndex(of: "("), open > value.startIndex else {
      return false
    }
    return value[..<open].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
      && value.hasSuffix(")") && !isError(value)
  }

  /// No result: nothing, `NULL`, `0`, `false`, or an error.
  static func isNothing(_ value: String?) -> Bool {
    guard let value else { return true }
    return ["NULL", "0", "false"].contains(value) || isError(value) || value.hasPrefix("-")
  }

  /// `0`, `NULL` or `false`: the zero value, however it is written.
  static func isZero(_ value: String) -> Bool {
    value == "0" || value == "NULL" || value == "false"
  }

  /// `-EINVAL`, `ERR_PTR(-ENOMEM)`, `VM_FAULT_SIGBUS`, `VM_FAULT_OOM`.
  static func isError(_ value: String?) -> Bool {
    guard let value else { return false }
    return value.hasPrefix("-E") || value.hasPrefix("ERR_PTR(") || value == "VM_FAULT_SIGBUS"
      || value == "VM_FAULT_OOM"
  }
}
