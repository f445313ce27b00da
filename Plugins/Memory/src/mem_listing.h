/*
 * One page of a store's named resources — buckets or tables — for the
 * list_buckets and list_tables entries (ABI 1.3 ck_list_request): names
 * with the prefix, in ascending byte order, after the page token's name.
 * Tokens are "ck1." and unpadded base64url of the listing's kind, ':' and
 * the last name returned, as the local provider makes them, so a token
 * made for another listing (or by no one) is CK_ERR_INVALID_ARGUMENT.
 */
#ifndef MEM_LISTING_H
#define MEM_LISTING_H

#include "mem_client.h"

/** The list of the store to page through; its elements begin with a mem_resource_head. */
typedef mem_list *(*mem_resources_of)(mem_store *store);

/**
 * Serves a list entry: reads `request` (options refused, max_items 0 or
 * 1..1000), pages through `which` list of the client's store (`kind` is
 * the token's tag, `operation` names the entry in messages) and calls
 * `done` exactly once on this thread, everything it gets borrowed for the
 * call.
 */
void mem_list_resources(ck_client *client, const ck_list_request *request, const char *kind, const char *operation,
                        mem_resources_of which, ck_resources_fn done, void *user_data);

#endif /* MEM_LISTING_H */
