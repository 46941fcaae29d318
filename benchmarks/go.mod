module github.com/errcat/errcat/benchmarks

go 1.26.0

replace github.com/errcat/errcat => ../

require (
	github.com/aclements/go-moremath v0.0.0-20210112150236-f10218a38794 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	golang.org/x/net v0.61.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
	google.golang.org/api v0.304.0 // indirect
	google.golang.org/genproto/googleapis/api v0.0.0-20261019180522-ce908d29299b // indirect
)

require (
	github.com/errcat/errcat v0.0.0-00010101000000-000000000000
	github.com/go-kratos/kratos/v2 v2.8.3
	github.com/googleapis/gax-go/v2 v2.27.0
	go.temporal.io/api v1.64.1
	golang.org/x/perf v0.0.0-20260908200009-22c9c6c9d4da
	google.golang.org/genproto/googleapis/rpc v0.0.0-20261019180522-ce908d29299b
	google.golang.org/grpc v1.85.0
	google.golang.org/protobuf v1.36.12
)

tool golang.org/x/perf/cmd/benchstat
