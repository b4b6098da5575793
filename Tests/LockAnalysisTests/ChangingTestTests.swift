import Testing

@testable import LockAnalysis

/// A test whose answer may change between calls is found by the name it calls, not by a
/// substring of another name.
@Suite struct ChangingTestTests {
  @Test(arguments: [
    "fatal_signal_pending(current)", "unlikely(fatal_signal_pending(current))",
    "!need_resched ()", "ret&&signal_pending(current)",
  ])
  func aConditionCallingAChangingTestIsOne(condition: String) throws {
    #expect(try PrimitiveTable.builtin().callsChangingTest(condition))
  }

  @Test(arguments: [
    "folio_test_locked(folio)", "my_need_resched(x)", "fatal_signal_pending", "pending==0",
    "need_resched_count>3",
  ])
  func aConditionWithoutACallOfOneIsNot(condition: String) throws {
    let table = try PrimitiveTable.builtin()
    #expect(table.isChangingTest("need_resched"), "the table lists the names the cases use")
    #expect(table.isChangingTest("fatal_signal_pending"))
    #expect(!table.callsChangingTest(condition))
  }
}
