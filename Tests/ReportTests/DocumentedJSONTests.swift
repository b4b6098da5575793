import Foundation
import Report
import TestSupport
import Testing

/// README.md documents `annotate`'s JSON keys: they are the keys the JSON has, and back.
@Suite struct DocumentedJSONTests {
  @Test func theJSONKeysAreTheOnesREADMEDocuments() throws {
    let readme = try String(
      contentsOf: Paths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let heading = try #require(readme.range(of: "- **JSON** (`--json` or `--format json`)"))
    let start = try #require(readme[heading.upperBound...].range(of: "(absent values `null`):"))
    let end = try #require(readme[start.upperBound...].range(of: "`incomplete`."))
    let spans = readme[start.upperBound..<end.upperBound].components(separatedBy: "`")
      .enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
    let word = try NSRegularExpression(pattern: "[A-Za-z]+")
    var documented: Set<String> = []
    for span in spans {
      for match in word.matches(in: span, range: NSRange(span.startIndex..., in: span)) {
        documented.insert(String(span[Range(match.range, in: span)!]))
      }
    }
    let claim = ClaimSection(
      statement: "s", by: nil, kind: "k", verdict: .unverifiable,
      evidence: [.init(text: "t", location: nil)])
    let report = try ReportFormsTests.annotated(claims: [claim])
    let json = try ReportRenderer(templates: nil).render(report, as: .json)
    let seen = jsonKeys(try JSONSerialization.jsonObject(with: Data(json.utf8)))
    #expect(seen.subtracting(documented).isEmpty, "undocumented keys")
    #expect(documented.subtracting(seen).isEmpty, "documented keys the JSON lacks")
  }
}
