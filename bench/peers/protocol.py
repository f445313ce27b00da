"""What every Python contender of bench/run shares: the command line, the
request budget of a workload, peak RSS, and the figure lines (the protocol
of bench/C/bench.h: one JSON object a line on stdout,
{"id": "s3:GET:4096:16", "subject": "boto3", "role": "peer", "value": 452.1, "unit": "ops/s"}).

A contender is a module with a `SUBJECT`, a `load()` that imports its
library (ImportError when it is not installed), and functions for the
commands it offers: `small(args, lib)`, `large(args, lib)`, `sign(args, lib)`.
When `load()` fails, each figure it would have printed is printed with a
null value and the note "not installed"."""

import argparse
import json
import os
import resource
import sys
import threading
import time

KEYS = 16  # keys written per size, and read back as key i % KEYS (bench.h's BENCH_KEYS)


def emit(workload, subject, value, unit, role="peer", note=None):
    line = {"id": workload, "subject": subject, "role": role, "value": value, "unit": unit}
    if note:
        line["note"] = note
    print(json.dumps(line, ensure_ascii=False), flush=True)


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread of the process
    return usage.ru_utime + usage.ru_stime


def cells(text):
    """`OP:SIZE:INFLIGHT,...` as (op, size, inflight) tuples."""
    out = []
    for item in filter(None, text.split(",")):
        op, size, inflight = item.split(":")
        out.append((op, int(size), int(inflight)))
    return out


def cell_id(op, size, inflight):
    return f"s3:{op}:{size}:{inflight}"


def large_ids(op, size):
    return f"s3-large:{op}:{size}", f"s3-large:{op}:{size}:rss"


class Budget:
    """Requests may start while fewer than `max` did and `seconds` have not passed. Thread-safe."""

    def __init__(self, seconds, maximum):
        self.seconds, self.max, self.started = seconds, maximum, 0
        self.lock = threading.Lock()
        self.start = time.perf_counter()

    def next(self):
        """The index of the next request, or None when the budget is spent."""
        with self.lock:
            if self.started >= self.max or time.perf_counter() - self.start >= self.seconds:
                return None
            self.started += 1
            return self.started - 1

    def rate(self, done):
        return done / (time.perf_counter() - self.start)


def warm_budget():
    return Budget(1e9, KEYS)


def arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["small", "large", "sign"])
    parser.add_argument("--endpoint", default="")
    parser.add_argument("--bucket", default="bench")
    parser.add_argument("--cells", default="")
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--max", type=int, default=100000)
    parser.add_argument("--op", default="")
    parser.add_argument("--bytes", type=int, default=0)
    parser.add_argument("--key", default="large/object")
    parser.add_argument("--file", default="")
    parser.add_argument("--requests", type=int, default=10000)
    return parser.parse_args()


def ids_of(args):
    """The workload ids (and units) a command prints."""
    if args.command == "small":
        ids = []
        for op, size, inflight in cells(args.cells):
            ids.append((cell_id(op, size, inflight), "ops/s"))
            if inflight == 1:
                ids.append((f"s3-cpu:{op}:{size}:1", "µs"))
        return ids
    if args.command == "large":
        speed, rss = large_ids(args.op, args.bytes)
        return [(speed, "MB/s"), (rss, "MiB")]
    return [("sign", "µs")]


def main(module):
    args = arguments()
    handler = getattr(module, args.command, None)
    if handler is None:
        return  # this contender has no such workload
    try:
        lib = module.load()
    except ImportError:
        for workload, unit in ids_of(args):
            emit(workload, module.SUBJECT, None, unit, note="not installed")
        return
    handler(args, lib)
    # Every figure is out: leave without the interpreter's teardown, where a
    # library's own threads (a Rust or C runtime) can still abort the process.
    sys.stdout.flush()
    os._exit(0)


def small_cells(args, subject, run_cell):
    """Runs each cell: `run_cell(op, size, inflight, body, budget)` makes the
    requests the budget allows (key i % KEYS for the i-th) and returns how many
    completed; first a warm-up of KEYS requests (a PUT's writes every key)."""
    for op, size, inflight in cells(args.cells):
        body = bytes((i * 31 + 7) % 256 for i in range(size))
        run_cell(op, size, inflight, body, warm_budget())
        budget = Budget(args.seconds, args.max)
        cpu = cpu_seconds()
        done = run_cell(op, size, inflight, body, budget)
        emit(cell_id(op, size, inflight), subject, budget.rate(done), "ops/s")
        if inflight == 1:  # CPU time per request, for calls one at a time
            emit(f"s3-cpu:{op}:{size}:1", subject, (cpu_seconds() - cpu) / max(done, 1) * 1e6, "µs")


def small_key(subject, size, index):
    return f"small/{subject}/{size}/{index % KEYS}"


def threaded(inflight, budget, one):
    """Runs `one(index)` for each index the budget gives, on `inflight` threads; returns how many ran."""
    counts = [0] * inflight
    failures = []

    def worker(slot):
        try:
            while (index := budget.next()) is not None:
                one(index)
                counts[slot] += 1
        except Exception as error:  # reported once, after the others stop
            failures.append(error)
            budget.max = 0

    threads = [threading.Thread(target=worker, args=(slot,)) for slot in range(inflight)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return sum(counts)


def large_run(args, subject, operations):
    """Times `operations[args.op]()` (it returns the bytes it moved) and prints its MB/s and the peak RSS."""
    start = time.perf_counter()
    moved = operations[args.op]()
    elapsed = time.perf_counter() - start
    if moved != args.bytes:
        sys.exit(f"{subject}: {args.op} moved {moved} bytes, not {args.bytes}")
    speed, rss = large_ids(args.op, args.bytes)
    emit(speed, subject, args.bytes / 1e6 / elapsed, "MB/s")
    emit(rss, subject, peak_rss_mib(), "MiB")


def per_call_microseconds(requests, one):
    """Runs `one()` a few times to warm up, then `requests` times; the mean in µs."""
    for _ in range(min(100, requests)):
        one()
    start = time.perf_counter()
    for _ in range(requests):
        one()
    return (time.perf_counter() - start) / requests * 1e6
