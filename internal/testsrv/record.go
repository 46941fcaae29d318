package testsrv

import (
	"bytes"
	"errors"
	"io"
	"net"
	"sync"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// Recorder keeps every byte the client read from the server.
type Recorder struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

type recordingConn struct {
	net.Conn
	rec *Recorder
}

func (c *recordingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.rec.mu.Lock()
		c.rec.buf.Write(p[:n])
		c.rec.mu.Unlock()
	}
	return n, err
}

// Bytes returns a copy of the raw bytes received.
func (r *Recorder) Bytes() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return bytes.Clone(r.buf.Bytes())
}

// Field is a decoded header or trailer field.
type Field struct{ Name, Value string }

// Decode parses the recorded HTTP/2 frames: every header field (HPACK
// decoded, Huffman included) and the payload of every DATA frame.
func (r *Recorder) Decode() (fields []Field, data [][]byte, err error) {
	fr := http2.NewFramer(io.Discard, bytes.NewReader(r.Bytes()))
	fr.MaxHeaderListSize = 1 << 24
	dec := hpack.NewDecoder(4096, func(f hpack.HeaderField) {
		fields = append(fields, Field{f.Name, f.Value})
	})
	dec.SetMaxStringLength(1 << 24)
	for {
		f, err := fr.ReadFrame()
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return fields, data, nil
		}
		if err != nil {
			return fields, data, err
		}
		switch f := f.(type) {
		case *http2.HeadersFrame:
			if _, err := dec.Write(f.HeaderBlockFragment()); err != nil {
				return fields, data, err
			}
		case *http2.ContinuationFrame:
			if _, err := dec.Write(f.HeaderBlockFragment()); err != nil {
				return fields, data, err
			}
		case *http2.DataFrame:
			data = append(data, bytes.Clone(f.Data()))
		}
	}
}

// LastTrailers returns the fields of the last trailer block received: the
// fields from just after the previous call's grpc-status (or a :status that
// opens a trailers-only response or a stream's headers, counted too, which
// can only overestimate a size) to the next :status.
func (r *Recorder) LastTrailers() ([]Field, error) {
	fields, _, err := r.Decode()
	if err != nil {
		return nil, err
	}
	last := -1
	for i, f := range fields {
		if f.Name == "grpc-status" {
			last = i
		}
	}
	if last < 0 {
		return nil, errors.New("no grpc-status received")
	}
	start := last
	for start > 0 {
		n := fields[start-1].Name
		if n == "grpc-status" {
			break
		}
		start--
		if n == ":status" {
			break
		}
	}
	end := last
	for end+1 < len(fields) && fields[end+1].Name != ":status" {
		end++
	}
	return fields[start : end+1], nil
}
