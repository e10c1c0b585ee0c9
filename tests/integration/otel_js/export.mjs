// Exports a counter, an observable gauge and a histogram with the
// OpenTelemetry JS SDK to Vigil, once with each OTLP exporter:
//   proto  @opentelemetry/exporter-metrics-otlp-proto, gzip, to the OTLP/HTTP port
//   json   @opentelemetry/exporter-metrics-otlp-http (OTLP/JSON), to the main port
//   grpc   @opentelemetry/exporter-metrics-otlp-grpc, gzip, to the OTLP/gRPC port
//   delta  the JSON exporter with delta temporality, to the main port's
//          Prometheus-style path /api/v1/otlp/v1/metrics
// Each run is its own service (job "interop-<name>"). Exits non-zero when an
// export fails. Usage: node export.mjs OTLP_HTTP_PORT MAIN_HTTP_PORT GRPC_PORT
import { metrics } from '@opentelemetry/api';
import { OTLPMetricExporter as GrpcExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as JsonExporter,
} from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';

const [otlpHttpPort, mainPort, grpcPort] = process.argv.slice(2);
if (!grpcPort) {
  console.error('usage: node export.mjs OTLP_HTTP_PORT MAIN_HTTP_PORT GRPC_PORT');
  process.exit(2);
}

const exporters = {
  proto: () => new ProtoExporter({ url: `http://127.0.0.1:${otlpHttpPort}/v1/metrics`, compression: 'gzip' }),
  json: () => new JsonExporter({ url: `http://127.0.0.1:${mainPort}/v1/metrics` }),
  grpc: () => new GrpcExporter({ url: `http://127.0.0.1:${grpcPort}`, compression: 'gzip' }),
  delta: () =>
    new JsonExporter({
      url: `http://127.0.0.1:${mainPort}/api/v1/otlp/v1/metrics`,
      temporalityPreference: AggregationTemporalityPreference.DELTA,
    }),
};

async function run(name, makeExporter) {
  const reader = new PeriodicExportingMetricReader({
    exporter: makeExporter(),
    exportIntervalMillis: 600000, // exports happen on forceFlush only
    exportTimeoutMillis: 10000,
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': `interop-${name}`,
      'service.instance.id': 'js-1',
      'deployment.environment': 'test',
    }),
    readers: [reader],
  });
  const meter = provider.getMeter('vigil-interop', '1.0.0');

  const requests = meter.createCounter('interop.requests', { unit: '{request}', description: 'Requests handled.' });
  meter
    .createObservableGauge('interop.temperature', { unit: 'Cel', description: 'Temperature.' })
    .addCallback((result) => result.observe(21.5, { room: 'lab' }));
  const latency = meter.createHistogram('interop.latency', {
    unit: 'ms',
    description: 'Latency.',
    advice: { explicitBucketBoundaries: [10, 100, 1000] },
  });

  requests.add(3, { route: '/a' });
  requests.add(2, { route: '/a' });
  for (const ms of [5, 50, 500, 5000]) latency.record(ms, { route: '/a' });
  await provider.forceFlush();
  // A second export: the counter grows, by 1 more request. Its points must
  // carry a later millisecond than the first export's, or storage would see
  // a different value for the same timestamp and refuse it.
  await new Promise((resolve) => setTimeout(resolve, 5));
  requests.add(1, { route: '/a' });
  await provider.forceFlush();
  await provider.shutdown();
  console.log(`${name}: exported`);
}

for (const [name, makeExporter] of Object.entries(exporters)) {
  try {
    await run(name, makeExporter);
  } catch (e) {
    console.error(`${name}: export failed: ${e?.stack ?? e}`);
    process.exit(1);
  }
}
metrics.disable();
