//! Integration tests on real, freshly migrated databases, linked into one binary.
mod accounts;
mod admin;
mod assignment;
mod auth;
mod common;
mod concurrency;
mod crash;
mod database;
mod errors;
mod exports;
mod fuzz;
mod layers;
mod permissions;
mod preferences;
mod queue;
mod reports;
mod tickets;
