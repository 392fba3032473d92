// Pure decoders for third-party tracker protocols: wire payload → DecodedFix[] in fixed units, or a 400.
export type { DecodedFix, DecodeResult } from './decoded-fix.ts';
export { decodeOsmAndJson } from './osmand-json.ts';
export { decodeOsmAndQuery, type OsmAndParams, paramsFromQueryString } from './osmand-query.ts';
export { decodeOwnTracks, type OwnTracksIdentity } from './owntracks.ts';
export { KMH_TO_MPS, KNOTS_TO_MPS } from './values.ts';
