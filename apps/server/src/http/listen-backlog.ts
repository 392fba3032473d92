/**
 * The listen backlog of every port trackers connect to. Node's default (511) overflows when thousands
 * of phones connect at once (a start gun, a server restart, a cell tower coming back): connections
 * beyond it are dropped or reset and their phones retry with growing back-off, for tens of seconds
 * (bench ingestload: 10,000 phones paced at 1 fix/s, 732 requests reset, p99 70 s). The kernel caps
 * it at `net.core.somaxconn` (4,096 on current Linux; docs/operations.md).
 */
export const LISTEN_BACKLOG = 16_384;
