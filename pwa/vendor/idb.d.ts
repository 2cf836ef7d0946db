// Types of the vendored idb.js, for TypeScript's check of the app (never served):
// they are the npm package's own, from the copy `npm ci` installs.
export * from "../../node_modules/idb/build/index.js";
