/*
 * local_workloads.h — the local provider's workloads, shared by the C ABI
 * host and the C/sqlite3 floor so that both do the same thing: 4 KiB
 * objects (LOCAL_ITEMS keys, put, get, and a list of them all), key-value
 * items (put, get, a query of the one partition), queue messages (send,
 * then receive each once). Workload ids: local:NAME.
 */
#ifndef BENCH_LOCAL_WORKLOADS_H
#define BENCH_LOCAL_WORKLOADS_H

#define LOCAL_OBJECT_SIZE 4096
#define LOCAL_ITEMS 100

typedef enum local_workload {
    LOCAL_STORAGE_PUT,
    LOCAL_STORAGE_GET,
    LOCAL_STORAGE_LIST,
    LOCAL_KV_PUT,
    LOCAL_KV_GET,
    LOCAL_KV_QUERY,
    LOCAL_QUEUE_SEND,
    LOCAL_QUEUE_RECEIVE,
    LOCAL_WORKLOAD_COUNT
} local_workload;

/** The id's NAME of each workload ("storage-put", …). */
extern const char *const local_workload_names[LOCAL_WORKLOAD_COUNT];

/** The item JSON of key index `index` (`{"pk":"p","sk":"000042","body":…}`) and its key. */
void local_item_json(long index, char *out, size_t size);
void local_key_json(long index, char *out, size_t size);

#endif
