//! CycloneDX 1.4–1.6 JSON import: the devices and firmware a BOM describes
//! (HBOMs, device SBOMs), as [`AssetRecord`]s.
//!
//! Only what the inventory needs is read, through small serde structs of our
//! own (the official `cyclonedx-bom` crate stops at 1.5). What becomes an
//! asset:
//! - `metadata.component` when its type is `device` (the product the BOM is
//!   about) — its path is `metadata.component`;
//! - every component of type `device`, at any depth (`components[3]`,
//!   `components[3].components[0]`, ...);
//! - a component of type `firmware` inside a device (or, at top level, when
//!   `metadata.component` is a device) is not an asset of its own: it gives
//!   that device its `firmware_version` (first firmware wins) and adds its
//!   CPE/purl to the device's; a firmware component with no device around it
//!   becomes an asset of unknown type with `firmware_version` set.
//!
//! Field mapping: `name` → name and product; vendor ← `manufacturer.name`
//! (1.6), else `supplier.name`, else `publisher`, else `author`;
//! `version`, `cpe` (2.3 formatted string or 2.2 URI), `purl`, `tags`;
//! `properties` whose name ends (after the last `:`) in `serialNumber`,
//! `serial`, `model`, `modelNumber`, `macAddress`, `ipAddress`, `hostname`,
//! `assetType` or `firmwareVersion` (any case, `-`/`_` ignored) fill the
//! fields of the same meaning.
//!
//! A document that is not JSON, not CycloneDX, or of an unsupported
//! `specVersion` is a fatal [`CycloneDxError`]; a bad component becomes a
//! [`ComponentError`] naming its JSON path (e.g. `components[3].cpe`) and is
//! skipped.

use serde::Deserialize;
use serde_json::Value;

use super::MacAddr;
use super::record::{AssetRecord, AssetType, SourceRef};
use super::syntax::{check_purl, normalize_cpe};

/// Spec versions this importer reads.
pub const SUPPORTED_SPEC_VERSIONS: [&str; 3] = ["1.4", "1.5", "1.6"];

/// Component types of CycloneDX 1.6 (`component.type`).
const COMPONENT_TYPES: [&str; 13] = [
    "application",
    "framework",
    "library",
    "container",
    "platform",
    "operating-system",
    "device",
    "device-driver",
    "firmware",
    "file",
    "machine-learning-model",
    "data",
    "cryptographic-asset",
];

/// Fatal problems: the document cannot be read as a CycloneDX BOM.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CycloneDxError {
    /// Not well-formed JSON.
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// `bomFormat` is missing or not `CycloneDX`.
    #[error("not a CycloneDX BOM: `bomFormat` is {found} (expected \"CycloneDX\")")]
    NotCycloneDx {
        /// What was found, JSON-encoded, or `missing`.
        found: String,
    },
    /// `specVersion` is missing or not one we read.
    #[error("CycloneDX `specVersion` {found} is not supported (this importer reads 1.4, 1.5 and 1.6)")]
    UnsupportedSpecVersion {
        /// What was found, JSON-encoded, or `missing`.
        found: String,
    },
    /// A structural value has the wrong type.
    #[error("{path}: {message}")]
    Invalid {
        /// JSON path, e.g. `components`.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// A component that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ComponentError {
    /// JSON path of the offending value, e.g. `components[3].cpe`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// Result of importing one BOM.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CycloneDxReport {
    /// The document's `specVersion`.
    pub spec_version: String,
    /// Devices (and lone firmware) found; `source_ref` holds each JSON path.
    pub assets: Vec<AssetRecord>,
    /// Components skipped, with the reason.
    pub errors: Vec<ComponentError>,
}

