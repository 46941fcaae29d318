package testsrv

import (
	"bytes"
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
