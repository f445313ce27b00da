/* local_workloads.c — names and items of the local workloads (local_workloads.h). */
#include <stddef.h>
#include <stdio.h>

#include "local_workloads.h"

const char *const local_workload_names[LOCAL_WORKLOAD_COUNT] = {
    "storage-put", "storage-get", "storage-list", "kv-put", "kv-get", "kv-query", "queue-send", "queue-receive",
};

void local_item_json(long index, char *out, size_t size) {
    snprintf(out, size, "{\"pk\":\"p\",\"sk\":\"%06ld\",\"body\":\"a small item of a key-value table, some sixty-four bytes long..\"}",
             index % LOCAL_ITEMS);
}

void local_key_json(long index, char *out, size_t size) {
    snprintf(out, size, "{\"pk\":\"p\",\"sk\":\"%06ld\"}", index % LOCAL_ITEMS);
}
