"""Closeknit's benchmarks: seeding, load, history growth and rollover (docs/benchmarks.md)."""
