import CSyntax
import Testing

@testable import LockAnalysis

/// The byte searches that replaced `StringProtocol.contains(_:)` and the per-header word sets
/// on the walk's and the stub check's hot paths answer exactly as what they replaced.
@Suite struct NameSearchTests {
  @Test func containsASCIIFindsEveryPlaceASubstringSearchFinds() {
    let texts = ["vmf->ptl", "pages[i]", "", "a", "folio_test_dirty", "ptl->", "->", "x.y->z"]
    let needles = ["->", "[", ".", "_test_", "ptl", "x", "folio_test_dirty!", "", "->z"]
    for text in texts {
      for needle in needles {
        #expect(text.containsASCII(needle) == text.contains(needle), "\(text) / \(needle)")
      }
    }
  }

  @Test func containsIdentifierMatchesWholeWordsOnly() {
    let header = "void f(spinlock_t *ptl) __releases(ptl);\n#define __releases_all(x)\n"
    #expect(header.containsIdentifier("__releases"))
    #expect(header.containsIdentifier("ptl"))
    #expect(!header.containsIdentifier("__releases_al"))
    #expect(!header.containsIdentifier("spinlock"))
    #expect(!header.containsIdentifier("releases"))
    #expect(header.containsIdentifier("x"))
    #expect(!"".containsIdentifier("x"))
  }

  /// A clear bit means absent: every identifier of the text is reported as possibly there, and
  /// the mention test (filter, then search) never answers yes for a name the text lacks.
  @Test func aHeadersWordBitsNeverMissAWordOfTheText() {
    var text = ""
    for index in 0..<3000 { text += "static int folio_op_\(index)(struct folio *f);\n" }
    let filter = NameBits(identifiersOf: text)
    for index in 0..<3000 { #expect(filter.mayContain("folio_op_\(index)")) }
    #expect(filter.mayContain("folio") && filter.mayContain("struct"))
    let cache = ParseCache()
    #expect(cache.mentions(text, path: "include/linux/x.h", name: "folio_op_2999"))
    #expect(!cache.mentions(text, path: "include/linux/x.h", name: "folio_op_3000"))
    #expect(!cache.mentions(text, path: "include/linux/x.h", name: "folio_op"))
  }

  @Test func namePatternsMatchExactNamesPrefixesSuffixesAndInfixes() {
    var names = NamePatterns()
    for pattern in ["folio_mapped", "folio_test_*", "*_is_locked", "*_test_*"] {
      names.insert(pattern)
    }
    let copy = names
    names.insert("pte_none")
    #expect(names.contains("folio_mapped") && names.contains("pte_none"))
    #expect(!copy.contains("pte_none"))
    #expect(names.contains("folio_test_dirty") && names.contains("mutex_is_locked"))
    #expect(names.contains("page_test_anon") && !names.contains("folio_lock"))
  }
}
