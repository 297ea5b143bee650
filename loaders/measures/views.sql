-- The measures of DESIGN.md §2 as views. This file is the one definition: pages and loaders only select from it.
-- {{ALDER_FRAN}} / {{ALDER_TILL}} ({{HEK_FRAN}} / {{HEK_TILL}} for helårsekvivalenter) are replaced by the configured age band when the ingest creates the views
-- (loaders/config.ts DEFAULT_AGE_BAND, or `--aldersband`); the band is also stored in table installning.

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

-- Every region and its member kommuner. Förbund membership has dates: a kommun counts for a förbund in a
-- half-year when its membership is valid on the half-year's first day. District-only members are left out.
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

CREATE MACRO ar_medlem(fran, till, period) AS
  (fran IS NULL OR fran <= halvar_start(period)) AND (till IS NULL OR till >= halvar_start(period));

-- {{BEGIN UTBETALNING}}
-- The measure from payouts. This section is created twice: over table utbetalning (the current values) and, with
-- suffix _forra, over view utbetalning_forra (each value as the previous download of its source gave it), so a
-- revision is computed by the very same SQL.

-- Payouts per kommun and half-year as the files give them. From monthly rows a half-year exists only when all
-- six months are there with a value: a half-year with a missing month is missing, never a smaller sum.
-- Annual rows (halvar NULL) are never spread over half-years.
CREATE VIEW utbetalning_halvar{{S}} AS
  SELECT kommunkod, halvar, ersattning, kon, sum(belopp_kr) AS belopp_kr
  FROM {{UTBETALNING}}
  WHERE halvar IS NOT NULL
  GROUP BY ALL
  HAVING count(*) FILTER (WHERE belopp_kr IS NULL) = 0
     AND (bool_and(manad IS NULL) OR count(DISTINCT manad) = 6);

-- Kön T derived as K + M where a source gives only K and M (a given T is used as it is).
CREATE VIEW utbetalning_halvar_kon{{S}} AS
  SELECT * FROM utbetalning_halvar{{S}}
  UNION ALL
  SELECT u.kommunkod, u.halvar, u.ersattning, 'T' AS kon, sum(u.belopp_kr) AS belopp_kr
  FROM utbetalning_halvar{{S}} AS u
  WHERE u.kon IN ('K', 'M')
    AND NOT EXISTS (
      SELECT 1 FROM utbetalning_halvar{{S}} AS t
      WHERE t.kon = 'T' AND t.kommunkod = u.kommunkod AND t.halvar = u.halvar AND t.ersattning = u.ersattning
    )
  GROUP BY u.kommunkod, u.halvar, u.ersattning
  HAVING count(*) = 2;

-- Ersättningar and the derived groups per kommun. A group exists only where every member ersättning has data,
-- so a missing component never makes a group look smaller.
CREATE VIEW utbetalning_kommun{{S}} AS
  SELECT kommunkod, halvar, ersattning, kon, belopp_kr FROM utbetalning_halvar_kon{{S}}
  UNION ALL
  SELECT u.kommunkod, u.halvar, g.grupp AS ersattning, u.kon, sum(u.belopp_kr) AS belopp_kr
  FROM utbetalning_halvar_kon{{S}} AS u
  JOIN grupp_medlem AS g ON g.ersattning = u.ersattning AND g.grupp <> g.ersattning
  GROUP BY u.kommunkod, u.halvar, g.grupp, u.kon
  HAVING count(*) = (SELECT count(*) FROM grupp_medlem AS m WHERE m.grupp = g.grupp);

-- Försörjningsmåttet's parts per kommun: a row exists where both payouts and population exist.
CREATE VIEW forsorjningsmatt_kommun{{S}} AS
  SELECT
    u.kommunkod,
    u.halvar AS period,
    u.ersattning,
    u.kon,
    u.belopp_kr,
    b.befolkning,
    halvar_dagar(u.halvar) AS dagar,
    b.preliminar
  FROM utbetalning_kommun{{S}} AS u
  JOIN befolkning_halvar({{ALDER_FRAN}}, {{ALDER_TILL}}) AS b
    ON b.kommunkod = u.kommunkod AND b.halvar = u.halvar AND b.kon = u.kon;

