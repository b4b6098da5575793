/*
 * Promela translation of Sources/PathSimulator/Resources/scenarios/hmm-range-fault-livelock.scenario
 * under PREEMPT_NONE, scaled to PAGES device-private folios on CPUS CPUs.
 * Page i has a migrating thread (pinned to CPU 2i mod CPUS) that holds the folio
 * lock across lru_add_drain_all(), and a faulting thread (CPU 2i+1 mod CPUS) in
 * hmm_range_fault()'s retry loop. AFTER=0: trylock and retry (seed 002);
 * AFTER=1: wait until unlocked (seed 000). Each atomic step is one step of the
 * lockstep machine: the same CPU/run-queue model, the same states.
 * COMPOSED=1: the race `lockstep simulate --patch` composes from seed 000's paths
 * (do_swap_page() against the migrate_device_unmap contender, `--print-scenario`):
 * the contender calls try_to_migrate() after the drain (one more step), and the fault
 * path waits without a separate pte_unmap() step (the composer leaves calls out).
 *   spin -DCPUS=2 -DPAGES=1 -DAFTER=0 -a hmm-range-fault-livelock.pml
 *   gcc -O2 -DNP -o pan pan.c && ./pan -l
 */
#ifndef CPUS
#define CPUS 2
#endif
#ifndef PAGES
#define PAGES 1
#endif
#ifndef AFTER
#define AFTER 0
#endif
#ifndef COMPOSED
#define COMPOSED 0
#endif
#define IDLE 255
#define FREE 255
#define THREADS (2 * PAGES)

byte cur[CPUS];
bit pending[CPUS];
byte npending;
byte folio[PAGES];
byte ptl[PAGES];
byte refs[PAGES];

/* A thread that is not running waits on its CPU's run queue. */
inline switch_in(me, c) {
  atomic { cur[c] == IDLE -> cur[c] = me }
}

proctype Migrate(byte me; byte c; byte p; bit running) {
  byte i;
  if
  :: running -> skip
  :: else -> switch_in(me, c)
  fi;
lock_folio:
  if
  :: atomic { cur[c] == me && folio[p] == FREE -> folio[p] = me }
  :: atomic { cur[c] == me && folio[p] != FREE -> cur[c] = IDLE };
     atomic { cur[c] == IDLE && folio[p] == FREE -> cur[c] = me };
     goto lock_folio
  fi;
  /* lru_add_drain_all(): queue work on every CPU, sleep until it has run */
  atomic {
    cur[c] == me ->
    i = 0;
    do
    :: i < CPUS -> if :: !pending[i] -> pending[i] = 1; npending++ :: else fi; i++
    :: else -> break
    od;
    i = 0;
    cur[c] = IDLE
  };
  atomic { cur[c] == IDLE && npending == 0 -> cur[c] = me };
  atomic { cur[c] == me -> skip };
#if COMPOSED
  atomic { cur[c] == me -> skip };                       /* try_to_migrate */
#endif
  atomic { cur[c] == me -> folio[p] = FREE };
progress_migration_done:
  atomic { cur[c] == me -> cur[c] = IDLE }
}

proctype Fault(byte me; byte c; byte p; bit running) {
  if
  :: running -> skip
  :: else -> switch_in(me, c)
  fi;
  do                                                     /* hmm_range_fault() */
  :: atomic { cur[c] == me && ptl[p] == FREE -> ptl[p] = me };
     if
     :: atomic { cur[c] == me && folio[p] == FREE -> folio[p] = me }; break
     :: atomic { cur[c] == me && folio[p] != FREE -> skip };
#if AFTER
#if !COMPOSED
        atomic { cur[c] == me -> skip };                 /* pte_unmap */
#endif
        if                                               /* migration_entry_wait_on_locked */
        :: atomic { cur[c] == me && folio[p] == FREE -> ptl[p] = FREE }
        :: atomic { cur[c] == me && folio[p] != FREE -> ptl[p] = FREE; cur[c] = IDLE };
           atomic { cur[c] == IDLE && folio[p] == FREE -> cur[c] = me };
           atomic { cur[c] == me -> skip }
        fi
#else
        atomic { cur[c] == me -> ptl[p] = FREE }         /* pte_unmap_unlock; return 0 */
#endif
     fi
  od;
  atomic { cur[c] == me -> refs[p]++ };
  atomic { cur[c] == me -> ptl[p] = FREE };
  atomic { cur[c] == me -> skip };                       /* migrate_to_ram */
  atomic { cur[c] == me -> folio[p] = FREE };
  atomic { cur[c] == me -> refs[p]-- };
progress_fault_resolved:
  atomic { cur[c] == me -> cur[c] = IDLE }
}

proctype Kworker(byte c) {
end:
  do
  :: atomic { cur[c] == IDLE && pending[c] -> cur[c] = THREADS + c };
     atomic { cur[c] == THREADS + c -> pending[c] = 0; npending--; cur[c] = IDLE }
  od
}

init {
  byte i;
  atomic {
    i = 0;
    do
    :: i < CPUS -> cur[i] = IDLE; i++
    :: else -> break
    od;
    i = 0;
    do
    :: i < PAGES -> folio[i] = FREE; ptl[i] = FREE; refs[i] = 1; i++
    :: else -> break
    od;
    /* each CPU starts running the first thread pinned to it */
    i = 0;
    do
    :: i < THREADS ->
       if
       :: cur[i % CPUS] == IDLE -> cur[i % CPUS] = i;
          if
          :: i % 2 == 0 -> run Migrate(i, i % CPUS, i / 2, 1)
          :: else -> run Fault(i, i % CPUS, i / 2, 1)
          fi
       :: else ->
          if
          :: i % 2 == 0 -> run Migrate(i, i % CPUS, i / 2, 0)
          :: else -> run Fault(i, i % CPUS, i / 2, 0)
          fi
       fi;
       i++
    :: else -> break
    od;
    i = 0;
    do
    :: i < CPUS -> run Kworker(i); i++
    :: else -> break
    od;
    i = 0
  }
}
