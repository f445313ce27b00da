/*
 * local_floor.c — the floors of the local provider's workloads
 * (local_workloads.h), doing the same work with nothing on top:
 *   storage put   write a temporary file, fsync it, rename it over the key's file
 *   storage get   open, read, close
 *   storage list  readdir of the folder and an fstatat of each file (size, time)
 *   kv, queues    SQLite's C API on the local provider's own schema, at its
 *                 durability (WAL journal, synchronous FULL, the default it keeps)
 *
 *   local_floor --root DIR --seconds S --max N
 */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"
#include "local_workloads.h"

#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct floor_state {
    char root[512];
    uint8_t body[LOCAL_OBJECT_SIZE];
    sqlite3 *db;
    sqlite3_stmt *kv_put, *kv_get, *kv_query, *send, *pick, *hide;
    long sequence;
} floor_state;

static void sql_check(floor_state *s, int code, const char *what) {
    if (code != SQLITE_OK && code != SQLITE_DONE && code != SQLITE_ROW) bench_fail("sqlite3: %s: %s", what, sqlite3_errmsg(s->db));
}

static void exec(floor_state *s, const char *sql) { sql_check(s, sqlite3_exec(s->db, sql, NULL, NULL, NULL), sql); }

static sqlite3_stmt *prepare(floor_state *s, const char *sql) {
    sqlite3_stmt *statement = NULL;
    sql_check(s, sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, NULL), sql);
    return statement;
}

/* Steps `statement` to its end and resets it; returns the rows it gave. */
static int run(floor_state *s, sqlite3_stmt *statement, const char *what) {
    int rows = 0, code;
    while ((code = sqlite3_step(statement)) == SQLITE_ROW) rows++;
    sql_check(s, code, what);
    sqlite3_reset(statement);
    return rows;
}

static void open_database(floor_state *s) {
    char path[600];
    snprintf(path, sizeof path, "%.500s/cloudkit.sqlite", s->root);
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
        bench_fail("cannot open %s", path);
    }
    exec(s, "PRAGMA journal_mode=WAL");
    exec(s, "CREATE TABLE kv_items (table_name TEXT NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, item TEXT NOT NULL,"
            " PRIMARY KEY (table_name, pk, sk)) WITHOUT ROWID");
    exec(s, "CREATE TABLE mq_messages (id TEXT PRIMARY KEY NOT NULL, queue TEXT NOT NULL, body TEXT NOT NULL, attributes TEXT NOT NULL,"
            " group_id TEXT NOT NULL, sequence INTEGER NOT NULL, sent_ms INTEGER NOT NULL, visible_ms INTEGER NOT NULL,"
            " receive_count INTEGER NOT NULL, receipt TEXT NOT NULL)");
    exec(s, "CREATE INDEX mq_messages_order ON mq_messages (queue, sequence)");
    exec(s, "CREATE INDEX mq_messages_receipt ON mq_messages (receipt)");
    exec(s, "CREATE INDEX mq_messages_visible ON mq_messages (queue, visible_ms)");
    s->kv_put = prepare(s, "INSERT OR REPLACE INTO kv_items (table_name, pk, sk, item) VALUES ('bench', 'p', ?, ?)");
    s->kv_get = prepare(s, "SELECT item FROM kv_items WHERE table_name = 'bench' AND pk = 'p' AND sk = ?");
    s->kv_query = prepare(s, "SELECT item FROM kv_items WHERE table_name = 'bench' AND pk = 'p' ORDER BY sk LIMIT 100");
    s->send = prepare(s, "INSERT INTO mq_messages VALUES (?, 'bench', ?, '{}', '', ?, 0, 0, 0, '')");
    s->pick = prepare(s, "SELECT id, body, attributes, group_id, sent_ms, receive_count FROM mq_messages"
                                " WHERE queue = 'bench' AND visible_ms <= ?1 ORDER BY sequence LIMIT 1");
    s->hide = prepare(s, "UPDATE mq_messages SET visible_ms = ?1, receive_count = receive_count + 1, receipt = ?2 WHERE id = ?3");
}

static void object_path(floor_state *s, long index, char *out, size_t size) {
    snprintf(out, size, "%.500s/bench/obj-%06ld", s->root, index % LOCAL_ITEMS);
}

static void storage_put(floor_state *s, long index) {
    char path[600], temporary[640];
    object_path(s, index, path, sizeof path);
    snprintf(temporary, sizeof temporary, "%s.tmp", path);
    int descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (descriptor < 0 || write(descriptor, s->body, sizeof s->body) != (ssize_t)sizeof s->body || fsync(descriptor) != 0) {
        bench_fail("cannot write %s", temporary);
    }
    close(descriptor);
    if (rename(temporary, path) != 0) bench_fail("cannot rename %s", temporary);
}

static void storage_get(floor_state *s, long index) {
    char path[600];
    uint8_t buffer[LOCAL_OBJECT_SIZE];
    object_path(s, index, path, sizeof path);
    int descriptor = open(path, O_RDONLY);
    if (descriptor < 0 || read(descriptor, buffer, sizeof buffer) != (ssize_t)sizeof buffer) bench_fail("cannot read %s", path);
    close(descriptor);
}

