"""Mail outbox and notifications."""
