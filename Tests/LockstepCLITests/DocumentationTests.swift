import Foundation
import TestSupport
import Testing

// README.md is the user's reference: every command's options and `thread --json`'s keys
// are checked against what the binary really does.

private let readme: String = {
  (try? String(
    contentsOf: Paths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
}()

/// The README section of a command: from its `### \`lockstep CMD` heading to the next heading.
private func section(_ command: String) -> String {
  guard let start = readme.range(of: "### `lockstep \(command)") else { return "" }
  let rest = readme[start.lowerBound...]
  let end =
    [rest.dropFirst(4).range(of: "\n### "), rest.range(of: "\n## ")].compactMap(\.?.lowerBound)
    .min() ?? rest.endIndex
  return String(rest[..<end])
}

private func options(in text: String) -> Set<String> {
  let pattern = try! NSRegularExpression(pattern: "--[a-z][a-z-]+")
  let range = NSRange(text.startIndex..., in: text)
  return Set(
    pattern.matches(in: text, range: range).compactMap { Range($0.range, in: text) }.map {
      String(text[$0])
    })
}

@Test(arguments: [
  "thread", "analyze", "simulate", "tree contains", "tree lines", "backport", "claims",
  "annotate", "b4-check",
])
func everyOptionOfHelpIsInTheCommandsReadmeSectionAndBack(command: String) throws {
  let help = try run(Paths.lockstep, command.split(separator: " ").map(String.init) + ["--help"])
  // The option lines of --help (`  --tree <tree>   …`, `  -o, --out <out>`), not its prose.
  let optionLines = help.split(separator: "\n").filter {
    $0.trimmingCharacters(in: .whitespaces).hasPrefix("-")
  }.map {
    $0.trimmingCharacters(in: .whitespaces).split(separator: " ").prefix(2).joined(separator: " ")
  }
  let helped = options(in: optionLines.joined(separator: "\n")).subtracting(["--help", "--version"])
  let text = section(command)
  #expect(!text.isEmpty, "README has no section for lockstep \(command)")
  // The synopses: the heading and every `lockstep COMMAND …` code span of the section.
  let spans = text.components(separatedBy: "`").enumerated().filter {
    $0.offset % 2 == 1 && $0.element.hasPrefix("lockstep \(command)")
  }.map(\.element)
  let documented = options(in: spans.joined(separator: " "))
  #expect(helped == documented, "lockstep \(command): --help vs README")
}

@Test func threadJSONKeysAreTheDocumentedOnes() throws {
  let text = section("thread")
  let start = try #require(text.range(of: "JSON keys"))
  let end = try #require(text.range(of: "`problems[{where, message}]`"))
  let spans = text[start.lowerBound..<end.upperBound].components(separatedBy: "`")
    .enumerated().filter { $0.offset % 2 == 1 && $0.element.contains("[{") }.map(\.element)
  let word = try NSRegularExpression(pattern: "[A-Za-z]+(?=[\\[{,}\\]])")
  var documented: Set<String> = []
  for span in spans {
    for match in word.matches(in: span, range: NSRange(span.startIndex..., in: span)) {
      documented.insert(String(span[Range(match.range, in: span)!]))
    }
  }
  var seen: Set<String> = []
  for input in [
    "mail/livelock-thread.mbox", "mail/stable.mbox", "seeds/001_9c3082e7bf73a071.txt",
    "seeds/004_a08f47f9a9e577bf.txt", "seeds/000_28e554185c54152d.txt", "hostile/truncated.mbox",
  ] {
    let output = try run(
      Paths.lockstep,
      ["thread", Paths.packageRoot.appendingPathComponent("Fixtures/\(input)").path, "--json"])
    seen.formUnion(jsonKeys(try JSONSerialization.jsonObject(with: Data(output.utf8))))
  }
  #expect(seen.subtracting(documented).isEmpty, "undocumented keys")
  #expect(documented.subtracting(seen).isEmpty, "documented keys never printed")
}

@Test func analyzeJSONKeysAreTheDocumentedOnes() throws {
  let text = section("analyze")
  let spans = text.components(separatedBy: "`").enumerated().filter {
    $0.offset % 2 == 1 && $0.element.contains("{") && $0.element.contains(":")
  }.map(\.element)
  let word = try NSRegularExpression(pattern: "[A-Za-z]+")
  var documented: Set<String> = []
  for span in spans {
    for match in word.matches(in: span, range: NSRange(span.startIndex..., in: span)) {
      documented.insert(String(span[Range(match.range, in: span)!]))
    }
  }
  let fixtures = Paths.packageRoot.appendingPathComponent("Fixtures").path
  let output = try run(
    Paths.lockstep,
    [
      "analyze", "\(fixtures)/mail/livelock-thread.mbox", "--tree", Paths.fixtureTree.path,
      "--base", "v7.0-rc1", "--paths", "--json",
    ])
  let seen = jsonKeys(try JSONSerialization.jsonObject(with: Data(output.utf8)))
  #expect(seen.count > 20)
  #expect(seen.subtracting(documented).isEmpty, "undocumented keys")
  #expect(documented.subtracting(seen).isEmpty, "documented keys never printed")
}

/// The keys the README's JSON spans of `text` name: words followed by `:`, `[`, `{`, `,`, `}`
/// or `]` (values such as `"ok|livelock"` or `false` are not keys).
private func documentedKeys(
  in text: String, from marker: String? = nil, spansStarting prefix: String = "{"
) throws -> Set<String> {
  let start = marker.flatMap { text.range(of: $0)?.lowerBound } ?? text.startIndex
  let spans = text[start...].components(separatedBy: "`").enumerated().filter {
    $0.offset % 2 == 1
      && $0.element.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix(prefix)
  }.map(\.element)
  // A fenced block (```json … ```) is a span too.
  let fenced = text[start...].components(separatedBy: "```json").dropFirst().compactMap {
    $0.components(separatedBy: "```").first
  }
  let word = try NSRegularExpression(
    pattern: "(?<![-|.A-Za-z0-9<])\"?([A-Za-z][A-Za-z0-9]*)\"?\\??(?=\\s*[:\\[{,}\\]])")
  var documented: Set<String> = []
  for span in spans + fenced {
    for match in word.matches(in: span, range: NSRange(span.startIndex..., in: span)) {
      documented.insert(String(span[Range(match.range(at: 1), in: span)!]))
    }
  }
  return documented.subtracting(["true", "false", "null"])
}

/// The keys of what `lockstep ARGUMENTS… --json` prints (whatever its exit status).
private func printedKeys(_ arguments: [String]) throws -> Set<String> {
  let result = try runCapturing(Paths.lockstep, arguments + ["--json"])
  let value = try #require(
    try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)),
    "not JSON from \(arguments): \(result.stderr)")
  return jsonKeys(value)
}

