/* bench.c — the helpers of bench.h. */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

const char *bench_arg(int argc, char **argv, const char *name, const char *fallback) {
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], name) == 0) return argv[i + 1];
    }
    return fallback;
}

const char *bench_note = NULL;

double bench_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

double bench_peak_rss_mib(void) {
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) != 0) return -1;
    return (double)usage.ru_maxrss / 1024.0; /* ru_maxrss is in KiB on Linux */
}

double bench_cpu_seconds(void) {
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
    return (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6 + (double)usage.ru_stime.tv_sec +
           (double)usage.ru_stime.tv_usec / 1e6;
}

void bench_figure(const char *id, const char *subject, const char *role, double value, const char *unit) {
    if (value < 0 && bench_note != NULL) {
        printf("{\"id\": \"%s\", \"subject\": \"%s\", \"role\": \"%s\", \"value\": null, \"unit\": \"%s\", \"note\": \"%s\"}\n", id, subject,
               role, unit, bench_note);
    } else if (value < 0) {
        printf("{\"id\": \"%s\", \"subject\": \"%s\", \"role\": \"%s\", \"value\": null, \"unit\": \"%s\"}\n", id, subject, role, unit);
    } else {
        printf("{\"id\": \"%s\", \"subject\": \"%s\", \"role\": \"%s\", \"value\": %.6g, \"unit\": \"%s\"}\n", id, subject, role, value, unit);
    }
    fflush(stdout);
}

void bench_fail(const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    vfprintf(stderr, format, arguments);
    va_end(arguments);
    fputc('\n', stderr);
    exit(1);
}

size_t bench_cells(const char *text, bench_cell *cells, size_t capacity) {
    size_t count = 0;
    const char *at = text;
    while (*at != '\0') {
        if (count == capacity) bench_fail("too many cells in '%s'", text);
        bench_cell *cell = &cells[count];
        long long size = 0;
        int inflight = 0, used = 0;
        if (sscanf(at, "%7[A-Z]:%lld:%d%n", cell->op, &size, &inflight, &used) != 3 || size < 0 || inflight < 1) {
            bench_fail("bad cell at '%s' (want OP:SIZE:INFLIGHT)", at);
        }
        cell->size = size;
        cell->inflight = inflight;
        count++;
        at += used;
        if (*at == ',') at++;
    }
    return count;
}

void bench_cell_id(const bench_cell *cell, char *out, size_t size) {
    snprintf(out, size, "s3:%s:%lld:%d", cell->op, (long long)cell->size, cell->inflight);
}

void bench_cell_figures(const bench_cell *cell, const char *subject, const char *role, long done, const bench_budget *budget,
                        double cpu_before) {
    char id[128];
    bench_cell_id(cell, id, sizeof id);
    bench_figure(id, subject, role, done < 0 ? -1 : (double)done / (bench_now() - budget->start), "ops/s");
    if (cell->inflight == 1) {
        snprintf(id, sizeof id, "s3-cpu:%s:%lld:1", cell->op, (long long)cell->size);
        bench_figure(id, subject, role, done < 0 ? -1 : (bench_cpu_seconds() - cpu_before) / (double)(done > 0 ? done : 1) * 1e6, "µs");
    }
}

void bench_budget_start(bench_budget *budget) {
    budget->started = 0;
    budget->start = bench_now();
}

int bench_budget_next(bench_budget *budget) {
    if (budget->started >= budget->max || bench_now() - budget->start >= budget->seconds) return 0;
    budget->started++;
    return 1;
}

void bench_fill(uint8_t *buffer, size_t length) {
    for (size_t i = 0; i < length; i++) buffer[i] = (uint8_t)(i * 31 + 7);
}
