package playground_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/errcat/errcat/examples/server/playground"
	playgroundv1 "github.com/errcat/errcat/gen/errcat/playground/v1"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/internal/testsrv"
)

// env is a playground server on 127.0.0.1:0 and a client, through the errcat
// client interceptors, whose connection records every byte it reads.
type env struct {
	srv    *playground.Server
	conn   *grpc.ClientConn
	client playgroundv1.PlaygroundServiceClient
	rec    *recorder
	log    *testsrv.SyncBuffer
}

func start(t *testing.T) *env {
	t.Helper()
	e := &env{rec: &recorder{}, log: &testsrv.SyncBuffer{}}
	srv, err := playground.Start("127.0.0.1:0", playground.Options{
		Logger: slog.New(slog.NewJSONHandler(e.log, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	conn, err := grpc.NewClient("passthrough:///"+srv.Addr(),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithContextDialer(func(ctx context.Context, addr string) (net.Conn, error) {
			var d net.Dialer
			c, err := d.DialContext(ctx, "tcp", addr)
			if err != nil {
				return nil, err
			}
			return &recordingConn{Conn: c, rec: e.rec}, nil
		}),
		grpc.WithChainUnaryInterceptor(interceptors.UnaryClient()),
		grpc.WithChainStreamInterceptor(interceptors.StreamClient()),
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	e.conn = conn
	e.client = playgroundv1.NewPlaygroundServiceClient(conn)
	return e
}

// recorder keeps every byte the client read from the server.
type recorder struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

type recordingConn struct {
	net.Conn
	rec *recorder
}

func (c *recordingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.rec.mu.Lock()
	c.rec.buf.Write(p[:n])
	c.rec.mu.Unlock()
	return n, err
}

// received returns everything the client received, HTTP/2 frames decoded:
// each header field as "name: value" (HPACK and Huffman decoded) and each
// DATA payload, so that a search for a text cannot miss it because of the
// encoding.
func (r *recorder) received(t *testing.T) []byte {
	t.Helper()
	r.mu.Lock()
	raw := bytes.Clone(r.buf.Bytes())
	r.mu.Unlock()
	var out bytes.Buffer
	out.Write(raw)
	fr := http2.NewFramer(io.Discard, bytes.NewReader(raw))
	fr.MaxHeaderListSize = 1 << 24
	dec := hpack.NewDecoder(4096, func(f hpack.HeaderField) {
		out.WriteString("\n" + f.Name + ": " + f.Value)
	})
	for {
		f, err := fr.ReadFrame()
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return out.Bytes()
		}
		if err != nil {
			t.Fatalf("decoding recorded frames: %v", err)
		}
		switch f := f.(type) {
		case *http2.HeadersFrame:
			if _, err := dec.Write(f.HeaderBlockFragment()); err != nil {
				t.Fatal(err)
			}
		case *http2.ContinuationFrame:
			if _, err := dec.Write(f.HeaderBlockFragment()); err != nil {
				t.Fatal(err)
			}
		case *http2.DataFrame:
			out.Write(f.Data())
		}
	}
}
