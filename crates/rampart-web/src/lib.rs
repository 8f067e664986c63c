//! rampart-web
