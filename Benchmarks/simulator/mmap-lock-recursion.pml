/*
 * Promela translation of Sources/PathSimulator/Resources/scenarios/mmap-lock-recursion.scenario,
 * scaled to READERS tasks taking mmap_read_lock() (twice when RECURSIVE=1) and
 * WRITERS tasks taking mmap_write_lock(), on CPUS CPUs (task i pinned to CPU
 * i mod CPUS, readers first). The rw-semaphore follows Linux: a new reader
 * sleeps while a writer holds or waits. Each atomic step is one step of the
 * lockstep machine.
 *   spin -DCPUS=2 -DREADERS=1 -DWRITERS=1 -DRECURSIVE=1 -a mmap-lock-recursion.pml
 *   gcc -O2 -o pan pan.c && ./pan
 */
#ifndef CPUS
#define CPUS 2
#endif
#ifndef READERS
#define READERS 1
#endif
#ifndef WRITERS
#define WRITERS 1
#endif
#ifndef RECURSIVE
#define RECURSIVE 1
#endif
#define IDLE 255
#define FREE 255

byte cur[CPUS];
byte owner = FREE;
byte readers;
byte waiting;

inline switch_in(me, c) {
  atomic { cur[c] == IDLE -> cur[c] = me }
}

inline read_lock(me, c) {
  do
  :: atomic { cur[c] == me && owner == FREE && waiting == 0 -> readers++ }; break
  :: atomic { cur[c] == me && !(owner == FREE && waiting == 0) -> cur[c] = IDLE };
     atomic { cur[c] == IDLE && owner == FREE && waiting == 0 -> cur[c] = me }
  od
}

proctype Reader(byte me; byte c; bit running) {
  if
  :: running -> skip
  :: else -> switch_in(me, c)
  fi;
  read_lock(me, c);                                      /* lib/test_hmm.c:1267 */
#if RECURSIVE
  read_lock(me, c);                                      /* lib/test_hmm.c:368 */
#else
  atomic { cur[c] == me -> skip };                       /* dmirror_range_fault() */
#endif
  atomic { cur[c] == me -> readers-- };
#if RECURSIVE
  atomic { cur[c] == me -> readers-- };
#endif
progress_done:
  atomic { cur[c] == me -> cur[c] = IDLE }
}

proctype Writer(byte me; byte c; bit running) {
  bit queued;
  if
  :: running -> skip
  :: else -> switch_in(me, c)
  fi;
  do
  :: atomic {
       cur[c] == me && owner == FREE && readers == 0 -> owner = me;
       if :: queued -> waiting--; queued = 0 :: else fi
     };
     break
  :: atomic {
       cur[c] == me && !(owner == FREE && readers == 0) ->
       if :: !queued -> waiting++; queued = 1 :: else fi;
       cur[c] = IDLE
     };
     atomic { cur[c] == IDLE && owner == FREE && readers == 0 -> cur[c] = me }
  od;
  atomic { cur[c] == me -> owner = FREE };
progress_done:
  atomic { cur[c] == me -> cur[c] = IDLE }
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
    :: i < READERS + WRITERS ->
       if
       :: cur[i % CPUS] == IDLE -> cur[i % CPUS] = i;
          if
          :: i < READERS -> run Reader(i, i % CPUS, 1)
          :: else -> run Writer(i, i % CPUS, 1)
          fi
       :: else ->
          if
          :: i < READERS -> run Reader(i, i % CPUS, 0)
          :: else -> run Writer(i, i % CPUS, 0)
          fi
       fi;
       i++
    :: else -> break
    od;
    i = 0
  }
}
