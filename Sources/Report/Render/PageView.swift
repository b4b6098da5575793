import LockAnalysis

/// The report as the page and Markdown templates read it: every value a template shows,
/// with the classes and counts precomputed (Mustache reads stored properties only).
///
/// Invariant: an optional field's name is used by no enclosing view, because Mustache looks
/// a name that is nil up the context stack (`{{#sourceText}}` of a finding must not find
/// another object's `sourceText`).
struct PageView {
  struct TreeRow {
    var anchor: String
    var indent: String
    var depth: Int
    var prefix: String
    var from: String
    var date: String
    var subject: String
    var inInput: Bool
    var patches: [Link]
  }

  struct Link {
    var anchor: String
    var label: String
  }

  struct MessageView {
    var anchor: String
    var from: String
    var date: String
    var subject: String
    var location: String
    var messageID: String
    var body: [SegmentView]
    var patches: [Link]
  }

  /// A quote level: open when it is the writer's own text or a short first-level quote.
  struct SegmentView {
    var depth: Int
    var quoted: Bool
    var open: Bool
    var summary: String
    var parts: [PartView]
    /// `> > ` for Markdown.
    var mdPrefix: String
  }

  /// Text of one quote level, a deeper level, or a diff in a mail (folded: the patch is shown
  /// with its findings above). `lines` is the part's text as written, for Markdown.
  struct PartView {
    var text: String?
    var lines: [String]
    var quote: [SegmentView]
    var diff: FoldView?

    init(text: String?, lines: [String], quote: [SegmentView], diff: FoldView? = nil) {
      self.text = text
      self.lines = lines
      self.quote = quote
      self.diff = diff
    }
  }

  struct FoldView {
    var summary: String
    var text: String
  }

  struct FindingView {
    var anchor: String
    var rule: String
    var severity: String
    var file: String
    var line: Int
    var function: String
    var message: String
    var path: String
    var sourceText: String?
  }

  struct RowView {
    var cls: String
    var marker: String
    var old: String
    var new: String
    var text: String
    var fromTree: Bool
    var lineID: String
    var findings: [FindingView]
  }

  struct HunkV {
    var header: String
    var rows: [RowView]
    /// The hunk as Markdown: diff fences closed around each finding.
    var mdBlocks: [MarkdownBlock]
  }

  struct MarkdownBlock {
    var diff: String?
    var finding: FindingView?

    init(diff: String) { self.diff = diff }
    init(finding: FindingView) { self.finding = finding }
  }

  struct FileView {
    var title: String
    var hunks: [HunkV]
  }

  struct PatchView {
    var anchor: String
    var number: Int
    var subject: String
    var message: String?
    var files: [FileView]
    var elsewhere: [FindingView]
    var notes: [String]
    var findingSummary: String
    /// Some lines are context read from the tree, not the patch's (to place a finding).
    var hasTreeContext: Bool
  }

  struct ClaimView {
    var statement: String
    var by: String?
    var kind: String
    /// Named apart from every other field: Mustache looks a nil field up in the enclosing
    /// objects.
    var claimVersion: String?
    var verdict: String
    var evidence: [ClaimSection.Evidence]
  }

  struct BackportRowView {
    var line: String
    var affected: String
    var status: String
    var statusClass: String
    var hunks: String
    var needs: String
    var builds: String
    var findings: Int
    var evidence: [String]
  }

  struct BackportView {
    var subject: String
    var fixes: String?
    var statedRange: String?
    var rows: [BackportRowView]
    var notes: [String]
  }

  /// One line of the summary at the top: what a reviewer looks at first.
  struct GlanceItem {
    var label: String
    var text: String
    var anchor: String
    var cls: String
  }

  var title: String
  var input: String
  var glance: [GlanceItem]
  var tree: String?
  var summary: String
  var verdict: String
  var verdictClass: String
  var threadRows: [TreeRow]
  var messages: [MessageView]
  var patches: [PatchView]
  var claims: [ClaimView]
  var hasClaims: Bool
  var races: [TraceDrawing]
  var replaySummary: String?
  var backport: BackportView?
  var notes: [String]
  var problems: [String]
  var incomplete: [String]
  var generator: String
}
