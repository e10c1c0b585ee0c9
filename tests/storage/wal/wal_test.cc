// WAL tests (being written).
