// OpenTelemetry's metrics SDK, loaded before the backend (node --require), so
// the metrics Backstage's plugins record, miniplanes' among them, are served
// to Prometheus at http://<host>:<port>/metrics. Host and port are
// OpenTelemetry's own variables, OTEL_EXPORTER_PROMETHEUS_HOST and
// OTEL_EXPORTER_PROMETHEUS_PORT (default localhost:9464).
const { isMainThread } = require('node:worker_threads');

// Worker threads inherit --require: only the backend's own thread serves.
if (isMainThread) {
  const { metrics } = require('@opentelemetry/api');
  const { MeterProvider } = require('@opentelemetry/sdk-metrics');
  const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');

  const exporter = new PrometheusExporter({
    host: process.env.OTEL_EXPORTER_PROMETHEUS_HOST,
    port: Number(process.env.OTEL_EXPORTER_PROMETHEUS_PORT) || undefined,
  });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
}
