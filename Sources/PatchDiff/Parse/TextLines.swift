/// Splits text into lines at `\n`, dropping a `\r` before it; no trailing empty line.
///
/// Works on the UTF-8 view so that a 10 MB line costs one pass.
func textLines(_ text: String) -> [Substring] {
  var lines: [Substring] = []
  var start = text.startIndex
  let utf8 = text.utf8
  var index = utf8.startIndex
  while index < utf8.endIndex {
    if utf8[index] == 0x0A {
      var end = index
      if end > start, utf8[utf8.index(before: end)] == 0x0D { end = utf8.index(before: end) }
      lines.append(text[start..<end])
      start = utf8.index(after: index)
    }
    index = utf8.index(after: index)
  }
  if start < text.endIndex { lines.append(text[start...]) }
  return lines
}
