import CSyntax

/// What a function's signature tells its callers about locks: the locks it is entered with
/// (`__must_hold`, `__releases`), the ones it returns holding (`__acquires`), and whether its
/// caller retries what it returns (a fault handler: it returns `vm_fault_t`).
///
/// `vm_fault_t do_swap_page(struct vm_fault *vmf)` → no locks, retried by the fault path.
struct FunctionContract: Sendable {
  var heldOnEntry: [HeldLock] = []
  /// Objects the function returns holding, by its `__acquires(x)` annotations.
  var acquires: [String] = []
  /// The return type as written (`vm_fault_t`, `static inline pte_t *`).
  var returnType = ""
  /// The parameters' names (`vmf`, `pvmw`).
  var parameters: [String] = []
  /// Fields of parameters the body assigns (`pvmw->ptl = pte_lockptr(…)`): a lock stored there
  /// is handed to the caller, which releases it (page_vma_mapped_walk_done()).
  var assignedParameterFields: Set<String> = []
  /// The body names a return code that says a lock is held (`VM_FAULT_LOCKED`): what it
  /// returns may carry the lock state.
  var returnsLockState = false

  static let none = FunctionContract()

  /// The contract `function`'s own declaration states.
  static func of(_ function: Function) -> FunctionContract {
    // The body's tokens are a copy and the names a lexing: each made once per function.
    let body = function.bodyTokens
    let parameters = function.parameterNames
    return FunctionContract(
      heldOnEntry: HeldLock.onEntry(to: function),
      acquires: function.annotations.filter { $0.name == "__acquires" }.map {
        Expression.instantiate("$1", [Lexer.tokens(of: $0.argument)])
      },
      returnType: Self.returnType(of: function), parameters: parameters,
      assignedParameterFields: assignedFields(body, of: parameters),
      returnsLockState: body.contains { $0.text == "VM_FAULT_LOCKED" })
  }

  /// The return type as written; `long` for a system call (`SYSCALL_DEFINE1(brk, unsigned
  /// long, brk)` defines `long sys_brk(unsigned long brk)`, whose `return brk;` beside `return
  /// origbrk;` says nothing about `mmap_lock`).
  static func returnType(of function: Function) -> String {
    function.returnType.isEmpty && function.name.hasPrefix("sys_") ? "long" : function.returnType
  }

  /// `p->field` for every `p->field = …` in `tokens` where `p` is one of `parameters`.
  static func assignedFields(_ tokens: [Token], of parameters: [String]) -> Set<String> {
    var out: Set<String> = []
    for index in tokens.indices.dropLast(3)
    where tokens[index].kind == .identifier && tokens[index + 1].isPunct("->")
      && tokens[index + 2].kind == .identifier && tokens[index + 3].isPunct("=")
      && parameters.contains(tokens[index].text)
      && (index == 0 || !(tokens[index - 1].isPunct("->") || tokens[index - 1].isPunct(".")))
    {
      out.insert(tokens[index].text + "->" + tokens[index + 2].text)
    }
    return out
  }

  /// The contract of a function known only from a hunk's section line
  /// (`vm_fault_t do_swap_page(struct vm_fault *vmf)`).
  static func of(section: String) -> FunctionContract {
    let tokens = Lexer.tokens(of: section)
    guard let open = tokens.firstIndex(where: { $0.isPunct("(") }), open > 1 else { return .none }
    return FunctionContract(returnType: tokens[..<(open - 1)].map(\.text).joined(separator: " "))
  }

  /// Whether the function is a fault handler: what it returns goes back to a fault path that
  /// retries the fault unless it is final (``PrimitiveTable/faultFinalValues``).
  var handlesFaults: Bool { returnType.split(separator: " ").contains("vm_fault_t") }

  /// Whether the function returns a pointer (which may be the object it took).
  var returnsPointer: Bool { returnType.containsASCII("*") }
}
