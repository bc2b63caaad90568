"""The one private boundary for speed: caches and forked workers.

Nothing in the domain depends on it being on."""
