/*
 * A sorted array of pointers: the buckets, objects, tables and items of a
 * store are each kept in one, in the order listings return them, and found
 * by binary search.
 */
#ifndef MEM_LIST_H
#define MEM_LIST_H

#include "mem_base.h"

typedef struct mem_list {
    void **items;
    size_t count;
    size_t capacity;
} mem_list;

/** Orders an element of the list against a search key: <0, 0 or >0. */
typedef int (*mem_list_compare)(const void *item, const void *key);

/** The index of the first element not before `key`; `*found` says whether it equals `key`. */
size_t mem_list_search(const mem_list *list, const void *key, mem_list_compare compare, int *found);
/** The element equal to `key`, or NULL. */
void *mem_list_find(const mem_list *list, const void *key, mem_list_compare compare);
/** Inserts `item` at `index`; 0 when out of memory. */
int mem_list_insert(mem_list *list, size_t index, void *item);
/** Removes and returns the element at `index`. */
void *mem_list_remove(mem_list *list, size_t index);
/** Frees the array (not the elements). */
void mem_list_free(mem_list *list);

#endif /* MEM_LIST_H */
