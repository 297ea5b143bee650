-- The förbund's economy (DESIGN.md §2.4): the state's allocation model and the members' shares, from the same
-- payouts and population as försörjningsmåttet. Settings (B, G, weights; the key's band and date) are read from table
-- installning, where the ingest stores them (loaders/config.ts ECONOMY defaults, or the ingest's options).

-- A numeric setting from installning.
CREATE MACRO installning_tal(namn) AS (SELECT CAST(varde AS DOUBLE) FROM installning WHERE nyckel = namn);

-- Payouts per unit (kommun or delområde) and calendar year over every ersättning in scope that year (all six, not a
-- förbund's own totalt), kön T: only where the unit has a value for each of them (the group rule of §2.1).
CREATE VIEW fordelning_belopp_enhet AS
  WITH omfattning AS (
    SELECT period, ersattning, CAST(count(*) OVER (PARTITION BY period) AS INTEGER) AS antal
    FROM ersattning_i_omfattning
    WHERE length(period) = 4
  )
  -- TRY_CAST: a filter on ar (WHERE ar = 2024 on a view above) is pushed below the join that keeps only years, so
  -- the cast also meets half-years ('2024H1') and must not fail on them.
  SELECT u.enhetstyp, u.enhetskod, u.kommunkod, TRY_CAST(u.period AS INTEGER) AS ar, sum(u.belopp_kr) AS belopp_kr
  FROM utbetalning_period AS u
  JOIN omfattning AS o USING (period, ersattning)
  WHERE u.kon = 'T'
  GROUP BY u.enhetstyp, u.enhetskod, u.kommunkod, u.period, o.antal
  HAVING count(*) = o.antal;

-- Population of the configured age band at 31 December of each year, per unit: a kommun from the single-year-age
-- population; a delområde from the population its source gives for the year (in the same band).
CREATE VIEW fordelning_befolkning_enhet AS
  SELECT 'kommun' AS enhetstyp, kommunkod AS enhetskod, kommunkod, ar, antal AS befolkning
  FROM befolkning_arsskifte({{ALDER_FRAN}}, {{ALDER_TILL}})
  WHERE kon = 'T'
  UNION ALL
  SELECT regiontyp, regionkod, kommunkod, CAST(period AS INTEGER), CAST(befolkning AS BIGINT)
  FROM befolkning_angiven_band({{ALDER_FRAN}}, {{ALDER_TILL}})
  WHERE kon = 'T' AND regiontyp IN ('stadsdel', 'valdistrikt', 'forbundsomrade');

-- Each förbund that exists in a data year (a membership valid on 1 January), with the kronor paid in its area that
-- year (membership on 1 January) and its population at 31 December of the year. belopp_kr is NULL for a förbund
-- with no payouts in the data that year; it then gets the base amount alone.
CREATE VIEW statens_fordelning_underlag AS
  WITH ar AS (SELECT DISTINCT ar FROM fordelning_belopp_enhet),
  medlem AS (
    SELECT a.ar, r.regionkod AS forbund_id, r.enhetstyp, r.enhetskod
    FROM ar AS a
    JOIN region_enhet AS r ON r.regiontyp = 'forbund' AND ar_medlem(r.fran, r.till, CAST(a.ar AS VARCHAR))
  )
  SELECT
    m.ar,
    m.forbund_id,
    sum(b.belopp_kr) AS belopp_kr,
    CAST(sum(p.befolkning) AS INTEGER) AS befolkning,
    CAST(count(b.belopp_kr) AS INTEGER) AS antal_enheter_med_belopp,
    CAST(count(*) AS INTEGER) AS antal_enheter
  FROM medlem AS m
  LEFT JOIN fordelning_belopp_enhet AS b ON b.enhetstyp = m.enhetstyp AND b.enhetskod = m.enhetskod AND b.ar = m.ar
  LEFT JOIN fordelning_befolkning_enhet AS p ON p.enhetstyp = m.enhetstyp AND p.enhetskod = m.enhetskod AND p.ar = m.ar
  GROUP BY m.ar, m.forbund_id;

-- Statens fördelningsmodell (förenklad), DESIGN.md §2.4:
--   beraknad_tilldelning_kr = G + (B − n·G) × (w_b · belopp/Σbelopp + w_p · befolkning/Σbefolkning)
-- n = the förbund that exist that year; the sums run over the förbund with payouts in the data. A förbund without
-- payouts gets G alone (utan_data). The real model also has a transition floor and an equity cap, not modelled here.
CREATE VIEW statens_fordelning_utokad AS
  WITH u AS (
    SELECT *, belopp_kr IS NULL AS utan_data FROM statens_fordelning_underlag
  ),
  summa AS (
    SELECT ar,
      CAST(count(*) AS INTEGER) AS antal_forbund,
      sum(belopp_kr) AS summa_belopp,
      sum(befolkning) FILTER (WHERE NOT utan_data) AS summa_befolkning
    FROM u GROUP BY ar
  ),
  s AS (
    SELECT
      installning_tal('fordelning_budget_kr') AS b,
      installning_tal('fordelning_grundbelopp_kr') AS g,
      installning_tal('fordelning_vikt_belopp') AS w_belopp,
      installning_tal('fordelning_vikt_befolkning') AS w_befolkning
  ),
  andel AS (
    SELECT u.*, summa.antal_forbund,
      CASE WHEN NOT u.utan_data THEN CAST(u.belopp_kr AS DOUBLE) / CAST(summa.summa_belopp AS DOUBLE) END AS andel_belopp,
      CASE WHEN NOT u.utan_data THEN CAST(u.befolkning AS DOUBLE) / CAST(summa.summa_befolkning AS DOUBLE) END AS andel_befolkning
    FROM u JOIN summa USING (ar)
  )
  SELECT
    a.ar, a.forbund_id, a.belopp_kr, a.befolkning, a.andel_belopp, a.andel_befolkning,
    s.g + CASE WHEN a.utan_data THEN 0
               ELSE (s.b - a.antal_forbund * s.g) * (s.w_belopp * a.andel_belopp + s.w_befolkning * a.andel_befolkning) END
      AS beraknad_tilldelning_kr,
    a.utan_data,
    a.antal_forbund,
    a.antal_enheter_med_belopp,
    a.antal_enheter,
    s.b AS budget_kr, s.g AS grundbelopp_kr, s.w_belopp AS vikt_belopp, s.w_befolkning AS vikt_befolkning
  FROM andel AS a CROSS JOIN s;

-- The data contract's view (DESIGN.md §4), exactly these columns.
CREATE VIEW statens_fordelning AS
  SELECT ar, forbund_id, belopp_kr, befolkning, andel_belopp, andel_befolkning, beraknad_tilldelning_kr
  FROM statens_fordelning_utokad;

-- Medlemsandelar (DESIGN.md §2.4, lag 2003:1210 5 §): the kommuner's quarter of a förbund's budget for budget year ar,
-- split among its member kommuner (membership on 1 January of ar) by their population in the key's age band at the
-- last 31 December before the budget year. The key's band and year offset are settings (installning
-- medlemsandel_alder_fran/_till, medlemsandel_befolkning_ar_fore); a user's own key (table medlemsnyckel, from
-- medlemsnyckel*.csv) replaces the population for the förbund and year it covers. Members that are a delområde are
-- not part of the kommun key.
CREATE VIEW medlemsandel_utokad AS
  WITH ar AS (
    SELECT CAST(ar AS INTEGER) + CAST(installning_tal('medlemsandel_befolkning_ar_fore') AS INTEGER) AS ar
    FROM befolkning_arsskifte({{NYCKEL_FRAN}}, {{NYCKEL_TILL}})
    UNION
    SELECT ar FROM medlemsnyckel
  ),
  medlem AS (
    SELECT DISTINCT a.ar, m.forbund_id, m.kommunkod
    FROM ar AS a
    JOIN forbund_medlem AS m ON m.delomrade IS NULL AND ar_medlem(m.fran, m.till, CAST(a.ar AS VARCHAR))
  ),
  egen AS (SELECT DISTINCT forbund_id, ar FROM medlemsnyckel),
  varde AS (
    SELECT m.forbund_id, m.ar, m.kommunkod,
      CASE WHEN e.forbund_id IS NULL THEN CAST(p.antal AS DOUBLE) ELSE CAST(n.varde AS DOUBLE) END AS nyckel,
      CASE WHEN e.forbund_id IS NULL THEN CAST(p.antal AS INTEGER) END AS befolkning,
      CASE WHEN e.forbund_id IS NULL THEN 'befolkning' ELSE 'egen_nyckel' END AS nyckeltyp
    FROM medlem AS m
    LEFT JOIN egen AS e ON e.forbund_id = m.forbund_id AND e.ar = m.ar
    LEFT JOIN befolkning_arsskifte({{NYCKEL_FRAN}}, {{NYCKEL_TILL}}) AS p
      ON p.kommunkod = m.kommunkod AND p.kon = 'T' AND p.ar = m.ar - CAST(installning_tal('medlemsandel_befolkning_ar_fore') AS INTEGER)
    LEFT JOIN medlemsnyckel AS n ON n.forbund_id = m.forbund_id AND n.ar = m.ar AND n.kommunkod = m.kommunkod
  )
  SELECT
    forbund_id, ar, kommunkod, befolkning,
    nyckel / sum(nyckel) OVER (PARTITION BY forbund_id, ar) AS andel,
    nyckel, nyckeltyp
  FROM varde
  -- A förbund-year is keyed only when every member has a key value: a missing one would make the others' shares too large.
  QUALIFY count(*) FILTER (WHERE nyckel IS NULL) OVER (PARTITION BY forbund_id, ar) = 0;

-- The data contract's view (DESIGN.md §4), exactly these columns.
CREATE VIEW medlemsandel AS
  SELECT forbund_id, ar, kommunkod, befolkning, andel FROM medlemsandel_utokad;
