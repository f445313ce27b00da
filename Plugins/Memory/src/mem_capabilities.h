/* The capabilities document, built per client (see mem_capabilities.c). */
#ifndef MEM_CAPABILITIES_H
#define MEM_CAPABILITIES_H

#include "mem_buffer.h"
#include "mem_client.h"

/** The client's capabilities document, malloc'd; NULL when out of memory. */
char *mem_capabilities_json(const ck_client *client);
/** Appends `"kv":{…},` — the key-value service's operations and limits — when this build has it. */
void mem_capabilities_kv(mem_buffer *out);

#endif /* MEM_CAPABILITIES_H */
