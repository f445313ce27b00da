/* Growable buffers and arenas (see mem_buffer.h). */
#include "mem_buffer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mem_buffer_init(mem_buffer *buffer) {
    memset(buffer, 0, sizeof *buffer);
}

int mem_buffer_reserve(mem_buffer *buffer, size_t more) {
    size_t needed, capacity;
    char *grown;
    if (buffer->failed) return 0;
    if (more > SIZE_MAX - buffer->length - 1) {
        buffer->failed = 1;
        return 0;
    }
    needed = buffer->length + more + 1;
    if (needed <= buffer->capacity) return 1;
    capacity = buffer->capacity ? buffer->capacity : 64;
    while (capacity < needed) capacity = capacity > SIZE_MAX / 2 ? needed : capacity * 2;
    grown = realloc(buffer->bytes, capacity);
    if (!grown) {
        buffer->failed = 1;
        return 0;
    }
    buffer->bytes = grown;
    buffer->capacity = capacity;
    return 1;
}

void mem_buffer_append(mem_buffer *buffer, const void *bytes, size_t length) {
    if (!mem_buffer_reserve(buffer, length)) return;
    if (length) memcpy(buffer->bytes + buffer->length, bytes, length);
    buffer->length += length;
    buffer->bytes[buffer->length] = '\0';
}

void mem_buffer_text(mem_buffer *buffer, const char *text) {
    mem_buffer_append(buffer, text, strlen(text));
}

void mem_buffer_char(mem_buffer *buffer, char character) {
    mem_buffer_append(buffer, &character, 1);
}

void mem_buffer_format(mem_buffer *buffer, const char *format, ...) {
    char small[128];
    va_list arguments;
    int count;
    va_start(arguments, format);
    count = vsnprintf(small, sizeof small, format, arguments);
    va_end(arguments);
    if (count < 0) {
        buffer->failed = 1;
        return;
    }
    if ((size_t)count < sizeof small) {
        mem_buffer_append(buffer, small, (size_t)count);
        return;
    }
    if (!mem_buffer_reserve(buffer, (size_t)count)) return;
    va_start(arguments, format);
    vsnprintf(buffer->bytes + buffer->length, (size_t)count + 1, format, arguments);
    va_end(arguments);
    buffer->length += (size_t)count;
}

char *mem_buffer_take(mem_buffer *buffer) {
    char *bytes;
    if (buffer->failed || !mem_buffer_reserve(buffer, 0)) {
        mem_buffer_free(buffer);
        return NULL;
    }
    bytes = buffer->bytes;
    bytes[buffer->length] = '\0';
    mem_buffer_init(buffer);
    return bytes;
}

void mem_buffer_free(mem_buffer *buffer) {
    free(buffer->bytes);
    mem_buffer_init(buffer);
}

/* One allocation of an arena; the memory follows the header, or is `adopted`. */
typedef struct mem_arena_block {
    struct mem_arena_block *next;
    void *adopted;
} mem_arena_block;

/* Keeps the payload suitably aligned after the header. */
typedef union mem_arena_header {
    mem_arena_block block;
    long double alignment_long_double;
    void *alignment_pointer;
    int64_t alignment_integer;
} mem_arena_header;

void mem_arena_init(mem_arena *arena) {
    arena->blocks = NULL;
    arena->failed = 0;
}

void *mem_arena_alloc(mem_arena *arena, size_t size) {
    mem_arena_header *header;
    if (size > SIZE_MAX - sizeof *header) {
        arena->failed = 1;
        return NULL;
    }
    header = calloc(1, sizeof *header + size);
    if (!header) {
        arena->failed = 1;
        return NULL;
    }
    header->block.next = arena->blocks;
    arena->blocks = &header->block;
    return header + 1;
}

char *mem_arena_copy(mem_arena *arena, const char *text, size_t length) {
    char *copy;
    if (!text) return NULL;
    if (length == SIZE_MAX) {
        arena->failed = 1;
        return NULL;
    }
    copy = mem_arena_alloc(arena, length + 1);
    if (copy && length) memcpy(copy, text, length);
    return copy;
}

char *mem_arena_string(mem_arena *arena, const char *text) {
    return text ? mem_arena_copy(arena, text, strlen(text)) : NULL;
}

void *mem_arena_adopt(mem_arena *arena, void *memory) {
    mem_arena_block *block;
    if (!memory) return NULL;
    block = calloc(1, sizeof *block);
    if (!block) {
        free(memory);
        arena->failed = 1;
        return NULL;
    }
    block->adopted = memory;
    block->next = arena->blocks;
    arena->blocks = block;
    return memory;
}

void mem_arena_free(mem_arena *arena) {
    while (arena->blocks) {
        mem_arena_block *block = arena->blocks;
        arena->blocks = block->next;
        if (block->adopted) {
            free(block->adopted);
            free(block);
        } else {
            free((mem_arena_header *)(void *)block);
        }
    }
    arena->failed = 0;
}
