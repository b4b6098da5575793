/// What the function's own lists hold, and what the objects taken off them received: a loop
/// that collects locked or referenced objects on a local list (`list_add_tail(&folio->lru,
/// &pagelist)` in collapse_file()) hands each object's lock and reference to the list, and a
/// later loop that walks the list (`list_for_each_entry_safe(folio, tmp, &pagelist, lru)`)
/// gives each of its objects back what the list was given, to release or hand on before the
/// round ends.
///
/// Not part of a path's property: a list's holdings are what every object the path put on it
/// held (two joined paths hold the union), and what an object received is settled at the end
/// of the round that received it.
struct ListHoldings: Sendable, Equatable {
  /// What one list holds per object on it: the lock its objects were put on it with (the
  /// acquiring op's line and call, for the evidence) and how many references.
  struct Holding: Sendable, Equatable {
    var lock: HeldLock?
    var references: Int
    /// The line and call of the reference taken on the object put on the list.
    var referenceLine: Int?
    var referenceCall: String?
    /// A batch a lookup filled with objects it locked (``PathWalker/noteBatchCall(_:_:)``):
    /// each object read out of it is the round's to unlock, and the next call given the batch
    /// (a refill, `folio_batch_release()`) leaves it holding nothing.
    var isBatch = false

    /// What a list holds once it also holds what `other` says: the lock it already held (else
    /// `other`'s), and the larger count of references with the line that took it.
    func adding(_ other: Holding) -> Holding {
      var out = self
      if out.lock == nil { out.lock = other.lock }
      out.isBatch = out.isBatch || other.isBatch
      if other.references > out.references {
        out.references = other.references
        out.referenceLine = other.referenceLine
        out.referenceCall = other.referenceCall
      }
      return out
    }
  }

  /// What an object taken off a list (a loop's cursor, `list_first_entry(&list, …)`) received.
  struct Received: Sendable, Equatable {
    var list: String
    /// The name the code gives it (`folio`; the path may know it under another).
    var name: String
    /// The lock it received, as held on the path (its op index is the list's, before the round).
    var lock: HeldLock?
    var references: Int
    /// The line of the statement that gave it (the loop's head or the assignment).
    var line: Int
    /// The line of the call that took it off the list (`list_del(&folio->lru)`), once one did:
    /// only then is it the path's to release (an object left on the list is still the list's).
    var removedAt: Int?
  }

  /// List name (`pagelist` for `&pagelist`) → what it holds.
  var lists: [String: Holding] = [:]
  /// Object name (the path's canonical name) → what it received.
  var received: [String: Received] = [:]

  var isEmpty: Bool { lists.isEmpty && received.isEmpty }

  /// Adds what `other` knows: a list one path gave a lock or references holds them on the
  /// joined path too.
  mutating func merge(_ other: ListHoldings) {
    for (name, holding) in other.lists {
      lists[name] = lists[name]?.adding(holding) ?? holding
    }
    for (name, received) in other.received where self.received[name] == nil {
      self.received[name] = received
    }
  }
}
