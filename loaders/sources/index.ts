// Every source adapter, in the order they are asked to recognise a file. A new format: add its adapter here.
import { canonicalCsv } from "./canonical-csv.ts";
import { scbPxweb } from "./scb-pxweb.ts";
import { kolada } from "./kolada.ts";
import { mappingAdapter } from "./mapping.ts";
import { scbFinsam } from "./scb-finsam.ts";
import { forsakringskassan } from "./forsakringskassan.ts";
import { socialstyrelsen } from "./socialstyrelsen.ts";
import { akassa } from "./akassa.ts";
import { sus } from "./sus.ts";
import type { SourceAdapter } from "./types.ts";

// A header-mapping file is the analyst's explicit word on a layout, so it is asked right after the canonical files
// and before any adapter that guesses a publisher's layout from content. SCB's försörjningsmått delivery (several
// ersättningar per file) comes next, before the single-ersättning layouts of Försäkringskassan, Socialstyrelsen and the
// a-kassor; its own mapping files (mal "scb_forsorjningsmatt") are applied by its adapter.
// SUS-style insats and deltagare tables need an insats column, which no publisher's table has: asked last.
export const ADAPTERS: SourceAdapter[] = [canonicalCsv, mappingAdapter, scbFinsam, scbPxweb, kolada, forsakringskassan, socialstyrelsen, akassa, sus];

/** File types an adapter might read; other files (README.md, DEMODATA.md, …) are not data. */
export const DATA_FILE = /\.(csv|txt|tsv|xlsx|json|px)$/i;
