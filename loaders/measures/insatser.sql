-- The outcome measures of insatser (DESIGN.md §2.3) as views over the tables insats, insats_ekonomi, deltagare,
-- deltagare_forsorjning, deltagare_anonyma and deltagare_antal (loaders/db/schema.sql). This file is the one
-- definition: pages and loaders only select from it. Every figure here is exact and unsuppressed — the database
-- is private; whatever is published goes through loaders/insatser/rojande.ts (cells under 5 persons → "..").
--
-- Conventions:
-- - period: every calendar year 'YYYY' an insats's data touch, and 'alla' (the whole data set, without bounds).
-- - kon: 'K', 'M' and 'T' (both).
-- - A participation (deltagande) is one deltagare row; a person in two insatser, or twice in one, counts twice.
-- - Participations closed with avslutsanledning Felregistrering (any case) are left out of everything.
-- - Views beyond the data contract carry forbund_id and insats_id: a row per insats (forbund_id its förbund, NULL
--   when the files do not say), per förbund (insats_id = 'alla') and over everything (both 'alla').

-- The 95 % Wilson score interval of x successes in n trials (z = 1.959963984540054); NULL when n = 0.
CREATE MACRO wilson_nedre(x, n) AS
  CASE WHEN n > 0 THEN greatest(0.0,
    (CAST(x AS DOUBLE) / n + 1.959963984540054 * 1.959963984540054 / (2.0 * n)
     - 1.959963984540054 * sqrt((CAST(x AS DOUBLE) / n) * (1.0 - CAST(x AS DOUBLE) / n) / n
                                + 1.959963984540054 * 1.959963984540054 / (4.0 * n * n)))
    / (1.0 + 1.959963984540054 * 1.959963984540054 / n)) END;
CREATE MACRO wilson_ovre(x, n) AS
  CASE WHEN n > 0 THEN least(1.0,
    (CAST(x AS DOUBLE) / n + 1.959963984540054 * 1.959963984540054 / (2.0 * n)
     + 1.959963984540054 * sqrt((CAST(x AS DOUBLE) / n) * (1.0 - CAST(x AS DOUBLE) / n) / n
                                + 1.959963984540054 * 1.959963984540054 / (4.0 * n * n)))
    / (1.0 + 1.959963984540054 * 1.959963984540054 / n)) END;

-- Sources of support, their precedence for the primary source (1 = highest) and their group. The list is also in
-- loaders/insatser/kodlistor.ts; a test checks that the two agree.
CREATE VIEW forsorjning_kalla AS
  SELECT * FROM (VALUES
    ('lon', 'Lön', 'lon_studiemedel', 1),
    ('studiemedel', 'Studiemedel', 'lon_studiemedel', 2),
    ('sjuk_och_aktivitetsersattning', 'Sjuk- och aktivitetsersättning', 'ohalsa', 3),
    ('sjukpenning', 'Sjukpenning', 'ohalsa', 4),
    ('etableringsersattning', 'Etableringsersättning', 'arbetsmarknad', 5),
    ('aktivitetsstod', 'Aktivitetsstöd', 'arbetsmarknad', 6),
    ('arbetsloshetsersattning', 'Arbetslöshetsersättning', 'arbetsmarknad', 7),
    ('ekonomiskt_bistand', 'Ekonomiskt bistånd', 'ekonomiskt_bistand', 8),
    ('annan', 'Annan', 'annan', 9),
    ('ingen', 'Ingen offentlig försörjning', 'ingen', 10)
  ) AS t(kalla, namn, grupp, prioritet);

-- The groups of the transition matrix, in display order; uppgift_saknas = no source recorded at that time.
CREATE VIEW forsorjning_grupp AS
  SELECT * FROM (VALUES
    ('ohalsa', 'Ohälsa', 1),
    ('arbetsmarknad', 'Arbetsmarknad', 2),
    ('ekonomiskt_bistand', 'Ekonomiskt bistånd', 3),
    ('lon_studiemedel', 'Lön/studiemedel', 4),
    ('annan', 'Annan', 5),
    ('ingen', 'Ingen offentlig försörjning', 6),
    ('uppgift_saknas', 'Uppgift saknas', 7)
  ) AS t(grupp, namn, ordning);

-- Participations that count, with what the measures derive from each. Age is the age at the start of the
-- participation, as start year − birth year (the data hold a birth year, not a birth date), so one participation
-- keeps one åldersgrupp in every period.
CREATE VIEW deltagande AS
  SELECT
    d.*,
    year(d.startdatum) - d.fodelsear AS alder_vid_start,
    CASE
      WHEN d.fodelsear IS NULL THEN 'okänd'
      WHEN year(d.startdatum) - d.fodelsear < 16 THEN 'under 16'
      WHEN year(d.startdatum) - d.fodelsear <= 19 THEN '16–19'
      WHEN year(d.startdatum) - d.fodelsear <= 24 THEN '20–24'
      WHEN year(d.startdatum) - d.fodelsear <= 29 THEN '25–29'
      WHEN year(d.startdatum) - d.fodelsear <= 39 THEN '30–39'
      WHEN year(d.startdatum) - d.fodelsear <= 49 THEN '40–49'
      WHEN year(d.startdatum) - d.fodelsear <= 64 THEN '50–64'
      ELSE '65+'
    END AS aldersgrupp,
    coalesce(d.sysselsattning_efter IN ('arbete', 'studier'), false) AS till_arbete_eller_studier,
    date_diff('day', d.startdatum, d.slutdatum) AS dagar_i_insats
  FROM deltagare AS d
  -- lower(trim(x)) <> 'felregistrering', trimming (which copies the text) only a text with a space at an end.
  WHERE d.avslutsanledning IS NULL
     OR CASE WHEN starts_with(d.avslutsanledning, ' ') OR ends_with(d.avslutsanledning, ' ')
             THEN lower(trim(d.avslutsanledning)) ELSE lower(d.avslutsanledning) END <> 'felregistrering';

