"""Benchmarks (`make bench`); results go to docs/BENCHMARKS.md. Not part of the test suite."""
