//! The terminal app: the only module that knows of ratatui and crossterm.
