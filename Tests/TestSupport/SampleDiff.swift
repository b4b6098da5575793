/// Small diffs the tests of several modules read.
public enum SampleDiff {
  /// One file, one hunk that adds a `might_sleep()` under `spin_lock()`: a
  /// `sleep-under-spinlock` error when it is read.
  public static let sleepUnderSpinlock = """
    diff --git a/mm/a.c b/mm/a.c
    --- a/mm/a.c
    +++ b/mm/a.c
    @@ -10,3 +10,4 @@ void a(spinlock_t *l)
     \tspin_lock(l);
    +\tmight_sleep();
     \tx = 1;
     \tspin_unlock(l);

    """
}
