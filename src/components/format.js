// The site's name for the one Swedish formatting module, which lives in loaders/delat/ (package
// @forsorjningsmatt/delat) so that the pipeline and the site import the same code without the pipeline depending on
// the site.
export * from "@forsorjningsmatt/delat/format.js";
