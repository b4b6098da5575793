import KernelTree

/// The JSON and table form of one `lockstep tree contains` answer.
struct ContainsAnswer: Encodable {
  struct Line: Encodable {
    let line: String
    let tip: String
    let present: Bool
    let `as`: String?
    let matchedBy: String?

    enum CodingKeys: String, CodingKey { case line, tip, present, `as`, matchedBy }

    // Absent values print as null: the documented keys are always there.
    func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(line, forKey: .line)
      try container.encode(tip, forKey: .tip)
      try container.encode(present, forKey: .present)
      try container.encode(self.as, forKey: .as)
      try container.encode(matchedBy, forKey: .matchedBy)
    }
  }

  let commit: String
  let subject: String
  let firstRelease: String?
  let lines: [Line]

  enum CodingKeys: String, CodingKey { case commit, subject, firstRelease, lines }

  func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(commit, forKey: .commit)
    try container.encode(subject, forKey: .subject)
    try container.encode(firstRelease, forKey: .firstRelease)
    try container.encode(lines, forKey: .lines)
  }

  init(_ containment: Containment) {
    commit = containment.commit.id.hex
    subject = containment.commit.subject
    firstRelease = containment.firstRelease?.tag
    lines = containment.lines.map {
      Line(
        line: $0.line.name, tip: $0.line.tip.hex, present: $0.isPresent, as: $0.copy?.hex,
        matchedBy: $0.matchedBy?.rawValue)
    }
  }

  var table: String {
    var rows = [["line", "tip", "present", "as", "matched by"]]
    for line in lines {
      rows.append([
        line.line, String(line.tip.prefix(12)), line.present ? "yes" : "no",
        line.as.map { String($0.prefix(12)) } ?? "-", line.matchedBy ?? "-",
      ])
    }
    return """
      commit         \(commit.prefix(12)) ("\(subject)")
      first release  \(firstRelease ?? "none yet")

      \(TextTable(rows).rendered)
      """
  }
}

/// The JSON and table form of `lockstep tree lines`.
struct LinesAnswer: Encodable {
  struct Line: Encodable {
    let line: String
    let reference: String
    let tip: String
    let newestTag: String?

    enum CodingKeys: String, CodingKey { case line, reference, tip, newestTag }

    func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(line, forKey: .line)
      try container.encode(reference, forKey: .reference)
      try container.encode(tip, forKey: .tip)
      try container.encode(newestTag, forKey: .newestTag)
    }
  }

  let lines: [Line]
  let releases: [String]

  var table: String {
    var rows = [["line", "tip", "newest tag", "reference"]]
    for line in lines {
      rows.append([line.line, String(line.tip.prefix(12)), line.newestTag ?? "-", line.reference])
    }
    return TextTable(rows).rendered + "\n\nmainline releases: " + releases.joined(separator: " ")
  }
}
