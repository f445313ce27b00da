/* The JSON string writer (see mem_json.h), the same escapes as the Swift kit's writer. */
#include "mem_json.h"

void mem_json_string(mem_buffer *out, const char *bytes, size_t length) {
    static const char hex[] = "0123456789abcdef";
    size_t index, run = 0;
    mem_buffer_char(out, '"');
    for (index = 0; index < length; index++) {
        unsigned char c = (unsigned char)bytes[index];
        const char *escape = NULL;
        char unicode[7];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        mem_buffer_append(out, bytes + run, index - run);
        run = index + 1;
        if (c == '"') escape = "\\\"";
        else if (c == '\\') escape = "\\\\";
        else if (c == '\n') escape = "\\n";
        else if (c == '\r') escape = "\\r";
        else if (c == '\t') escape = "\\t";
        if (escape) {
            mem_buffer_text(out, escape);
            continue;
        }
        unicode[0] = '\\';
        unicode[1] = 'u';
        unicode[2] = '0';
        unicode[3] = '0';
        unicode[4] = hex[c >> 4];
        unicode[5] = hex[c & 15];
        mem_buffer_append(out, unicode, 6);
    }
    mem_buffer_append(out, bytes + run, length - run);
    mem_buffer_char(out, '"');
}
