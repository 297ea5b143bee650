// The site's name for the one period-arithmetic module, which lives in loaders/delat/ (package
// @forsorjningsmatt/delat), shared with the pipeline.
export * from "@forsorjningsmatt/delat/perioder.js";
