import KernelTree
import LockAnalysis
import PathSimulator
import Review

/// What every check reads, computed once per run: the thread's versions, the analyzer, the
/// tree index, and the simulator's replays of each version (run when a claim needs one).
final class SettlingContext {
  let input: ClaimsInput
  let table: PrimitiveTable
  let analyzer: Analyzer
  let versions: [PostedVersion]
  let index: TreeIndex?
  /// Every C name of every version's diff.
  let diffNames: Set<String>
  private var replays: [Int: PatchReplay] = [:]
  private(set) var notes: [String] = []

  init(input: ClaimsInput) {
    self.input = input
    table = input.table
    analyzer = Analyzer(table: input.table, tree: input.sourceTree)
    versions = PostedVersion.all(input, analyzer: analyzer)
    diffNames = versions.reduce(into: Set<String>()) { names, version in
      names.formUnion(DiffFacts(version.patch).allNames)
    }
    var index: TreeIndex?
    if let repository = input.repository {
      let folders = Set(
        versions.flatMap { $0.patch.files.map(\.path) }.map { path in
          path.split(separator: "/").dropLast().joined(separator: "/") + "/"
        }
      ).union(["include/linux/", "mm/", "lib/"])
      index = try? TreeIndex(
        repository: repository, base: input.base ?? "HEAD", folders: folders.sorted())
    }
    self.index = index
  }

  func note(_ text: String) {
    if !notes.contains(text) { notes.append(text) }
  }

  /// The base the tree is read at, for evidence: `v7.0-rc1`.
  var baseName: String { input.base ?? "HEAD" }

  /// For a name that exists nowhere (no diff of the thread names it, the tree defines it
  /// nowhere): the closest real one, as evidence; nil when the name exists.
  func closestName(to name: String) -> Evidence? {
    guard !name.isEmpty, !name.hasSuffix("*"), !diffNames.contains(name) else { return nil }
    if let index, index.definition(of: name) != nil { return nil }
    var candidates = diffNames
    if let index {
      candidates.formUnion(
        index.definedNames(inFiles: versions.flatMap { $0.patch.files.map(\.path) }))
    }
    guard let closest = ClosestName.of(name, among: candidates) else { return nil }
    let place = index?.definition(of: closest)
    let searched =
      index == nil ? "the thread's diffs" : "the thread's diffs and the tree at \(baseName)"
    return Evidence(
      .closestName, file: place?.file, line: place?.line,
      "\(name) exists nowhere (\(searched)); the closest real name is \(closest)")
  }

  /// The simulator's replay of a version's paths, before and after (run once per version).
  func replay(_ version: Int) -> PatchReplay? {
    if let known = replays[version] { return known }
    do {
      let paths = PatchPaths.of([versions[version].analysis])
      let result = try Simulator.replay(paths, contenders: try ContenderTable.shipped())
      replays[version] = result
      return result
    } catch {
      note("the simulator could not replay \(versions[version].version ?? "the patch"): \(error)")
      return nil
    }
  }
}
