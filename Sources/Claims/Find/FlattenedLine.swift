/// A quoted line of a flattened message (seed 002: a mail whose line breaks were lost, read
/// back at each lone `>`) may carry the reviewer's answer glued after the quoted line: `>
/// fault_page argument. I added the get_page() and therefore …`. A quoted line of a commit
/// message is at most about 75 characters; in a longer one, the text after the last sentence
/// end within that width is the reply's.
///
/// ```swift
/// FlattenedLine.split("fault_page argument. I added the get_page() and therefore the fault_page argument to deal with another lifetime issue.")
/// // ("fault_page argument.", "I added the get_page() and therefore …")
/// ```
enum FlattenedLine {
  /// The widest a quoted line of a commit message is taken to be.
  static let width = 80

  static func split(_ text: String) -> (quoted: String, reply: String?) {
    let characters = Array(text)
    guard characters.count > width else { return (text, nil) }
    var cut: Int?
    for index in 0..<min(width, characters.count - 2)
    where ".?!".contains(characters[index]) && characters[index + 1] == " "
      && characters[index + 2].isUppercase
    {
      cut = index
    }
    guard let cut else { return (text, nil) }
    return (
      String(characters[...cut]),
      String(characters[(cut + 2)...])
    )
  }
}
