-- Base tables of data/forsorjning.duckdb. Views for the measures are in loaders/measures/.
-- Money and counts that are summed are exact decimals; dates are DATEs; codes are strings.

CREATE TABLE installning (
  nyckel VARCHAR PRIMARY KEY,   -- alder_fran, alder_till, demodata ('ja'/'nej'), forbund_kalla
  varde VARCHAR NOT NULL
);

CREATE TABLE lan (
  lanskod VARCHAR PRIMARY KEY,  -- 2 characters, '01'
  lansnamn VARCHAR NOT NULL     -- 'Stockholms län'
);

CREATE TABLE kommun (
  kommunkod VARCHAR PRIMARY KEY, -- 4 characters, '0180'
  kommunnamn VARCHAR NOT NULL,   -- SCB's short name, 'Stockholm'
  lanskod VARCHAR NOT NULL REFERENCES lan (lanskod)
);

CREATE TABLE kommunkod_andring (
  kod VARCHAR NOT NULL,
  ny_kod VARCHAR NOT NULL,
  giltig_fran DATE NOT NULL,
  typ VARCHAR NOT NULL CHECK (typ IN ('omkodning', 'delning')),
  beskrivning VARCHAR NOT NULL
);

CREATE TABLE ersattning_typ (
  ersattning VARCHAR PRIMARY KEY,
  namn VARCHAR NOT NULL,
  kortnamn VARCHAR NOT NULL,
  ar_grupp BOOLEAN NOT NULL,    -- a derived group (ohalsa, arbetsmarknad, totalt)
  ordning INTEGER NOT NULL
);

-- Which ersättningar make up each derived group (ekonomiskt_bistand is both an ersättning and a group).
CREATE TABLE grupp_medlem (
  grupp VARCHAR NOT NULL,
  ersattning VARCHAR NOT NULL
);

CREATE TABLE forbund (
  forbund_id VARCHAR PRIMARY KEY,
  forbund_namn VARCHAR NOT NULL
);

CREATE TABLE forbund_medlem (
  forbund_id VARCHAR NOT NULL REFERENCES forbund (forbund_id),
  kommunkod VARCHAR NOT NULL REFERENCES kommun (kommunkod),
  fran DATE,                    -- NULL: since before the first period in the data
  till DATE,                    -- NULL: still valid
  delomrade VARCHAR             -- a district only (Göteborg 2012): not counted in förbund sums
);

CREATE TABLE befolkning (
  kommunkod VARCHAR NOT NULL,
  datum DATE NOT NULL,          -- 31 December
  alder SMALLINT NOT NULL,      -- 0..100, 100 = 100 years and older
  kon VARCHAR NOT NULL,         -- K / M
  antal INTEGER NOT NULL,
  fil_id INTEGER NOT NULL       -- inlast_fil.fil_id
);

-- Status of a value as the publisher marks it ('' reported, 'saknas', 'undertryckt', 'noll_kan_vara_bortfall',
-- 'preliminar'); a missing or suppressed value is NULL, never 0.
CREATE TABLE utbetalning (
  kommunkod VARCHAR NOT NULL,
  period VARCHAR NOT NULL,      -- as in the source: 'YYYY-MM', 'YYYYH1' or (annual figures) 'YYYY'
  manad VARCHAR,                -- 'YYYY-MM' for monthly rows
  halvar VARCHAR,               -- the half-year of a monthly or half-year row; NULL for annual rows
  ar INTEGER NOT NULL,
  ersattning VARCHAR NOT NULL,
  kon VARCHAR NOT NULL,         -- K / M / T as given
  belopp_kr DECIMAL(18, 2),
  status VARCHAR NOT NULL,
  fil_id INTEGER NOT NULL
);

-- Earlier vintages: values that a newer dated download of the same source replaced in utbetalning.
CREATE TABLE utbetalning_version AS SELECT * FROM utbetalning WITH NO DATA;

-- Totals the publisher gives for län and riket (beside the kommun rows), to compare with kommun sums.
CREATE TABLE utbetalning_region (
  regiontyp VARCHAR NOT NULL,   -- lan / riket
  regionkod VARCHAR NOT NULL,
  period VARCHAR NOT NULL,
  manad VARCHAR,
  halvar VARCHAR,
  ar INTEGER NOT NULL,
  ersattning VARCHAR NOT NULL,
  kon VARCHAR NOT NULL,
  belopp_kr DECIMAL(18, 2),
  status VARCHAR NOT NULL,
  fil_id INTEGER NOT NULL
);

