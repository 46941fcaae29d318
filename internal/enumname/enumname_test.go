package enumname

import "testing"

func TestValuePrefix(t *testing.T) {
	for _, tt := range []struct{ enum, want string }{
		{"CommonError", "COMMON_ERROR_"},
		{"ShopError", "SHOP_ERROR_"},
		{"Error", "ERROR_"},
		{"HTTPError", "HTTP_ERROR_"},
		{"ShopV2Error", "SHOP_V2_ERROR_"},
		{"APIErrors", "API_ERRORS_"},
	} {
		if got := ValuePrefix(tt.enum); got != tt.want {
			t.Errorf("ValuePrefix(%q) = %q, want %q", tt.enum, got, tt.want)
		}
	}
}
