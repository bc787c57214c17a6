"""The draw register's files: the record, the notice and the publication (PDF, Word, Excel)."""