CREATE TABLE helarsekvivalent (
  kommunkod VARCHAR NOT NULL,
  manad VARCHAR NOT NULL,
  halvar VARCHAR NOT NULL,
  ersattning VARCHAR NOT NULL,
  kon VARCHAR NOT NULL,
  helarsekvivalenter DECIMAL(18, 2),
  status VARCHAR NOT NULL,
  fil_id INTEGER NOT NULL
);

-- Context indicators shown beside the measure (Kolada KPIs): published ratios, never summed.
CREATE TABLE kontextindikator (
  kpi VARCHAR NOT NULL,
  kpi_namn VARCHAR NOT NULL,
  regiontyp VARCHAR NOT NULL,   -- kommun / lan / riket
  regionkod VARCHAR NOT NULL,
  ar INTEGER NOT NULL,
  kon VARCHAR NOT NULL,
  varde DOUBLE,
  status VARCHAR NOT NULL,
  fil_id INTEGER NOT NULL
);

-- Recipients (e.g. biståndsmottagare) per kommun and period.
CREATE TABLE mottagare (
  kommunkod VARCHAR NOT NULL,
  period VARCHAR NOT NULL,
  ersattning VARCHAR NOT NULL,
  kon VARCHAR NOT NULL,
  antal INTEGER,
  status VARCHAR NOT NULL,
  fil_id INTEGER NOT NULL
);

-- Every file the ingest read: path relative to the data directory, the adapter that read it, the retrieval
-- date from its folder (data/raw/<källa>/<ÅÅÅÅ-MM-DD>/), content hash and row counts.
CREATE TABLE inlast_fil (
  fil_id INTEGER PRIMARY KEY,
  fil VARCHAR NOT NULL,
  kalla VARCHAR NOT NULL,
  hamtad DATE,
  sha256 VARCHAR NOT NULL,
  rader_lasta INTEGER NOT NULL,
  rader_inlasta INTEGER NOT NULL
);

-- For the incremental ingest: the size and modification time of each file read on the fast path, and its notes, so the
-- next ingest can take an unchanged file's rows from this database instead of reading the file again.
CREATE TABLE inlast_fil_snabb (
  fil_id INTEGER PRIMARY KEY,
  typ VARCHAR NOT NULL,         -- befolkning / utbetalningar / helarsekvivalenter
  storlek BIGINT NOT NULL,
  andrad_ms DOUBLE NOT NULL,
  noteringar VARCHAR NOT NULL   -- JSON array of the file's notes
);

-- Files in the data directory that no adapter recognised, with each adapter's reason.
CREATE TABLE okand_fil (
  fil VARCHAR NOT NULL,
  orsak VARCHAR NOT NULL
);