-- The last calendar year the insats data reach (participations' dates, anonymous counts, budgets). A participation
-- without slutdatum is ongoing in every year up to it.
CREATE VIEW insats_sista_ar AS
  SELECT max(ar) AS ar FROM (
    SELECT unnest([year(max(startdatum)), year(max(slutdatum))]) AS ar FROM deltagande
    UNION ALL SELECT max(ar) FROM deltagare_anonyma
    UNION ALL SELECT max(ar) FROM insats_ekonomi
  );

-- Each participation in each period it overlaps (start ≤ the period's last day, and no end or end ≥ its first day),
-- with whether it started, ended or was still going at the end of that period. 'alla' has no bounds: every
-- participation started, the ones with a slutdatum ended, the ones without are ongoing. The participation's columns
-- the measures group and count by come along, so no measure joins a million rows back to deltagande.
CREATE VIEW deltagande_period AS
  WITH a AS (
    SELECT d.*, unnest(generate_series(year(d.startdatum), coalesce(year(d.slutdatum), s.ar))) AS ar
    FROM deltagande AS d CROSS JOIN insats_sista_ar AS s
  )
  SELECT deltagande_id, CAST(ar AS VARCHAR) AS period,
         year(startdatum) = ar AS startade,
         coalesce(year(slutdatum) = ar, false) AS avslutade,
         slutdatum IS NULL OR year(slutdatum) > ar AS pagaende,
         insats_id, kon, aldersgrupp, sysselsattning_efter, till_arbete_eller_studier, dagar_i_insats
  FROM a
  UNION ALL
  SELECT deltagande_id, 'alla', true, slutdatum IS NOT NULL, slutdatum IS NULL,
         insats_id, kon, aldersgrupp, sysselsattning_efter, till_arbete_eller_studier, dagar_i_insats
  FROM deltagande;

-- The periods of each insats: 'alla', and every year from its first to its last year of data (participations,
-- anonymous counts, budgets), so a year inside that span has a row even when nothing started or ended in it.
CREATE VIEW insats_period AS
  WITH ar AS (
    SELECT d.insats_id,
           least(min(year(d.startdatum)), min(coalesce(year(d.slutdatum), s.ar))) AS fran,
           greatest(max(year(d.startdatum)), max(coalesce(year(d.slutdatum), s.ar))) AS till
    FROM deltagande AS d CROSS JOIN insats_sista_ar AS s GROUP BY d.insats_id
    UNION ALL SELECT insats_id, ar, ar FROM deltagare_anonyma
    UNION ALL SELECT insats_id, ar, ar FROM insats_ekonomi
  ),
  span AS (SELECT insats_id, min(fran) AS fran, max(till) AS till FROM ar GROUP BY insats_id)
  SELECT insats_id, CAST(unnest(generate_series(fran, till)) AS VARCHAR) AS period FROM span
  UNION ALL
  SELECT insats_id, 'alla' FROM insats;

-- The additive parts of the measures per insats, period and kön (T = both): counts of participations, anonymous
-- participants, and money (on T only — costs are not split by kön). insats_resultat and every sum over insatser
-- are built from these, so a förbund's figures are always the sums of its insatsers'.
--   deltagare_med_personuppgifter = participations overlapping the period;
--   deltagare_under_perioden      = those + the anonymous participants registered for the period's years.
CREATE VIEW insats_resultat_delar AS
  WITH d AS (
    SELECT
      d.insats_id, d.period,
      CASE WHEN grouping(d.kon) = 1 THEN 'T' ELSE d.kon END AS kon,
      count(*) FILTER (WHERE d.startade) AS startade,
      count(*) FILTER (WHERE d.avslutade) AS avslutade,
      count(*) FILTER (WHERE d.pagaende) AS pagaende,
      count(*) FILTER (WHERE d.avslutade AND d.sysselsattning_efter IS NOT NULL) AS avslutade_med_uppgift,
      count(*) FILTER (WHERE d.avslutade AND d.till_arbete_eller_studier) AS till_arbete_eller_studier,
      count(*) AS deltagare_med_personuppgifter
    FROM deltagande_period AS d
    GROUP BY GROUPING SETS ((d.insats_id, d.period, d.kon), (d.insats_id, d.period))
  ),
  a AS (
    SELECT insats_id, period, CASE WHEN grouping(kon) = 1 THEN 'T' ELSE kon END AS kon, sum(antal) AS anonyma
    FROM (
      SELECT insats_id, CAST(ar AS VARCHAR) AS period, kon, antal FROM deltagare_anonyma
      UNION ALL SELECT insats_id, 'alla', kon, antal FROM deltagare_anonyma
    )
    GROUP BY GROUPING SETS ((insats_id, period, kon), (insats_id, period))
  ),
  e AS (
    SELECT insats_id, period, sum(utfall_kr) AS utfall_kr, sum(budget_kr) AS budget_kr
    FROM (
      SELECT insats_id, CAST(ar AS VARCHAR) AS period, utfall_kr, budget_kr FROM insats_ekonomi
      UNION ALL SELECT insats_id, 'alla', utfall_kr, budget_kr FROM insats_ekonomi
    )
    GROUP BY ALL
  )
  SELECT
    p.insats_id, p.period, k.kon,
    CAST(coalesce(d.startade, 0) AS INTEGER) AS startade,
    CAST(coalesce(d.avslutade, 0) AS INTEGER) AS avslutade,
    CAST(coalesce(d.pagaende, 0) AS INTEGER) AS pagaende,
    CAST(coalesce(d.avslutade_med_uppgift, 0) AS INTEGER) AS avslutade_med_uppgift,
    CAST(coalesce(d.till_arbete_eller_studier, 0) AS INTEGER) AS till_arbete_eller_studier,
    CAST(coalesce(a.anonyma, 0) AS INTEGER) AS anonyma,
    CAST(coalesce(d.deltagare_med_personuppgifter, 0) AS INTEGER) AS deltagare_med_personuppgifter,
    CAST(coalesce(d.deltagare_med_personuppgifter, 0) + coalesce(a.anonyma, 0) AS INTEGER) AS deltagare_under_perioden,
    CAST(CASE WHEN k.kon = 'T' THEN e.utfall_kr END AS DECIMAL(18, 2)) AS utfall_kr,
    CAST(CASE WHEN k.kon = 'T' THEN e.budget_kr END AS DECIMAL(18, 2)) AS budget_kr
  FROM insats_period AS p
  CROSS JOIN (VALUES ('K'), ('M'), ('T')) AS k(kon)
  LEFT JOIN d ON d.insats_id = p.insats_id AND d.period = p.period AND d.kon = k.kon
  LEFT JOIN a ON a.insats_id = p.insats_id AND a.period = p.period AND a.kon = k.kon
  LEFT JOIN e ON e.insats_id = p.insats_id AND e.period = p.period;

-- The data contract's view (DESIGN.md §4), exactly these columns. Outcome shares are over the participations that
-- ended in the period with a sysselsättning efter recorded — anonymous participants are never in them; they are in
-- deltagare_under_perioden and so in the cost per deltagare.
CREATE VIEW insats_resultat AS
  SELECT
    insats_id, period, kon, startade, avslutade, pagaende, avslutade_med_uppgift, till_arbete_eller_studier,
    CASE WHEN avslutade_med_uppgift > 0 THEN CAST(till_arbete_eller_studier AS DOUBLE) / avslutade_med_uppgift END AS andel_arbete_eller_studier,
    wilson_nedre(till_arbete_eller_studier, avslutade_med_uppgift) AS wilson_lag,
    wilson_ovre(till_arbete_eller_studier, avslutade_med_uppgift) AS wilson_hog,
    anonyma,
    deltagare_under_perioden,
    utfall_kr,
    CASE WHEN deltagare_under_perioden > 0 THEN CAST(utfall_kr AS DOUBLE) / deltagare_under_perioden END AS kostnad_per_deltagare
  FROM insats_resultat_delar;

-- Each insats at its three levels: itself, its förbund (insats 'alla') and everything (förbund and insats 'alla').
CREATE VIEW insats_niva AS
  SELECT insats_id, forbund_id AS niva_forbund_id, insats_id AS niva_insats_id FROM insats
  UNION ALL SELECT insats_id, forbund_id, 'alla' FROM insats WHERE forbund_id IS NOT NULL
  UNION ALL SELECT insats_id, 'alla', 'alla' FROM insats;

-- The additive parts summed at each level. A cost per deltagare at a summed level uses only the insatser that
-- report an utfall for the period (deltagare_med_utfall, till_arbete_eller_studier_med_utfall), so numerator and
-- denominator cover the same insatser; at an insats's own level they are its own figures.
CREATE VIEW insats_delar_niva AS
  SELECT
    n.niva_forbund_id AS forbund_id, n.niva_insats_id AS insats_id, d.period, d.kon,
    CAST(sum(d.startade) AS INTEGER) AS startade,
    CAST(sum(d.avslutade) AS INTEGER) AS avslutade,
    CAST(sum(d.pagaende) AS INTEGER) AS pagaende,
    CAST(sum(d.avslutade_med_uppgift) AS INTEGER) AS avslutade_med_uppgift,
    CAST(sum(d.till_arbete_eller_studier) AS INTEGER) AS till_arbete_eller_studier,
    CAST(sum(d.anonyma) AS INTEGER) AS anonyma,
    CAST(sum(d.deltagare_med_personuppgifter) AS INTEGER) AS deltagare_med_personuppgifter,
    CAST(sum(d.deltagare_under_perioden) AS INTEGER) AS deltagare_under_perioden,
    CAST(sum(d.utfall_kr) AS DECIMAL(18, 2)) AS utfall_kr,
    CAST(sum(d.budget_kr) AS DECIMAL(18, 2)) AS budget_kr,
    CAST(sum(d.deltagare_under_perioden) FILTER (WHERE d.utfall_kr IS NOT NULL) AS INTEGER) AS deltagare_med_utfall,
    CAST(sum(d.till_arbete_eller_studier) FILTER (WHERE d.utfall_kr IS NOT NULL) AS INTEGER) AS till_arbete_eller_studier_med_utfall,
    CAST(count(DISTINCT d.insats_id) AS INTEGER) AS antal_insatser
  FROM insats_resultat_delar AS d
  JOIN insats_niva AS n USING (insats_id)
  GROUP BY ALL;

-- insats_resultat's columns per förbund (forbund_id as given) and for all insatser (forbund_id 'alla'), plus the
-- number of insatser summed. kostnad_per_deltagare = Σ utfall / Σ deltagare over the insatser that report an utfall.
CREATE VIEW insats_resultat_forbund AS
  SELECT
    forbund_id, period, kon, startade, avslutade, pagaende, avslutade_med_uppgift, till_arbete_eller_studier,
    CASE WHEN avslutade_med_uppgift > 0 THEN CAST(till_arbete_eller_studier AS DOUBLE) / avslutade_med_uppgift END AS andel_arbete_eller_studier,
    wilson_nedre(till_arbete_eller_studier, avslutade_med_uppgift) AS wilson_lag,
    wilson_ovre(till_arbete_eller_studier, avslutade_med_uppgift) AS wilson_hog,
    anonyma,
    deltagare_under_perioden,
    utfall_kr,
    CASE WHEN deltagare_med_utfall > 0 THEN CAST(utfall_kr AS DOUBLE) / deltagare_med_utfall END AS kostnad_per_deltagare,
    antal_insatser
  FROM insats_delar_niva
  WHERE insats_id = 'alla';

-- Every participation in every period it overlaps, at each level (the base of the breakdowns that are not sums).
CREATE VIEW deltagande_fakta AS
  SELECT
    n.niva_forbund_id AS forbund_id, n.niva_insats_id AS insats_id, p.period, p.startade, p.avslutade, p.pagaende,
    p.deltagande_id, p.kon, p.aldersgrupp, p.sysselsattning_efter, p.till_arbete_eller_studier, p.dagar_i_insats
  FROM deltagande_period AS p
  JOIN insats_niva AS n ON n.insats_id = p.insats_id;

-- Outcomes by åldersgrupp (age at the start of the participation: 16–19, 20–24, 25–29, 30–39, 40–49, 50–64, 65+,
-- and 'under 16' / 'okänd'), at each level. Anonymous participants have no age: deltagare_med_personuppgifter
-- counts participations only, and there are no costs here. Only groups with participations have rows.
CREATE VIEW insats_resultat_aldersgrupp AS
  WITH g AS (
    SELECT
      forbund_id, insats_id, period, CASE WHEN grouping(kon) = 1 THEN 'T' ELSE kon END AS kon, aldersgrupp,
      CAST(count(*) FILTER (WHERE startade) AS INTEGER) AS startade,
      CAST(count(*) FILTER (WHERE avslutade) AS INTEGER) AS avslutade,
      CAST(count(*) FILTER (WHERE pagaende) AS INTEGER) AS pagaende,
      CAST(count(*) FILTER (WHERE avslutade AND sysselsattning_efter IS NOT NULL) AS INTEGER) AS avslutade_med_uppgift,
      CAST(count(*) FILTER (WHERE avslutade AND till_arbete_eller_studier) AS INTEGER) AS till_arbete_eller_studier,
      CAST(count(*) AS INTEGER) AS deltagare_med_personuppgifter
    FROM deltagande_fakta
    GROUP BY GROUPING SETS ((forbund_id, insats_id, period, kon, aldersgrupp), (forbund_id, insats_id, period, aldersgrupp))
  )
  SELECT
    forbund_id, insats_id, period, kon, aldersgrupp, startade, avslutade, pagaende, avslutade_med_uppgift, till_arbete_eller_studier,
    CASE WHEN avslutade_med_uppgift > 0 THEN CAST(till_arbete_eller_studier AS DOUBLE) / avslutade_med_uppgift END AS andel_arbete_eller_studier,
    wilson_nedre(till_arbete_eller_studier, avslutade_med_uppgift) AS wilson_lag,
    wilson_ovre(till_arbete_eller_studier, avslutade_med_uppgift) AS wilson_hog,
    deltagare_med_personuppgifter
  FROM g;

-- insats_resultat's columns per förbund (and 'alla') and målgrupp of the insats ('ej angiven' when none).
CREATE VIEW insats_resultat_malgrupp AS
  WITH s AS (
    SELECT
      n.niva_forbund_id AS forbund_id, coalesce(i.malgrupp, 'ej angiven') AS malgrupp, d.period, d.kon,
      CAST(sum(d.startade) AS INTEGER) AS startade,
      CAST(sum(d.avslutade) AS INTEGER) AS avslutade,
      CAST(sum(d.pagaende) AS INTEGER) AS pagaende,
      CAST(sum(d.avslutade_med_uppgift) AS INTEGER) AS avslutade_med_uppgift,
      CAST(sum(d.till_arbete_eller_studier) AS INTEGER) AS till_arbete_eller_studier,
      CAST(sum(d.anonyma) AS INTEGER) AS anonyma,
      CAST(sum(d.deltagare_under_perioden) AS INTEGER) AS deltagare_under_perioden,
      CAST(sum(d.utfall_kr) AS DECIMAL(18, 2)) AS utfall_kr,
      sum(d.deltagare_under_perioden) FILTER (WHERE d.utfall_kr IS NOT NULL) AS deltagare_med_utfall,
      CAST(count(DISTINCT d.insats_id) AS INTEGER) AS antal_insatser
    FROM insats_resultat_delar AS d
    JOIN insats AS i USING (insats_id)
    JOIN insats_niva AS n ON n.insats_id = d.insats_id AND n.niva_insats_id = 'alla'
    GROUP BY ALL
  )
  SELECT
    forbund_id, malgrupp, period, kon, startade, avslutade, pagaende, avslutade_med_uppgift, till_arbete_eller_studier,
    CASE WHEN avslutade_med_uppgift > 0 THEN CAST(till_arbete_eller_studier AS DOUBLE) / avslutade_med_uppgift END AS andel_arbete_eller_studier,
    wilson_nedre(till_arbete_eller_studier, avslutade_med_uppgift) AS wilson_lag,
    wilson_ovre(till_arbete_eller_studier, avslutade_med_uppgift) AS wilson_hog,
    anonyma, deltagare_under_perioden, utfall_kr,
    CASE WHEN deltagare_med_utfall > 0 THEN CAST(utfall_kr AS DOUBLE) / deltagare_med_utfall END AS kostnad_per_deltagare,
    antal_insatser
  FROM s;

-- Key figures per level, period and kön:
--   andel_anonyma                 = anonyma / deltagare_under_perioden;
--   genomstromning                = avslutade / deltagare_med_personuppgifter (participations with individual data that
--                                   overlap the period — anonymous participants are left out: nobody knows when they end);
--   median_dagar_i_insats         = median of slutdatum − startdatum over the participations that ended in the period;
--   kostnad_per_deltagare         = utfall_kr / deltagare_under_perioden (T only);
--   kostnad_per_deltagare_till_arbete_eller_studier = utfall_kr / till_arbete_eller_studier (T only).
CREATE VIEW insats_nyckeltal AS
  WITH m AS (
    SELECT
      forbund_id, insats_id, period, CASE WHEN grouping(kon) = 1 THEN 'T' ELSE kon END AS kon,
      median(dagar_i_insats) FILTER (WHERE avslutade) AS median_dagar_i_insats
    FROM deltagande_fakta
    GROUP BY GROUPING SETS ((forbund_id, insats_id, period, kon), (forbund_id, insats_id, period))
  )
  SELECT
    n.forbund_id, n.insats_id, n.period, n.kon,
    n.deltagare_under_perioden,
    n.anonyma,
    CASE WHEN n.deltagare_under_perioden > 0 THEN CAST(n.anonyma AS DOUBLE) / n.deltagare_under_perioden END AS andel_anonyma,
    n.deltagare_med_personuppgifter,
    n.startade,
    n.avslutade,
    n.pagaende,
    CASE WHEN n.deltagare_med_personuppgifter > 0 THEN CAST(n.avslutade AS DOUBLE) / n.deltagare_med_personuppgifter END AS genomstromning,
    CAST(m.median_dagar_i_insats AS DOUBLE) AS median_dagar_i_insats,
    n.till_arbete_eller_studier,
    n.budget_kr,
    n.utfall_kr,
    CASE WHEN n.deltagare_med_utfall > 0 THEN CAST(n.utfall_kr AS DOUBLE) / n.deltagare_med_utfall END AS kostnad_per_deltagare,
    CASE WHEN n.till_arbete_eller_studier_med_utfall > 0 THEN CAST(n.utfall_kr AS DOUBLE) / n.till_arbete_eller_studier_med_utfall END
      AS kostnad_per_deltagare_till_arbete_eller_studier,
    n.antal_insatser
  FROM insats_delar_niva AS n
  LEFT JOIN m ON m.forbund_id IS NOT DISTINCT FROM n.forbund_id AND m.insats_id = n.insats_id AND m.period = n.period AND m.kon = n.kon;

-- One primary source of support per participation before and after, by the precedence in forsorjning_kalla
-- (lön > studiemedel > sjuk- och aktivitetsersättning > sjukpenning > etableringsersättning > aktivitetsstöd >
-- arbetslöshetsersättning > ekonomiskt bistånd > annan > ingen), with its group; no source recorded → NULL and
-- the group 'uppgift_saknas'. "Efter" is the situation at the end of the insats, not an effect of it.
CREATE VIEW deltagande_forsorjning_primar AS
  WITH p AS (
    SELECT f.deltagande_id, f.tidpunkt, arg_min(f.kalla, k.prioritet) AS kalla
    FROM deltagare_forsorjning AS f JOIN forsorjning_kalla AS k USING (kalla)
    GROUP BY ALL
  )
  SELECT
    d.deltagande_id,
    fo.kalla AS fore_kalla, coalesce(kf.grupp, 'uppgift_saknas') AS fore_grupp,
    ef.kalla AS efter_kalla, coalesce(ke.grupp, 'uppgift_saknas') AS efter_grupp
  FROM deltagande AS d
  LEFT JOIN p AS fo ON fo.deltagande_id = d.deltagande_id AND fo.tidpunkt = 'fore'
  LEFT JOIN forsorjning_kalla AS kf ON kf.kalla = fo.kalla
  LEFT JOIN p AS ef ON ef.deltagande_id = d.deltagande_id AND ef.tidpunkt = 'efter'
  LEFT JOIN forsorjning_kalla AS ke ON ke.kalla = ef.kalla;

-- The transition matrix before → after (primary source, grouped) of the participations that ended in the period,
-- at each level. Only cells with participations have rows; the groups are in forsorjning_grupp.
CREATE VIEW insats_forsorjning_overgang AS
  SELECT
    f.forbund_id, f.insats_id, f.period, CASE WHEN grouping(f.kon) = 1 THEN 'T' ELSE f.kon END AS kon,
    p.fore_grupp, p.efter_grupp, CAST(count(*) AS INTEGER) AS antal
  FROM deltagande_fakta AS f
  JOIN deltagande_forsorjning_primar AS p USING (deltagande_id)
  WHERE f.avslutade
  GROUP BY GROUPING SETS (
    (f.forbund_id, f.insats_id, f.period, f.kon, p.fore_grupp, p.efter_grupp),
    (f.forbund_id, f.insats_id, f.period, p.fore_grupp, p.efter_grupp)
  );

-- The multi-valued "has source X" shares before and after (as SUS's own försörjningar före/efter), for every
-- source (niva 'kalla') and group (niva 'grupp'), over the participations that ended in the period:
--   fore_andel = fore_antal / fore_med_uppgift, where fore_med_uppgift = those with any source recorded before;
--   efter_andel likewise after. A participation with several sources counts under each, so shares add up to more
--   than 1.
CREATE VIEW insats_forsorjning_andel AS
  WITH kand AS (
    SELECT deltagande_id, bool_or(tidpunkt = 'fore') AS kand_fore, bool_or(tidpunkt = 'efter') AS kand_efter
    FROM deltagare_forsorjning GROUP BY deltagande_id
  ),
  har AS (
    SELECT DISTINCT deltagande_id, tidpunkt, 'kalla' AS niva, kalla AS kod FROM deltagare_forsorjning
    UNION
    SELECT DISTINCT f.deltagande_id, f.tidpunkt, 'grupp', k.grupp FROM deltagare_forsorjning AS f JOIN forsorjning_kalla AS k USING (kalla)
  ),
  koder AS (
    SELECT 'kalla' AS niva, kalla AS kod, namn, prioritet AS ordning FROM forsorjning_kalla
    UNION ALL
    SELECT 'grupp', grupp, namn, ordning FROM forsorjning_grupp WHERE grupp <> 'uppgift_saknas'
  ),
  namnare AS (
    SELECT
      f.forbund_id, f.insats_id, f.period, CASE WHEN grouping(f.kon) = 1 THEN 'T' ELSE f.kon END AS kon,
      count(*) AS avslutade,
      count(*) FILTER (WHERE k.kand_fore) AS fore_med_uppgift,
      count(*) FILTER (WHERE k.kand_efter) AS efter_med_uppgift
    FROM deltagande_fakta AS f LEFT JOIN kand AS k USING (deltagande_id)
    WHERE f.avslutade
    GROUP BY GROUPING SETS ((f.forbund_id, f.insats_id, f.period, f.kon), (f.forbund_id, f.insats_id, f.period))
  ),
  taljare AS (
    SELECT
      f.forbund_id, f.insats_id, f.period, CASE WHEN grouping(f.kon) = 1 THEN 'T' ELSE f.kon END AS kon, h.niva, h.kod,
      count(*) FILTER (WHERE h.tidpunkt = 'fore') AS fore_antal,
      count(*) FILTER (WHERE h.tidpunkt = 'efter') AS efter_antal
    FROM deltagande_fakta AS f JOIN har AS h USING (deltagande_id)
    WHERE f.avslutade
    GROUP BY GROUPING SETS ((f.forbund_id, f.insats_id, f.period, f.kon, h.niva, h.kod), (f.forbund_id, f.insats_id, f.period, h.niva, h.kod))
  )
  SELECT
    n.forbund_id, n.insats_id, n.period, n.kon, c.niva, c.kod, c.namn, c.ordning,
    CAST(n.avslutade AS INTEGER) AS avslutade,
    CAST(coalesce(t.fore_antal, 0) AS INTEGER) AS fore_antal,
    CAST(n.fore_med_uppgift AS INTEGER) AS fore_med_uppgift,
    CASE WHEN n.fore_med_uppgift > 0 THEN CAST(coalesce(t.fore_antal, 0) AS DOUBLE) / n.fore_med_uppgift END AS fore_andel,
    CAST(coalesce(t.efter_antal, 0) AS INTEGER) AS efter_antal,
    CAST(n.efter_med_uppgift AS INTEGER) AS efter_med_uppgift,
    CASE WHEN n.efter_med_uppgift > 0 THEN CAST(coalesce(t.efter_antal, 0) AS DOUBLE) / n.efter_med_uppgift END AS efter_andel
  FROM namnare AS n
  CROSS JOIN koder AS c
  LEFT JOIN taljare AS t
    ON t.forbund_id IS NOT DISTINCT FROM n.forbund_id AND t.insats_id = n.insats_id AND t.period = n.period
   AND t.kon = n.kon AND t.niva = c.niva AND t.kod = c.kod;

-- Which years have individual data, per level, year and kön: participations with personal data overlapping the
-- year, anonymous participants, and counts without individual data from Uppföljning Finsam (which records only
-- numbers of participants by kön: no outcomes). An outcome page says "ingen utfallsdata" for years where
-- har_individdata is false. Uppföljning Finsam's T is its own total where given, else K + M.
CREATE VIEW insats_individdata_ar AS
  WITH ind AS (
    SELECT p.insats_id, CAST(p.period AS INTEGER) AS ar, p.kon, count(*) AS n
    FROM deltagande_period AS p
    WHERE p.period <> 'alla'
    GROUP BY ALL
  ),
  uf AS (
    SELECT insats_id, ar, kon, sum(antal) AS n FROM deltagare_antal
    WHERE kalla = 'uppfoljning_finsam' AND kon IN ('K', 'M') GROUP BY ALL
  ),
  uft AS (
    SELECT insats_id, ar, coalesce(sum(antal) FILTER (WHERE kon = 'T'), sum(antal) FILTER (WHERE kon IN ('K', 'M'))) AS n
    FROM deltagare_antal WHERE kalla = 'uppfoljning_finsam' GROUP BY ALL
  ),
  delar AS (
    SELECT insats_id, ar, kon, n AS personuppgifter, 0 AS anonyma, 0 AS uppfoljning FROM ind
    UNION ALL SELECT insats_id, ar, 'T', n, 0, 0 FROM ind
    UNION ALL SELECT insats_id, ar, kon, 0, antal, 0 FROM deltagare_anonyma
    UNION ALL SELECT insats_id, ar, 'T', 0, antal, 0 FROM deltagare_anonyma
    UNION ALL SELECT insats_id, ar, kon, 0, 0, n FROM uf
    UNION ALL SELECT insats_id, ar, 'T', 0, 0, n FROM uft
  )
  SELECT
    n.niva_forbund_id AS forbund_id, n.niva_insats_id AS insats_id, d.ar, d.kon,
    CAST(sum(d.personuppgifter) AS INTEGER) AS deltagare_med_personuppgifter,
    CAST(sum(d.anonyma) AS INTEGER) AS anonyma,
    CAST(sum(d.uppfoljning) AS INTEGER) AS uppfoljning_finsam,
    sum(d.personuppgifter) > 0 AS har_individdata
  FROM delar AS d
  JOIN insats_niva AS n USING (insats_id)
  GROUP BY ALL;

-- ---------------------------------------------------------------------------------------------------------------
-- Views over the measures' views (views.sql: forsorjningsmatt, helarsekvivalenter). The ingest creates those above
-- this line as soon as the schema exists, and these once the measures' views do (loaders/insatser/db.ts).

-- Kronor per helårsekvivalent per kommun and year (the schablon S of Samordningsförbundet Uppsala läns nyttoanalys,
-- evaluators.md §1.1): kronor paid in the year (forsorjningsmatt, kommun, kön T, period 'YYYY') ÷ the year's
-- helårsekvivalenter (view helarsekvivalenter, period 'YYYY', kön T), per ersättning and for 'totalt' (the six
-- together: kronor of totalt ÷ the sum of the six ersättningars helårsekvivalenter, only where all six have a value).
-- Helårsekvivalenter are SCB's (ages 20–64); kronor are all the kommun's payouts of the ersättning — as in the model.
CREATE VIEW kronor_per_helarsekvivalent AS
  WITH kr AS (
    SELECT regionkod AS kommunkod, CAST(period AS INTEGER) AS ar, ersattning, belopp_kr
    FROM forsorjningsmatt
    WHERE regiontyp = 'kommun' AND kon = 'T' AND length(period) = 4 AND belopp_kr IS NOT NULL
  ),
  hae AS (
    SELECT regionkod AS kommunkod, CAST(period AS INTEGER) AS ar, ersattning, helarsekvivalenter
    FROM helarsekvivalenter
    WHERE regiontyp = 'kommun' AND kon = 'T' AND length(period) = 4 AND helarsekvivalenter IS NOT NULL
  ),
  hae_totalt AS (
    SELECT kommunkod, ar, 'totalt' AS ersattning, sum(helarsekvivalenter) AS helarsekvivalenter
    FROM hae GROUP BY kommunkod, ar HAVING count(DISTINCT ersattning) = 6
  )
  SELECT
    kr.kommunkod, kr.ar, kr.ersattning,
    CAST(kr.belopp_kr AS DECIMAL(18, 2)) AS belopp_kr,
    CAST(h.helarsekvivalenter AS DOUBLE) AS helarsekvivalenter,
    CAST(kr.belopp_kr AS DOUBLE) / h.helarsekvivalenter AS kr_per_helarsekvivalent
  FROM kr
  JOIN (SELECT * FROM hae UNION ALL SELECT * FROM hae_totalt) AS h USING (kommunkod, ar, ersattning)
  WHERE h.helarsekvivalenter > 0;

-- The participations the nytta of the Uppsala model counts (evaluators.md §1.1): ended (slutdatum given), with one of
-- the six public ersättningar before, and after either lön or studiemedel among the sources or sysselsättning arbete
-- or studier; each with its folkbokföringskommun and the year it ended. A participation, as everywhere here: a person
-- who went through the insats twice and qualified twice counts twice.
CREATE VIEW insats_nytta_deltagande AS
  WITH f AS (
    SELECT
      deltagande_id,
      bool_or(tidpunkt = 'fore' AND kalla IN ('sjukpenning', 'sjuk_och_aktivitetsersattning', 'arbetsloshetsersattning',
                                              'aktivitetsstod', 'etableringsersattning', 'ekonomiskt_bistand')) AS offentlig_fore,
      bool_or(tidpunkt = 'efter' AND kalla IN ('lon', 'studiemedel')) AS lon_studiemedel_efter
    FROM deltagare_forsorjning GROUP BY deltagande_id
  )
  SELECT d.deltagande_id, d.insats_id, i.forbund_id, d.kommunkod, CAST(year(d.slutdatum) AS INTEGER) AS ar
  FROM deltagande AS d
  JOIN f USING (deltagande_id)
  LEFT JOIN insats AS i USING (insats_id)
  WHERE d.slutdatum IS NOT NULL
    AND f.offentlig_fore
    AND (f.lon_studiemedel_efter OR coalesce(d.sysselsattning_efter IN ('arbete', 'studier'), false));

-- Those participations per insats, kommun and year ended, with that kommun's schablon for that year
-- (kronor_per_helarsekvivalent, 'totalt', and what it is made of); NULL when the database lacks it — a page then
-- uses a value the user gives. The one place the schablon is looked up (the payout views behind it are costly).
CREATE VIEW insats_nytta_kommun AS
  SELECT
    n.insats_id, n.kommunkod, n.ar, CAST(count(*) AS INTEGER) AS kvalificerade,
    any_value(s.kr_per_helarsekvivalent) AS kr_per_helarsekvivalent,
    any_value(s.belopp_kr) AS belopp_kr,
    any_value(s.helarsekvivalenter) AS helarsekvivalenter
  FROM insats_nytta_deltagande AS n
  LEFT JOIN kronor_per_helarsekvivalent AS s ON s.kommunkod = n.kommunkod AND s.ar = n.ar AND s.ersattning = 'totalt'
  GROUP BY n.insats_id, n.kommunkod, n.ar;

-- The nytta's inputs per insats and period (every year the insats has, by the year the participation ended, and
-- 'alla'): kvalificerade = participations counted; med_schablon = those whose kommun has a schablon for the year;
-- summa_schablon_kr = Σ S over those (the nytta of one year, T = 1, before the user's value for the others);
-- utfall_kr = the insats's cost in the period. nytta = (summa_schablon_kr + (kvalificerade − med_schablon) × S_user) × T.
CREATE VIEW insats_nytta AS
  WITH k AS (
    SELECT insats_id, CAST(ar AS VARCHAR) AS period, kvalificerade, kr_per_helarsekvivalent FROM insats_nytta_kommun
    UNION ALL SELECT insats_id, 'alla', kvalificerade, kr_per_helarsekvivalent FROM insats_nytta_kommun
  ),
  s AS (
    SELECT insats_id, period,
      sum(kvalificerade) AS kvalificerade,
      sum(kvalificerade) FILTER (WHERE kr_per_helarsekvivalent IS NOT NULL) AS med_schablon,
      sum(kvalificerade * kr_per_helarsekvivalent) AS summa_schablon_kr
    FROM k GROUP BY ALL
  )
  SELECT
    p.insats_id, p.period,
    CAST(coalesce(s.kvalificerade, 0) AS INTEGER) AS kvalificerade,
    CAST(coalesce(s.med_schablon, 0) AS INTEGER) AS med_schablon,
    CAST(coalesce(s.summa_schablon_kr, 0) AS DOUBLE) AS summa_schablon_kr,
    r.utfall_kr
  FROM insats_period AS p
  LEFT JOIN s USING (insats_id, period)
  LEFT JOIN insats_resultat AS r ON r.insats_id = p.insats_id AND r.period = p.period AND r.kon = 'T';
