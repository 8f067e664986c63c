-- The city's estate (step 1): network zones and conduits, assets, services,
-- their dependencies with redundancy groups, and data flows.

CREATE TABLE network_zones (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    untrusted   INTEGER NOT NULL DEFAULT 0,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE zone_conduits (
    id           INTEGER PRIMARY KEY,
    from_zone_id INTEGER NOT NULL REFERENCES network_zones (id) ON DELETE CASCADE,
    to_zone_id   INTEGER NOT NULL REFERENCES network_zones (id) ON DELETE CASCADE,
    protocols    TEXT NOT NULL DEFAULT '',
    traversal    REAL NOT NULL DEFAULT 1.0,
    description  TEXT NOT NULL DEFAULT '',
    UNIQUE (from_zone_id, to_zone_id)
);

CREATE TABLE assets (
    id                          INTEGER PRIMARY KEY,
    org_id                      INTEGER NOT NULL REFERENCES organisations (id),
    name                        TEXT NOT NULL,
    asset_type                  TEXT NOT NULL DEFAULT 'other',
    vendor                      TEXT,
    vendor_key                  TEXT NOT NULL DEFAULT '',
    product                     TEXT,
    model                       TEXT,
    version                     TEXT,
    firmware_version            TEXT,
    cpes                        TEXT NOT NULL DEFAULT '',
    purls                       TEXT NOT NULL DEFAULT '',
    serial_number               TEXT,
    mac                         TEXT,
    ip                          TEXT,
    hostname                    TEXT,
    zone_id                     INTEGER REFERENCES network_zones (id),
    internet_exposed            INTEGER NOT NULL DEFAULT 0,
    site                        TEXT,
    district                    TEXT,
    lat                         REAL,
    lon                         REAL,
    criticality                 INTEGER NOT NULL DEFAULT 0,
    data_classes                TEXT NOT NULL DEFAULT '',
    default_credentials_changed INTEGER,
    secure_update_supported     INTEGER,
    update_channel              TEXT,
    encrypted_in_transit        INTEGER,
    encrypted_at_rest           INTEGER,
    logging_enabled             INTEGER,
    end_of_support              TEXT,
    open_ports                  TEXT NOT NULL DEFAULT '',
    os                          TEXT,
    tags                        TEXT NOT NULL DEFAULT '',
    source                      TEXT NOT NULL DEFAULT '',
    content_hash                TEXT NOT NULL,
    created_at                  TEXT NOT NULL,
    updated_at                  TEXT NOT NULL
);
CREATE INDEX assets_name ON assets (name, id);
CREATE INDEX assets_org ON assets (org_id, name, id);
CREATE INDEX assets_type ON assets (asset_type, name, id);
CREATE INDEX assets_vendor ON assets (vendor_key, name, id);
CREATE INDEX assets_zone ON assets (zone_id, name, id);
CREATE INDEX assets_exposed ON assets (internet_exposed, name, id);
CREATE INDEX assets_criticality ON assets (criticality, name, id);
CREATE INDEX assets_serial ON assets (serial_number) WHERE serial_number IS NOT NULL;
CREATE INDEX assets_mac ON assets (mac) WHERE mac IS NOT NULL;
CREATE INDEX assets_hostname ON assets (hostname) WHERE hostname IS NOT NULL;
CREATE INDEX assets_ip ON assets (ip) WHERE ip IS NOT NULL;

CREATE TABLE services (
    id                INTEGER PRIMARY KEY,
    org_id            INTEGER NOT NULL REFERENCES organisations (id),
    name              TEXT NOT NULL UNIQUE,
    description       TEXT NOT NULL DEFAULT '',
    life_safety       INTEGER NOT NULL DEFAULT 0,
    population_served INTEGER NOT NULL DEFAULT 0,
    economic_impact   INTEGER NOT NULL DEFAULT 0,
    privacy_impact    INTEGER NOT NULL DEFAULT 0,
    rto_minutes       INTEGER,
    critical          INTEGER,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

-- A k-of-n requirement of a service or an asset. Members are the
-- dependencies pointing at the group; a plain dependency has no group.
CREATE TABLE redundancy_groups (
    id             INTEGER PRIMARY KEY,
    dependent_kind TEXT NOT NULL CHECK (dependent_kind IN ('service', 'asset')),
    dependent_id   INTEGER NOT NULL,
    name           TEXT NOT NULL,
    min_up         INTEGER NOT NULL CHECK (min_up >= 1),
    UNIQUE (dependent_kind, dependent_id, name)
);

CREATE TABLE dependencies (
    id             INTEGER PRIMARY KEY,
    dependent_kind TEXT NOT NULL CHECK (dependent_kind IN ('service', 'asset')),
    dependent_id   INTEGER NOT NULL,
    target_kind    TEXT NOT NULL CHECK (target_kind IN ('service', 'asset')),
    target_id      INTEGER NOT NULL,
    group_id       INTEGER REFERENCES redundancy_groups (id) ON DELETE CASCADE,
    note           TEXT NOT NULL DEFAULT '',
    UNIQUE (dependent_kind, dependent_id, target_kind, target_id)
);
CREATE INDEX dependencies_target ON dependencies (target_kind, target_id);

CREATE TABLE data_flows (
    id                   INTEGER PRIMARY KEY,
    from_asset_id        INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    to_asset_id          INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    data_classes         TEXT NOT NULL DEFAULT '',
    encrypted_in_transit INTEGER,
    protocol             TEXT NOT NULL DEFAULT '',
    port                 INTEGER,
    description          TEXT NOT NULL DEFAULT '',
    UNIQUE (from_asset_id, to_asset_id, protocol, port)
);
CREATE INDEX data_flows_to ON data_flows (to_asset_id);

-- Bumped by every estate change, so analysis caches know when to rebuild.
CREATE TABLE estate_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO estate_version (id, version) VALUES (1, 0);

-- Files uploaded for background imports (shared by every serve process).
CREATE TABLE uploads (
    id         INTEGER PRIMARY KEY,
    filename   TEXT NOT NULL,
    size       INTEGER NOT NULL,
    content    BLOB NOT NULL,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL
);
