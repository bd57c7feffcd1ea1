#include "queueschema.h"

namespace mqhook::queueschema {

QString databaseFileName()
{
    return QStringLiteral("outbox.db");
}

QList<QStringList> migrations()
{
    return {
        // 0 -> 1
        {
            QStringLiteral("CREATE TABLE messages ("
                           " seq INTEGER PRIMARY KEY,"
                           " message_id TEXT NOT NULL,"
                           " client_id TEXT NOT NULL,"
                           " topic TEXT NOT NULL,"
                           " payload BLOB NOT NULL,"
                           " payload_size INTEGER NOT NULL,"
                           " qos INTEGER NOT NULL,"
                           " retain INTEGER NOT NULL,"
                           " received_at INTEGER,"
                           " content_type TEXT NOT NULL,"
                           " user_properties TEXT)"),
            // state: 0 pending, 1 dead. run: 1, plus one per retry of a dead letter.
            QStringLiteral("CREATE TABLE deliveries ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " message_seq INTEGER NOT NULL,"
                           " route TEXT NOT NULL,"
                           " target TEXT NOT NULL,"
                           " state INTEGER NOT NULL,"
                           " run INTEGER NOT NULL,"
                           " attempts INTEGER NOT NULL,"
                           " not_before INTEGER,"
                           " last_error TEXT NOT NULL,"
                           " dead_at INTEGER)"),
            QStringLiteral("CREATE INDEX deliveries_by_message ON deliveries (message_seq)"),
            QStringLiteral("CREATE TABLE attempts ("
                           " delivery_id INTEGER NOT NULL,"
                           " run INTEGER NOT NULL,"
                           " attempt INTEGER NOT NULL,"
                           " started_at INTEGER,"
                           " finished_at INTEGER,"
                           " http_status INTEGER NOT NULL,"
                           " error TEXT NOT NULL,"
                           " PRIMARY KEY (delivery_id, run, attempt)) WITHOUT ROWID"),
            // Dead letters put back to pending that the running service has not
            // picked up yet (see PendingReader::takeRequeued()).
            QStringLiteral("CREATE TABLE requeue (delivery_id INTEGER PRIMARY KEY)"),
        },
        // 1 -> 2: the pending index the windows read a backlog through.
        {
            QStringLiteral("CREATE INDEX deliveries_pending ON deliveries (route, target, id)"
                           " WHERE state = 0"),
        },
        // 2 -> 3: lanes. The table is rebuilt; its AUTOINCREMENT record is kept.
        {
            QStringLiteral("CREATE TABLE lanes (id INTEGER PRIMARY KEY, route TEXT NOT NULL,"
                           " target TEXT NOT NULL, UNIQUE (route, target))"),
            QStringLiteral("INSERT INTO lanes (route, target)"
                           " SELECT DISTINCT route, target FROM deliveries ORDER BY route, target"),
            QStringLiteral("CREATE TABLE deliveries_v3 ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " message_seq INTEGER NOT NULL,"
                           " lane INTEGER NOT NULL,"
                           " state INTEGER NOT NULL,"
                           " run INTEGER NOT NULL,"
                           " attempts INTEGER NOT NULL,"
                           " not_before INTEGER,"
                           " last_error TEXT NOT NULL,"
                           " dead_at INTEGER)"),
            QStringLiteral("INSERT INTO deliveries_v3 (id, message_seq, lane, state, run, attempts,"
                           " not_before, last_error, dead_at)"
                           " SELECT d.id, d.message_seq, l.id, d.state, d.run, d.attempts,"
                           " d.not_before, d.last_error, d.dead_at"
                           " FROM deliveries d JOIN lanes l ON l.route = d.route"
                           " AND l.target = d.target"),
            QStringLiteral("DELETE FROM sqlite_sequence WHERE name = 'deliveries_v3'"),
            QStringLiteral("INSERT INTO sqlite_sequence (name, seq)"
                           " SELECT 'deliveries_v3', seq FROM sqlite_sequence"
                           " WHERE name = 'deliveries'"),
            QStringLiteral("DROP TABLE deliveries"),
            QStringLiteral("ALTER TABLE deliveries_v3 RENAME TO deliveries"),
            QStringLiteral("CREATE INDEX deliveries_by_message ON deliveries (message_seq)"),
            QStringLiteral("CREATE INDEX deliveries_pending ON deliveries (lane, id)"
                           " WHERE state = 0"),
        },
        // 3 -> 4: the message records its (consecutive) delivery ids instead of
        // an index by message; high_water instead of AUTOINCREMENT.
        {
            QStringLiteral("ALTER TABLE messages ADD COLUMN first_delivery INTEGER NOT NULL"
                           " DEFAULT 0"),
            QStringLiteral("ALTER TABLE messages ADD COLUMN delivery_count INTEGER NOT NULL"
                           " DEFAULT 0"),
            QStringLiteral("UPDATE messages SET"
                           " first_delivery = COALESCE((SELECT MIN(id) FROM deliveries"
                           " WHERE message_seq = seq), 0),"
                           " delivery_count = COALESCE((SELECT MAX(id) - MIN(id) + 1"
                           " FROM deliveries WHERE message_seq = seq), 0)"),
            QStringLiteral("CREATE TABLE high_water (name TEXT PRIMARY KEY,"
                           " id INTEGER NOT NULL) WITHOUT ROWID"),
            QStringLiteral("INSERT INTO high_water (name, id) SELECT 'deliveries',"
                           " MAX(IFNULL((SELECT MAX(seq) FROM sqlite_sequence"
                           " WHERE name = 'deliveries'), 0),"
                           " IFNULL((SELECT MAX(id) FROM deliveries), 0))"),
            QStringLiteral("CREATE TABLE deliveries_v4 ("
                           " id INTEGER PRIMARY KEY,"
                           " message_seq INTEGER NOT NULL,"
                           " lane INTEGER NOT NULL,"
                           " state INTEGER NOT NULL,"
                           " run INTEGER NOT NULL,"
                           " attempts INTEGER NOT NULL,"
                           " not_before INTEGER,"
                           " last_error TEXT NOT NULL,"
                           " dead_at INTEGER)"),
            QStringLiteral("INSERT INTO deliveries_v4 (id, message_seq, lane, state, run, attempts,"
                           " not_before, last_error, dead_at)"
                           " SELECT id, message_seq, lane, state, run, attempts, not_before,"
                           " last_error, dead_at FROM deliveries"),
            QStringLiteral("DROP TABLE deliveries"),
            QStringLiteral("ALTER TABLE deliveries_v4 RENAME TO deliveries"),
            QStringLiteral("CREATE INDEX deliveries_pending ON deliveries (lane, id)"
                           " WHERE state = 0"),
        },
    };
}

} // namespace mqhook::queueschema
