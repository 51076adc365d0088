//! fidelity-review: a keyboard-first terminal app for fidelity review interviews.
//!
//! Dependencies point one way: [`scale`] <- [`review`] <- [`store`] / [`report`] <- [`tui`] <-
//! [`cli`]. Only [`tui`] knows of the terminal; only [`scale::pack`] and [`store`] know file
//! formats.

pub mod cli;
pub mod commands;
pub mod config;
pub mod report;
pub mod review;
pub mod scale;
pub mod store;
pub mod tui;
