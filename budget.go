package errcat

import (
	"encoding/base64"
	"strconv"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
)

// Sizing of the trailer block from the parts of a status, so that fitting a
// status into the budget never re-encodes it: see [Error.StatusProto] and
// [Normalize].

// budgetLimit is the part of a trailer budget errcat's own trailers may
// use: the budget less the reserve (an eighth of small budgets).
func budgetLimit(budget int) int {
	return budget - min(trailerReserve, budget/8)
}

// partsTrailerSize is [trailerSize] of a status with the given code, a
// message of msgLen bytes (msgEnc once percent-encoded) and details whose
// encoded fields (tag, length and Any) take detailsSize bytes.
func partsTrailerSize(code int32, msgLen, msgEnc, detailsSize int) int {
	n := detailsSize
	if code != 0 {
		n += protowire.SizeTag(1) + protowire.SizeVarint(uint64(int64(code)))
	}
	if msgLen > 0 {
		n += protowire.SizeTag(2) + protowire.SizeBytes(msgLen)
	}
	return 32 + len("grpc-status") + len(strconv.Itoa(int(code))) +
		32 + len("grpc-message") + msgEnc +
		32 + len("grpc-status-details-bin") + base64.RawStdEncoding.EncodedLen(n)
}

// anyFieldSize is the size of a as an element of google.rpc.Status.details.
func anyFieldSize(a *anypb.Any) int {
	return protowire.SizeTag(3) + protowire.SizeBytes(proto.Size(a))
}

// infoFieldSize is anyFieldSize of an ErrorInfo detail with value info.
func infoFieldSize(info []byte) int {
	n := protowire.SizeTag(1) + protowire.SizeBytes(len(urlErrorInfo))
	if len(info) > 0 {
		n += protowire.SizeTag(2) + protowire.SizeBytes(len(info))
	}
	return protowire.SizeTag(3) + protowire.SizeBytes(n)
}

// shorten cuts a message to about half its length (on a rune boundary,
// ending with "…"), or to nothing once it is short: repeated, it always
// reaches "".
func shorten(s string) string {
	if len(s) <= 8 {
		return ""
	}
	t, _ := truncateOne(s, len(s)/2)
	return t
}

// longestLen is the length of the longest string of ss.
func longestLen(ss []string) int {
	n := 0
	for _, s := range ss {
		n = max(n, len(s))
	}
	return n
}
