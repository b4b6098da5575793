import Testing

@testable import LockAnalysis

/// The layered, shared store of a path's decided tests answers as one dictionary would, through
/// freezes and merges of its layers and forks that go on changing apart, and finds every test
/// naming an object among those it returns for that object.
@Suite struct DecidedTestsTests {
  /// A seeded generator, so a failure can be run again.
  struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      return FutureHash.mix(state)
    }
  }

  /// Tests shaped as the walk writes them: calls on objects, comparisons, plain names.
  static func key(_ index: Int) -> String {
    switch index % 4 {
    case 0: return "folio_test_lru(f\(index % 97))"
    case 1: return "x==\(index)"
    case 2: return "!vmf->ptl\(index % 13)"
    default: return "a_\(index)"
    }
  }

  @Test(arguments: [1, 2, 3])
  func forkedStoresAnswerAsTheirOwnDictionaries(seed: UInt64) {
    var random = SplitMix(state: seed)
    var stores = [DecidedTests()]
    var dictionaries: [[String: Bool]] = [[:]]
    for _ in 0..<6_000 {
      let which = Int.random(in: 0..<stores.count, using: &random)
      let roll = Int.random(in: 0..<100, using: &random)
      if roll < 3, stores.count < 12 {
        // A fork: both go on changing apart from here.
        stores.append(stores[which])
        dictionaries.append(dictionaries[which])
        continue
      }
      let key = Self.key(Int.random(in: 0..<400, using: &random))
      let value: Bool? = roll < 25 ? nil : roll % 2 == 0
      stores[which][key] = value
      dictionaries[which][key] = value
    }
    for (store, dictionary) in zip(stores, dictionaries) {
      #expect(store.entries == dictionary)
      #expect(store.count == dictionary.count)
      for index in 0..<400 { #expect(store[Self.key(index)] == dictionary[Self.key(index)]) }
      for object in ["f5", "vmf->ptl3", "&vmf->ptl7", "x", "a_11"] {
        let found = Set(store.keys(mentioning: object))
        for key in dictionary.keys where PathWalker.mentions(key, object) {
          #expect(found.contains(key), "\(key) mentions \(object)")
        }
        #expect(found.isSubset(of: Set(dictionary.keys)))
      }
      var rebuilt = DecidedTests()
      for (key, value) in dictionary { rebuilt[key] = value }
      #expect(rebuilt == store)
      #expect(rebuilt.hash == store.hash)
    }
  }
}
