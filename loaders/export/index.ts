// The data package export ("data out", issue #12): public views → Parquet + CSV + datapackage.json + README.md.
export { DATAPACKAGE, exportPackage, type ExportOptions, type ExportResult, fieldType, PARQUET_MEDIATYPE, README } from "./export.ts";
export { assertPublicResource, NEEDS_PUBLISH, PARTICIPANT_COLUMN, PARTICIPANT_RELATION, PUBLIC_RELATIONS, referencedRelations } from "./guard.ts";
export { publishInsatsResultat } from "./insatser.ts";
export { SERVED_BASE } from "./readme.ts";
export { RESOURCES } from "./resources.ts";
export { ExportError, type ExportResource, type ExportRow, PublishNotReadyError, type PublishTransform } from "./types.ts";
