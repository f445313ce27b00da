/*
 * bench.h — what the C contenders of bench/run share: their arguments, the
 * clock, the request budget of a workload, peak RSS, and the figure lines
 * they print. Every contender (C, Swift, Python) speaks the same protocol:
 * one JSON object a line on stdout,
 *
 *     {"id": "s3:GET:4096:16", "subject": "curl", "role": "floor", "value": 8334.2, "unit": "ops/s"}
 *
 * where `id` names the workload (the report turns it into words), `role` is
 * "floor", "peer" or "cloudkit", and `value` may be null with a "note"
 * ("not installed"). Workload ids: `s3:OP:SIZE:INFLIGHT` (small objects),
 * `s3-cpu:OP:SIZE:1` (CPU time per request, one at a time), `s3-large:OP:BYTES`
 * and `s3-large:OP:BYTES:rss`, `local:NAME`, `sign` (bench/Swift/WorkloadNames.swift
 * names them).
 */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>

/** The value of `--name VALUE` in argv, or `fallback`. */
const char *bench_arg(int argc, char **argv, const char *name, const char *fallback);

/** Seconds on the monotonic clock. */
double bench_now(void);

/** This process's peak resident set size so far, in MiB. */
double bench_peak_rss_mib(void);

/** This process's CPU time so far (user and system, every thread), in seconds. */
double bench_cpu_seconds(void);

/** What a null figure says ("nginx not installed"), or NULL. */
extern const char *bench_note;

/** Prints one figure line; `value` < 0 prints null (with bench_note when set). */
void bench_figure(const char *id, const char *subject, const char *role, double value, const char *unit);

/** Prints a line to stderr and exits 1. */
void bench_fail(const char *format, ...);

/**
 * How long one workload runs: requests are started while fewer than `max`
 * were and `seconds` have not passed since `bench_budget_start`.
 */
typedef struct bench_budget {
    double seconds;
    long max;
    long started;
    double start;
} bench_budget;

void bench_budget_start(bench_budget *budget);
/** True (and counts it) when another request may start. */
int bench_budget_next(bench_budget *budget);

/** One small-object workload: `OP:SIZE:INFLIGHT` (PUT, GET or HEAD). */
typedef struct bench_cell {
    char op[8];
    int64_t size;
    int inflight;
} bench_cell;

/** Parses a comma-separated list of cells; returns how many (at most `capacity`), failing on a bad one. */
size_t bench_cells(const char *text, bench_cell *cells, size_t capacity);

/** The workload id of a cell, `s3:OP:SIZE:INFLIGHT`. */
void bench_cell_id(const bench_cell *cell, char *out, size_t size);

/**
 * Prints a cell's figures: requests per second since the budget started
 * and, for calls one at a time, the CPU time per request (`s3-cpu:OP:SIZE:1`)
 * since `cpu_before` (bench_cpu_seconds() when the budget started); `done`
 * < 0 prints them as null.
 */
void bench_cell_figures(const bench_cell *cell, const char *subject, const char *role, long done, const bench_budget *budget,
                        double cpu_before);


/** How many keys a contender writes per size, and reads back (key i % BENCH_KEYS). */
#define BENCH_KEYS 16

/** Fills `buffer` with a repeating pattern. */
void bench_fill(uint8_t *buffer, size_t length);

#endif
