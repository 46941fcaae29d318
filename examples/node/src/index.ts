// errcat for TypeScript clients: decode errcat errors received with
// @grpc/grpc-js and read the catalogues from the generated descriptors.
export { Catalog, catalogs, common, explain, lookup, render } from "./catalog.js";
export type { Arg as CatalogArg, Entry } from "./catalog.js";
export {
  DETAILS_TRAILER,
  ErrcatError,
  decodeDetails,
  decodeStatus,
  fromServiceError,
  statusFromMetadata,
} from "./status.js";
export type { Details } from "./status.js";
export { PlaygroundClient } from "./playground.js";
