//! `rampart_core::authz::{Role, TokenScope}` `FromStr` (stored and sent in
//! API requests).
//!
//! Never panics; a name that parses is exactly the stable name (`as_str`),
//! and the stable name parses back to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_core::authz::{Role, TokenScope};
use rampart_fuzz::text;

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    if let Ok(r) = s.parse::<Role>() {
        assert_eq!(r.as_str(), s);
        assert_eq!(r.to_string().parse::<Role>().ok(), Some(r));
        let _ = (r.label(), r.scope(), r.permissions());
    }
    if let Ok(t) = s.parse::<TokenScope>() {
        assert_eq!(t.as_str(), s);
        assert_eq!(t.as_str().parse::<TokenScope>().ok(), Some(t));
    }
});
