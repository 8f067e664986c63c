-- The inventory filtered by vendor or type and sorted by criticality (the
-- "riskiest first" view) without sorting the filtered rows: at a million
-- devices a vendor holds ~100,000 of them.
CREATE INDEX assets_vendor_criticality ON assets (vendor_key, criticality, name, id);
CREATE INDEX assets_type_criticality ON assets (asset_type, criticality, name, id);
