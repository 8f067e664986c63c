//! `services.csv`: the city's services and how much they matter, one per row.
//!
//! ```csv
//! name,owner_org,life_safety,population_served,economic_impact,privacy_impact,rto_minutes,critical,description
//! Drinking water treatment,water,critical,"120,000",high,low,4h,,Surface water plant
//! ```

use super::checks::UniqueNames;
use super::reader::{Cells, FileError, Format};
use super::values::{format_rto_minutes, opt, parse_bool, parse_population, parse_rto_minutes, yes_no};
use super::{CsvError, EstateCsvKind, EstateCsvReport, EstateRecord, ImpactLevel, RowError, WriteError};

estate_columns! {
    /// A column of `services.csv`.
    pub enum Column {
        /// `name` (alias `service`, `service_name`): required, unique in the file.
        Name = "name" | "service" | "service_name",
        /// `owner_org` (alias `owner`, `org`, `organisation`, `organization`): an org slug or name.
        OwnerOrg = "owner_org" | "owner" | "org" | "organisation" | "organization",
        /// `life_safety`: an [`ImpactLevel`].
        LifeSafety = "life_safety" | "safety",
        /// `population_served` (alias `population`): people, e.g. `120,000` or `120k`.
        PopulationServed = "population_served" | "population",
        /// `economic_impact` (alias `economic`): an [`ImpactLevel`].
        EconomicImpact = "economic_impact" | "economic",
        /// `privacy_impact` (alias `privacy`): an [`ImpactLevel`].
        PrivacyImpact = "privacy_impact" | "privacy",
        /// `rto_minutes` (alias `rto`, `recovery_time_objective`): e.g. `4h`, `30m`, `2d`, `90`.
        RtoMinutes = "rto_minutes" | "rto" | "recovery_time_objective",
        /// `critical`: boolean override of the criticality policy.
        Critical = "critical" | "is_critical",
        /// `description` (alias `notes`).
        Description = "description" | "notes",
    }
}

/// One city service. Every field but `name` may be unknown (`None`); the
/// importer decides the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceRecord {
    /// Service name; dependencies refer to it.
    pub name: String,
    /// Owning organisation: an org slug or name, resolved by the importer.
    pub owner_org: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// Impact on life and safety if the service stops.
    pub life_safety: Option<ImpactLevel>,
    /// Number of people who rely on the service.
    pub population_served: Option<u64>,
    /// Economic impact of an outage.
    pub economic_impact: Option<ImpactLevel>,
    /// Privacy impact of a compromise.
    pub privacy_impact: Option<ImpactLevel>,
    /// Recovery time objective in minutes.
    pub rto_minutes: Option<u32>,
    /// Explicit override: `Some(true)` makes the service critical whatever
    /// the policy says, `Some(false)` never critical; `None` = the policy decides.
    pub critical: Option<bool>,
}

impl ServiceRecord {
    /// A service with only a name.
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}

impl Format for ServiceRecord {
    type Column = Column;
    type Checks = UniqueNames;
    const COLUMNS: &'static [Column] = Column::ALL;
    const REQUIRED: &'static [Column] = &[Column::Name];

    fn column_name(col: Column) -> &'static str {
        col.name()
    }

    fn column_from_header(h: &str) -> Option<Column> {
        Column::from_header(h)
    }

    fn parse(cells: &mut Cells<'_, Column>) -> Option<Self> {
        let name = cells.required(Column::Name);
        let life_safety = cells.parse(Column::LifeSafety, str::parse::<ImpactLevel>);
        let population_served = cells.parse(Column::PopulationServed, parse_population);
        let economic_impact = cells.parse(Column::EconomicImpact, str::parse::<ImpactLevel>);
        let privacy_impact = cells.parse(Column::PrivacyImpact, str::parse::<ImpactLevel>);
        let rto_minutes = cells.parse(Column::RtoMinutes, parse_rto_minutes);
        let critical = cells.parse(Column::Critical, parse_bool);
        Some(Self {
            name: name?,
            owner_org: cells.text(Column::OwnerOrg),
            description: cells.text(Column::Description),
            life_safety,
            population_served,
            economic_impact,
            privacy_impact,
            rto_minutes,
            critical,
        })
    }

    fn check(checks: &mut UniqueNames, line: u64, record: &Self) -> Vec<RowError> {
        checks.check("service", "name", &record.name, line)
    }

    fn finish(_: UniqueNames) -> Vec<FileError> {
        Vec::new()
    }

    fn cell(&self, col: Column) -> String {
        let level = |l: Option<ImpactLevel>| l.map(|l| l.to_string()).unwrap_or_default();
        match col {
            Column::Name => self.name.clone(),
            Column::OwnerOrg => opt(&self.owner_org),
            Column::LifeSafety => level(self.life_safety),
            Column::PopulationServed => self.population_served.map(|p| p.to_string()).unwrap_or_default(),
            Column::EconomicImpact => level(self.economic_impact),
            Column::PrivacyImpact => level(self.privacy_impact),
            Column::RtoMinutes => self.rto_minutes.map(format_rto_minutes).unwrap_or_default(),
            Column::Critical => yes_no(self.critical),
            Column::Description => opt(&self.description),
        }
    }
}

impl EstateRecord for ServiceRecord {
    const KIND: EstateCsvKind = EstateCsvKind::Services;
}

/// Streaming reader over `services.csv`.
pub type ServicesReader<R> = super::EstateCsvReader<R, ServiceRecord>;

/// Parse a whole `services.csv` held in memory.
pub fn parse_all(input: &[u8]) -> Result<EstateCsvReport<ServiceRecord>, CsvError> {
    super::parse_all(input)
}

/// Render services as a `services.csv` file.
pub fn write_all<'a>(records: impl IntoIterator<Item = &'a ServiceRecord>) -> Result<Vec<u8>, WriteError> {
    super::write_all(records)
}
