package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// The column samples are the widest texts a column usually holds; the
// owner column is measured on the listing itself.
var columnSamples = map[column]string{
	colSize:     "1023.9 MiB",
	colType:     "Folder",
	colModified: "2006-01-02 15:04",
	colPerm:     "drwxr-xr-x",
}

// maxMeasured bounds the rows measured for the type and owner columns, so a
// folder of 100,000 files does not stall the window.
const maxMeasured = 2000

// fitColumns gives every column but Name the width of its widest text and
// Name the rest of width, so the columns fill the pane and nothing is cut.
func (p *pane) fitColumns(width float32) {
	if width <= 0 {
		return
	}
	size, style := theme.TextSize(), fyne.TextStyle{}
	pad := 2 * cellPad
	measure := func(s string) float32 { return fyne.MeasureText(s, size, style).Width + pad }
	header := func(col column) float32 {
		return fyne.MeasureText(columnTitles[col]+" ▼", size, fyne.TextStyle{Bold: true}).Width + pad
	}
	cols := p.columns()
	widths := make([]float32, cols)
	used := float32(0)
	for c := 1; c < cols; c++ {
		col := column(c)
		w := header(col)
		if sample, ok := columnSamples[col]; ok {
			w = max(w, measure(sample))
		}
		if col == colType || col == colOwner {
			w = max(w, p.widestText(col, measure))
		}
		if col == colType && p.marks != nil {
			w += rowIconSize + cellPad // the comparison's mark
		}
		widths[c] = w
		used += w
	}
	const minName = 160
	widths[colName] = max(minName, width-used-float32(cols)*cellGap)
	for c, w := range widths {
		p.table.SetColumnWidth(c, w)
	}
}

// widestText is the width of col's longest text among the first rows.
func (p *pane) widestText(col column, measure func(string) float32) float32 {
	var widest float32
	seen := map[string]bool{}
	for i, e := range p.rows {
		if i == maxMeasured {
			break
		}
		t := cellText(e, col)
		if seen[t] {
			continue
		}
		seen[t] = true
		widest = max(widest, measure(t))
	}
	return widest
}

// denseTheme is the app's theme with a one-pixel gap between table cells
// (the theme's padding of 4 would add 4 px to every row).
type denseTheme struct{ fyne.Theme }

// newDenseTheme wraps the app's theme as it is now.
func newDenseTheme() denseTheme { return denseTheme{fyne.CurrentApp().Settings().Theme()} }

func (t denseTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNamePadding {
		return cellGap
	}
	return t.Theme.Size(n)
}
