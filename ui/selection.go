package ui

import "sort"

// selection is a pane's multi-selection of row indexes, with the anchor for
// Shift-click ranges and the cursor the keyboard moves (Fyne's table selects
// one cell only).
type selection struct {
	rows   map[int]bool
	anchor int
	cursor int // the row last clicked or moved to
}

func newSelection() *selection { return &selection{rows: map[int]bool{}, anchor: -1, cursor: -1} }

// click applies a click on row with the Ctrl and Shift modifiers.
func (s *selection) click(row int, ctrl, shift bool) {
	s.cursor = row
	switch {
	case shift && s.anchor >= 0:
		if !ctrl {
			clear(s.rows)
		}
		lo, hi := min(s.anchor, row), max(s.anchor, row)
		for r := lo; r <= hi; r++ {
			s.rows[r] = true
		}
		return
	case ctrl:
		if s.rows[row] {
			delete(s.rows, row)
		} else {
			s.rows[row] = true
		}
	default:
		clear(s.rows)
		s.rows[row] = true
	}
	s.anchor = row
}

func (s *selection) all(n int) {
	for r := range n {
		s.rows[r] = true
	}
}

func (s *selection) reset() {
	clear(s.rows)
	s.anchor, s.cursor = -1, -1
}

func (s *selection) has(row int) bool { return s.rows[row] }

func (s *selection) count() int { return len(s.rows) }

// sorted is the selected rows in ascending order.
func (s *selection) sorted() []int {
	out := make([]int, 0, len(s.rows))
	for r := range s.rows {
		out = append(out, r)
	}
	sort.Ints(out)
	return out
}
