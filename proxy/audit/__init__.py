"""The tamper-evident audit log: records without raw values, a hash chain with
signed checkpoints, stores (SQLite by default), verification and lookup."""
