#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Recognises what an input is from its first bytes and reads it as that.
///
/// gzip (magic `1f 8b`) is inflated and recognised again; an input starting
/// with `From ` is an mbox and is split as it streams; anything else is
/// collected and read at the end as one `.eml`, an archive page, a flattened
/// dump, or a body-only fragment. Binary data is refused with its offset.
final class InputReader {
  private enum Mode {
    case undecided
    case gzip(GzipStream, InputReader)
    case mbox
    case whole
  }

  private let name: String
  private var mode = Mode.undecided
  private var pending: [UInt8] = []
  private var splitter = MboxSplitter()
  private lazy var parser = ParallelParser(name: name, cores: InputReader.cores)
  /// Where `fill` reads input that is not (yet) known to be an mbox.
  private lazy var chunk = [UInt8](repeating: 0, count: MboxSplitter.chunkSize)
  /// Reading stopped at damaged compressed data (already reported): the gzip stream's
  /// early end is no second problem.
  var stopped = false

  /// Cores to parse an mbox on: `LOCKSTEP_THREADS=N` (default 1). Parsing on
  /// more cores pays off only when they are idle; on a busy machine the
  /// batching costs more than it gains, so it is opt-in.
  static let cores: Int = {
    guard let value = getenv("LOCKSTEP_THREADS"), let count = Int(String(cString: value)) else {
      return 1
    }
    return max(1, min(count, 64))
  }()

  init(name: String) {
    self.name = name
  }

  /// Reads the next bytes with `read` (a `read(2)` into the memory given):
  /// straight into the splitter's buffer once the input is known to be an
  /// mbox, else into a chunk that is fed. Returns what `read` returned.
  func fill<Sink: MailSink>(
    into sink: inout Sink, read: (UnsafeMutableRawBufferPointer) -> Int
  ) throws(GzipStream.Failure) -> Int {
    if case .mbox = mode {
      return splitter.fill(read) { bytes, line in parser.add(bytes, line: line, into: &sink) }
    }
    let count = chunk.withUnsafeMutableBytes(read)
    if count > 0 {
      try chunk.withUnsafeBufferPointer { all throws(GzipStream.Failure) in
        try feed(UnsafeBufferPointer(rebasing: all[0..<count]), into: &sink)
      }
    }
    return count
  }

  func feed<Sink: MailSink>(_ chunk: UnsafeBufferPointer<UInt8>, into sink: inout Sink)
    throws(GzipStream.Failure)
  {
    switch mode {
    case .undecided:
      pending.append(contentsOf: chunk)
      if pending.count >= 5 { try decide(into: &sink) }
    case .gzip(let stream, let inner):
      var failure: GzipStream.Failure? = nil
      try stream.inflate(chunk) { output in
        do { try inner.feed(output, into: &sink) } catch { failure = error as? GzipStream.Failure }
      }
      if let failure { throw failure }
    case .mbox:
      splitter.feed(chunk) { bytes, line in parser.add(bytes, line: line, into: &sink) }
    case .whole:
      pending.append(contentsOf: chunk)
    }
  }

  func finish<Sink: MailSink>(into sink: inout Sink) {
    if case .undecided = mode { try? decide(into: &sink) }
    switch mode {
    case .undecided:
      readWhole(into: &sink)
    case .gzip(let stream, let inner):
      if !stream.finished && !stopped {
        sink.add(
          MailProblem(location: name, message: "gzip data ends early (truncated); read up to there")
        )
      }
      inner.finish(into: &sink)
    case .mbox:
      splitter.finish { bytes, line in parser.add(bytes, line: line, into: &sink) }
      parser.finish(into: &sink)
    case .whole:
      readWhole(into: &sink)
    }
  }

  private func decide<Sink: MailSink>(into sink: inout Sink) throws(GzipStream.Failure) {
    let head = pending
    pending = []
    if head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B {
      let stream = try GzipStream()
      mode = .gzip(stream, InputReader(name: name))
      try head.withUnsafeBufferPointer { bytes throws(GzipStream.Failure) in
        try feed(bytes, into: &sink)
      }
    } else if head.starts(with: Array("From ".utf8)) {
      mode = .mbox
      head.withUnsafeBufferPointer { bytes in
        splitter.feed(bytes) { message, line in parser.add(message, line: line, into: &sink) }
      }
    } else {
      mode = .whole
      pending = head
    }
  }

