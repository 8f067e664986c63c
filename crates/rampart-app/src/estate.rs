//! The city's estate (step 1): importing assets and the structure of
//! services, and analysing it (blast radius, single points of failure,
//! attack paths, failure likelihood).

mod analysis;
mod import;
mod jobs;
mod structure;
mod view;

pub use analysis::{
    AttackPathView, BlastRadiusView, EstateSnapshot, FailureView, HopView, NodeRef, ServiceFailure, SpofEntry,
    StoppedView,
};
pub(crate) use import::hash_fields;
pub use import::{ImportReport, InventoryFormat, NoProgress, Progress, Rejected};
pub(crate) use jobs::{INVENTORY_IMPORT, InventoryImport};
pub use structure::{EstateCsvKind, StructureReport};
pub use view::{AssetDetail, AssetPage, AssetQuery, Facets, ServiceDependency, ServiceDetail};

/// Zone kinds as stored, with their display names.
pub const ZONE_KINDS: &[(&str, &str)] = &[
    ("internet", "Internet"),
    ("dmz", "DMZ"),
    ("corporate", "Corporate IT"),
    ("ot", "OT / control"),
    ("field", "Field / IoT"),
    ("guest", "Guest Wi-Fi"),
    ("partner", "Partner / vendor"),
    ("management", "Management"),
    ("other", "Other"),
];

/// Guesses a zone kind from a zone name (`"OT-Water"` → `ot`).
pub(crate) fn zone_kind_from_name(name: &str) -> &'static str {
    let n = name.to_ascii_lowercase();
    let has = |w: &str| n.split(|c: char| !c.is_ascii_alphanumeric()).any(|p| p == w) || n.contains(w);
    if has("internet") || n == "wan" {
        "internet"
    } else if has("dmz") {
        "dmz"
    } else if has("guest") || has("public-wifi") || has("wifi") {
        "guest"
    } else if has("scada") || has("ot") || has("control") || has("ics") {
        "ot"
    } else if has("field") || has("iot") || has("sensor") {
        "field"
    } else if has("partner") || has("vendor") {
        "partner"
    } else if has("mgmt") || has("management") {
        "management"
    } else if has("corp") || has("office") || has("it") || has("enterprise") {
        "corporate"
    } else {
        "other"
    }
}

/// Whether zones of a kind are untrusted by default.
pub(crate) fn zone_untrusted_by_default(kind: &str) -> bool {
    matches!(kind, "internet" | "guest")
}