#[derive(Debug, Default, Deserialize)]
struct RawOrg {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct RawProperty {
    name: String,
    #[serde(default)]
    value: Option<String>,
}

/// The subset of a CycloneDX component we read. Nested `components` are
/// kept as raw JSON so that errors in them get their own path.
#[derive(Debug, Default, Deserialize)]
struct RawComponent {
    #[serde(rename = "type")]
    kind: String,
    name: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    supplier: Option<RawOrg>,
    #[serde(default)]
    manufacturer: Option<RawOrg>,
    #[serde(default)]
    cpe: Option<String>,
    #[serde(default)]
    purl: Option<String>,
    #[serde(default)]
    properties: Option<Vec<RawProperty>>,
    #[serde(default)]
    tags: Option<Vec<String>>,
    #[serde(default)]
    components: Option<Vec<Value>>,
}

/// Same fields, all optional: used to find which key of a failing component
/// is to blame.
#[derive(Debug, Default, Deserialize)]
#[allow(dead_code)] // only deserialized, to locate type errors
struct ProbeComponent {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    supplier: Option<RawOrg>,
    #[serde(default)]
    manufacturer: Option<RawOrg>,
    #[serde(default)]
    cpe: Option<String>,
    #[serde(default)]
    purl: Option<String>,
    #[serde(default)]
    properties: Option<Vec<RawProperty>>,
    #[serde(default)]
    tags: Option<Vec<String>>,
    #[serde(default)]
    components: Option<Vec<Value>>,
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// Normalise a property name to its last `:`-segment, lower case, without
/// `-` and `_`: `cdx:device:serialNumber` → `serialnumber`.
fn property_key(name: &str) -> String {
    name.rsplit(':')
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect::<String>()
        .to_lowercase()
}

/// Parse a CycloneDX JSON document.
pub fn parse(input: &[u8]) -> Result<CycloneDxReport, CycloneDxError> {
    let doc: Value = serde_json::from_slice(input).map_err(|e| CycloneDxError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let obj = doc.as_object().ok_or_else(|| CycloneDxError::Invalid {
        path: "$".into(),
        message: "the document must be a JSON object".into(),
    })?;
    match obj.get("bomFormat") {
        Some(Value::String(s)) if s == "CycloneDX" => {}
        Some(other) => {
            return Err(CycloneDxError::NotCycloneDx {
                found: other.to_string(),
            });
        }
        None => {
            return Err(CycloneDxError::NotCycloneDx {
                found: "missing".into(),
            });
        }
    }
    let spec_version = match obj.get("specVersion") {
        Some(Value::String(s)) if SUPPORTED_SPEC_VERSIONS.contains(&s.as_str()) => s.clone(),
        Some(other) => {
            return Err(CycloneDxError::UnsupportedSpecVersion {
                found: other.to_string(),
            });
        }
        None => {
            return Err(CycloneDxError::UnsupportedSpecVersion {
                found: "missing".into(),
            });
        }
    };
    let mut walker = Walker {
        report: CycloneDxReport {
            spec_version,
            ..CycloneDxReport::default()
        },
    };

    let mut root_device = None;
    if let Some(meta) = obj.get("metadata") {
        let meta = meta.as_object().ok_or_else(|| CycloneDxError::Invalid {
            path: "metadata".into(),
            message: "must be an object".into(),
        })?;
        if let Some(c) = meta.get("component") {
            root_device = walker.component(c, "metadata.component".into(), None, true);
        }
    }
    match obj.get("components") {
        None | Some(Value::Null) => {}
        Some(Value::Array(list)) => walker.list(list, "components", root_device),
        Some(_) => {
            return Err(CycloneDxError::Invalid {
                path: "components".into(),
                message: "must be an array".into(),
            });
        }
    }
    Ok(walker.report)
}

struct Walker {
    report: CycloneDxReport,
}

impl Walker {
    fn error(&mut self, path: String, message: impl Into<String>) {
        self.report.errors.push(ComponentError {
            path,
            message: message.into(),
        });
    }

    fn list(&mut self, list: &[Value], path: &str, device: Option<usize>) {
        for (i, v) in list.iter().enumerate() {
            self.component(v, format!("{path}[{i}]"), device, false);
        }
    }

    /// Deserialize a component, naming the offending key on failure.
    fn raw(&mut self, v: &Value, path: &str) -> Option<RawComponent> {
        match RawComponent::deserialize(v) {
            Ok(c) => Some(c),
            Err(e) => {
                let mut blamed = None;
                if let Some(map) = v.as_object() {
                    for (k, val) in map {
                        let single = Value::Object([(k.clone(), val.clone())].into_iter().collect());
                        if let Err(e) = ProbeComponent::deserialize(&single) {
                            blamed = Some((format!("{path}.{k}"), e.to_string()));
                            break;
                        }
                    }
                }
                let (p, m) = blamed.unwrap_or_else(|| (path.to_owned(), e.to_string()));
                self.error(p, m);
                None
            }
        }
    }

    /// Import one component; returns the index of the asset it became, if a device.
    fn component(&mut self, v: &Value, path: String, device: Option<usize>, is_metadata: bool) -> Option<usize> {
        let c = self.raw(v, &path)?;
        if !COMPONENT_TYPES.contains(&c.kind.as_str()) {
            self.error(format!("{path}.type"), format!("unknown component type `{}`", c.kind));
            return None;
        }
        if c.name.trim().is_empty() {
            self.error(format!("{path}.name"), "name is empty");
            return None;
        }
        let record = match c.kind.as_str() {
            "device" | "firmware" => match self.record(&c, &path) {
                Some(r) => Some(r),
                None => return None,
            },
            _ => None,
        };
        let mut this_device = None;
        match (c.kind.as_str(), record) {
            ("device", Some(r)) => {
                self.report.assets.push(r);
                this_device = Some(self.report.assets.len() - 1);
            }
            ("firmware", Some(fw)) => match device {
                Some(d) if !is_metadata => {
                    if let Some(dev) = self.report.assets.get_mut(d) {
                        if dev.firmware_version.is_none() {
                            dev.firmware_version = fw.version.clone();
                        }
                        dev.cpes.extend(fw.cpes);
                        dev.purls.extend(fw.purls);
                    }
                }
                _ => {
                    let mut fw = fw;
                    fw.firmware_version = fw.version.take();
                    self.report.assets.push(fw);
                }
            },
            _ => {}
        }
        if let Some(children) = &c.components {
            let child_device = this_device.or(if is_metadata { None } else { device });
            self.list(children, &format!("{path}.components"), child_device);
        }
        this_device
    }

    fn record(&mut self, c: &RawComponent, path: &str) -> Option<AssetRecord> {
        let mut r = AssetRecord {
            name: c.name.trim().to_owned(),
            product: Some(c.name.trim().to_owned()),
            version: trimmed(&c.version),
            source_ref: Some(SourceRef::Path(path.to_owned())),
            ..AssetRecord::default()
        };
        r.vendor = c
            .manufacturer
            .as_ref()
            .and_then(|o| trimmed(&o.name))
            .or_else(|| c.supplier.as_ref().and_then(|o| trimmed(&o.name)))
            .or_else(|| trimmed(&c.publisher))
            .or_else(|| trimmed(&c.author));
        let mut ok = true;
        if let Some(cpe) = trimmed(&c.cpe) {
            match normalize_cpe(&cpe) {
                Ok(cpe) => r.cpes.push(cpe),
                Err(e) => {
                    self.error(format!("{path}.cpe"), e.to_string());
                    ok = false;
                }
            }
        }
        if let Some(purl) = trimmed(&c.purl) {
            match check_purl(&purl) {
                Ok(()) => r.purls.push(purl),
                Err(e) => {
                    self.error(format!("{path}.purl"), e.to_string());
                    ok = false;
                }
            }
        }
        r.tags = c
            .tags
            .iter()
            .flatten()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect();
        for (i, p) in c.properties.iter().flatten().enumerate() {
            let Some(value) = trimmed(&p.value) else { continue };
            let ppath = format!("{path}.properties[{i}].value");
            match property_key(&p.name).as_str() {
                "serialnumber" | "serial" => r.serial_number = Some(value),
                "model" | "modelnumber" | "modelname" => r.model = Some(value),
                "firmwareversion" => r.firmware_version = Some(value),
                "hostname" => r.hostname = Some(value),
                "assettype" => r.asset_type = AssetType::parse_lenient(&value),
                "macaddress" | "mac" => match value.parse::<MacAddr>() {
                    Ok(m) => r.mac = Some(m),
                    Err(e) => {
                        self.error(ppath, e.to_string());
                        ok = false;
                    }
                },
                "ipaddress" | "ip" => match value.parse() {
                    Ok(ip) => r.ip = Some(ip),
                    Err(_) => {
                        self.error(ppath, format!("`{value}` is not an IP address"));
                        ok = false;
                    }
                },
                _ => {}
            }
        }
        ok.then_some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bom(components: &str) -> String {
        format!(r#"{{"bomFormat":"CycloneDX","specVersion":"1.6","components":{components}}}"#)
    }

    #[test]
    fn device_with_nested_firmware() {
        let doc = bom(
            r#"[{"type":"device","name":"SCALANCE X208","manufacturer":{"name":"Siemens"},"version":"3",
                "properties":[{"name":"cdx:device:serialNumber","value":"VPF1234"},
                              {"name":"rampart:assetType","value":"switch"}],
                "components":[{"type":"firmware","name":"fw","version":"4.1.4",
                               "cpe":"cpe:2.3:o:siemens:scalance_x208_firmware:4.1.4:*:*:*:*:*:*:*"}]}]"#,
        );
        let r = parse(doc.as_bytes()).unwrap();
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(r.assets.len(), 1);
        let a = &r.assets[0];
        assert_eq!(a.vendor.as_deref(), Some("Siemens"));
        assert_eq!(a.firmware_version.as_deref(), Some("4.1.4"));
        assert_eq!(a.serial_number.as_deref(), Some("VPF1234"));
        assert_eq!(a.asset_type, Some(AssetType::Switch));
        assert_eq!(a.cpes, ["cpe:2.3:o:siemens:scalance_x208_firmware:4.1.4:*:*:*:*:*:*:*"]);
        assert_eq!(a.source_ref, Some(SourceRef::Path("components[0]".into())));
    }

    #[test]
    fn errors_name_the_json_path() {
        let doc = bom(r#"[{"type":"library","name":"a"},
                {"type":"device","name":"cam","components":[{"type":"firmware","name":"fw","cpe":"cpe:/x:bad"}]},
                {"type":"device","name":"cam2","cpe":5},
                {"type":"gizmo","name":"x"},
                {"type":"device"}]"#);
        let r = parse(doc.as_bytes()).unwrap();
        let paths: Vec<&str> = r.errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "components[1].components[0].cpe",
                "components[2].cpe",
                "components[3].type",
                "components[4]"
            ]
        );
        assert!(
            r.errors[3].message.contains("missing field `name`"),
            "{}",
            r.errors[3].message
        );
        assert_eq!(r.assets.len(), 1, "the device survives its broken firmware");
    }

    #[test]
    fn fatal_errors() {
        assert!(matches!(parse(b"{"), Err(CycloneDxError::Json { line: 1, .. })));
        assert!(matches!(parse(b"[]"), Err(CycloneDxError::Invalid { .. })));
        assert!(matches!(
            parse(br#"{"bomFormat":"SPDX"}"#),
            Err(CycloneDxError::NotCycloneDx { .. })
        ));
        let e = parse(br#"{"bomFormat":"CycloneDX","specVersion":"1.3"}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "CycloneDX `specVersion` \"1.3\" is not supported (this importer reads 1.4, 1.5 and 1.6)"
        );
        assert!(matches!(
            parse(br#"{"bomFormat":"CycloneDX","specVersion":"1.5","components":{}}"#),
            Err(CycloneDxError::Invalid { .. })
        ));
    }
}
