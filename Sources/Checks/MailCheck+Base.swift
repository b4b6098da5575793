import Foundation
import KernelTree
import MailThread

extension MailCheck {
  /// The revision a check reviews at (nil: `HEAD`), why, and what weakens that choice.
  struct Base {
    var revision: String?
    var origin: String
    /// A tracked base the tree lacks: `warn` entries.
    var cautions: [String] = []
  }

  /// `--base`, else the first of `B4_TRACKING_FILE`'s candidates that the repository of
  /// `--tree` (or the one around `folder`) resolves, else `HEAD`.
  func base(for message: Message, around folder: String) -> Base {
    if let base { return Base(revision: base, origin: "from --base") }
    guard case .success(let tracking) = tracking else { return Base(origin: "HEAD of the tree") }
    let number = SubjectLine(message.subject).number
    let candidates = tracking.baseCandidates(
      position: tracking.position(messageID: message.id, number: number))
    if let repository = try? KernelRepository.discover(from: tree ?? folder),
      let candidate = candidates.first(where: { resolves($0, in: repository) })
    {
      return Base(revision: candidate.revision, origin: candidate.origin)
    }
    let named = [tracking.firstPatchCommit, tracking.baseCommit].compactMap { $0 }
    return Base(
      origin: "HEAD of the tree",
      cautions: [
        "B4_TRACKING_FILE names no commit of this tree ("
          + (named.isEmpty ? "no base-commit" : named.joined(separator: ", "))
          + "): analyzed against HEAD"
      ])
  }

  /// Whether the candidate resolves in the repository and passes its check.
  private func resolves(_ candidate: BaseCandidate, in repository: KernelRepository) -> Bool {
    guard (try? repository.resolve(candidate.revision)) != nil else { return false }
    guard let check = candidate.mustEqual else { return true }
    guard let found = try? repository.resolve(check.revision),
      let wanted = try? repository.resolve(check.commit)
    else { return false }
    return found == wanted
  }
}
