/* Key-value tables: not yet (temporary). */
#include "mem_capabilities.h"

void mem_capabilities_kv(mem_buffer *out) {
    (void)out;
}

void mem_kv_destroy(mem_store *store) {
    mem_list_free(&store->tables);
}
