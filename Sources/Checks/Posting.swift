import MailThread
import PatchDiff
import Review

/// What kind of mail a check was handed, decided before any analysis: a patch posted in it
/// (a diff outside any quote) is checked; a cover letter, a reply or a mail without a diff
/// has nothing to check; a mail that cannot be read, or a `[PATCH]` whose diff cannot be,
/// is a failed check.
struct Posting {
  /// The first message of the input: the one b4 hands a check.
  var message: Message
  /// Why the mail was read only in part (cut short inside its headers, damaged gzip data).
  var damage: String?
  /// Problems of the reading that leave the patch whole (a charset label that lies).
  var cautions: [String]

  /// A posting to review, or the report to give instead.
  enum Reading {
    case posted(Posting)
    case answered(CheckReport)
  }

  /// The posting in `input`, or the report to give instead of a review.
  static func read(_ input: MailInput) -> Reading {
    let archive = MailArchive.read(bytes: input.bytes, name: input.name)
    guard let message = archive.messages.first else {
      let why = archive.problems.first.map { ": \($0)" } ?? ""
      return .answered(.unreadable("\(input.name): no mail could be read\(why)", exitStatus: 65))
    }
    // A mail cut short is a failure to read, even when what was read has no patch; other
    // problems are cautions on what was read, as `thread` lists them.
    let cut = archive.problems.first { $0.stopsReading } ?? archive.problems.first
    let damage =
      message.isTruncated || archive.problems.contains(where: \.stopsReading)
      ? "read only in part: \(cut.map(\.description) ?? "\(input.name): the message is cut short")"
      : nil
    let subject = SubjectLine(message.subject)
    if subject.isReply || subject.isCoverLetter {
      if let damage { return .answered(.unreadable(damage, exitStatus: 65)) }
      return .answered(
        .nothing(subject.isReply ? "a reply: no patch posted in it" : "a cover letter"))
    }
    let posted = PatchFinder.patches(in: message.body).filter { $0.quoteDepth == 0 }
    guard posted.contains(where: { !$0.patch.files.isEmpty }) else {
      if let problem = posted.flatMap(\.problems).first {
        return .answered(
          .unreadable("\(input.name): the diff could not be read: \(problem)", exitStatus: 65))
      }
      if let damage { return .answered(.unreadable(damage, exitStatus: 65)) }
      guard subject.isPatch else { return .answered(.nothing("no patch posted in the mail")) }
      return .answered(
        .unreadable("\(input.name): a [PATCH] mail with no diff in it", exitStatus: 65))
    }
    let cautions = damage == nil ? archive.problems.map { "\($0)" } : []
    return .posted(Posting(message: message, damage: damage, cautions: cautions))
  }
}
