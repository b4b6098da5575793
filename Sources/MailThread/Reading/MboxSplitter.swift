#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Splits an mbox (mboxo or mboxrd) into messages as its bytes arrive.
///
/// A message starts at a `From ` line that opens the input or follows a
/// blank line (or looks like `From sender Www Mmm dd hh:mm:ss yyyy`). Body
/// lines escaped as `>From ` (mboxrd: any number of `>`) lose one `>`.
/// Only the current message is buffered, so memory stays bounded by the
/// largest message, not the file.
///
/// ```swift
/// var splitter = MboxSplitter()
/// splitter.feed(chunk) { bytes, line in … }
/// splitter.finish { bytes, line in … }
/// ```
struct MboxSplitter {
  /// Input bytes in `buffer[0..<end]`; the rest is room for the next read.
  private var buffer: [UInt8] = []
  private var end = 0
  /// Offset in `buffer` of the current message's `From ` line.
  private var messageStart = 0
  /// Offset up to which `buffer` has been searched for separators.
  private var searched = 0
  /// Line number (1-based) of `buffer[messageStart]` in the whole input.
  private var messageLine = 1
  private var started = false

  typealias Emit = (UnsafeBufferPointer<UInt8>, Int) -> Void

  /// Bytes asked of `read` at a time by `fill`.
  static let chunkSize = 1 << 20

  mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, emit: Emit) {
    makeRoom(for: chunk.count)
    buffer.withUnsafeMutableBufferPointer { all in
      _ = UnsafeMutableBufferPointer(rebasing: all[end..<(end + chunk.count)])
        .initialize(fromContentsOf: chunk)
    }
    end += chunk.count
    scan(final: false, emit: emit)
  }

  /// Lets `read` (a `read(2)`) put the next bytes straight into the buffer,
  /// saving a copy, then splits them. Returns what `read` returned.
  mutating func fill(_ read: (UnsafeMutableRawBufferPointer) -> Int, emit: Emit) -> Int {
    makeRoom(for: MboxSplitter.chunkSize)
    let count = buffer.withUnsafeMutableBytes { all in
      read(UnsafeMutableRawBufferPointer(rebasing: all[end..<(end + MboxSplitter.chunkSize)]))
    }
    guard count > 0 else { return count }
    end += count
    scan(final: false, emit: emit)
    return count
  }

  mutating func finish(emit: Emit) {
    scan(final: true, emit: emit)
    if messageStart < end {
      emitMessage(messageStart..<end, emit: emit)
    }
    buffer.removeAll()
    end = 0
    messageStart = 0
    searched = 0
  }

  /// Makes room for `count` more bytes after `end`: first by moving the
  /// unfinished message to the front, else by growing the buffer.
  private mutating func makeRoom(for count: Int) {
    guard end + count > buffer.count else { return }
    if messageStart > 0 {
      let kept = end - messageStart
      buffer.withUnsafeMutableBytes { all in
        _ = memmove(all.baseAddress!, all.baseAddress! + messageStart, kept)
      }
      searched -= messageStart
      end = kept
      messageStart = 0
    }
    if end + count > buffer.count {
      buffer.append(
        contentsOf: repeatElement(0, count: max(end + count - buffer.count, buffer.count)))
    }
  }

  private mutating func scan(final: Bool, emit: Emit) {
    let needle: [UInt8] = Array("\nFrom ".utf8)
    while true {
      let found = buffer.withUnsafeBufferPointer { all in
        ByteSearch.find(
          needle, in: UnsafeBufferPointer(rebasing: all[0..<end]), from: max(searched, messageStart)
        )
      }
      guard let newline = found else {
        searched = max(messageStart, end - needle.count)
        break
      }
      let lineStart = newline + 1
      // Need the whole From line to judge it.
      guard let lineEnd = buffer[lineStart..<end].firstIndex(of: 0x0A) else {
        if final {
          searched = end
        } else {
          searched = newline
        }
        break
      }
      searched = lineStart
      let previousBlank =
        newline >= 1 && (buffer[newline - 1] == 0x0A || buffer[newline - 1] == 0x0D)
      guard previousBlank || looksLikeSeparator(lineStart..<lineEnd) else { continue }
      if lineStart > messageStart || started {
        emitMessage(messageStart..<lineStart, emit: emit)
      }
      started = true
      messageStart = lineStart
    }
  }

  /// `From sender Www Mmm ...`: a weekday or month name among the next words.
  private func looksLikeSeparator(_ range: Range<Int>) -> Bool {
    let words = buffer[range].split(separator: 0x20).prefix(4)
    return words.count >= 3 && words.dropFirst(2).contains { $0.count == 3 }
  }

  private mutating func emitMessage(_ range: Range<Int>, emit: Emit) {
    let line = messageLine
    buffer.withUnsafeBufferPointer { all in
      var slice = UnsafeBufferPointer(rebasing: all[range])
      messageLine += ByteSearch.countNewlines(slice)
      // Drop the separator line itself.
      if slice.count >= 5 && slice[0] == UInt8(ascii: "F") && slice[1] == UInt8(ascii: "r")
        && slice[2] == UInt8(ascii: "o") && slice[3] == UInt8(ascii: "m")
        && slice[4] == 0x20
      {
        let end = slice.firstIndex(of: 0x0A).map { $0 + 1 } ?? slice.count
        slice = UnsafeBufferPointer(rebasing: slice[end...])
      }
      if MboxSplitter.hasEscapedFrom(slice) {
        let unescaped = MboxSplitter.unescape(slice)
        unescaped.withUnsafeBufferPointer { emit($0, line) }
      } else {
        emit(slice, line)
      }
    }
  }

  static func hasEscapedFrom(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let needle = fromWord
    var offset = 0
    while let index = ByteSearch.find(needle, in: bytes, from: offset) {
      var j = index - 1
      while j >= 0 && bytes[j] == UInt8(ascii: ">") { j -= 1 }
      if j < index - 1 && (j < 0 || bytes[j] == 0x0A) { return true }
      offset = index + 1
    }
    return false
  }

  /// Removes one `>` from every line of the form `>+From `, copying the
  /// text between such lines in runs.
  static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var copied = 0
    var lineStart = 0
    while lineStart < bytes.count {
      if bytes[lineStart] == UInt8(ascii: ">") {
        var j = lineStart
        while j < bytes.count && bytes[j] == UInt8(ascii: ">") { j += 1 }
        if j + 5 <= bytes.count && bytes[j] == UInt8(ascii: "F")
          && bytes[j + 1] == UInt8(ascii: "r")
          && bytes[j + 2] == UInt8(ascii: "o") && bytes[j + 3] == UInt8(ascii: "m")
          && bytes[j + 4] == 0x20
        {
          out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<lineStart]))
          copied = lineStart + 1
        }
      }
      guard let newline = ByteSearch.find(newline, in: bytes, from: lineStart) else { break }
      lineStart = newline + 1
    }
    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
    return out
  }

  private static let newline: [UInt8] = [0x0A]
  private static let fromWord: [UInt8] = Array("From ".utf8)
}
