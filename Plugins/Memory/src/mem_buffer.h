/*
 * Growable byte buffers (mem_buffer) for building text and bodies, and
 * arenas (mem_arena) that hold everything one completion hands the host,
 * freed together once the callback has returned.
 */
#ifndef MEM_BUFFER_H
#define MEM_BUFFER_H

#include "mem_base.h"

/** Bytes that grow on append. After an allocation fails, `failed` is set and appends do nothing. */
typedef struct mem_buffer {
    char *bytes;
    size_t length;
    size_t capacity;
    int failed;
} mem_buffer;

void mem_buffer_init(mem_buffer *buffer);
/** Makes room for `more` bytes (and a NUL); 0 when out of memory. */
int mem_buffer_reserve(mem_buffer *buffer, size_t more);
void mem_buffer_append(mem_buffer *buffer, const void *bytes, size_t length);
void mem_buffer_text(mem_buffer *buffer, const char *text);
void mem_buffer_char(mem_buffer *buffer, char character);
void mem_buffer_format(mem_buffer *buffer, const char *format, ...) MEM_PRINTF(2, 3);
/** The bytes, NUL-terminated, now owned by the caller (the buffer is emptied); NULL if an append failed. */
char *mem_buffer_take(mem_buffer *buffer);
void mem_buffer_free(mem_buffer *buffer);

/** Allocations freed all at once; `failed` is set when one could not be made. */
typedef struct mem_arena {
    struct mem_arena_block *blocks;
    int failed;
} mem_arena;

void mem_arena_init(mem_arena *arena);
/** `size` zeroed bytes that live until mem_arena_free; NULL when out of memory. */
void *mem_arena_alloc(mem_arena *arena, size_t size);
/** A NUL-terminated copy of `length` bytes; NULL for NULL `text` or when out of memory. */
char *mem_arena_copy(mem_arena *arena, const char *text, size_t length);
/** A copy of a NUL-terminated string; NULL for NULL. */
char *mem_arena_string(mem_arena *arena, const char *text);
/** Takes ownership of malloc'd `memory` (freed with the arena); returns it, or NULL (freeing it) when out of memory. */
void *mem_arena_adopt(mem_arena *arena, void *memory);
void mem_arena_free(mem_arena *arena);

#endif /* MEM_BUFFER_H */
