import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process; the API exposes it at /metrics. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const httpRequests = new Counter({
  name: 'rapport_http_requests_total',
  help: 'HTTP requests by route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: 'rapport_http_request_duration_seconds',
  help: 'HTTP request latency by route pattern',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

/** Route patterns that a personal link answers: the respondent's survey, its answers, its page. */
const ANSWERING = /^\/(api\/v1\/surveys|s)\//;

/**
 * The labels of one request. Answering routes share one series with neither method nor status,
 * so no series moves exactly once per answer: page views, saves, revisions and failed links all
 * move it alike.
 */
export function requestLabels(method: string, route: string, status: number): { method: string; route: string; status: string } {
  if (ANSWERING.test(route)) return { method: 'any', route: 'answering', status: 'any' };
  return { method, route, status: String(status) };
}
