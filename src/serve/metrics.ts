/**
 * serve's /metrics, in Prometheus text format (prom-client): requests by outcome and status class, upstream latency,
 * requests in flight, the layer cache, and the registry tokens and tag scans of public access. Counts and durations only: no
 * path, repository, host or credential ever becomes a label, and every label has a fixed set of values.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

const PREFIX = 'ecr_custom_domain_';
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * A status as its class, `1xx` to `5xx`; `error` when no answer came, `other` for a number outside 100–599. The
 * registry picks the status, so the exact number as a label would let it add series without end.
 */
function statusClass(status: number | 'error'): string {
  if (status === 'error') return 'error';
  return Number.isInteger(status) && status >= 100 && status <= 599 ? `${Math.floor(status / 100)}xx` : 'other';
}

/** How serve answered: from the layer cache, by filling it, or as the door answers. */
export type Outcome = 'cache_hit' | 'cache_fill' | 'door';

/** What the layer cache reports (src/serve/cache/store.ts). */
export interface CacheReport {
  kind: 'hit' | 'miss' | 'store' | 'evict' | 'corrupt' | 'bypass';
  bytes: number;
}

export interface MetricsSources {
  door: string;
  /** Registry tokens fetched by public access (the Lambda bundle's stats()), and its tag scans when it publishes by tag. */
  tokens?: () => { tokensFetched: number; tokenFetchesFailed: number; tags?: { scans: number; failedScans: number; tagged: number } };
  cache?: () => { entries: number; bytes: number };
}

export interface ServeMetrics {
  readonly contentType: string;
  text(): Promise<string>;
  /** Marks a request in flight; the returned function records its answer. */
  started(method: string): (status: number, outcome: Outcome) => void;
  /** Time from sending a request upstream to its answer's headers (the registry, or the Lambda bundle). */
  upstream(seconds: number, status: number | 'error'): void;
  cache(report: CacheReport): void;
}

export function createMetrics(sources: MetricsSources): ServeMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ door: sources.door });
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const requests = new Counter({ name: `${PREFIX}requests_total`, help: 'Requests answered, by method, status class (2xx, 4xx, ...) and outcome', labelNames: ['method', 'status', 'outcome'], registers: [registry] });
  const duration = new Histogram({
    name: `${PREFIX}request_duration_seconds`,
    help: 'Time from a request to the end of its answer',
    labelNames: ['outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const inFlight = new Gauge({ name: `${PREFIX}in_flight_requests`, help: 'Requests being answered now', registers: [registry] });
  const upstream = new Histogram({
    name: `${PREFIX}upstream_duration_seconds`,
    help: 'Time from sending a request upstream to the headers of its answer, by status class (or error: no answer)',
    labelNames: ['status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const cacheEvents = new Counter({ name: `${PREFIX}cache_events_total`, help: 'Layer cache events: hit, miss, store, evict, corrupt (refetched), bypass (not cacheable or the disk failed)', labelNames: ['event'], registers: [registry] });
  const cacheBytes = new Counter({ name: `${PREFIX}cache_event_bytes_total`, help: 'Bytes by cache event: hit = served from disk, store = fetched and stored, evict = removed', labelNames: ['event'], registers: [registry] });
  if (sources.cache) {
    const stats = sources.cache;
    new Gauge({ name: `${PREFIX}cache_size_bytes`, help: 'Bytes held by the layer cache', registers: [registry], collect() { this.set(stats().bytes); } });
    new Gauge({ name: `${PREFIX}cache_entries`, help: 'Blobs held by the layer cache', registers: [registry], collect() { this.set(stats().entries); } });
  }
  if (sources.tokens) {
    const tokens = sources.tokens;
    const seen = { ok: 0, failed: 0 };
    new Counter({
      name: `${PREFIX}registry_token_fetches_total`,
      help: 'GetAuthorizationToken calls of public access (token renewals), by result',
      labelNames: ['result'],
      registers: [registry],
      collect() {
        const { tokensFetched, tokenFetchesFailed } = tokens();
        this.inc({ result: 'ok' }, tokensFetched - seen.ok);
        this.inc({ result: 'failed' }, tokenFetchesFailed - seen.failed);
        seen.ok = tokensFetched;
        seen.failed = tokenFetchesFailed;
      },
    });
    if (tokens().tags !== undefined) {
      const scans = { ok: 0, failed: 0 };
      new Counter({
        name: `${PREFIX}tag_scans_total`,
        help: 'Scans of the registry for repositories carrying the public tag (DescribeRepositories, then ListTagsForResource per repository), by result',
        labelNames: ['result'],
        registers: [registry],
        collect() {
          const tags = tokens().tags ?? { scans: scans.ok, failedScans: scans.failed };
          this.inc({ result: 'ok' }, tags.scans - scans.ok);
          this.inc({ result: 'failed' }, tags.failedScans - scans.failed);
          scans.ok = tags.scans;
          scans.failed = tags.failedScans;
        },
      });
      new Gauge({ name: `${PREFIX}tagged_repositories`, help: 'Repositories public access serves because they carry its tag', registers: [registry], collect() { this.set(tokens().tags?.tagged ?? 0); } });
    }
  }
  return {
    contentType: registry.contentType,
    text: () => registry.metrics(),
    started(method) {
      inFlight.inc();
      const stop = duration.startTimer();
      let done = false;
      return (status, outcome) => {
        if (done) return;
        done = true;
        inFlight.dec();
        stop({ outcome });
        requests.inc({ method: METHODS.has(method) ? method : 'other', status: statusClass(status), outcome });
      };
    },
    upstream(seconds, status) {
      upstream.observe({ status: statusClass(status) }, seconds);
    },
    cache(report) {
      cacheEvents.inc({ event: report.kind });
      if (report.kind === 'hit' || report.kind === 'store' || report.kind === 'evict') cacheBytes.inc({ event: report.kind }, report.bytes);
    },
  };
}
