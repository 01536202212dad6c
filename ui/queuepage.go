package ui

import "ferry/queue"

// pageRows is how many rows of a tab the panel asks the queue for at a
// time: a few screenfuls around the rows the table draws, so that scrolling
// a little needs no new page and a 100,000-job queue is never copied whole.
const pageRows = 200

// shown is the tab in front.
func (p *queuePanel) shown() *queueTab {
	return p.tabs[max(p.appTabs.SelectedIndex(), 0)]
}

// row is the row-th job of tab t, from the page at hand. A row of the tab
// in front that the page does not hold is asked for, and false is
// returned: the table draws it when the page comes.
func (p *queuePanel) row(t *queueTab, row int) (queue.JobStatus, bool) {
	pg := &p.page
	if pg.Request.States == t.states {
		if i := row - pg.Request.From; i >= 0 && i < len(pg.Jobs) {
			return pg.Jobs[i], true
		}
	}
	if row < t.count && t == p.shown() { // tabs behind would take turns
		p.ask(t, row)
	}
	return queue.JobStatus{}, false
}

// ask makes sure the pager's rows are tab t's, around row, with the
// selected job; asking again for what is already asked costs nothing.
func (p *queuePanel) ask(t *queueTab, row int) {
	want := p.want
	if want.States != t.states || row < want.From || row >= want.From+want.Rows {
		want = queue.PageRequest{States: t.states, From: max(0, row-pageRows/2), Rows: pageRows}
	}
	want.ID = p.selected
	if want != p.want {
		p.want = want
		p.pager.Want(want)
	}
}
