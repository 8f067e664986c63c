//! The REST API under `/api/v1`: JSON in and out, cursor pagination,
//! RFC 9457 problem responses, and an OpenAPI 3.1 document generated from
//! these handlers.

mod audit;
mod dto;
mod estate;
mod estate_dto;
mod extract;
mod jobs;
mod openapi;
mod orgs;
mod system;
mod tokens;
mod users;
mod vulns;
mod vulns_dto;

pub(crate) use audit::{AuditQuery, audit_export, audit_list, audit_verify};
pub(crate) use estate::{
    AssetListQuery, blast_radius, encode_asset_cursor, failure, get_asset, get_service, import_assets,
    import_structure, list_assets, list_services, list_zones, parse_ids, paths, spof,
};
pub(crate) use extract::{ApiJson, ApiQuery, IdPath, decode_cursor, encode_cursor};
pub(crate) use jobs::{get_job, list_jobs};
pub(crate) use openapi::openapi_handler;
pub use openapi::openapi_json;
pub(crate) use orgs::{create_org, get_org, list_orgs, update_org};
pub(crate) use system::{counts, healthz, me, metrics, readyz};
pub(crate) use tokens::{create_token, list_tokens, revoke_token};
pub(crate) use users::{create_user, disable_user, enable_user, get_user, list_users, set_password, set_roles};
pub(crate) use vulns::{
    FindingExportQuery, FindingListQuery, SEVERITIES, VulnListQuery, cve_path, delete_alias, encode_vuln_cursor,
    export_findings, export_response, feed_kind, feed_status, feed_status_of, get_finding, get_vuln, import_feed,
    list_aliases, list_findings, list_vulns, patch_finding, put_alias, run_match, triage_args,
};
pub(crate) use vulns_dto::FeedStatus;
