//! End-to-end tests: the real `rampart` binary, its CLI and its server.
//! One test binary (STYLE.md §10); each test uses its own data directory.
#![allow(clippy::unwrap_used)] // test helpers unwrap: a failure is the test failing

mod cli;
mod serve;
mod support;
