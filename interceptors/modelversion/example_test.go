package modelversion_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"sync/atomic"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	playgroundv1 "github.com/errcat/errcat/gen/errcat/playground/v1"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/interceptors/modelversion"
)

// playground answers Raise with OK, standing for any service.
type playground struct {
	playgroundv1.UnimplementedPlaygroundServiceServer
}

func (playground) Raise(context.Context, *playgroundv1.RaiseRequest) (*playgroundv1.RaiseResponse, error) {
	return &playgroundv1.RaiseResponse{}, nil
}

// The server's model moves on while a client still holds the old one: the
// client is told to reload, reloads, and goes on.
func Example() {
	model := modelversion.NewModel(1)
	srv := grpc.NewServer(interceptors.ChainServer(
		interceptors.NewServer(),
		modelversion.NewServer(model, modelversion.WithWrites("/errcat.playground.v1.PlaygroundService/Raise")),
	)...)
	playgroundv1.RegisterPlaygroundServiceServer(srv, playground{})
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go srv.Serve(lis)
	defer srv.Stop()

	var version atomic.Uint64 // the model the client has loaded
	version.Store(1)
	conn, err := grpc.NewClient(lis.Addr().String(), append(interceptors.ChainClient(
		interceptors.NewClient(),
		modelversion.NewClient(version.Load),
	), grpc.WithTransportCredentials(insecure.NewCredentials()))...)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	client := playgroundv1.NewPlaygroundServiceClient(conn)
	raise := func() error {
		_, err := client.Raise(context.Background(), &playgroundv1.RaiseRequest{})
		return err
	}

	model.BeginReconfigure() // an administrator changes the model
	err = raise()
	fmt.Println("during the change:", err)
	failure, _ := errcat.DetailAs[*errdetails.PreconditionFailure](err)
	fmt.Println(failure.GetViolations()[0].GetType())
	model.EndReconfigure(2)

	err = raise()
	if errors.Is(err, codes.MetadataModelUpdated) {
		version.Store(2) // reload the model
	}
	fmt.Println("after reload:", raise())
	// Output:
	// during the change: METADATA_MODEL_UPDATED (910002): Server has updated metadata model. Please reload the application.
	// READ_ONLY
	// after reload: <nil>
}
