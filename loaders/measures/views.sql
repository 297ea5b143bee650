-- The measures of DESIGN.md §2 as views. This file is the one definition: pages and loaders only select from it.
-- {{ALDER_FRAN}} / {{ALDER_TILL}} ({{HEK_FRAN}} / {{HEK_TILL}} for helårsekvivalenter) are replaced by the configured age band when the ingest creates the views
-- (loaders/config.ts DEFAULT_AGE_BAND, or `--aldersband`); the band is also stored in table installning.
-- Periods are half-years 'YYYYH1'/'YYYYH2' and calendar years 'YYYY', side by side in the same views.

-- Population of an age band at each 31 December, per kommun and kön; T = K + M where both are given.
CREATE MACRO befolkning_arsskifte(fran, till) AS TABLE
  WITH km AS (
    SELECT kommunkod, year(datum) AS ar, kon, CAST(sum(antal) AS BIGINT) AS antal
    FROM befolkning
    WHERE alder BETWEEN fran AND till
    GROUP BY ALL
  )
  SELECT * FROM km
  UNION ALL
  SELECT kommunkod, ar, 'T' AS kon, CAST(sum(antal) AS BIGINT) AS antal
  FROM km
  GROUP BY kommunkod, ar
  HAVING count(*) = 2;

-- Population per half-year by linear interpolation at the half-year's midpoint between the year-ends around it:
--   H1 = 0.75 · P(31 Dec y−1) + 0.25 · P(31 Dec y);  H2 = 0.25 · P(y−1) + 0.75 · P(y).
-- Where P(y) is not published yet, P(y−1) is used and the value is preliminär.
CREATE MACRO befolkning_halvar(fran, till) AS TABLE
  WITH p AS (SELECT * FROM befolkning_arsskifte(fran, till))
  SELECT
    a.kommunkod,
    a.kon,
    CAST(a.ar + 1 AS VARCHAR) || 'H' || CAST(h.nr AS VARCHAR) AS halvar,
    CAST(CASE
      WHEN b.antal IS NULL THEN a.antal
      WHEN h.nr = 1 THEN 0.75 * a.antal + 0.25 * b.antal
      ELSE 0.25 * a.antal + 0.75 * b.antal
    END AS DECIMAL(18, 2)) AS befolkning,
    b.antal IS NULL AS preliminar
  FROM p AS a
  CROSS JOIN (VALUES (1), (2)) AS h(nr)
  LEFT JOIN p AS b ON b.kommunkod = a.kommunkod AND b.kon = a.kon AND b.ar = a.ar + 1;

