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
  antal INTEGER NOT NULL
);

CREATE TABLE utbetalning (
  kommunkod VARCHAR NOT NULL,
  period VARCHAR NOT NULL,      -- as in the file: 'YYYY-MM' or 'YYYYH1'
  manad VARCHAR,                -- 'YYYY-MM' for monthly rows, NULL for half-year rows
  halvar VARCHAR NOT NULL,      -- the half-year the row belongs to
  ersattning VARCHAR NOT NULL,
  kon VARCHAR NOT NULL,         -- K / M / T as given
  belopp_kr DECIMAL(18, 2) NOT NULL
);

CREATE TABLE helarsekvivalent (
  kommunkod VARCHAR NOT NULL,
  manad VARCHAR NOT NULL,
  halvar VARCHAR NOT NULL,
  ersattning VARCHAR NOT NULL,
  kon VARCHAR NOT NULL,
  helarsekvivalenter DECIMAL(18, 2) NOT NULL
);

-- Every file the ingest read: its path relative to the data directory, content hash and row counts.
CREATE TABLE inlast_fil (
  fil VARCHAR PRIMARY KEY,
  typ VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  rader_lasta INTEGER NOT NULL,
  rader_inlasta INTEGER NOT NULL
);

-- Days and first day of a half-year 'YYYYH1' / 'YYYYH2'. dagar is the real count: 181/182 and 184.
CREATE MACRO halvar_start(h) AS make_date(CAST(left(h, 4) AS INTEGER), CASE right(h, 1) WHEN '1' THEN 1 ELSE 7 END, 1);
CREATE MACRO halvar_dagar(h) AS CAST(date_diff('day', halvar_start(h), CAST(halvar_start(h) + INTERVAL 6 MONTH AS DATE)) AS INTEGER);
