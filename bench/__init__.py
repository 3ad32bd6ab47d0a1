"""Benchmarks of Terpadu: a deterministic province-scale data generator and the scenarios of `make bench`."""
