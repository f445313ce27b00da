/* Sorted pointer arrays (see mem_list.h). */
#include "mem_list.h"

#include <stdlib.h>
#include <string.h>

size_t mem_list_search(const mem_list *list, const void *key, mem_list_compare compare, int *found) {
    size_t low = 0, high = list->count;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (compare(list->items[middle], key) < 0) low = middle + 1;
        else high = middle;
    }
    *found = low < list->count && compare(list->items[low], key) == 0;
    return low;
}

void *mem_list_find(const mem_list *list, const void *key, mem_list_compare compare) {
    int found;
    size_t index = mem_list_search(list, key, compare, &found);
    return found ? list->items[index] : NULL;
}

int mem_list_insert(mem_list *list, size_t index, void *item) {
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 8;
        void **grown;
        if (capacity > SIZE_MAX / sizeof *grown) return 0;
        grown = realloc(list->items, capacity * sizeof *grown);
        if (!grown) return 0;
        list->items = grown;
        list->capacity = capacity;
    }
    memmove(list->items + index + 1, list->items + index, (list->count - index) * sizeof *list->items);
    list->items[index] = item;
    list->count++;
    return 1;
}

void *mem_list_remove(mem_list *list, size_t index) {
    void *item = list->items[index];
    memmove(list->items + index, list->items + index + 1, (list->count - index - 1) * sizeof *list->items);
    list->count--;
    return item;
}

void mem_list_free(mem_list *list) {
    free(list->items);
    memset(list, 0, sizeof *list);
}
