import ArgumentParser

/// The documented exit statuses every `lockstep` command uses.
///
/// They follow `sysexits.h`, so scripts can tell a finding from a broken input:
/// `lockstep analyze fix.patch || [ $? -eq 1 ] && echo "has errors"`.
enum ExitStatus: Int32 {
  /// Nothing of severity error was found.
  case clean = 0
  /// At least one finding of severity error.
  case findings = 1
  /// The command line could not be understood.
  case usage = 2
  /// The work was cut short: a search bound was reached, so part of the answer is missing
  /// (`simulate`: a run ended `bound-reached`).
  case incomplete = 3
  /// `EX_DATAERR`: an input (mail, patch, repository, revision) could not be read.
  case dataError = 65
  /// `EX_IOERR`: reading or writing a file failed.
  case ioError = 74

  var exitCode: ExitCode { ExitCode(rawValue) }
}
