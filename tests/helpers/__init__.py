"""Support code for the store's tests: record builders and subprocess scripts."""
