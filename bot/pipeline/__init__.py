"""The worker: stored message -> parse -> classify -> route to cases and handlers."""
