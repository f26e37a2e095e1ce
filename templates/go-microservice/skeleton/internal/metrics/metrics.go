// Package metrics holds the service's Prometheus metrics: the platform's
// business metrics and its technical metrics.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Registry is the service's own registry (tests get a fresh one each).
type Registry struct {
	registry *prometheus.Registry

	// Business metrics
	OrdersProcessed         *prometheus.CounterVec
	InventoryLevels         *prometheus.GaugeVec
	OrderProcessingDuration *prometheus.HistogramVec

	// Technical metrics
	DatabaseConnections prometheus.Gauge
	CacheHitRate        *prometheus.GaugeVec
	RequestDuration     *prometheus.HistogramVec
{%- if values.grpc %}
	// GRPCRequestDuration times gRPC calls by full method and status code.
	GRPCRequestDuration *prometheus.HistogramVec
{%- endif %}
}

// NewRegistry registers every metric plus the Go and process collectors.
func NewRegistry() *Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	factory := promauto.With(reg)
	return &Registry{
		registry: reg,
		OrdersProcessed: factory.NewCounterVec(prometheus.CounterOpts{
			Name: "orders_processed_total",
			Help: "Total number of orders processed",
		}, []string{"status", "customer_type"}),
		InventoryLevels: factory.NewGaugeVec(prometheus.GaugeOpts{
			Name: "inventory_levels",
			Help: "Current inventory levels by SKU",
		}, []string{"sku", "location"}),
		OrderProcessingDuration: factory.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "order_processing_duration_seconds",
			Help:    "Time taken to process orders",
			Buckets: prometheus.ExponentialBuckets(0.1, 2, 10),
		}, []string{"order_type"}),
		DatabaseConnections: factory.NewGauge(prometheus.GaugeOpts{
			Name: "database_connections_active",
			Help: "Number of active database connections",
		}),
		CacheHitRate: factory.NewGaugeVec(prometheus.GaugeOpts{
			Name: "cache_hit_rate",
			Help: "Cache hit rate percentage",
		}, []string{"cache_name"}),
		RequestDuration: factory.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_request_duration_seconds",
			Help:    "Duration of HTTP requests",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "endpoint", "status_code"}),
{%- if values.grpc %}
		GRPCRequestDuration: factory.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "grpc_request_duration_seconds",
			Help:    "Duration of gRPC calls",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "code"}),
{%- endif %}
	}
}

// Handler serves /metrics.
func (r *Registry) Handler() http.Handler {
	return promhttp.HandlerFor(r.registry, promhttp.HandlerOpts{Registry: r.registry})
}