-- Ratios of sums over the member kommuner present in the data (never a mean of kommun ratios), with coverage.
CREATE VIEW forsorjningsmatt_utokad{{S}} AS
  WITH agg AS (
    SELECT
      r.regiontyp, r.regionkod, r.regionnamn, k.period, k.ersattning, k.kon,
      sum(k.belopp_kr) AS belopp_kr,
      sum(k.befolkning) AS befolkning,
      any_value(k.dagar) AS dagar,
      bool_or(k.preliminar) AS preliminar,
      CAST(count(*) AS INTEGER) AS antal_kommuner
    FROM forsorjningsmatt_kommun{{S}} AS k
    JOIN region_medlem AS r ON r.kommunkod = k.kommunkod AND ar_medlem(r.fran, r.till, k.period)
    GROUP BY ALL
  ),
  storlek AS (
    SELECT r.regiontyp, r.regionkod, p.period, CAST(count(*) AS INTEGER) AS antal_kommuner_i_regionen
    FROM region_medlem AS r
    JOIN (SELECT DISTINCT period FROM forsorjningsmatt_kommun{{S}}) AS p ON ar_medlem(r.fran, r.till, p.period)
    GROUP BY ALL
  )
  SELECT
    agg.regiontyp, agg.regionkod, agg.regionnamn, agg.period, agg.ersattning, agg.kon,
    agg.belopp_kr, agg.befolkning, agg.dagar,
    CAST(agg.belopp_kr AS DOUBLE) / (CAST(agg.befolkning AS DOUBLE) * agg.dagar) AS kr_per_invanare_och_dag,
    agg.preliminar,
    agg.antal_kommuner,
    storlek.antal_kommuner_i_regionen
  FROM agg
  JOIN storlek USING (regiontyp, regionkod, period);

-- The data contract's view (DESIGN.md §4), exactly these columns.
CREATE VIEW forsorjningsmatt{{S}} AS
  SELECT regiontyp, regionkod, regionnamn, period, ersattning, kon, belopp_kr, befolkning, dagar,
         kr_per_invanare_och_dag, preliminar
  FROM forsorjningsmatt_utokad{{S}};
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

-- Values changed since the previous report: regions and half-years where a newer download changed the measure.
CREATE VIEW forsorjningsmatt_andring AS
  SELECT
    n.regiontyp, n.regionkod, n.regionnamn, n.period, n.ersattning, n.kon,
    f.belopp_kr AS tidigare_belopp_kr, n.belopp_kr,
    f.kr_per_invanare_och_dag AS tidigare_kr_per_invanare_och_dag, n.kr_per_invanare_och_dag
  FROM forsorjningsmatt AS n
  JOIN forsorjningsmatt_forra AS f USING (regiontyp, regionkod, period, ersattning, kon)
  WHERE n.belopp_kr IS DISTINCT FROM f.belopp_kr;

-- Helårsekvivalenter (SCB, DESIGN.md §2.2): monthly values averaged over the half-year (all six months needed),
-- T = K + M where only K and M are given, against the interpolated 20–64 population.
CREATE VIEW helarsekvivalenter_halvar AS
  WITH h AS (
    SELECT kommunkod, halvar, ersattning, kon, sum(helarsekvivalenter) / 6 AS helarsekvivalenter
    FROM helarsekvivalent
    -- A 0 from a source that writes 0 for missing months is not counted as a reported value.
    WHERE helarsekvivalenter IS NOT NULL AND status <> 'noll_kan_vara_bortfall'
    GROUP BY ALL
    HAVING count(DISTINCT manad) = 6
  )
  SELECT * FROM h
  UNION ALL
  SELECT u.kommunkod, u.halvar, u.ersattning, 'T', sum(u.helarsekvivalenter)
  FROM h AS u
  WHERE u.kon IN ('K', 'M')
    AND NOT EXISTS (
      SELECT 1 FROM h AS t
      WHERE t.kon = 'T' AND t.kommunkod = u.kommunkod AND t.halvar = u.halvar AND t.ersattning = u.ersattning
    )
  GROUP BY u.kommunkod, u.halvar, u.ersattning
  HAVING count(*) = 2;

CREATE VIEW helarsekvivalenter AS
  SELECT
    r.regiontyp, r.regionkod, h.halvar AS period, h.ersattning, h.kon,
    CAST(sum(h.helarsekvivalenter) AS DOUBLE) AS helarsekvivalenter,
    sum(b.befolkning) AS befolkning_20_64,
    CAST(sum(h.helarsekvivalenter) AS DOUBLE) / CAST(sum(b.befolkning) AS DOUBLE) AS andel
  FROM helarsekvivalenter_halvar AS h
  JOIN befolkning_halvar({{HEK_FRAN}}, {{HEK_TILL}}) AS b ON b.kommunkod = h.kommunkod AND b.halvar = h.halvar AND b.kon = h.kon
  JOIN region_medlem AS r ON r.kommunkod = h.kommunkod AND ar_medlem(r.fran, r.till, h.halvar)
  GROUP BY ALL;
