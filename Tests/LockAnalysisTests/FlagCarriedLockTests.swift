import LockAnalysis
import Testing

/// mm/damon/sysfs.c damon_sysfs_cmd_request_callback() in small: `big_lock` is kept from one
/// callback to the next while the flag `updating`, which the release tests, is set.
private func callback(setting flag: String) -> String {
  """
  static DEFINE_MUTEX(big_lock);
  static bool updating;

  static int callback(struct ctx *c, bool active)
  {
  	int err = 0;

  	if (!updating && !mutex_trylock(&big_lock))
  		return 0;
  	if (!c->kdamond)
  		goto out;
  	switch (c->cmd) {
  	case CMD_UPDATE:
  		if (!updating) {
  			err = start(c);
  			if (!err) {
  				\(flag) = true;
  				goto keep_lock_out;
  			}
  		} else {
  			err = stop(c);
  			updating = false;
  		}
  		break;
  	default:
  		break;
  	}
  	c->kdamond = NULL;
  out:
  	if (!updating)
  		mutex_unlock(&big_lock);
  keep_lock_out:
  	return err;
  }
  """
}

@Suite struct FlagCarriedLockTests {
  @Test func aLockKeptWhileAFlagTheReleaseTestsIsSetIsAWarningNamingTheFlag() throws {
    let result = try analyzeFragment(callback(setting: "updating"))
    #expect(result.rules(severity: .error) == [])
    let kept = try #require(
      result.findings.first { $0.rule == .lockImbalance && $0.line == 8 })
    #expect(kept.severity == .warning)
    #expect(kept.message.contains("this path sets updating"), "\(kept.message)")
  }

  @Test func aFlagTheReleasingPathNeverTestedSaysNothingAndTheLeakIsAnError() throws {
    let result = try analyzeFragment(callback(setting: "c->started"))
    let kept = try #require(
      result.findings.first { $0.rule == .lockImbalance && $0.line == 8 })
    #expect(kept.severity == .error)
    #expect(!kept.message.contains("this path sets"))
  }
}
