"""File formats: Excel ledgers, imports and GB/T 9704 PDF notices (no Qt)."""
