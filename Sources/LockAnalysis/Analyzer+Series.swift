import Foundation
import PatchDiff

extension Analyzer {
  /// Analyzes the patches of a series in order, each against the tree with the patches
  /// before it applied: patch 2 of a series is written against patch 1's result, and a
  /// reviewer wants its functions as they are then. A patch that does not apply on top of
  /// the earlier ones (another version of the series in the same mbox, say) is analyzed
  /// against the tree alone, and a note says so. Once placed, the patches are analyzed on
  /// all CPUs; the results come back in the series' order.
  ///
  /// ```swift
  /// let results = analyzer.analyze(series: patches)   // one PatchAnalysis per patch
  /// ```
  public func analyze(series patches: [Patch]) -> [PatchAnalysis] {
    let placed = placeInOrder(patches)
    let results = ResultSlots<PatchAnalysis>(count: placed.count)
    // The tree is only read through `cache`, one read at a time (ParseCache.text(of:in:)).
    let work = SharedForReading((analyzer: self, placed: placed))
    DispatchQueue.concurrentPerform(iterations: placed.count) { index in
      results.store(work.value.analyzer.analyze(work.value.placed[index]), at: index)
    }
    return results.values
  }

  /// Each patch placed as if one after the other (``analyze(series:)``), the anchoring and
  /// applying done on all CPUs: a patch needs only the earlier patches that touch its files,
  /// so the patches are placed in rounds (a patch one round after the last earlier patch
  /// sharing a file with it), each round's patches at once. Then one pass in the series'
  /// order gives each patch the tree a patch-by-patch placement would have given it (the
  /// earlier patches that applied, for the headers and Kconfig files it reads later) and
  /// the note for one that does not apply after them.
  ///
  /// - Complexity: O(*n*) rounds in the worst case (every patch touching one file); a
  ///   stable series of one patch per file is placed in one.
  func placeInOrder(_ patches: [Patch]) -> [PlacedPatch] {
    guard let tree else { return patches.map { place($0, in: nil) } }
    let touched = patches.map { patch in Set(patch.files.flatMap { [$0.oldPath, $0.newPath] }) }
    var round = [Int](repeating: 0, count: patches.count)
    var lastRound: [String: Int] = [:]
    for (index, paths) in touched.enumerated() {
      round[index] = paths.compactMap { lastRound[$0].map { $0 + 1 } }.max() ?? 0
      for path in paths { lastRound[path] = round[index] }
    }
    // Placed against the base with the applied patches of earlier rounds: for the files of a
    // patch the same texts as with every earlier patch applied (an earlier patch sharing a
    // file is in an earlier round, a later one in a later round).
    var inRounds = [PlacedPatch?](repeating: nil, count: patches.count)
    var overlay: [String: String?] = [:]
    for current in 0...(round.max() ?? 0) {
      let members = round.indices.filter { round[$0] == current }
      let inRound = SharedForReading(
        (analyzer: self, tree: PatchedTree(base: tree, cache: cache, overlay: overlay)))
      let placedNow = ResultSlots<(index: Int, placed: PlacedPatch)>(count: members.count)
      DispatchQueue.concurrentPerform(iterations: members.count) { position in
        let index = members[position]
        let one = inRound.value.analyzer.place(patches[index], in: inRound.value.tree)
        placedNow.store((index, one), at: position)
      }
      for (index, one) in placedNow.values {
        if let applied = one.applied { overlay.merge(applied) { $1 } }
        inRounds[index] = one
      }
    }
    var placed = inRounds.map { $0! }
    // The trees and notes of a placement one patch after the other.
    var patched = PatchedTree(base: tree, cache: cache)
    var touchedByApplied: Set<String> = []
    for index in placed.indices {
      if placed[index].applied == nil, patched.earlierPatches > 0 {
        // Against the base alone: the texts it was placed on already, unless an earlier
        // patch that applied changed one of its files.
        if !touchedByApplied.isDisjoint(with: touched[index]) {
          placed[index] = place(patches[index], in: PatchedTree(base: tree, cache: cache))
        }
        placed[index].tree = PatchedTree(base: tree, cache: cache)
        placed[index].notes.append(
          "patch \(index + 1) of \(patches.count)"
            + (patches[index].files.first.map { " (\($0.path))" } ?? "")
            + ": does not apply after the earlier patches; analyzed against \(tree.label) alone")
        continue
      }
      placed[index].tree = patched
      if let applied = placed[index].applied {
        patched.overlay.merge(applied) { $1 }
        patched.earlierPatches += 1
        touchedByApplied.formUnion(touched[index])
      }
    }
    return placed
  }
}