static void storage_list(floor_state *s) {
    char path[600];
    snprintf(path, sizeof path, "%.500s/bench", s->root);
    DIR *folder = opendir(path);
    if (folder == NULL) bench_fail("cannot list %s", path);
    struct dirent *entry;
    long total = 0;
    while ((entry = readdir(folder)) != NULL) {
        struct stat info;
        if (entry->d_name[0] == '.' || fstatat(dirfd(folder), entry->d_name, &info, 0) != 0) continue;
        total += (long)info.st_size;
    }
    closedir(folder);
    if (total != (long)LOCAL_ITEMS * LOCAL_OBJECT_SIZE) bench_fail("listed %ld bytes", total);
}

static void kv(floor_state *s, local_workload workload, long index) {
    char sort[16], item[256];
    snprintf(sort, sizeof sort, "%06ld", index % LOCAL_ITEMS);
    local_item_json(index, item, sizeof item);
    if (workload == LOCAL_KV_PUT) {
        sqlite3_bind_text(s->kv_put, 1, sort, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s->kv_put, 2, item, -1, SQLITE_TRANSIENT);
        run(s, s->kv_put, "kv put");
    } else if (workload == LOCAL_KV_GET) {
        sqlite3_bind_text(s->kv_get, 1, sort, -1, SQLITE_TRANSIENT);
        if (run(s, s->kv_get, "kv get") != 1) bench_fail("kv get: no item %s", sort);
    } else {
        if (run(s, s->kv_query, "kv query") != LOCAL_ITEMS) bench_fail("kv query: not %d items", LOCAL_ITEMS);
    }
}

static void queue_send(floor_state *s) {
    char id[32];
    snprintf(id, sizeof id, "m-%ld", ++s->sequence);
    sqlite3_bind_text(s->send, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s->send, 2, "a small message of some sixty-four bytes, as a job queue carries", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s->send, 3, s->sequence);
    run(s, s->send, "send");
}

/* A receive, as the provider's: in one immediate transaction the first visible message is read and hidden for 30 s. */
static void queue_receive(floor_state *s, long index) {
    exec(s, "BEGIN IMMEDIATE");
    sqlite3_int64 now = (sqlite3_int64)(bench_now() * 1000);
    sqlite3_bind_int64(s->pick, 1, now);
    if (sqlite3_step(s->pick) != SQLITE_ROW) bench_fail("receive: the queue is empty");
    char id[32], receipt[48];
    snprintf(id, sizeof id, "%s", (const char *)sqlite3_column_text(s->pick, 0));
    sqlite3_reset(s->pick);
    snprintf(receipt, sizeof receipt, "r-%ld", index);
    sqlite3_bind_int64(s->hide, 1, now + 30000);
    sqlite3_bind_text(s->hide, 2, receipt, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s->hide, 3, id, -1, SQLITE_TRANSIENT);
    run(s, s->hide, "receive");
    exec(s, "COMMIT");
}

static void one(floor_state *s, local_workload workload, long index) {
    switch (workload) {
    case LOCAL_STORAGE_PUT: storage_put(s, index); break;
    case LOCAL_STORAGE_GET: storage_get(s, index); break;
    case LOCAL_STORAGE_LIST: storage_list(s); break;
    case LOCAL_KV_PUT:
    case LOCAL_KV_GET:
    case LOCAL_KV_QUERY: kv(s, workload, index); break;
    case LOCAL_QUEUE_SEND: queue_send(s); break;
    case LOCAL_QUEUE_RECEIVE: queue_receive(s, index); break;
    default: bench_fail("unknown workload");
    }
}

static const char *subject(local_workload workload) {
    switch (workload) {
    case LOCAL_STORAGE_PUT: return "C write+fsync+rename";
    case LOCAL_STORAGE_GET: return "C open+read";
    case LOCAL_STORAGE_LIST: return "C readdir+stat";
    default: return "sqlite3 C API";
    }
}

int main(int argc, char **argv) {
    static floor_state state;
    floor_state *s = &state;
    snprintf(s->root, sizeof s->root, "%s", bench_arg(argc, argv, "--root", ""));
    double seconds = atof(bench_arg(argc, argv, "--seconds", "1"));
    long max = atol(bench_arg(argc, argv, "--max", "100000"));
    char folder[600];
    snprintf(folder, sizeof folder, "%.500s/bench", s->root);
    if (mkdir(folder, 0755) != 0) bench_fail("cannot create %s", folder);
    bench_fill(s->body, sizeof s->body);
    open_database(s);
    long sent = 0;
    for (int workload = 0; workload < LOCAL_WORKLOAD_COUNT; workload++) {
        int writes = workload == LOCAL_STORAGE_PUT || workload == LOCAL_KV_PUT;
        long warm = writes ? LOCAL_ITEMS : workload == LOCAL_QUEUE_RECEIVE ? 0 : 8;
        for (long i = 0; i < warm; i++) one(s, (local_workload)workload, i);
        if (workload == LOCAL_QUEUE_SEND) sent += warm;
        bench_budget budget = {seconds, workload == LOCAL_QUEUE_RECEIVE ? (sent < max ? sent : max) : max, 0, 0};
        bench_budget_start(&budget);
        while (bench_budget_next(&budget)) one(s, (local_workload)workload, budget.started - 1);
        if (workload == LOCAL_QUEUE_SEND) sent += budget.started;
        char id[64];
        snprintf(id, sizeof id, "local:%s", local_workload_names[workload]);
        bench_figure(id, subject((local_workload)workload), "floor", (double)budget.started / (bench_now() - budget.start), "ops/s");
    }
    sqlite3_stmt *statements[] = {s->kv_put, s->kv_get, s->kv_query, s->send, s->pick, s->hide};
    for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++) sqlite3_finalize(statements[i]);
    sqlite3_close(s->db);
    return 0;
}
