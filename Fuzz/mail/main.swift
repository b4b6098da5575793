// libFuzzer entry point for the mail/MIME reader: every input is read as
// mail (any form: mbox, gzip, eml, archive page, flattened dump, fragment)
// and reviewed (threading, quotes, trailers, series, splats). Compiled
// together with Sources/MailThread by Fuzz/run.sh, so internals are in scope.

@_cdecl("LLVMFuzzerTestOneInput")
public func lockstepFuzzMail(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let archive = MailArchive.read(bytes: bytes, name: "fuzz")
  let review = ThreadReview(archive)
  for message in archive.messages {
    _ = message.to
    _ = message.cc
  }
  _ = review.series.count
  return 0
}
