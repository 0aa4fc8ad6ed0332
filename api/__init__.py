"""HTTP machinery every resource shares: counters, admission, the read cache, fast reads and errors."""
