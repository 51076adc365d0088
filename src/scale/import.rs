//! Reads resource-pack pages saved as plain text into items.
