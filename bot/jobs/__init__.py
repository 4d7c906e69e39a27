"""The scheduler and its jobs: one durable run per period across every instance."""
