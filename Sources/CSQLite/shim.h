/* The system SQLite (libsqlite3-dev): the local provider's tables and queues. */
#include <sqlite3.h>
