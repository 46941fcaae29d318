module example.com/orders

go 1.26.8

require (
	github.com/errcat/errcat v0.1.0
	google.golang.org/grpc v1.85.0
	google.golang.org/protobuf v1.36.12
)

require (
	golang.org/x/net v0.60.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/text v0.43.0 // indirect
	google.golang.org/genproto/googleapis/rpc v0.0.0-20261019180522-ce908d29299b // indirect
)

replace github.com/errcat/errcat => ../..

tool (
	github.com/errcat/errcat/cmd/errcat
	github.com/errcat/errcat/cmd/errcat-locales
	github.com/errcat/errcat/cmd/protoc-gen-errcat
	google.golang.org/protobuf/cmd/protoc-gen-go
)
