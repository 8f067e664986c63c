//! rampart-app
