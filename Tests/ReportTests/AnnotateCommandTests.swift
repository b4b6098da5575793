import Foundation
import TestSupport
import Testing

/// `lockstep annotate` as a user runs it: the form from `-o`'s extension, exit statuses,
/// templates a user overrides, colour only where it belongs, and the tree left untouched.
@Suite struct AnnotateCommandTests {
  @Test func theFormComesFromTheOutputExtensionAndASummaryLineNamesTheFile() throws {
    let folder = try TemporaryFolder("annotate-o")
    for (name, opening) in [
      ("r.html", "<!DOCTYPE html>"), ("r.md", "# "), ("r.mbox", "From lockstep "), ("r.json", "{"),
    ] {
      let path = folder.url.appendingPathComponent(name).path
      let run = try runCapturing(
        Paths.lockstep,
        ["annotate", Paths.packageRoot.appendingPathComponent(livelockThread).path, "-o", path])
      #expect(run.status == 0, "\(run.stderr)")
      #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix(opening))
      #expect(run.stdout.hasPrefix("\(path): nothing that needs work (1 patch(es)"))
      // A pipe gets no colour.
      #expect(!run.stdout.contains("\u{1B}["))
    }
  }

  @Test func anUnknownExtensionWithoutFormatIsAUsageError() throws {
    let run = try runCapturing(
      Paths.lockstep,
      ["annotate", Paths.packageRoot.appendingPathComponent(seed000).path, "-o", "/tmp/r.txt"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("cannot tell the form from '/tmp/r.txt'"))
  }

  @Test func onATerminalTheVerdictIsColouredUnlessNO_COLORIsSet() throws {
    let folder = try TemporaryFolder("annotate-tty")
    let out = folder.url.appendingPathComponent("r.html").path
    let command =
      "\(Paths.lockstep) annotate \(Paths.packageRoot.appendingPathComponent(seed000).path) -o \(out)"
    // `script` gives the command a terminal, as a reviewer's shell does; the test runner's
    // own NO_COLOR, if any, is taken away for the first run.
    let coloured = try runCapturing(
      "/usr/bin/script", ["-qec", "env -u NO_COLOR " + command, "/dev/null"],
      environment: ["TERM": "xterm"])
    #expect(coloured.stdout.contains("\u{1B}[32mnothing that needs work\u{1B}[0m"))
    let plain = try runCapturing(
      "/usr/bin/script", ["-qec", command, "/dev/null"],
      environment: ["TERM": "xterm", "NO_COLOR": "1"])
    #expect(plain.stdout.contains("nothing that needs work"))
    #expect(!plain.stdout.contains("\u{1B}[3"))
    // A plain pipe (no terminal), even with a colour TERM and no NO_COLOR: no escape at all,
    // on standard output or standard error.
    let piped = try runCapturing(
      "/usr/bin/env",
      [
        "-u", "NO_COLOR", Paths.lockstep, "annotate",
        Paths.packageRoot.appendingPathComponent(seed000).path, "-o", out,
      ],
      environment: ["TERM": "xterm"])
    #expect(piped.stdout.contains("nothing that needs work"))
    #expect(!piped.stdout.contains("\u{1B}") && !piped.stderr.contains("\u{1B}"))
  }

  @Test func aPatchThatIntroducesALivelockExitsOneAndSaysSoEverywhere() throws {
    let run = try Annotation(
      "Fixtures/kernel-tree/expected/seed002.patch", base: "v6.14", format: "json")
    #expect(run.status == 1)
    let json = try #require(
      JSONSerialization.jsonObject(with: Data(run.text.utf8)) as? [String: Any])
    let races = json["races"] as? [[String: Any]] ?? []
    let introduced = races.filter { $0["kind"] as? String == "introduces-livelock" }
    #expect(introduced.contains { $0["contender"] as? String == "migrate_device_unmap" })
    // The trace of what it introduces is the one after the patch.
    #expect(introduced.allSatisfy { $0["side"] as? String == "after" })
  }

  @Test func withoutATreeOnlyTheHunksAreAnalyzedAndTheReportSaysSo() throws {
    let run = try Annotation(livelockThread, base: nil, format: "json")
    #expect(run.status == 0)
    let json = try #require(
      JSONSerialization.jsonObject(with: Data(run.text.utf8)) as? [String: Any])
    #expect(json["tree"] is NSNull)
    #expect(json["backport"] is NSNull)
    #expect((json["races"] as? [Any])?.isEmpty == true)
    let patches = json["patches"] as? [[String: Any]] ?? []
    #expect(patches.count == 1)
    #expect((patches.first?["notes"] as? [String])?.contains { $0.contains("hunks") } == true)
  }

  @Test func aTemplateOfTheUserReplacesTheShippedOneAndABrokenOneIsExit65() throws {
    let folder = try TemporaryFolder("templates")
    try folder.write("md/report.mustache", "{{% CONTENT_TYPE: TEXT}}MINE {{title}}\n")
    let mine = try Annotation(seed000, base: nil, format: "md", ["--templates", folder.url.path])
    #expect(mine.status == 0)
    #expect(mine.text.hasPrefix("MINE "))
    // The other forms keep the shipped templates.
    let html = try Annotation(seed000, base: nil, format: "html", ["--templates", folder.url.path])
    #expect(html.text.hasPrefix("<!DOCTYPE html>"))
    try folder.write("html/finding.mustache", "{{#broken}}")
    let broken = try Annotation(
      seed000, base: nil, format: "html", ["--templates", folder.url.path])
    #expect(broken.status == 65)
    #expect(broken.result.stderr.contains("html/finding.mustache"))
    #expect(broken.text.isEmpty)
    let missing = try Annotation(
      seed000, base: nil, format: "md", ["--templates", folder.url.path + "/nowhere"])
    #expect(missing.status == 74)
    #expect(missing.result.stderr.contains("nowhere: no such folder of templates"))
  }

  @Test func aThreadWithoutAPatchIsShownWithANoteAndNoMailAtAllIsExit65() throws {
    let folder = try TemporaryFolder("nopatch")
    let mail = try folder.write(
      "plain.eml", "From: a@b.c\nSubject: hello\nMessage-ID: <x@y>\n\njust words\n")
    let thread = try runCapturing(Paths.lockstep, ["annotate", mail.path, "--format", "md"])
    #expect(thread.status == 0)
    #expect(thread.stdout.contains("- hello — a@b.c"))
    #expect(thread.stdout.contains("\(mail.path): no patch found"))
    #expect(thread.stdout.contains("just words"))
    let binary = Paths.packageRoot.appendingPathComponent("Fixtures/hostile/binary.bin").path
    let run = try runCapturing(Paths.lockstep, ["annotate", binary, "--format", "md"])
    #expect(run.status == 65)
    #expect(run.stderr.contains("\(binary): no patch found"))
    #expect(run.stdout.isEmpty)
  }

  @Test func theReviewedTreeIsNotWritten() throws {
    let before = try TreeSnapshot(Paths.fixtureTree)
    let run = try Annotation(livelockThread, base: "v7.0-rc1", format: "html")
    #expect(run.status == 0)
    #expect(run.text.contains("linux-6.15.y"))
    #expect(try TreeSnapshot(Paths.fixtureTree) == before)
  }
}
