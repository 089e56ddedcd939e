"""Signal receivers that turn domain events into notifications and mail."""
