import CSyntax
import Testing

@Suite struct FunctionTests {
  @Test func annotationsBetweenSignatureAndBodyAreRead() throws {
    let file = SourceFile(
      text: """
        #ifdef CONFIG_MIGRATION
        void migration_entry_wait_on_locked(softleaf_t entry, spinlock_t *ptl)
        \t__releases(ptl)
        {
        \tspin_unlock(ptl);
        }
        #endif
        int migrate_huge_page_move_mapping(struct address_space *mapping,
        \t\tstruct folio *dst, struct folio *src);
        SYSCALL_DEFINE2(munlock, unsigned long, start, size_t, len)
        {
        \treturn 0;
        }
        """, path: "mm/filemap.c")
    let wait = try #require(file.function(named: "migration_entry_wait_on_locked"))
    #expect(wait.parameters == ["softleaf_t entry", "spinlock_t *ptl"])
    #expect(wait.parameterNames == ["entry", "ptl"])
    #expect(wait.annotations == [Function.Annotation(name: "__releases", argument: "ptl")])
    #expect(wait.line == 2 && wait.endLine == 6)
    #expect(file.conditions.requires("CONFIG_MIGRATION", atLine: wait.line) == true)
    let prototype = try #require(
      file.declarations.first { $0.name == "migrate_huge_page_move_mapping" })
    #expect(!prototype.hasBody)
    #expect(prototype.parameterTypes == ["structaddress_space*", "structfolio*", "structfolio*"])
    #expect(file.function(named: "sys_munlock") != nil)
  }

  @Test func initializersAndStructsAreNotFunctions() {
    let file = SourceFile(
      text:
        "static const struct dev_pagemap_ops ops = {\n\t.migrate_to_ram = fault,\n};\nstruct x { int a; };\n"
    )
    #expect(file.functions.isEmpty)
  }
}

@Suite struct StatementTests {
  func body(_ text: String) -> [Statement] { StatementParser.parse(Lexer.tokens(of: text)) }

  @Test func ifElseSwitchAndLabels() {
    let statements = body(
      """
      if (!pte) return 0; else pte_unmap(pte);
      switch (x) { case 1: break; default: goto out; }
      out:
      return ret;
      """)
    guard case .ifElse(let condition, .returnStatement, .some(.expression), _) = statements[0]
    else {
      Issue.record("expected if/else, got \(statements[0])")
      return
    }
    #expect(condition.map(\.text) == ["!", "pte"])
    guard case .switchCase(_, .block(let cases, _), _) = statements[1] else {
      Issue.record("expected switch")
      return
    }
    #expect(cases.count == 4)
    guard case .label("out", _) = statements[2], case .returnStatement = statements[3] else {
      Issue.record("expected label then return")
      return
    }
  }

  @Test func iteratorMacrosAndDoWhileZeroAreLoops() {
    let statements = body(
      "list_for_each_entry(folio, &list, lru) { folio_put(folio); }\ndo { x(); } while (0);\nfor (;;) break;"
    )
    guard case .loop(_, let condition, _, _, _) = statements[0] else {
      Issue.record("expected iterator loop")
      return
    }
    #expect(condition.first?.text == "list_for_each_entry")
    guard case .doWhile(_, let once, _) = statements[1],
      case .loop(let initial, _, _, .breakStatement, _) = statements[2]
    else {
      Issue.record("expected do-while and for")
      return
    }
    #expect(once.map(\.text) == ["0"])
    #expect(initial.isEmpty)
  }

  @Test func aStrayClosingBraceStartsANewSegment() {
    let segments = StatementParser.segments(
      Lexer.tokens(
        of:
          "unlock_page(p);\nput_page(p);\n} else {\npte_unmap_unlock(pte, ptl);\n}\n} else if (hwpoison) {\nret = 1;"
      ))
    #expect(segments.count == 3)
    #expect(segments[0].count == 2)
  }
}
