import CZlib

/// Inflates gzip data (the `t.mbox.gz` archives serve) chunk by chunk.
///
/// Concatenated gzip members are read one after another, as `gzip -d` does.
///
/// ```swift
/// var gzip = try GzipStream()
/// try gzip.inflate(chunk) { output in splitter.feed(output, emit: …) }
/// ```
final class GzipStream {
  private var stream = z_stream()
  private var output = [UInt8](repeating: 0, count: 1 << 18)
  private(set) var finished = false
  /// Compressed bytes read and bytes inflated so far, for the expansion cap.
  private var consumed = 0
  private var produced = 0

  /// How many times its compressed size an input may expand to, once past
  /// ``expansionFloor``. Mail compresses 4–10 times (a generated mbox of repeated mails
  /// about 100); a gzip bomb, thousands: 17 MB that inflate to 4 GB would fill memory.
  static let maximumExpansion = 150
  /// Below this many inflated bytes the ratio is not checked (small files compress well).
  let expansionFloor: Int

  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  init(expansionFloor: Int = 64 << 20) throws(Failure) {
    self.expansionFloor = expansionFloor
    let status = inflateInit2_(
      &stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else { throw Failure(description: "zlib could not start (\(status))") }
  }

  deinit { inflateEnd(&stream) }

  func inflate(_ input: UnsafeBufferPointer<UInt8>, _ deliver: (UnsafeBufferPointer<UInt8>) -> Void)
    throws(Failure)
  {
    guard let base = input.baseAddress, input.count > 0 else { return }
    stream.next_in = UnsafeMutablePointer(mutating: base)
    stream.avail_in = UInt32(input.count)
    let readBefore = consumed
    while stream.avail_in > 0 {
      if finished {
        // Another gzip member follows.
        inflateReset(&stream)
        finished = false
      }
      var status: Int32 = Z_OK
      let produced: Int = output.withUnsafeMutableBufferPointer { out in
        stream.next_out = out.baseAddress
        stream.avail_out = UInt32(out.count)
        status = CZlib.inflate(&stream, Z_NO_FLUSH)
        return out.count - Int(stream.avail_out)
      }
      consumed = readBefore + input.count - Int(stream.avail_in)
      self.produced += produced
      if self.produced > expansionFloor
        && self.produced > consumed * Self.maximumExpansion
      {
        throw Failure(
          description:
            "compressed data expands more than \(Self.maximumExpansion) times (\(consumed) bytes "
            + "to over \(self.produced) bytes): refused as a gzip bomb; read up to there")
      }
      if produced > 0 {
        output.withUnsafeBufferPointer { deliver(UnsafeBufferPointer(rebasing: $0[0..<produced])) }
      }
      switch status {
      case Z_STREAM_END: finished = true
      case Z_OK, Z_BUF_ERROR:
        if produced == 0 && stream.avail_in > 0 && status == Z_BUF_ERROR {
          throw Failure(description: "gzip data is corrupt")
        }
      default:
        let reason = stream.msg.map { String(cString: $0) } ?? "status \(status)"
        throw Failure(description: "gzip data is corrupt: \(reason)")
      }
    }
  }
}
