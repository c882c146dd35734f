#!/usr/bin/env python3
"""Where the database writer (or any thread group) waits for a CPU, from a `perf sched record` of the whole machine.

    perf sched record -o FILE -- sleep 4      # during a phase of bench/live.sh (root, or perf_event_paranoid <= -1)
    bench/lib/sched-waits.py FILE [THREAD-PREFIX]

For every wait of a thread whose name starts with THREAD-PREFIX (default `event-writer`, the server's event writer;
`io-executor` for its request threads)
between becoming runnable (woken, or preempted while runnable) and running again, it reports:
- the waits' count and total, split into waits after a wake-up and waits after a preemption;
- what ran meanwhile on the CPU the thread was queued on, and how long the other CPUs were idle meanwhile (a runnable
  thread waiting while a CPU idles is the scheduler's placement, not a lack of CPU);
- for preemptions, the thread group that took the CPU and how long the preempted thread then waited.
Thread groups are by name prefix (the 15 characters Linux keeps): see GROUPS.
"""
import collections
import re
import subprocess
import sys

GROUPS = [("event-writer", "event writer"), ("io-executor", "request threads"), ("default-", "event loops"), ("live-metrics", "live flusher"),
          ("ws-fleet", "subscribers' client"), ("HttpClient", "senders' client"), ("GC Thread", "GC"),
          ("C2 Compiler", "JIT"), ("C1 Compiler", "JIT"), ("swapper", "idle")]
EVENT = re.compile(r"\s*\[(\d+)\]\s+([\d.]+):\s+(\S+):\s+(.*)")
SWITCH = re.compile(r"prev_comm=(.*?) prev_pid=(\d+) .*?prev_state=(\S+) ==> next_comm=(.*?) next_pid=(\d+)")
WAKING = re.compile(r"comm=(.*?) pid=(\d+) ")
MIGRATE = re.compile(r"comm=(.*?) pid=(\d+) .*orig_cpu=(\d+) dest_cpu=(\d+)")


def group(comm):
    for prefix, name in GROUPS:
        if comm.startswith(prefix):
            return name
    return "other"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    data, target = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "event-writer"
    out = subprocess.run(["perf", "script", "-i", data, "-F", "cpu,time,event,trace"], capture_output=True,
                         text=True, check=True).stdout
    running = {}        # cpu -> comm of the task on it
    queued_on = {}      # tid -> cpu it last ran on or was moved to
    waiting = {}        # tid -> (since, "woken" | "preempted", group that preempted it)
    ran_meanwhile = collections.Counter()
    others_idle = 0.0
    by_kind = collections.Counter()
    by_preemptor = collections.Counter()
    preemptions = collections.Counter()
    count = 0
    cpus = set()
    last = None
    for line in out.splitlines():
        m = EVENT.match(line)
        if not m:
            continue
        cpu, t, event, trace = int(m.group(1)), float(m.group(2)), m.group(3), m.group(4)
        cpus.add(cpu)
        if last is not None and waiting:
            dt = t - last
            for tid in waiting:
                c = queued_on.get(tid, 0)
                ran_meanwhile[group(running.get(c, "?"))] += dt
                if any(group(running.get(o, "?")) == "idle" for o in cpus if o != c):
                    others_idle += dt
        last = t
        if event.startswith("sched:sched_switch"):
            s = SWITCH.search(trace)
            if not s:
                continue
            prev, prev_tid, state, nxt, next_tid = s.group(1), int(s.group(2)), s.group(3), s.group(4), int(s.group(5))
            running[cpu] = nxt
            queued_on[next_tid] = cpu
            if prev.startswith(target) and state.startswith("R"):
                waiting[prev_tid] = (t, "preempted", group(nxt))
            if next_tid in waiting:
                since, kind, preemptor = waiting.pop(next_tid)
                count += 1
                by_kind[kind] += t - since
                if kind == "preempted":
                    by_preemptor[preemptor] += t - since
                    preemptions[preemptor] += 1
        elif event.startswith("sched:sched_waking"):
            w = WAKING.search(trace)
            if w and w.group(1).startswith(target):
                waiting.setdefault(int(w.group(2)), (t, "woken", None))
        elif event.startswith("sched:sched_migrate_task"):
            w = MIGRATE.search(trace)
            if w:
                queued_on[int(w.group(2))] = int(w.group(4))
    total = sum(by_kind.values())
    print(f"{data}: {count} waits of '{target}*' threads, {total * 1000:.0f} ms in all "
          f"(after a wake-up {by_kind['woken'] * 1000:.0f} ms, after a preemption {by_kind['preempted'] * 1000:.0f} ms)")
    print(f"  another CPU idle meanwhile: {others_idle * 1000:.0f} ms")
    print("  running on the CPU they were queued on (ms): "
          + ", ".join(f"{k} {v * 1000:.0f}" for k, v in ran_meanwhile.most_common()))
    print("  preempted by (ms waited / times): "
          + ", ".join(f"{k} {v * 1000:.0f}/{preemptions[k]}" for k, v in by_preemptor.most_common()))


if __name__ == "__main__":
    main()
