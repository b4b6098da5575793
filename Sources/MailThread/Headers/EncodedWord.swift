/// RFC 2047 encoded words in header text: `=?charset?Q?...?=` and `=?charset?B?...?=`.
///
/// Adjacent encoded words separated only by white space join without it,
/// as the RFC asks, so a name split over two words reads as one.
///
/// ```swift
/// EncodedWord.decode("Thomas =?iso-8859-1?Q?Hellstr=F6m?=")  // "Thomas Hellström"
/// ```
enum EncodedWord {
  static func decode(_ text: String) -> String {
    guard text.contains("=?") else { return text }
    var result = ""
    var rest = Substring(text)
    var pendingSpace = ""
    var lastWasEncoded = false
    while let start = rest.firstRange(of: "=?") {
      let before = rest[..<start.lowerBound]
      guard let word = parseWord(rest[start.lowerBound...]) else {
        result += pendingSpace + before + "=?"
        pendingSpace = ""
        rest = rest[start.upperBound...]
        lastWasEncoded = false
        continue
      }
      if lastWasEncoded && before.allSatisfy({ $0 == " " || $0 == "\t" }) {
        // Whitespace between two encoded words is dropped.
      } else {
        result += pendingSpace + before
      }
      pendingSpace = ""
      result += word.text
      rest = rest[word.end...]
      lastWasEncoded = true
    }
    result += pendingSpace + rest
    return result
  }

  private static func parseWord(_ text: Substring) -> (text: String, end: Substring.Index)? {
    // =?charset?E?payload?=
    let afterOpen = text.index(text.startIndex, offsetBy: 2)
    guard let q1 = text[afterOpen...].firstIndex(of: "?") else { return nil }
    let charsetName = text[afterOpen..<q1].split(separator: "*").first.map(String.init) ?? ""
    let encodingIndex = text.index(after: q1)
    guard encodingIndex < text.endIndex else { return nil }
    let encoding = text[encodingIndex]
    let q2 = text.index(after: encodingIndex)
    guard q2 < text.endIndex, text[q2] == "?" else { return nil }
    let payloadStart = text.index(after: q2)
    guard let close = text[payloadStart...].firstRange(of: "?=") else { return nil }
    let payload = Array(text[payloadStart..<close.lowerBound].utf8)
    guard payload.count < 4096 else { return nil }
    let bytes: [UInt8]
    switch encoding {
    case "Q", "q": bytes = TransferEncoding.decodeQuotedPrintable(payload, underscoreIsSpace: true)
    case "B", "b": bytes = TransferEncoding.decodeBase64(payload)
    default: return nil
    }
    return (Charset(name: charsetName).decode(bytes), close.upperBound)
  }
}
