import CSyntax
import Testing

/// Kernel C that a reader without a preprocessor gets wrong unless it decides something:
/// each decision is taken and said in ``SourceFile/readingNotes``.
@Suite struct ReadingNotesTests {
  /// Two signatures under a config option and one body: the functions after it stay.
  @Test func ifElseBranchesThatEachOpenABraceKeepTheFunctionsAfterThem() throws {
    let file = SourceFile(
      text: """
        #ifdef CONFIG_NUMA
        static int alloc_on(int nid, gfp_t gfp) {
        #else
        static int alloc_on(gfp_t gfp) {
        #endif
        \tfor (;;) {
        #ifdef CONFIG_X
        \tif (a) {
        #elif defined(CONFIG_Y)
        \twhile (b) {
        #else
        \t{
        #endif
        \t\tbreak;
        \t}
        \t}
        \treturn 0;
        }

        void canary(spinlock_t *l)
        {
        \tspin_lock(l);
        }
        """, path: "mm/numa.c")
    #expect(file.functions.map(\.name) == ["alloc_on", "canary"])
    let allocOn = try #require(file.function(named: "alloc_on"))
    #expect(allocOn.parameters == ["int nid", "gfp_t gfp"])
    #expect(allocOn.endLine == 18)
    #expect(file.readingNotes.count == 2)
    #expect(
      file.readingNotes.contains {
        $0.hasPrefix("mm/numa.c: line 1:")
          && $0.contains("read the branch at line 1 (#ifdef CONFIG_NUMA)")
          && $0.contains("left out line 3 (#else)")
      })
  }

  @Test func anIfZeroBranchIsNotTheOneRead() throws {
    let file = SourceFile(
      text: "#if 0\nvoid f(int a) {\n#else\nvoid f(long a) {\n#endif\n}\nvoid g(void)\n{\n}\n")
    #expect(file.functions.map(\.name) == ["f", "g"])
    #expect(file.function(named: "f")?.parameters == ["long a"])
  }

  /// Two alternative arguments under a condition and one closing parenthesis.
  @Test func branchesThatEachOpenAParenthesisAreReadOnOneSide() {
    let file = SourceFile(
      text:
        "void f(void)\n{\n#ifdef X\n\tfoo(a,\n#else\n\tfoo(b,\n#endif\n\t    c);\n}\nvoid g(void)\n{\n}\n"
    )
    #expect(file.functions.map(\.name) == ["f", "g"])
    #expect(file.readingNotes.count == 1)
  }

  /// A stub in the `#else` branch balances: both are read, and nothing is noted.
  @Test func balancedBranchesAreBothRead() {
    let file = SourceFile(
      text: """
        #ifdef CONFIG_MIGRATION
        int migrate(struct folio *folio) { return 1; }
        #else
        static inline int migrate(struct folio *folio) { return 0; }
        #endif
        """)
    #expect(file.declarations.filter { $0.name == "migrate" }.count == 2)
    #expect(file.readingNotes.isEmpty)
  }

  /// NUL bytes are blanks, and a literal with no closing quote ends before the line's `);`,
  /// so the statement after it is still its own statement.
  @Test func nulBytesAndAnUnterminatedStringAreNotedAndLoseNoStatement() throws {
    let file = SourceFile(
      text:
        "void b(spinlock_t *l)\n{\n\tspin_lock(l);\n\tif (y)\n\t\tpr_info(\"oops);\n\tmight\0_sleep\0();\n\tspin_unlock(l);\n}\n",
      path: "mm/b.c")
    let body = try #require(file.function(named: "b")).body
    #expect(body.count == 4, "spin_lock, if, might_sleep, spin_unlock: \(body)")
    #expect(file.readingNotes.count == 2)
    #expect(file.readingNotes.contains("mm/b.c: line 6: 2 NUL byte(s) in the text, read as blanks"))
    #expect(file.readingNotes.contains { $0.hasPrefix("mm/b.c: line 5: a string") })
  }
}
