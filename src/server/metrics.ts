/**
 * Prometheus metrics at METRICS_PATH (`@graphql-yoga/plugin-prometheus`
 * over a registry of this app's own, so two apps in one process never mix
 * their counts): operations and their durations by name and type, errors
 * by `extensions.code`, Bolt round trips, the read model's builds and lag,
 * open inbox streams, and the process's own (memory, event loop). The
 * endpoint is open like /health: it carries counts and timings, never data
 * of the graph or ids of users, enterprises or requests.
 */
import { createCounter, createHistogram, usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Config } from '../config.ts';
import type { ServerDeps } from './context.ts';

/** Distinct operation names labelled before the rest are counted as `other`: names come from clients, series must not grow without bound. */
export const MAX_OPERATION_NAMES = 200;

function boundedLabel(max: number, rest: string) {
  const seen = new Set<string>();
  return (value: string): string => {
    if (seen.has(value)) return value;
    if (seen.size >= max) return rest;
    seen.add(value);
    return value;
  };
}

export function createMetrics(config: Config, deps: ServerDeps): Plugin[] {
  if (!config.METRICS_ENABLED) return [];
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const operationName = boundedLabel(MAX_OPERATION_NAMES, 'other');
  const operationLabels = (params: { operationName?: string; operationType?: string }) => ({
    operationName: operationName(params.operationName ?? 'Anonymous'),
    operationType: params.operationType ?? 'unknown',
  });

  new Counter({
    name: 'fugong_bolt_round_trips_total',
    help: 'Statements sent to Neo4j by this process (each one Bolt round trip), the read model and its freshness checks included',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(deps.db.stats.queries);
    },
  });
  new Gauge({
    name: 'fugong_sse_subscribers',
    help: 'Live inbox streams open on this process, by inbox',
    labelNames: ['inbox'],
    registers: [registry],
    collect() {
      this.set({ inbox: 'requestEvents' }, deps.requestEvents.subscribers());
      this.set({ inbox: 'applicationEvents' }, deps.applicationEvents.subscribers());
      this.set({ inbox: 'aidEvents' }, deps.aidEvents.subscribers());
      this.set({ inbox: 'restrictionEvents' }, deps.restrictionEvents.subscribers());
    },
  });
  new Counter({
    name: 'fugong_analysis_answers_total',
    help: 'Questions on the supply graph answered (analysis and reads), by source: the read model (found current) or Neo4j',
    labelNames: ['source'],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ source: 'read_model' }, deps.analysis.answered.fromModel);
      this.inc({ source: 'neo4j' }, deps.analysis.answered.fromNeo4j);
    },
  });
  const status = () => deps.analysis.readModelStatus;
  if (status()) {
    new Counter({
      name: 'fugong_read_model_builds_total',
      help: 'Read model builds completed by this process',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(status()!.builds);
      },
    });
    new Gauge({
      name: 'fugong_read_model_build_seconds',
      help: 'Seconds the last read model build took (absent until one completes)',
      registers: [registry],
      collect() {
        const seconds = status()!.lastBuildSeconds;
        if (seconds === null) this.reset();
        else this.set(seconds);
      },
    });
    new Gauge({
      name: 'fugong_read_model_epoch_behind',
      help: '1 when the last freshness check found the read model of another load epoch than Neo4j (or none built yet): questions go to Neo4j until it is rebuilt',
      registers: [registry],
      collect() {
        this.set(status()!.epochBehind ? 1 : 0);
      },
    });
    new Gauge({
      name: 'fugong_read_model_seq_lag',
      help: 'Status changes Neo4j held that the read model had not replayed, as of the last freshness check',
      registers: [registry],
      collect() {
        this.set(status()!.seqLag);
      },
    });
  }

  const errors = new Counter({
    name: 'fugong_graphql_errors_total',
    help: 'Errors answered, by extensions.code (refusals before execution included: tokens, limits, rate limits)',
    labelNames: ['code'],
    registers: [registry],
  });
  const countErrors: Plugin = {
    onResultProcess({ result }) {
      const results: readonly ExecutionResult[] = Array.isArray(result) ? result : Symbol.asyncIterator in result ? [] : [result as ExecutionResult];
      for (const one of results) {
        for (const error of one.errors ?? []) {
          const code = error.extensions?.code;
          errors.inc({ code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR' });
        }
      }
    },
  };

  const prometheus = usePrometheus({
    registry,
    endpoint: config.METRICS_PATH,
    metrics: {
      graphql_envelop_request: createCounter({
        registry,
        counter: { name: 'graphql_envelop_request', help: 'GraphQL operations executed, by operation name and type', labelNames: ['operationName', 'operationType'] },
        fillLabelsFn: operationLabels,
      }),
      graphql_envelop_request_duration: createHistogram({
        registry,
        histogram: {
          name: 'graphql_envelop_request_duration',
          help: 'Seconds from parse to the end of execution, by operation name and type',
          labelNames: ['operationName', 'operationType'],
          buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        },
        fillLabelsFn: operationLabels,
      }),
      // Errors are counted by code above; the plugin's own counter labels by phase and path instead.
      graphql_envelop_error_result: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_execute: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_deprecated_field: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_execute_resolver: false,
      // Labelled by URL: one series per query string.
      graphql_yoga_http_duration: false,
    },
  });
  return [prometheus, countErrors];
}
