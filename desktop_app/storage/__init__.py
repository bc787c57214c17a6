"""SQLite storage: opening, schema migrations, repositories, audit log and backups."""