-- Population per calendar year: the mean of the year-ends around it, 0.5 · P(y−1) + 0.5 · P(y) (SCB's medelfolkmängd);
-- P(y−1) alone, preliminär, where P(y) is not published yet.
CREATE MACRO befolkning_ar(fran, till) AS TABLE
  WITH p AS (SELECT * FROM befolkning_arsskifte(fran, till))
  SELECT
    a.kommunkod,
    a.kon,
    CAST(a.ar + 1 AS VARCHAR) AS ar,
    CAST(CASE WHEN b.antal IS NULL THEN a.antal ELSE 0.5 * a.antal + 0.5 * b.antal END AS DECIMAL(18, 2)) AS befolkning,
    b.antal IS NULL AS preliminar
  FROM p AS a
  LEFT JOIN p AS b ON b.kommunkod = a.kommunkod AND b.kon = a.kon AND b.ar = a.ar + 1;

-- A population a source gives itself for a region, year and age band (befolkning_angiven: SCB's finsam.se delivery),
-- in the band asked for only; T = K + M where only K and M are given.
CREATE MACRO befolkning_angiven_band(fran, till) AS TABLE
  WITH g AS (
    SELECT regiontyp, regionkod, kommunkod, CAST(ar AS VARCHAR) AS period, kon, CAST(antal AS DECIMAL(18, 2)) AS befolkning
    FROM befolkning_angiven
    WHERE alder_fran = fran AND alder_till = till AND antal IS NOT NULL
  )
  SELECT * FROM g
  UNION ALL
  SELECT regiontyp, regionkod, kommunkod, period, 'T', sum(befolkning)
  FROM g AS u
  WHERE kon IN ('K', 'M')
    AND NOT EXISTS (
      SELECT 1 FROM g AS t
      WHERE t.kon = 'T' AND t.regiontyp = u.regiontyp AND t.regionkod = u.regionkod AND t.period = u.period
    )
  GROUP BY regiontyp, regionkod, kommunkod, period
  HAVING count(*) = 2;

-- The denominator per kommun, kön and period (half-years and years). A year's population given by a source in the
-- configured band (befolkning_angiven) is used as given, not interpolated, where no single-year-age population covers
-- that kommun-year (none, or only the preliminär fallback). Two bands are never mixed: both are the band asked for.
CREATE MACRO befolkning_period(fran, till) AS TABLE
  WITH interpolerad AS (
    SELECT kommunkod, kon, halvar AS period, befolkning, preliminar FROM befolkning_halvar(fran, till)
    UNION ALL
    SELECT kommunkod, kon, ar AS period, befolkning, preliminar FROM befolkning_ar(fran, till)
  ),
  angiven AS (
    SELECT regionkod AS kommunkod, kon, period, befolkning, false AS preliminar
    FROM befolkning_angiven_band(fran, till)
    WHERE regiontyp = 'kommun'
  )
  SELECT i.* FROM interpolerad AS i
  WHERE NOT (i.preliminar AND EXISTS (SELECT 1 FROM angiven AS a WHERE a.kommunkod = i.kommunkod AND a.kon = i.kon AND a.period = i.period))
  UNION ALL
  SELECT a.* FROM angiven AS a
  WHERE NOT EXISTS (SELECT 1 FROM interpolerad AS i WHERE i.kommunkod = a.kommunkod AND i.kon = a.kon AND i.period = a.period AND NOT i.preliminar);

-- The units that payouts and population are given for: every kommun, and areas below a kommun (delomrade: stadsdelar,
-- valdistrikt, förbund areas) whose population a source gives in the configured band.
CREATE VIEW befolkning_enhet AS
  SELECT 'kommun' AS enhetstyp, kommunkod AS enhetskod, kommunkod, kon, period, befolkning, preliminar
  FROM befolkning_period({{ALDER_FRAN}}, {{ALDER_TILL}})
  UNION ALL
  SELECT regiontyp, regionkod, kommunkod, kon, period, befolkning, false
  FROM befolkning_angiven_band({{ALDER_FRAN}}, {{ALDER_TILL}})
  WHERE regiontyp IN ('stadsdel', 'valdistrikt', 'forbundsomrade');

-- A name compared without case, accents and punctuation: 'Göteborg Centrum' ~ 'goteborg centrum'.
CREATE MACRO namn_nyckel(t) AS trim(regexp_replace(lower(strip_accents(t)), '[^a-z0-9]+', ' ', 'g'));

-- Which kind of area a förbund's delområde is taken from when several match (lower first).
CREATE MACRO delomrade_foretrade(typ) AS CASE typ WHEN 'forbundsomrade' THEN 1 WHEN 'stadsdel' THEN 2 ELSE 3 END;

-- Every region and its member kommuner. Förbund membership has dates: a kommun counts for a förbund in a period when
-- its membership is valid on the period's first day (1 January for a year). Members that are only a delområde of a
-- kommun are in region_enhet below, never counted with the whole kommun's values.
CREATE VIEW region_medlem AS
  SELECT 'kommun' AS regiontyp, kommunkod AS regionkod, kommunnamn AS regionnamn, kommunkod,
         CAST(NULL AS DATE) AS fran, CAST(NULL AS DATE) AS till
  FROM kommun
  UNION ALL
  SELECT 'lan', l.lanskod, l.lansnamn, k.kommunkod, NULL, NULL
  FROM kommun AS k JOIN lan AS l USING (lanskod)
  UNION ALL
  SELECT 'riket', '00', 'Riket', kommunkod, NULL, NULL
  FROM kommun
  UNION ALL
  SELECT 'forbund', f.forbund_id, f.forbund_namn, m.kommunkod, m.fran, m.till
  FROM forbund_medlem AS m JOIN forbund AS f USING (forbund_id)
  WHERE m.delomrade IS NULL;

-- The units each region sums: its member kommuner, and for a förbund membership that names a delområde the data's
-- areas of that kommun whose code or name is the delområde's (a förbund area, e.g. 'Samordningsförbundet Göteborg
-- Centrum', also matches when it holds the name as words). Where several kinds match, förbund areas are preferred to
-- stadsdelar and stadsdelar to valdistrikt, so an area is never counted twice. A delområde the data lacks keeps a
-- row with no unit: it counts in the region's size, so the region shows as incomplete.
CREATE VIEW region_enhet AS
  SELECT regiontyp, regionkod, regionnamn, 'kommun' AS enhetstyp, kommunkod AS enhetskod, kommunkod, fran, till,
         CAST(NULL AS VARCHAR) AS delomrade
  FROM region_medlem
  UNION ALL
  SELECT * FROM (
    SELECT 'forbund' AS regiontyp, f.forbund_id AS regionkod, f.forbund_namn AS regionnamn, d.typ AS enhetstyp,
           d.kod AS enhetskod, m.kommunkod, m.fran, m.till, m.delomrade
    FROM forbund_medlem AS m
    JOIN forbund AS f USING (forbund_id)
    LEFT JOIN delomrade AS d
      ON d.kommunkod = m.kommunkod
     AND (namn_nyckel(m.delomrade) IN (namn_nyckel(d.kod), namn_nyckel(d.namn))
          OR (d.typ = 'forbundsomrade' AND ' ' || namn_nyckel(d.namn) || ' ' LIKE '% ' || namn_nyckel(m.delomrade) || ' %'))
    WHERE m.delomrade IS NOT NULL
    QUALIFY d.typ IS NULL
         OR delomrade_foretrade(d.typ) = min(delomrade_foretrade(d.typ)) OVER (PARTITION BY m.forbund_id, m.kommunkod, m.delomrade, m.fran)
  );

-- Whether a membership from fran to till counts in a period: valid on the period's first day.
CREATE MACRO ar_medlem(fran, till, period) AS
  (fran IS NULL OR fran <= period_start(period)) AND (till IS NULL OR till >= period_start(period));

-- {{BEGIN UTBETALNING}}
-- The measure from payouts. This section is created twice: over table utbetalning (the current values) and, with
-- suffix _forra, over view utbetalning_forra (each value as the previous download of its source gave it), so a
-- revision is computed by the very same SQL.

-- Payouts per unit as the files give them: kommuner, and areas below a kommun (utbetalning_delomrade).
CREATE VIEW utbetalning_enhet{{S}} AS
  SELECT 'kommun' AS enhetstyp, kommunkod AS enhetskod, kommunkod, period, manad, halvar, ar, ersattning, kon, belopp_kr
  FROM {{UTBETALNING}}
  UNION ALL
  SELECT typ, kod, kommunkod, period, manad, halvar, ar, ersattning, kon, belopp_kr
  FROM utbetalning_delomrade;

-- Payouts per unit and half-year. From monthly rows a half-year exists only when all six months are there with a
-- value: a half-year with a missing month is missing, never a smaller sum. Yearly rows (halvar NULL) are never spread
-- over half-years. (The ingest keeps one row per kommun, period, ersättning and kön and never a month beside its
-- half-year row, so six month rows are six different months.)
CREATE VIEW utbetalning_halvar{{S}} AS
  SELECT enhetstyp, enhetskod, kommunkod, halvar, ersattning, kon, sum(belopp_kr) AS belopp_kr
  FROM utbetalning_enhet{{S}}
  WHERE halvar IS NOT NULL
  GROUP BY ALL
  HAVING count(belopp_kr) = count(*)
     AND (count(manad) = 0 OR count(manad) = 6);

-- Kön T derived as K + M where a source gives only K and M (a given T is used as it is): one pass over the unit's
-- rows of the half-year and ersättning (one row per kön), with no T among them and both K and M.
CREATE VIEW utbetalning_halvar_kon{{S}} AS
  WITH h AS (SELECT * FROM utbetalning_halvar{{S}})
  SELECT * FROM h
  UNION ALL
  SELECT enhetstyp, enhetskod, kommunkod, halvar, ersattning, 'T' AS kon, sum(belopp_kr) AS belopp_kr
  FROM h
  GROUP BY enhetstyp, enhetskod, kommunkod, halvar, ersattning
  HAVING count(*) FILTER (WHERE kon = 'T') = 0 AND count(*) FILTER (WHERE kon IN ('K', 'M')) = 2;

-- Payouts per unit and calendar year: a yearly row as given, or both half-years (each from its six months or a
-- half-year row). A year is never formed from part of the year. T = K + M where a year has only K and M.
CREATE VIEW utbetalning_ar{{S}} AS
  WITH arsrad AS (
    SELECT enhetstyp, enhetskod, kommunkod, CAST(ar AS VARCHAR) AS ar, ersattning, kon, sum(belopp_kr) AS belopp_kr
    FROM utbetalning_enhet{{S}}
    WHERE halvar IS NULL
    GROUP BY ALL
    HAVING count(*) FILTER (WHERE belopp_kr IS NULL) = 0
  ),
  fran_halvar AS (
    SELECT enhetstyp, enhetskod, kommunkod, left(halvar, 4) AS ar, ersattning, kon, sum(belopp_kr) AS belopp_kr
    FROM utbetalning_halvar_kon{{S}}
    GROUP BY ALL
    HAVING count(*) = 2
  ),
  given AS (
    SELECT * FROM arsrad
    UNION ALL
    SELECT * FROM fran_halvar AS h
    WHERE NOT EXISTS (
      SELECT 1 FROM arsrad AS a
      WHERE a.enhetstyp = h.enhetstyp AND a.enhetskod = h.enhetskod AND a.ar = h.ar AND a.ersattning = h.ersattning AND a.kon = h.kon
    )
  )
  SELECT * FROM given
  UNION ALL
  SELECT enhetstyp, enhetskod, kommunkod, ar, ersattning, 'T', sum(belopp_kr)
  FROM given
  GROUP BY enhetstyp, enhetskod, kommunkod, ar, ersattning
  HAVING count(*) FILTER (WHERE kon = 'T') = 0 AND count(*) FILTER (WHERE kon IN ('K', 'M')) = 2;

-- Payouts per unit, period (half-year or year), ersättning and kön.
CREATE VIEW utbetalning_period{{S}} AS
  SELECT enhetstyp, enhetskod, kommunkod, halvar AS period, ersattning, kon, belopp_kr FROM utbetalning_halvar_kon{{S}}
  UNION ALL
  SELECT enhetstyp, enhetskod, kommunkod, ar AS period, ersattning, kon, belopp_kr FROM utbetalning_ar{{S}};

-- The ersättningar in scope per period: those the data set has a value for, for at least one kommun (or area), in
-- that period, whatever the kön. A group sums its members that are in scope.
CREATE VIEW ersattning_i_omfattning{{S}} AS
  SELECT DISTINCT period, ersattning FROM utbetalning_period{{S}};

-- Each derived group per period: its members, whether each is in scope, and how many of them are.
CREATE VIEW grupp_omfattning{{S}} AS
  WITH perioder AS (SELECT DISTINCT period FROM ersattning_i_omfattning{{S}})
  SELECT
    p.period, g.grupp, g.ersattning,
    o.ersattning IS NOT NULL AS i_omfattning,
    CAST(count(o.ersattning) OVER (PARTITION BY p.period, g.grupp) AS INTEGER) AS antal_i_omfattning,
    CAST(count(*) OVER (PARTITION BY p.period, g.grupp) AS INTEGER) AS antal_medlemmar
  FROM perioder AS p
  CROSS JOIN grupp_medlem AS g
  LEFT JOIN ersattning_i_omfattning{{S}} AS o ON o.period = p.period AND o.ersattning = g.ersattning
  WHERE g.grupp <> g.ersattning;

-- Ersättningar and the derived groups per unit. A unit's group value exists where it has a value for every member
-- in scope (of that kön), so a missing component never makes a group look smaller; a group with no member in
-- scope has no value.
CREATE VIEW utbetalning_kommun{{S}} AS
  SELECT enhetstyp, enhetskod, kommunkod, period, ersattning, kon, belopp_kr FROM utbetalning_period{{S}}
  UNION ALL
  SELECT u.enhetstyp, u.enhetskod, u.kommunkod, u.period, g.grupp AS ersattning, u.kon, sum(u.belopp_kr) AS belopp_kr
  FROM utbetalning_period{{S}} AS u
  JOIN grupp_omfattning{{S}} AS g ON g.period = u.period AND g.ersattning = u.ersattning AND g.i_omfattning
  GROUP BY u.enhetstyp, u.enhetskod, u.kommunkod, u.period, g.grupp, u.kon, g.antal_i_omfattning
  HAVING count(*) = g.antal_i_omfattning;

-- Försörjningsmåttet's parts per unit: a row exists where both payouts and population exist.
CREATE VIEW forsorjningsmatt_kommun{{S}} AS
  SELECT
    u.enhetstyp,
    u.enhetskod,
    u.kommunkod,
    u.period,
    u.ersattning,
    u.kon,
    u.belopp_kr,
    b.befolkning,
    period_dagar(u.period) AS dagar,
    b.preliminar
  FROM utbetalning_kommun{{S}} AS u
  JOIN befolkning_enhet AS b
    ON b.enhetstyp = u.enhetstyp AND b.enhetskod = u.enhetskod AND b.period = u.period AND b.kon = u.kon;

-- Ratios of sums over the member units present in the data (never a mean of kommun ratios), with coverage: the
-- number of member units with a value and the number of members in the region that period.
CREATE VIEW forsorjningsmatt_utokad{{S}} AS
  WITH agg AS (
    -- A kommun is its own unit: its value as it is.
    SELECT 'kommun' AS regiontyp, k.kommunkod AS regionkod, k.period, k.ersattning, k.kon, k.belopp_kr, k.befolkning, k.dagar,
           k.preliminar, 1 AS antal_kommuner
    FROM forsorjningsmatt_kommun{{S}} AS k
    WHERE k.enhetstyp = 'kommun'
    UNION ALL
    SELECT
      r.regiontyp, r.regionkod, k.period, k.ersattning, k.kon,
      sum(k.belopp_kr) AS belopp_kr,
      sum(k.befolkning) AS befolkning,
      any_value(k.dagar) AS dagar,
      bool_or(k.preliminar) AS preliminar,
      CAST(count(*) AS INTEGER) AS antal_kommuner
    FROM forsorjningsmatt_kommun{{S}} AS k
    JOIN region_enhet AS r
      ON r.enhetstyp = k.enhetstyp AND r.enhetskod = k.enhetskod AND r.regiontyp <> 'kommun' AND ar_medlem(r.fran, r.till, k.period)
    GROUP BY r.regiontyp, r.regionkod, k.period, k.ersattning, k.kon
  ),
  namn AS (SELECT DISTINCT regiontyp, regionkod, regionnamn FROM region_enhet),
  storlek AS (
    SELECT r.regiontyp, r.regionkod, p.period, CAST(count(*) AS INTEGER) AS antal_kommuner_i_regionen
    FROM region_enhet AS r
    JOIN (SELECT DISTINCT period FROM forsorjningsmatt_kommun{{S}}) AS p ON ar_medlem(r.fran, r.till, p.period)
    GROUP BY ALL
  )
  SELECT
    agg.regiontyp, agg.regionkod, namn.regionnamn, agg.period, agg.ersattning, agg.kon,
    agg.belopp_kr, agg.befolkning, agg.dagar,
    CAST(agg.belopp_kr AS DOUBLE) / (CAST(agg.befolkning AS DOUBLE) * agg.dagar) AS kr_per_invanare_och_dag,
    agg.preliminar,
    agg.antal_kommuner,
    storlek.antal_kommuner_i_regionen
  FROM agg
  JOIN namn USING (regiontyp, regionkod)
  JOIN storlek USING (regiontyp, regionkod, period);

-- The data contract's view (DESIGN.md §4), exactly these columns.
CREATE VIEW forsorjningsmatt{{S}} AS
  SELECT regiontyp, regionkod, regionnamn, period, ersattning, kon, belopp_kr, befolkning, dagar,
         kr_per_invanare_och_dag, preliminar
  FROM forsorjningsmatt_utokad{{S}};

-- Areas below a kommun (stadsdelar, valdistrikt, förbund areas) as their own region type under their kommun.
CREATE VIEW forsorjningsmatt_delomrade{{S}} AS
  SELECT
    k.enhetstyp AS regiontyp, k.enhetskod AS regionkod, d.namn AS regionnamn, k.kommunkod,
    k.period, k.ersattning, k.kon, k.belopp_kr, k.befolkning, k.dagar,
    CAST(k.belopp_kr AS DOUBLE) / (CAST(k.befolkning AS DOUBLE) * k.dagar) AS kr_per_invanare_och_dag,
    k.preliminar
  FROM forsorjningsmatt_kommun{{S}} AS k
  JOIN delomrade AS d ON d.kommunkod = k.kommunkod AND d.typ = k.enhetstyp AND d.kod = k.enhetskod
  WHERE k.enhetstyp <> 'kommun';
-- {{END UTBETALNING}}

-- Each payout as the previous dated download of its source gave it (the current value where there is none).
CREATE VIEW utbetalning_forra AS
  WITH v AS (
    SELECT v.*, row_number() OVER (PARTITION BY v.kommunkod, v.period, v.ersattning, v.kon ORDER BY f.hamtad DESC) AS nr
    FROM utbetalning_version AS v JOIN inlast_fil AS f USING (fil_id)
  )
  SELECT
    u.kommunkod, u.period, u.manad, u.halvar, u.ar, u.ersattning, u.kon,
    CASE WHEN v.nr IS NULL THEN u.belopp_kr ELSE v.belopp_kr END AS belopp_kr,
    CASE WHEN v.nr IS NULL THEN u.status ELSE v.status END AS status,
    coalesce(v.fil_id, u.fil_id) AS fil_id
  FROM utbetalning AS u
  LEFT JOIN (SELECT * FROM v WHERE nr = 1) AS v USING (kommunkod, period, ersattning, kon);

-- {{INSTANCE forra}}

-- Values changed since the previous report: regions and periods where a newer download changed the measure.
CREATE VIEW forsorjningsmatt_andring AS
  SELECT
    n.regiontyp, n.regionkod, n.regionnamn, n.period, n.ersattning, n.kon,
    f.belopp_kr AS tidigare_belopp_kr, n.belopp_kr,
    f.kr_per_invanare_och_dag AS tidigare_kr_per_invanare_och_dag, n.kr_per_invanare_och_dag
  FROM forsorjningsmatt AS n
  JOIN forsorjningsmatt_forra AS f USING (regiontyp, regionkod, period, ersattning, kon)
  WHERE n.belopp_kr IS DISTINCT FROM f.belopp_kr;

-- The members of each group over the same units as the group's own value, so they add up to it exactly:
-- Σ belopp_kr of the members = the group's belopp_kr, and each member's share of the measure is
-- belopp_kr / (the group's befolkning × dagar). Used to decompose a change of totalt by ersättning.
CREATE VIEW forsorjningsmatt_komponent AS
  SELECT
    r.regiontyp, r.regionkod, g.period, g.ersattning AS grupp, c.ersattning, g.kon,
    sum(c.belopp_kr) AS belopp_kr
  FROM forsorjningsmatt_kommun AS g
  JOIN grupp_omfattning AS o ON o.period = g.period AND o.grupp = g.ersattning AND o.i_omfattning
  JOIN forsorjningsmatt_kommun AS c
    ON c.enhetstyp = g.enhetstyp AND c.enhetskod = g.enhetskod AND c.period = g.period AND c.kon = g.kon AND c.ersattning = o.ersattning
  JOIN region_enhet AS r ON r.enhetstyp = g.enhetstyp AND r.enhetskod = g.enhetskod AND ar_medlem(r.fran, r.till, g.period)
  GROUP BY ALL;

-- Helårsekvivalenter (SCB, DESIGN.md §2.2): monthly values averaged over the half-year (all six months needed) or
-- the year (all twelve), T = K + M where only K and M are given, against the interpolated 20–64 population.
CREATE VIEW helarsekvivalenter_halvar AS
  WITH m AS (
    SELECT kommunkod, manad, halvar, left(manad, 4) AS ar, ersattning, kon, helarsekvivalenter
    FROM helarsekvivalent
    -- A 0 from a source that writes 0 for missing months is not counted as a reported value.
    WHERE helarsekvivalenter IS NOT NULL AND status <> 'noll_kan_vara_bortfall'
  ),
  h AS (
    SELECT kommunkod, halvar AS period, ersattning, kon, sum(helarsekvivalenter) / 6 AS helarsekvivalenter
    FROM m GROUP BY ALL HAVING count(DISTINCT manad) = 6
    UNION ALL
    SELECT kommunkod, ar AS period, ersattning, kon, sum(helarsekvivalenter) / 12 AS helarsekvivalenter
    FROM m GROUP BY ALL HAVING count(DISTINCT manad) = 12
  )
  SELECT * FROM h
  UNION ALL
  SELECT u.kommunkod, u.period, u.ersattning, 'T', sum(u.helarsekvivalenter)
  FROM h AS u
  WHERE u.kon IN ('K', 'M')
    AND NOT EXISTS (
      SELECT 1 FROM h AS t
      WHERE t.kon = 'T' AND t.kommunkod = u.kommunkod AND t.period = u.period AND t.ersattning = u.ersattning
    )
  GROUP BY u.kommunkod, u.period, u.ersattning
  HAVING count(*) = 2;

CREATE VIEW helarsekvivalenter AS
  SELECT
    r.regiontyp, r.regionkod, h.period, h.ersattning, h.kon,
    CAST(sum(h.helarsekvivalenter) AS DOUBLE) AS helarsekvivalenter,
    sum(b.befolkning) AS befolkning_20_64,
    CAST(sum(h.helarsekvivalenter) AS DOUBLE) / CAST(sum(b.befolkning) AS DOUBLE) AS andel
  FROM helarsekvivalenter_halvar AS h
  JOIN befolkning_period({{HEK_FRAN}}, {{HEK_TILL}}) AS b ON b.kommunkod = h.kommunkod AND b.period = h.period AND b.kon = h.kon
  JOIN region_medlem AS r ON r.kommunkod = h.kommunkod AND ar_medlem(r.fran, r.till, h.period)
  GROUP BY ALL;
