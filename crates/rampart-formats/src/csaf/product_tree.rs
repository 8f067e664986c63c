//! Flattens a CSAF product tree (CSAF 2.0 §3.2.3) into `product_id → CsafProduct`.
//!
//! A branch path `vendor → product_family → product_name → product_version` gives the
//! product's vendor, family, name and version (or `product_version_range`); relationships
//! (`default_component_of`, `installed_on`, …) define a combined product: the component
//! (`product_reference`) on the platform (`relates_to_product_reference`), which inherits the
//! component's identity.

use std::collections::BTreeMap;

use super::raw;
use super::{CsafProduct, ProductRelationship};

/// Products by id, plus the ids defined more than once (CSAF mandatory test 6.1.2).
pub(super) struct Flattened {
    pub(super) products: BTreeMap<String, CsafProduct>,
    pub(super) duplicates: Vec<(String, String)>,
}

/// Attributes inherited down a branch path.
#[derive(Clone, Default)]
struct Path<'a> {
    vendor: Option<&'a str>,
    family: Option<&'a str>,
    product: Option<&'a str>,
    version: Option<&'a str>,
    range: Option<&'a str>,
    architecture: Option<&'a str>,
    patch: Option<&'a str>,
}

/// Deepest branch nesting we follow (the schema allows at most 30 levels; serde_json's
/// recursion limit would stop anything pathological before this anyway).
const MAX_DEPTH: usize = 64;

pub(super) fn flatten(tree: &raw::ProductTree) -> Flattened {
    let mut out = Flattened {
        products: BTreeMap::new(),
        duplicates: Vec::new(),
    };
    for (i, b) in tree.branches.iter().enumerate() {
        branch(b, Path::default(), &format!("product_tree.branches[{i}]"), 0, &mut out);
    }
    for (i, fpn) in tree.full_product_names.iter().enumerate() {
        let p = product(fpn, &Path::default());
        insert(&mut out, p, format!("product_tree.full_product_names[{i}]"));
    }
    // Relationships may refer to each other's products; resolve the components first where
    // possible, so a combined product inherits its component's identity.
    let mut pending: Vec<(usize, &raw::Relationship)> = tree.relationships.iter().enumerate().collect();
    for _round in 0..=tree.relationships.len() {
        let before = pending.len();
        pending.retain(|(i, r)| {
            let component = out.products.get(&r.product_reference).cloned();
            let ready = component.is_some() || !is_relationship_product(tree, &r.product_reference);
            if ready {
                let mut p = component.unwrap_or_default();
                p.product_id.clone_from(&r.full_product_name.product_id);
                p.name.clone_from(&r.full_product_name.name);
                apply_helper(&mut p, r.full_product_name.product_identification_helper.as_ref());
                p.relationship = Some(ProductRelationship {
                    category: r.category.clone(),
                    component: r.product_reference.clone(),
                    platform: r.relates_to_product_reference.clone(),
                });
                insert(
                    &mut out,
                    p,
                    format!("product_tree.relationships[{i}].full_product_name"),
                );
            }
            !ready
        });
        if pending.is_empty() || pending.len() == before {
            break;
        }
    }
    // Whatever is left refers in a circle; define it without inherited identity.
    for (i, r) in pending {
        let mut p = CsafProduct {
            product_id: r.full_product_name.product_id.clone(),
            name: r.full_product_name.name.clone(),
            ..CsafProduct::default()
        };
        p.relationship = Some(ProductRelationship {
            category: r.category.clone(),
            component: r.product_reference.clone(),
            platform: r.relates_to_product_reference.clone(),
        });
        insert(
            &mut out,
            p,
            format!("product_tree.relationships[{i}].full_product_name"),
        );
    }
    out
}

fn is_relationship_product(tree: &raw::ProductTree, id: &str) -> bool {
    tree.relationships.iter().any(|r| r.full_product_name.product_id == id)
}

fn insert(out: &mut Flattened, p: CsafProduct, path: String) {
    if out.products.contains_key(&p.product_id) {
        out.duplicates.push((p.product_id, path));
    } else {
        out.products.insert(p.product_id.clone(), p);
    }
}

fn branch<'a>(b: &'a raw::Branch, mut path: Path<'a>, json_path: &str, depth: usize, out: &mut Flattened) {
    if depth > MAX_DEPTH {
        return;
    }
    let name = Some(b.name.as_str());
    match b.category.as_str() {
        "vendor" => path.vendor = name,
        "product_family" => path.family = name,
        "product_name" => path.product = name,
        "product_version" => path.version = name,
        "product_version_range" => path.range = name,
        "architecture" => path.architecture = name,
        "patch_level" | "service_pack" => path.patch = name,
        _ => {}
    }
    if let Some(fpn) = &b.product {
        let p = product(fpn, &path);
        insert(out, p, format!("{json_path}.product"));
    }
    for (i, child) in b.branches.iter().enumerate() {
        branch(
            child,
            path.clone(),
            &format!("{json_path}.branches[{i}]"),
            depth + 1,
            out,
        );
    }
}

fn product(fpn: &raw::FullProductName, path: &Path<'_>) -> CsafProduct {
    let own = |s: Option<&str>| s.map(str::to_owned);
    let mut p = CsafProduct {
        product_id: fpn.product_id.clone(),
        name: fpn.name.clone(),
        vendor: own(path.vendor),
        family: own(path.family),
        product: own(path.product),
        version: own(path.version),
        version_range: own(path.range),
        architecture: own(path.architecture),
        patch_level: own(path.patch),
        ..CsafProduct::default()
    };
    apply_helper(&mut p, fpn.product_identification_helper.as_ref());
    p
}

fn apply_helper(p: &mut CsafProduct, helper: Option<&raw::Helper>) {
    let Some(h) = helper else { return };
    if h.cpe.is_some() {
        p.cpe.clone_from(&h.cpe);
    }
    for purl in h.purl.iter().chain(&h.purls) {
        if !p.purls.contains(purl) {
            p.purls.push(purl.clone());
        }
    }
    p.model_numbers.extend(h.model_numbers.iter().cloned());
    p.serial_numbers.extend(h.serial_numbers.iter().cloned());
    p.skus.extend(h.skus.iter().cloned());
}