private let seed000 = Paths.packageRoot.appendingPathComponent(
  "Fixtures/seeds/000_28e554185c54152d.txt"
).path

@Test func simulateJSONKeysAreTheDocumentedOnes() throws {
  let documented = try documentedKeys(in: section("simulate"), spansStarting: "{\"runs\"")
  let seen = try printedKeys(["simulate", "hmm-range-fault-livelock", "--cpus", "1"])
    .union(
      printedKeys([
        "simulate", "--patch", seed000, "--tree", Paths.fixtureTree.path, "--base", "v7.0-rc1",
      ]))
  #expect(seen.count > 20)
  #expect(seen.subtracting(documented).isEmpty, "undocumented keys")
  #expect(documented.subtracting(seen).isEmpty, "documented keys never printed")
}

@Test func treeJSONKeysAreTheDocumentedOnes() throws {
  let contains = try printedKeys([
    "tree", "contains", "mm/migrate: Trylock device page in do_swap_page", "--tree",
    Paths.fixtureTree.path,
  ])
  let documentedContains = try documentedKeys(in: section("tree contains"), from: "JSON (")
  #expect(contains.symmetricDifference(documentedContains).isEmpty)
  let lines = try printedKeys(["tree", "lines", "--tree", Paths.fixtureTree.path])
  let documentedLines = try documentedKeys(in: section("tree lines"), from: "JSON:")
  #expect(lines.symmetricDifference(documentedLines).isEmpty)
}

@Test func backportJSONKeysAreTheDocumentedOnes() throws {
  let documented = try documentedKeys(in: section("backport"), from: "JSON (")
  let seen = try printedKeys(["backport", seed000, "--tree", Paths.fixtureTree.path])
  #expect(seen.count > 20)
  #expect(seen.subtracting(documented).isEmpty, "undocumented keys")
  #expect(documented.subtracting(seen).isEmpty, "documented keys never printed")
}

@Test func claimsJSONKeysAreTheDocumentedOnes() throws {
  let documented = try documentedKeys(in: section("claims"), spansStarting: "{\"claims\"")
  let fixtures = Paths.packageRoot.appendingPathComponent("Fixtures").path
  let tree = Paths.fixtureTree.path
  let seen = try printedKeys(
    ["claims", "\(fixtures)/mail/livelock-thread.mbox", "--tree", tree, "--base", "v7.0-rc1"]
  ).union(printedKeys(["claims", "\(fixtures)/seeds/004_a08f47f9a9e577bf.txt", "--tree", tree]))
  #expect(seen.count > 20)
  #expect(seen.subtracting(documented).isEmpty, "undocumented keys")
  #expect(documented.subtracting(seen).isEmpty, "documented keys never printed")
}
