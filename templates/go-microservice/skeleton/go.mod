module ${{ values.goModule }}

go 1.24.0

{% if values.grpc %}require (
	github.com/prometheus/client_golang v1.23.2
	google.golang.org/grpc v1.80.0
)
{% else %}require github.com/prometheus/client_golang v1.23.2
{% endif %}
require (
	github.com/beorn7/perks v1.0.1 // indirect
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/kr/text v0.2.0 // indirect
	github.com/munnerz/goautoneg v0.0.0-20191010083416-a7dc8b61c822 // indirect
	github.com/prometheus/client_model v0.6.2 // indirect
	github.com/prometheus/common v0.66.1 // indirect
	github.com/prometheus/procfs v0.16.1 // indirect
	go.yaml.in/yaml/v2 v2.4.2 // indirect
{%- if values.grpc %}
	golang.org/x/net v0.49.0 // indirect
{%- endif %}
	golang.org/x/sys v0.40.0 // indirect
{%- if values.grpc %}
	golang.org/x/text v0.33.0 // indirect
	google.golang.org/genproto/googleapis/rpc v0.0.0-20260120221211-b8f7ae30c516 // indirect
{%- endif %}
	google.golang.org/protobuf v1.36.11 // indirect
)