-- Areas below kommun that a source gives values for (SCB's försörjningsmått delivery on finsam.se): stadsdelar
-- (Stockholm, Göteborg, Malmö), valdistrikt, and the areas of förbund that cover part of a kommun (Göteborg's förbund).
-- A förbund membership that names a delområde (forbund_medlem.delomrade) takes its values from these areas.
CREATE TABLE delomrade (
  kommunkod VARCHAR NOT NULL,
  typ VARCHAR NOT NULL CHECK (typ IN ('stadsdel', 'valdistrikt', 'forbundsomrade')),
  kod VARCHAR NOT NULL,         -- the source's code, or its name where it gives no code
  namn VARCHAR NOT NULL,
  PRIMARY KEY (kommunkod, typ, kod)
);

-- Payouts per delområde, columns as in utbetalning (the delivery is yearly: period 'YYYY').
CREATE TABLE utbetalning_delomrade (
  kommunkod VARCHAR NOT NULL,
  typ VARCHAR NOT NULL,
  kod VARCHAR NOT NULL,
  period VARCHAR NOT NULL,
  manad VARCHAR,
  halvar VARCHAR,
  ar INTEGER NOT NULL,
  ersattning VARCHAR NOT NULL,
  kon VARCHAR NOT NULL,
  belopp_kr DECIMAL(18, 2),
  status VARCHAR NOT NULL,
  fil_id INTEGER NOT NULL
);

-- The parts of an ersättning that a source gives separately and the pipeline sums (sjukersättning and
-- aktivitetsersättning → sjuk_och_aktivitetsersattning); the sum itself is in utbetalning / utbetalning_delomrade /
-- utbetalning_region, the parts are kept here for reference.
CREATE TABLE utbetalning_del (
  regiontyp VARCHAR NOT NULL,   -- kommun, stadsdel, valdistrikt, forbundsomrade, lan, riket
  regionkod VARCHAR NOT NULL,   -- kommunkod, the delområde's kod, länskod or '00'
  kommunkod VARCHAR,            -- the kommun of a kommun or delområde row
  period VARCHAR NOT NULL,
  ar INTEGER NOT NULL,
  ersattning VARCHAR NOT NULL,
  del VARCHAR NOT NULL,         -- e.g. 'sjukersattning', 'aktivitetsersattning'
  kon VARCHAR NOT NULL,
  belopp_kr DECIMAL(18, 2),
  status VARCHAR NOT NULL,
  fil_id INTEGER NOT NULL
);

-- A population that a source gives itself for a region, year and age band beside its amounts (the finsam.se
-- delivery: 16–65 in 2019–2023, 16–64 before). Used as that year's denominator, not interpolated, only when the band
-- is the configured band and no single-year-age population covers the region-year (DESIGN.md §2.1).
CREATE TABLE befolkning_angiven (
  regiontyp VARCHAR NOT NULL,   -- kommun, stadsdel, valdistrikt, forbundsomrade, lan, riket
  regionkod VARCHAR NOT NULL,
  kommunkod VARCHAR,
  ar INTEGER NOT NULL,
  kon VARCHAR NOT NULL,         -- K / M / T as given
  alder_fran SMALLINT NOT NULL,
  alder_till SMALLINT NOT NULL,
  antal INTEGER,                -- NULL when missing
  status VARCHAR NOT NULL,
  fil_id INTEGER NOT NULL
);

-- Yearly helårsekvivalenter as a source gives them (the finsam.se delivery's complement), with their age band.
CREATE TABLE helarsekvivalent_ar (
  regiontyp VARCHAR NOT NULL,
  regionkod VARCHAR NOT NULL,
  kommunkod VARCHAR,
  ar INTEGER NOT NULL,
  ersattning VARCHAR NOT NULL,
  kon VARCHAR NOT NULL,
  alder_fran SMALLINT,
  alder_till SMALLINT,
  helarsekvivalenter DECIMAL(18, 2),
  status VARCHAR NOT NULL,
  fil_id INTEGER NOT NULL
);

-- A förbund's own key for splitting the kommuner's quarter among its members (medlemsnyckel*.csv): any
-- non-negative value per member and budget year (a fixed share, a population on another date, …). It replaces the
-- population key for the förbund and year it covers.
CREATE TABLE medlemsnyckel (
  forbund_id VARCHAR NOT NULL,
  ar INTEGER NOT NULL,
  kommunkod VARCHAR NOT NULL,
  varde DECIMAL(18, 4) NOT NULL,
  fil_id INTEGER NOT NULL
);

-- Days and first day of a half-year 'YYYYH1' / 'YYYYH2'. dagar is the real count: 181/182 and 184.
CREATE MACRO halvar_start(h) AS make_date(CAST(left(h, 4) AS INTEGER), CASE right(h, 1) WHEN '1' THEN 1 ELSE 7 END, 1);
CREATE MACRO halvar_dagar(h) AS CAST(date_diff('day', halvar_start(h), CAST(halvar_start(h) + INTERVAL 6 MONTH AS DATE)) AS INTEGER);

-- Periods of the measure: half-years 'YYYYH1'/'YYYYH2' and calendar years 'YYYY'. First day and real number of days
-- (365/366 for a year).
CREATE MACRO period_start(p) AS CASE WHEN length(p) = 4 THEN make_date(CAST(p AS INTEGER), 1, 1) ELSE halvar_start(p) END;
CREATE MACRO period_dagar(p) AS CASE
  WHEN length(p) = 4 THEN CAST(date_diff('day', make_date(CAST(p AS INTEGER), 1, 1), make_date(CAST(p AS INTEGER) + 1, 1, 1)) AS INTEGER)
  ELSE halvar_dagar(p)
END;

-- ===============================================================================================================
-- Insatser and deltagare (DESIGN.md §2.3): what the förbund's insatser are, what they cost, and who took part.
-- Written by loaders/insatser/db.ts; the measures over them are in loaders/measures/insatser.sql. Exact and
-- unsuppressed: this file is private, whatever is published from it goes through loaders/insatser/rojande.ts.
-- No personnummer and no names are ever stored (deltagare_id is the file's own id or a keyed hash).

CREATE TABLE insats (
  insats_id VARCHAR PRIMARY KEY,
  forbund_id VARCHAR,           -- forbund.forbund_id; NULL when the files do not say
  insats_namn VARCHAR,
  inriktning VARCHAR,           -- individinriktad / strukturovergripande
  matningsmetod VARCHAR,        -- personuppgifter / endast_antal
  startdatum DATE,
  slutdatum DATE,
  malgrupp VARCHAR,
  planerade_deltagare INTEGER,
  fil_id INTEGER                -- NULL for an insats known only from deltagare files (no insatser file given)
);

-- Budget and utfall per insats and calendar year (and budgettyp when the source splits it, e.g. ESF Insatskostnad).
CREATE TABLE insats_ekonomi (
  insats_id VARCHAR NOT NULL,
  ar INTEGER NOT NULL,
  budgettyp VARCHAR,
  budget_kr DECIMAL(18, 2),
  utfall_kr DECIMAL(18, 2),
  fil_id INTEGER NOT NULL
);

-- One row per participation (a person may take part in several insatser, or twice in one). deltagande_id is unique
-- by construction (both ingest paths number the rows in reading order); it has no PRIMARY KEY index, whose upkeep
-- cost the load of a million participations a fifth of its time (npm run bench, case c).
CREATE TABLE deltagare (
  deltagande_id INTEGER NOT NULL,    -- the participation: 1, 2, … in the order the files were read
  deltagare_id VARCHAR NOT NULL,     -- the file's own id, or HMAC-SHA256 of the personnummer (never the number)
  insats_id VARCHAR NOT NULL,
  kon VARCHAR NOT NULL,              -- K / M
  fodelsear SMALLINT,
  kommunkod VARCHAR,                 -- folkbokföringskommun, 4 characters
  startdatum DATE NOT NULL,
  slutdatum DATE,                    -- NULL: ongoing
  avslutsanledning VARCHAR,          -- as given; 'Felregistrering' (any case) is left out of every measure
  sysselsattning_fore VARCHAR,       -- arbete / studier / arbetssokande / annan / ingen; NULL: unknown
  sysselsattning_efter VARCHAR,
  fil_id INTEGER NOT NULL
);

-- Försörjning before and after is multi-valued: one row per source. No row for a tidpunkt = unknown.
CREATE TABLE deltagare_forsorjning (
  deltagande_id INTEGER NOT NULL,
  tidpunkt VARCHAR NOT NULL CHECK (tidpunkt IN ('fore', 'efter')),
  kalla VARCHAR NOT NULL             -- one of the six ersättningar, lon, studiemedel, annan, ingen
);

-- Anonymous participants (no consent, or protected identity): SUS keeps only counts per insats, year and kön.
CREATE TABLE deltagare_anonyma (
  insats_id VARCHAR NOT NULL,
  ar INTEGER NOT NULL,
  kon VARCHAR NOT NULL,              -- K / M
  antal INTEGER NOT NULL,
  fil_id INTEGER NOT NULL
);

-- Counts of participants without individual data (Uppföljning Finsam, from 2023): no outcomes.
CREATE TABLE deltagare_antal (
  insats_id VARCHAR NOT NULL,
  ar INTEGER NOT NULL,
  kon VARCHAR NOT NULL,              -- K / M / T as given
  antal INTEGER NOT NULL,
  kalla VARCHAR NOT NULL,            -- 'uppfoljning_finsam'
  fil_id INTEGER NOT NULL
);
