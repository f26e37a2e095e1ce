// Package grpcserver is the gRPC surface of ${{ values.name }}: the standard
// health service (grpc.health.v1), server reflection, and call logs and metrics
// with the same correlation ids as the HTTP side. The service's own gRPC APIs
// are registered on Registrar() before Serve.
package grpcserver

import (
	"context"
	"log/slog"
	"net"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/reflection"
	"google.golang.org/grpc/status"

	"${{ values.goModule }}/internal/metrics"
	"${{ values.goModule }}/internal/server"
)

// ServiceName is the name the health service reports this service under
// (the empty name reports the whole server).
const ServiceName = "${{ values.name }}"

// CorrelationMetadataKey carries the correlation id in gRPC metadata
// (the HTTP side's X-Correlation-ID header).
const CorrelationMetadataKey = "x-correlation-id"

// Options configure a Server.
type Options struct {
	Logger  *slog.Logger
	Metrics *metrics.Registry
}

// Server is the gRPC server with its health service.
type Server struct {
	logger  *slog.Logger
	metrics *metrics.Registry
	grpc    *grpc.Server
	health  *health.Server
}

// New builds a Server that reports SERVING.
func New(opts Options) *Server {
	s := &Server{logger: opts.Logger, metrics: opts.Metrics, health: health.NewServer()}
	s.grpc = grpc.NewServer(
		grpc.ChainUnaryInterceptor(s.unary),
		grpc.ChainStreamInterceptor(s.stream),
	)
	healthpb.RegisterHealthServer(s.grpc, s.health)
	reflection.Register(s.grpc)
	s.health.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	s.health.SetServingStatus(ServiceName, healthpb.HealthCheckResponse_SERVING)
	return s
}

// Registrar is where the service's own gRPC APIs are registered (before Serve).
func (s *Server) Registrar() grpc.ServiceRegistrar { return s.grpc }

// Serve accepts connections on lis until Shutdown; it returns nil after Shutdown.
func (s *Server) Serve(lis net.Listener) error { return s.grpc.Serve(lis) }

// Shutdown reports NOT_SERVING for every service, then stops gracefully: no
// new calls are accepted and the calls in flight finish. If ctx ends first,
// the remaining calls are cancelled and ctx's error is returned.
func (s *Server) Shutdown(ctx context.Context) error {
	s.health.Shutdown()
	stopped := make(chan struct{})
	go func() {
		s.grpc.GracefulStop()
		close(stopped)
	}()
	select {
	case <-stopped:
		return nil
	case <-ctx.Done():
		s.grpc.Stop()
		<-stopped
		return ctx.Err()
	}
}

func (s *Server) unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	start := time.Now()
	ctx, id := s.correlate(ctx)
	_ = grpc.SetHeader(ctx, metadata.Pairs(CorrelationMetadataKey, id))
	resp, err := handler(ctx, req)
	s.observe(info.FullMethod, id, err, time.Since(start))
	return resp, err
}

func (s *Server) stream(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	start := time.Now()
	ctx, id := s.correlate(ss.Context())
	_ = ss.SetHeader(metadata.Pairs(CorrelationMetadataKey, id))
	err := handler(srv, &correlatedStream{ServerStream: ss, ctx: ctx})
	s.observe(info.FullMethod, id, err, time.Since(start))
	return err
}

// correlate keeps the caller's correlation id or creates one.
func (s *Server) correlate(ctx context.Context) (context.Context, string) {
	id := ""
	if md, ok := metadata.FromIncomingContext(ctx); ok {
		if values := md.Get(CorrelationMetadataKey); len(values) > 0 {
			id = values[0]
		}
	}
	if id == "" {
		id = server.NewCorrelationID()
	}
	return server.WithCorrelationID(ctx, id), id
}

func (s *Server) observe(method, id string, err error, elapsed time.Duration) {
	code := status.Code(err)
	s.metrics.GRPCRequestDuration.WithLabelValues(method, code.String()).Observe(elapsed.Seconds())
	// health checks and reflection are not worth a log line each (like /health over HTTP)
	if strings.HasPrefix(method, "/grpc.health.v1.") || strings.HasPrefix(method, "/grpc.reflection.") {
		return
	}
	s.logger.Info("grpc call",
		"correlation_id", id, "method", method, "code", code.String(),
		"duration_ms", elapsed.Milliseconds())
}

type correlatedStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (c *correlatedStream) Context() context.Context { return c.ctx }
