#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Makes room for one more block pointer. */
static int reserve_block(ckl_arena *arena) {
    if (arena->count < arena->capacity) return 0;
    size_t capacity = arena->capacity ? arena->capacity * 2 : 16;
    void **blocks = realloc(arena->blocks, capacity * sizeof *blocks);
    if (!blocks) return -1;
    arena->blocks = blocks;
    arena->capacity = capacity;
    return 0;
}

void *ckl_alloc(ckl_arena *arena, size_t size) {
    if (reserve_block(arena) != 0) return NULL;
    void *block = calloc(1, size ? size : 1);
    if (block) arena->blocks[arena->count++] = block;
    return block;
}

char *ckl_strndup(ckl_arena *arena, const char *text, size_t length) {
    if (length == SIZE_MAX) return NULL;
    char *copy = ckl_alloc(arena, length + 1);
    if (copy && length) memcpy(copy, text, length);
    return copy;
}

char *ckl_strdup(ckl_arena *arena, const char *text) {
    return text ? ckl_strndup(arena, text, strlen(text)) : NULL;
}

/* The capacity (in elements) an array of `count` elements has: 0, then powers of two from 8. */
static size_t capacity_for(size_t count) {
    size_t capacity = 8;
    while (capacity < count) capacity *= 2;
    return count ? capacity : 0;
}

void *ckl_append(ckl_arena *arena, void *array, size_t *count, size_t size, const void *element) {
    char *items = array;
    size_t capacity = capacity_for(*count);
    if (*count == capacity) {
        size_t grown = capacity ? capacity * 2 : 8;
        if (size == 0 || grown > SIZE_MAX / size) return NULL;
        char *bigger = ckl_alloc(arena, grown * size);
        if (!bigger) return NULL;
        if (*count) memcpy(bigger, items, *count * size);
        /* The old block stays in the arena until it is freed: arrays only
           double, so at most as much again is held. */
        items = bigger;
    }
    memcpy(items + *count * size, element, size);
    (*count)++;
    return items;
}

void ckl_arena_free(ckl_arena *arena) {
    for (size_t i = 0; i < arena->count; i++) free(arena->blocks[i]);
    free(arena->blocks);
    arena->blocks = NULL;
    arena->count = 0;
    arena->capacity = 0;
}
