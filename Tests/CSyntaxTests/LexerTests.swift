import CSyntax
import Testing

@Suite struct LexerTests {
  @Test func commentsAreDroppedAndStringsStayWhole() {
    let tokens = Lexer.tokens(
      of: "spin_lock(&vmf->ptl); /* the PTL */ pr_info(\"a /* b */ c\"); // done\nc = '\\'';")
    #expect(
      tokens.map(\.text) == [
        "spin_lock", "(", "&", "vmf", "->", "ptl", ")", ";", "pr_info", "(", "\"a /* b */ c\"", ")",
        ";", "c", "=",
        "'\\''", ";",
      ])
    #expect(tokens.last?.line == 2)
  }

  @Test func continuationLinesJoinAndCountLines() {
    let lexed = Lexer.lex("#define LOCK(x) \\\n\tspin_lock(x)\nint a;\n")
    #expect(lexed.directives.count == 1)
    #expect(lexed.directives[0].argument == "LOCK(x)  \tspin_lock(x)")
    #expect(lexed.tokens.map(\.text) == ["int", "a", ";"])
    #expect(lexed.tokens[0].line == 3)
  }

  @Test func aFragmentThatStartsInsideACommentSkipsItsTail() {
    let tokens = Lexer.tokens(
      of:
        "\t * Get a page reference while we know the page can't be\n\t * freed.\n\t */\n\tget_page(vmf->page);\n"
    )
    #expect(tokens.first?.text == "get_page")
    #expect(tokens.first?.line == 4)
  }
}

@Suite struct ConditionMapTests {
  let text = """
    #ifdef CONFIG_MIGRATION
    void migration_entry_wait_on_locked(softleaf_t entry, spinlock_t *ptl);
    #else
    static inline void migration_entry_wait_on_locked(softleaf_t entry, spinlock_t *ptl) { }
    #endif /* CONFIG_MIGRATION */
    #if defined(CONFIG_NUMA) && IS_ENABLED(CONFIG_MMU)
    int numa;
    #elif CONFIG_SMP
    int smp;
    #endif
    int always;
    """

  @Test func elseLinesHaveTheNegatedCondition() {
    let map = ConditionMap(Lexer.lex(text).directives)
    #expect(map.clauses(atLine: 2) == ["CONFIG_MIGRATION"])
    #expect(map.clauses(atLine: 4) == ["!CONFIG_MIGRATION"])
    #expect(map.requires("CONFIG_MIGRATION", atLine: 4) == false)
    #expect(map.clauses(atLine: 11).isEmpty)
  }

  @Test func definedAndIsEnabledReadAsTheSymbol() {
    let map = ConditionMap(Lexer.lex(text).directives)
    #expect(map.clauses(atLine: 7) == ["CONFIG_NUMA && CONFIG_MMU"])
    #expect(map.clauses(atLine: 9) == ["!(CONFIG_NUMA && CONFIG_MMU)", "CONFIG_SMP"])
  }
}