  private func readWhole<Sink: MailSink>(into sink: inout Sink) {
    let bytes = pending
    pending = []
    guard !bytes.isEmpty else {
      sink.add(MailProblem(location: name, message: "input is empty"))
      return
    }
    if let offset = Self.binaryOffset(bytes) {
      sink.add(
        MailProblem(
          location: "\(name) byte \(offset)",
          message: "binary data (NUL or control bytes), not mail text; nothing read"))
      return
    }
    var problems: [MailProblem] = []
    bytes.withUnsafeBufferPointer { buffer in
      let text = Charset.utf8.decode(buffer)
      if String(validating: buffer, as: UTF8.self) == nil {
        problems.append(
          MailProblem(location: name, message: "input is not valid UTF-8; read as ISO-8859-1"))
      }
      if ArchivePage.matches(text[...]) {
        let (message, overview) = ArchivePage.read(text, name: name)
        if message.isTruncated {
          problems.append(
            MailProblem(
              location: message.location,
              message: "archive page ends inside the headers (truncated)"))
        }
        sink.add(message)
        if !overview.isEmpty { sink.add(overview) }
      } else if Self.startsWithHeaders(buffer) {
        sink.add(MessageParser.parse(buffer, location: "\(name):1", problems: &problems))
      } else if FlattenedDump.matches(buffer) {
        for message in FlattenedDump.read(text, name: name, problems: &problems) {
          sink.add(message)
        }
      } else if Fragment.matches(text) {
        sink.add(Fragment.read(text, name: name))
      } else {
        problems.append(
          MailProblem(
            location: "\(name):1",
            message: "no mail headers, attribution line, quoted text or diff found; not mail"))
      }
    }
    for problem in problems { sink.add(problem) }
  }

  /// The offset of the first NUL or other non-text control byte, if the
  /// input looks binary (more than a few such bytes in its first 64 KiB).
  static func binaryOffset(_ bytes: [UInt8]) -> Int? {
    var first: Int? = nil
    var controls = 0
    for (offset, byte) in bytes.prefix(1 << 16).enumerated()
    where byte < 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 && byte != 0x0C
      && byte != 0x1B
    {
      if first == nil { first = offset }
      controls += 1
      if byte == 0 || controls > 8 { return first }
    }
    return nil
  }

  /// The first line is a header field (`Name: value`) of a name mail uses. The first 64 KiB
  /// usually decide; headers that go on beyond them (a `References:` of 2,000 ids, as long
  /// threads make) are read to their end. Text with no line break at all is not headers.
  static func startsWithHeaders(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var (block, _) = HeaderBlock.parse(UnsafeBufferPointer(rebasing: bytes.prefix(1 << 16)))
    if block.isTruncated && bytes.count > 1 << 16 { (block, _) = HeaderBlock.parse(bytes) }
    guard !block.isTruncated || bytes.contains(0x0A) else { return false }
    let known: Set<String> = [
      "from", "to", "subject", "date", "message-id", "received", "return-path", "delivered-to",
      "mime-version", "content-type", "in-reply-to", "references", "x-mozilla-status",
    ]
    return (0..<block.count).contains { known.contains(block.name(at: $0).lowercased()) }
  }
}

/// A body without headers, as pasted from a mail client or an archive:
/// it opens with an attribution line or a quote, or holds a diff.
enum Fragment {
  static func matches(_ text: String) -> Bool {
    let head = text.prefix(2000)
    return head.containsBytes(" wrote") || head.containsBytes(" writes:")
      || head.containsBytes("\n>")
      || head.hasPrefix(">") || text.containsBytes("\n@@ -") || text.containsBytes("diff --git ")
  }

  static func read(_ text: String, name: String) -> Message {
    var message = Message(location: "\(name):1", form: .fragment)
    message.body = text
    return message
  }
}
