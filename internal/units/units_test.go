package units

import "testing"

func TestBytesAreBinaryWithOneDecimal(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 5 << 10: "5.0 KiB", 300_000: "293.0 KiB",
		16 << 20: "16.0 MiB", 1_200_000_000: "1.1 GiB", 5 << 40: "5.0 TiB",
	} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}
