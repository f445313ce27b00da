/*
 * A client (`ck_client`) and the calls in flight on it.
 *
 * Sharing rule: every client has a store of its own — buckets, objects and
 * tables live in this process's memory from client_open until
 * client_close, and no other client sees them. Everything in the store is
 * guarded by its one mutex; the calls in flight by another.
 *
 * Threads: every operation runs on the thread that calls it and completes
 * (calls its callback exactly once) before it returns. The store's mutex
 * is never held while a host callback runs.
 */
#ifndef MEM_CLIENT_H
#define MEM_CLIENT_H

#include "mem_list.h"

#include <pthread.h>

/** What buckets and tables begin with: their name (the list's order) and when they were made. */
typedef struct mem_resource_head {
    char *name;
    int64_t created_ms;
} mem_resource_head;

/** Orders a mem_resource_head element of a list against a name (a mem_list_compare). */
int mem_compare_name(const void *item, const void *name);

/** Everything one client keeps. */
typedef struct mem_store {
    pthread_mutex_t lock;
    mem_list buckets; /* mem_bucket *, by name */
    mem_list tables;  /* kv_table *, by name */
} mem_store;

/** One call in flight, on the stack of the thread running it. */
typedef struct mem_call {
    struct mem_call *next;
    struct mem_call *previous;
    ck_client *client;
    void *user_data;
    int cancelled;
} mem_call;

struct ck_client {
    pthread_mutex_t calls_lock;
    pthread_cond_t drained; /* signalled when the last call ends while closing */
    mem_call *calls;
    int closing;
    int64_t max_object_size;
    mem_store store;
};

/**
 * Registers a call on `client`: 0 with CK_ERR_INVALID_ARGUMENT for a NULL
 * client, CK_ERR_CANCELLED when the client is closing. Either way the
 * caller completes and then calls mem_call_end.
 */
int mem_call_begin(mem_call *call, ck_client *client, void *user_data, mem_error *error);
/** 1 while the call may go on; 0 with CK_ERR_CANCELLED once it was cancelled or its client closed. */
int mem_call_live(mem_call *call, mem_error *error);
/** Unregisters the call, after its completion has returned (client_close waits for this). */
void mem_call_end(mem_call *call);

/** Cancels the calls in flight on `client` started with `user_data` (ck_provider.cancel). */
void mem_client_cancel(ck_client *client, void *user_data);
/** ck_provider.client_open and client_close. */
void mem_client_open(const ck_pair *options, size_t option_count, ck_open_fn done, void *user_data);
void mem_client_close(ck_client *client);
/** ck_provider.capabilities. */
void mem_capabilities(ck_client *client, ck_string_fn done, void *user_data);

/** Frees everything the store's object storage and key-value tables hold (client_close). */
void mem_storage_destroy(mem_store *store);
void mem_kv_destroy(mem_store *store);

#endif /* MEM_CLIENT_H */
