#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Everything read from one input: the messages, an archive's thread
/// overview, and the problems met, each with where it happened.
///
/// Accepts an mbox (mboxo or mboxrd), gzip-compressed mbox, one `.eml`, a
/// folder of `.eml` files, standard input (`-`), an archive's web page as
/// text, a dump whose line breaks were lost, and a body-only fragment.
///
/// ```swift
/// let archive = try MailArchive.read(path: "t.mbox.gz")
/// for message in archive.messages { print(message.subject) }
/// ```
public struct MailArchive: Sendable {
  public var messages: [Message] = []
  public var overview: [OverviewEntry] = []
  public var problems: [MailProblem] = []

  public init() {}

  /// Reads a file, a folder of `.eml` files, or standard input (`-`).
  public static func read(path: String) throws(MailReadError) -> MailArchive {
    var archive = MailArchive()
    try stream(path: path) {
      archive.messages.append($0)
    } overview: {
      archive.overview = $0
    } problem: {
      archive.problems.append($0)
    }
    return archive
  }

  /// Reads mail already in memory, `name` used in problem locations.
  public static func read(bytes: [UInt8], name: String) -> MailArchive {
    var archive = MailArchive()
    let reader = InputReader(name: name)
    bytes.withUnsafeBufferPointer { chunk in
      try? reader.feed(chunk, into: &archive)
    }
    reader.finish(into: &archive)
    return archive
  }

  /// Reads messages one at a time without keeping them: memory stays bounded
  /// by the largest message.
  public static func stream(
    path: String, message: @escaping (Message) -> Void,
    overview: @escaping ([OverviewEntry]) -> Void = { _ in },
    problem: @escaping (MailProblem) -> Void
  ) throws(MailReadError) {
    if path != "-", isDirectory(path) {
      try readFolder(path, message: message, problem: problem)
      return
    }
    let descriptor = path == "-" ? 0 : open(path, O_RDONLY)
    guard descriptor >= 0 else {
      throw MailReadError(path: path, reason: String(cString: strerror(errno)))
    }
    defer { if descriptor != 0 { close(descriptor) } }
    let reader = InputReader(name: path == "-" ? "<stdin>" : path)
    var sink = StreamSink(message: message, overview: overview, problem: problem)
    while true {
      let count: Int
      do {
        count = try reader.fill(into: &sink) { readBytes(descriptor, $0) }
      } catch {
        // Damaged compressed data: what came before it is still mail, and is kept.
        reader.stopped = true
        sink.add(
          MailProblem(
            location: path == "-" ? "<stdin>" : path, message: error.description,
            stopsReading: true))
        break
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw MailReadError(path: path, reason: String(cString: strerror(errno)))
      }
      if count == 0 { break }
    }
    reader.finish(into: &sink)
  }

  private static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  private static func readFolder(
    _ path: String, message: @escaping (Message) -> Void,
    problem: @escaping (MailProblem) -> Void
  ) throws(MailReadError) {
    guard let directory = opendir(path) else {
      throw MailReadError(path: path, reason: String(cString: strerror(errno)))
    }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
      }
      if name.hasSuffix(".eml") { names.append(name) }
    }
    closedir(directory)
    if names.isEmpty {
      throw MailReadError(path: path, reason: "folder holds no .eml files")
    }
    for name in names.sorted() {
      let file = path.hasSuffix("/") ? path + name : path + "/" + name
      var sink = StreamSink(message: message, overview: { _ in }, problem: problem)
      guard let bytes = readWholeFile(file) else {
        problem(MailProblem(location: file, message: String(cString: strerror(errno))))
        continue
      }
      let reader = InputReader(name: file)
      bytes.withUnsafeBufferPointer { try? reader.feed($0, into: &sink) }
      reader.finish(into: &sink)
    }
  }

  static func readWholeFile(_ path: String) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { readBytes(descriptor, $0) }
      if count < 0 && errno == EINTR { continue }
      if count < 0 { return nil }
      if count == 0 { return bytes }
      bytes.append(contentsOf: chunk[0..<count])
    }
  }
}

/// Where `InputReader` delivers what it reads.
protocol MailSink {
  mutating func add(_ message: Message)
  mutating func add(_ overview: [OverviewEntry])
  mutating func add(_ problem: MailProblem)
}

extension MailArchive: MailSink {
  mutating func add(_ message: Message) { messages.append(message) }
  mutating func add(_ overview: [OverviewEntry]) { self.overview = overview }
  mutating func add(_ problem: MailProblem) { problems.append(problem) }
}

struct StreamSink: MailSink {
  let message: (Message) -> Void
  let overview: ([OverviewEntry]) -> Void
  let problem: (MailProblem) -> Void
  mutating func add(_ message: Message) { self.message(message) }
  mutating func add(_ overview: [OverviewEntry]) { self.overview(overview) }
  mutating func add(_ problem: MailProblem) { self.problem(problem) }
}

private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Int {
  #if canImport(Glibc)
    return Glibc.read(descriptor, buffer.baseAddress, buffer.count)
  #else
    return Darwin.read(descriptor, buffer.baseAddress, buffer.count)
  #endif
}
