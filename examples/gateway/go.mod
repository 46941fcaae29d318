module github.com/errcat/errcat/examples/gateway

go 1.26.0

replace (
	github.com/errcat/errcat => ../..
	github.com/errcat/errcat/gateway => ../../gateway
)

require (
	github.com/errcat/errcat v0.0.0-00010101000000-000000000000
	github.com/errcat/errcat/gateway v0.0.0-00010101000000-000000000000
	github.com/googleapis/gax-go/v2 v2.27.0
	github.com/grpc-ecosystem/grpc-gateway/v2 v2.33.0
	google.golang.org/api v0.312.0
	google.golang.org/grpc v1.85.0
	google.golang.org/protobuf v1.36.12
)

require (
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
	google.golang.org/genproto/googleapis/api v0.0.0-20261026165753-2ffab32bce7e // indirect
	google.golang.org/genproto/googleapis/rpc v0.0.0-20261104224025-d1e00e9f33ab // indirect
)
