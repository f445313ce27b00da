/*
 * Memory owned by one object the loader returns: every block it allocates
 * is freed at once with the object.
 */
#ifndef CKL_ARENA_H
#define CKL_ARENA_H

#include <stddef.h>

typedef struct ckl_arena {
    void **blocks;
    size_t count;
    size_t capacity;
} ckl_arena;

/* `size` zeroed bytes owned by `arena`; NULL when memory is out. */
void *ckl_alloc(ckl_arena *arena, size_t size);

/* A NUL-terminated copy of `length` bytes of `text`; NULL when memory is out. */
char *ckl_strndup(ckl_arena *arena, const char *text, size_t length);

/* A copy of the NUL-terminated `text`; NULL for NULL or when memory is out. */
char *ckl_strdup(ckl_arena *arena, const char *text);

/*
 * Appends the `size` bytes at `element` to `array`, an array of `*count`
 * elements allocated by this function in `arena` (NULL when empty), and
 * returns the array, which may have moved. Returns NULL when memory is out
 * (`array` and `*count` are then unchanged).
 */
void *ckl_append(ckl_arena *arena, void *array, size_t *count, size_t size, const void *element);

/* Frees every block of `arena` (which may be reused afterwards). */
void ckl_arena_free(ckl_arena *arena);

#endif
